"""Generic pages of the hierarchy: list, workspace (with History tab), create, edit, delete, move.

Portfolios, programs and projects subclass these views with their selectors, services and forms.
Core is the lowest layer and imports no app, so the role checks the views need are declared here
as hooks and implemented by :class:`pmo.accounts.views.ScopeRoleMixin`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views import View
from django_filters import FilterSet

from pmo.core.choices import LifecycleState
from pmo.core.errors import DomainRuleError, StaleVersionError
from pmo.core.forms import SORT_CHOICES, HierarchyNodeForm, MoveForm, VersionForm
from pmo.core.models import HierarchyNode
from pmo.core.selectors import history_of

PAGE_SIZE = 25
DETAIL_TEMPLATE = "core/node_detail.html"
LIST_TEMPLATE = "core/node_list.html"
FORM_TEMPLATE = "core/node_form.html"
DELETE_TEMPLATE = "core/node_delete.html"
TAB_NAMES = ("detail", "history", "members")

# Bar colours of the projects-by-state chart; the same hues as the badges in pmo.css.
STATE_COLOURS = {
    "proposed": "#7c8798",
    "planning": "#6f5bd3",
    "active": "#1f8a4c",
    "on_hold": "#c27c0e",
    "completed": "#2463b5",
    "cancelled": "#b4323b",
}


@dataclass(frozen=True)
class Crumb:
    """One step of a breadcrumb trail."""

    label: str
    url: str


@dataclass(frozen=True)
class Section:
    """A list of children on a workspace page (sub-portfolios, programs or projects)."""

    title: str
    namespace: str
    items: list[Any]
    create_url: str | None = None
    create_label: str = ""
    empty_text: str = "None yet."


@dataclass(frozen=True)
class RollupFigures:
    """Figures rolled up from the projects below a node, ready for the template and the chart."""

    project_count: int
    program_count: int | None
    states: list[tuple[str, str, int]] = field(default_factory=list)
    start: date | None = None
    finish: date | None = None

    @property
    def chart(self) -> dict[str, Any] | None:
        """Plotly figure (data and layout) of projects by state, or ``None`` when there are none."""
        if not self.project_count:
            return None
        return {
            "data": [
                {
                    "type": "bar",
                    "x": [label for _, label, _ in self.states],
                    "y": [count for _, _, count in self.states],
                    "marker": {"color": [STATE_COLOURS.get(state, "#7c8798") for state, _, _ in self.states]},
                    "hovertemplate": "%{x}: %{y}<extra></extra>",
                }
            ],
            "layout": {
                "height": 220,
                "margin": {"l": 32, "r": 8, "t": 8, "b": 36},
                "yaxis": {"dtick": 1, "rangemode": "tozero", "gridcolor": "#e6e9ef"},
                "paper_bgcolor": "rgba(0,0,0,0)",
                "plot_bgcolor": "rgba(0,0,0,0)",
                "font": {"family": "system-ui, sans-serif", "size": 12, "color": "#333c4e"},
            },
        }


def rollup_figures(
    by_state: dict[str, int], *, start: date | None, finish: date | None, program_count: int | None
) -> RollupFigures:
    """Order counts by lifecycle state (every state, zeros included) for display."""
    states = [(value, str(label), by_state.get(value, 0)) for value, label in LifecycleState.choices]
    return RollupFigures(
        project_count=sum(by_state.values()),
        program_count=program_count,
        states=states,
        start=start,
        finish=finish,
    )


def wants_fragment(request: HttpRequest) -> bool:
    """True for an htmx request that swaps part of a page (not a history restore, which needs it all)."""
    htmx = getattr(request, "htmx", None)
    return htmx is not None and bool(htmx) and not htmx.history_restore_request


def render_page(
    request: HttpRequest, template: str, context: dict[str, Any], *, fragment: str, status: int = 200
) -> HttpResponse:
    """Render ``template``, or only its partial ``fragment`` for an htmx request."""
    name = f"{template}#{fragment}" if wants_fragment(request) else template
    response = render(request, name, context, status=status)
    patch_vary_headers(response, ("HX-Request",))
    return response


def apply_service_error(form: forms.BaseForm, error: Exception) -> None:
    """Attach a service's ``DomainRuleError`` or ``ValidationError`` to the field it names."""
    if isinstance(error, DomainRuleError):
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
        return
    form.add_error(None, error if isinstance(error, ValidationError) else str(error))


def stale_notice(error: StaleVersionError, current: Any) -> dict[str, Any]:
    """Who changed which fields since the user read the record, with the values now stored."""
    changed = [
        {"name": name, "value": getattr(current, name, None)}
        for name in error.changed_fields
        if hasattr(current, name)
    ]
    return {
        "who": error.changed_by or "Someone else",
        "when": error.changed_at,
        "fields": changed,
        "current_version": error.current_version,
        "expected_version": error.expected_version,
    }


class NodeViewMixin(LoginRequiredMixin):
    """What every page about one node needs: the object, the user's rights on it, the URLs.

    Subclasses set ``namespace`` and ``verbose_name`` and implement ``get_object`` with the
    app's selector (so an object outside the user's scope is a 404). The role hooks are
    implemented by ``pmo.accounts.views.ScopeRoleMixin``.
    """

    namespace: ClassVar[str] = ""
    verbose_name: ClassVar[str] = ""
    request: HttpRequest
    kwargs: dict[str, Any]

    def get_object(self) -> Any:
        """The node named by the URL, read through the app's permission-scoped selector."""
        raise NotImplementedError

    def role_label(self, obj: Any) -> str:
        """The user's effective role on the node, for display."""
        raise NotImplementedError

    def can_manage(self, obj: Any) -> bool:
        """True when the user may edit the node, move it and manage its members."""
        raise NotImplementedError

    def can_delete(self, obj: Any) -> bool:
        """True when the user may delete the node (manager of its parent)."""
        raise NotImplementedError

    def check_manage(self, obj: Any) -> None:
        """Raise ``PermissionDenied`` unless the user manages the node."""
        raise NotImplementedError

    def check_delete(self, obj: Any) -> None:
        """Raise ``PermissionDenied`` unless the user may delete the node."""
        raise NotImplementedError

    def crumbs(self, obj: Any) -> list[Crumb]:
        """Breadcrumbs through the ancestors the user can see."""
        raise NotImplementedError

    def node_urls(self, obj: Any) -> dict[str, str]:
        """URLs of the node's pages by short name."""
        names = ("detail", "edit", "delete", "move", "history", "members")
        return {name: reverse(f"{self.namespace}:{name}", kwargs={"uid": obj.uid}) for name in names}

    def page_context(self, obj: Any, tab: str) -> dict[str, Any]:
        """Context shared by the workspace page, its tabs and the node's forms."""
        return {
            "object": obj,
            "namespace": self.namespace,
            "verbose_name": self.verbose_name,
            "tab": tab,
            "role": self.role_label(obj),
            "can_manage": self.can_manage(obj),
            "can_delete": self.can_delete(obj),
            "crumbs": self.crumbs(obj),
            "urls": self.node_urls(obj),
        }

    def render_tab(self, obj: Any, tab: str, extra: dict[str, Any], status: int = 200) -> HttpResponse:
        """The workspace page with ``tab`` open, or just the tabs fragment for htmx."""
        context = self.page_context(obj, tab) | extra
        return render_page(self.request, DETAIL_TEMPLATE, context, fragment="tabs", status=status)


class NodeDetailView(NodeViewMixin, View):
    """The workspace page: fields, children and figures rolled up from them."""

    def overview_context(self, obj: Any) -> dict[str, Any]:
        """Children sections and roll-up figures of the node (app specific)."""
        raise NotImplementedError

    def get(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """Show the workspace's overview tab."""
        obj = self.get_object()
        return self.render_tab(obj, "detail", self.overview_context(obj))


class NodeHistoryView(NodeViewMixin, View):
    """The History tab: audit records of the node with field-level before → after values."""

    def get(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """Show one page of the node's history (newest first)."""
        obj = self.get_object()
        page = Paginator(history_of(obj), PAGE_SIZE).get_page(request.GET.get("page"))
        return self.render_tab(obj, "history", {"records": page})


FILTER_PARAMS = ("search", "state", "owner", "starts_after", "finishes_before")


class NodeListView(LoginRequiredMixin, View):
    """A filterable, searchable, sortable, paginated list of visible nodes of one level.

    Filtering uses the app's filterset, the same one the API uses (``search``, ``state``,
    ``ordering``...), applied to the permission-scoped queryset.
    """

    namespace: ClassVar[str] = ""
    verbose_name: ClassVar[str] = ""
    verbose_name_plural: ClassVar[str] = ""
    parent_heading: ClassVar[str] = "In"
    filterset_class: ClassVar[type[FilterSet]]

    def get_queryset(self) -> QuerySet[Any]:
        """The nodes the user may see (the app's selector)."""
        raise NotImplementedError

    def parent_of(self, obj: Any) -> Crumb | None:
        """Where a listed node sits, if the user may see that place."""
        raise NotImplementedError

    def create_url(self) -> str | None:
        """Where the "New" button of the list leads, if anywhere."""
        return None

    def get(self, request: HttpRequest) -> HttpResponse:
        """Render the list, or only its results for an htmx filter request."""
        filterset = self.filterset_class(request.GET, queryset=self.get_queryset(), request=request)
        status = 200
        if filterset.is_valid():
            queryset = filterset.qs
        else:
            status = 400
            queryset = self.get_queryset().none()
        page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
        rows = [(obj, self.parent_of(obj)) for obj in page]
        context = {
            "filter_form": filterset.form,
            "filter_values": {name: request.GET.get(name, "") for name in (*FILTER_PARAMS, "ordering")},
            "selected_states": request.GET.getlist("state"),
            "state_choices": LifecycleState.choices,
            "sort_choices": SORT_CHOICES,
            "page": page,
            "rows": rows,
            "namespace": self.namespace,
            "verbose_name": self.verbose_name,
            "verbose_name_plural": self.verbose_name_plural,
            "parent_heading": self.parent_heading,
            "create_url": self.create_url(),
            "filtered": any(request.GET.get(name) for name in FILTER_PARAMS),
        }
        return render_page(request, LIST_TEMPLATE, context, fragment="results", status=status)


class NodeFormMixin:
    """Renders the shared form page of a node (create, edit, move)."""

    request: HttpRequest

    def render_form(self, context: dict[str, Any], status: int = 200) -> HttpResponse:
        """The form page with ``context`` (``form``, ``title``, ``cancel_url``, ...)."""
        return render(self.request, FORM_TEMPLATE, context, status=status)


class NodeCreateView(LoginRequiredMixin, NodeFormMixin, View):
    """Create a node under a parent the user manages."""

    namespace: ClassVar[str] = ""
    verbose_name: ClassVar[str] = ""
    form_class: ClassVar[type[HierarchyNodeForm]]

    def get_parent(self) -> Any:
        """The parent named by the URL (selector: 404 outside the user's scope), or ``None``."""
        raise NotImplementedError

    def check_create(self, parent: Any) -> None:
        """Raise ``PermissionDenied`` unless the user may create a node under ``parent``."""
        raise NotImplementedError

    def owners(self) -> QuerySet[Any]:
        """People the user may pick as owner."""
        raise NotImplementedError

    def create(self, parent: Any, data: dict[str, Any]) -> HierarchyNode:
        """Call the app's create service."""
        raise NotImplementedError

    def cancel_url(self, parent: Any) -> str:
        """Where "Cancel" leads."""
        return reverse(f"{self.namespace}:list")

    def context(self, parent: Any, form: HierarchyNodeForm) -> dict[str, Any]:
        """Context of the create page."""
        where = f" in {parent}" if parent is not None else ""
        return {
            "form": form,
            "title": f"New {self.verbose_name}{where}",
            "submit_label": f"Create {self.verbose_name}",
            "cancel_url": self.cancel_url(parent),
            "parent": parent,
        }

    def get(self, request: HttpRequest, uid: Any = None) -> HttpResponse:
        """Show an empty form (active state and today's defaults left to the user)."""
        parent = self.get_parent()
        self.check_create(parent)
        form = self.form_class(owners=self.owners(), editing=False, initial={"owner": request.user.pk})
        return self.render_form(self.context(parent, form))

    def post(self, request: HttpRequest, uid: Any = None) -> HttpResponse:
        """Validate, create through the service, then go to the new workspace."""
        parent = self.get_parent()
        self.check_create(parent)
        form = self.form_class(request.POST, owners=self.owners(), editing=False)
        if form.is_valid():
            try:
                created = self.create(parent, form.node_data())
            except (DomainRuleError, ValidationError) as error:
                apply_service_error(form, error)
            else:
                messages.success(request, f"Created {self.verbose_name} {created}.")
                return HttpResponseRedirect(reverse(f"{self.namespace}:detail", kwargs={"uid": created.uid}))
        return self.render_form(self.context(parent, form), status=400)


class NodeEditView(NodeViewMixin, NodeFormMixin, View):
    """Edit a node's own fields, detecting a stale edit (someone saved in between)."""

    form_class: ClassVar[type[HierarchyNodeForm]]

    def owners(self) -> QuerySet[Any]:
        """People the user may pick as owner."""
        raise NotImplementedError

    def update(self, obj: Any, data: dict[str, Any], expected_version: int) -> HierarchyNode:
        """Call the app's update service."""
        raise NotImplementedError

    def context(
        self, obj: Any, form: HierarchyNodeForm, stale: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """Context of the edit page."""
        return self.page_context(obj, "detail") | {
            "form": form,
            "title": f"Edit {obj}",
            "submit_label": "Save changes",
            "cancel_url": reverse(f"{self.namespace}:detail", kwargs={"uid": obj.uid}),
            "stale": stale,
        }

    def get(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """Show the form filled with the stored values and the version read."""
        obj = self.get_object()
        self.check_manage(obj)
        form = self.form_class(instance=obj, owners=self.owners(), initial={"version": obj.version})
        return self.render_form(self.context(obj, form))

    def post(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """Save through the service; on a stale version keep the input and say who changed what."""
        obj = self.get_object()
        self.check_manage(obj)
        form = self.form_class(request.POST, instance=obj, owners=self.owners())
        if not form.is_valid():
            return self.render_form(self.context(obj, form), status=400)
        try:
            updated = self.update(obj, form.node_data(), form.cleaned_data["version"])
        except StaleVersionError as error:
            current = self.get_object()
            notice = stale_notice(error, current)
            data = request.POST.copy()
            data["version"] = str(current.version)
            form = self.form_class(data, instance=current, owners=self.owners())
            form.is_valid()
            return self.render_form(self.context(current, form, stale=notice), status=409)
        except (DomainRuleError, ValidationError) as error:
            apply_service_error(form, error)
            return self.render_form(self.context(obj, form), status=400)
        messages.success(request, f"Saved {updated}.")
        return HttpResponseRedirect(reverse(f"{self.namespace}:detail", kwargs={"uid": updated.uid}))


class NodeMoveView(NodeViewMixin, NodeFormMixin, View):
    """Move a node under another parent: a deliberate, audited action with an optional note."""

    def check_move(self, obj: Any) -> None:
        """Raise ``PermissionDenied`` unless the user may move ``obj`` away from where it is."""
        self.check_manage(obj)

    def destinations(self, obj: Any) -> dict[str, tuple[str, Any]]:
        """``{uid: (label, target)}`` of the places the user manages and the node may go."""
        raise NotImplementedError

    def move(self, obj: Any, target: Any, expected_version: int, note: str) -> HierarchyNode:
        """Call the app's move service."""
        raise NotImplementedError

    def context(self, obj: Any, form: MoveForm, stale: dict[str, Any] | None = None) -> dict[str, Any]:
        """Context of the move page."""
        return self.page_context(obj, "detail") | {
            "form": form,
            "title": f"Move {obj}",
            "submit_label": f"Move {self.verbose_name}",
            "cancel_url": reverse(f"{self.namespace}:detail", kwargs={"uid": obj.uid}),
            "stale": stale,
            "intro": f"Choose where the {self.verbose_name} goes. Only places you manage are offered; "
            "the move is recorded in the history.",
            "empty_message": ""
            if len(form.fields["destination"].choices) > 1  # type: ignore[attr-defined]
            else f"There is no other place you manage that this {self.verbose_name} could move to.",
        }

    def get(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """Show the destinations."""
        obj = self.get_object()
        self.check_move(obj)
        choices = [(key, label) for key, (label, _) in self.destinations(obj).items()]
        form = MoveForm(destinations=choices, initial={"version": obj.version})
        return self.render_form(self.context(obj, form))

    def post(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """Move through the service and go back to the workspace."""
        obj = self.get_object()
        self.check_move(obj)
        destinations = self.destinations(obj)
        choices = [(key, label) for key, (label, _) in destinations.items()]
        form = MoveForm(request.POST, destinations=choices)
        if not form.is_valid():
            return self.render_form(self.context(obj, form), status=400)
        target = destinations[form.cleaned_data["destination"]][1]
        try:
            moved = self.move(obj, target, form.cleaned_data["version"], form.cleaned_data["note"])
        except StaleVersionError as error:
            current = self.get_object()
            data = request.POST.copy()
            data["version"] = str(current.version)
            form = MoveForm(data, destinations=choices)
            form.is_valid()
            return self.render_form(
                self.context(current, form, stale=stale_notice(error, current)), status=409
            )
        except (DomainRuleError, ValidationError) as error:
            apply_service_error(form, error)
            return self.render_form(self.context(obj, form), status=400)
        messages.success(request, f"Moved {moved} to {target}.")
        return HttpResponseRedirect(reverse(f"{self.namespace}:detail", kwargs={"uid": moved.uid}))


class NodeDeleteView(NodeViewMixin, View):
    """Confirm, then delete a node (POST only changes anything)."""

    def perform_delete(self, obj: Any, expected_version: int) -> None:
        """Call the app's delete service."""
        raise NotImplementedError

    def after_delete_url(self, obj: Any) -> str:
        """Where to go once the node is gone."""
        return reverse(f"{self.namespace}:list")

    def render_confirm(self, obj: Any, form: VersionForm, status: int = 200, **extra: Any) -> HttpResponse:
        """The confirmation page."""
        context = self.page_context(obj, "detail") | {"form": form} | extra
        return render(self.request, DELETE_TEMPLATE, context, status=status)

    def get(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """Ask for confirmation."""
        obj = self.get_object()
        self.check_delete(obj)
        return self.render_confirm(obj, VersionForm(initial={"version": obj.version}))

    def post(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """Delete through the service (it refuses while children remain)."""
        obj = self.get_object()
        self.check_delete(obj)
        form = VersionForm(request.POST)
        if not form.is_valid():
            return self.render_confirm(obj, form, status=400)
        target = self.after_delete_url(obj)
        try:
            self.perform_delete(obj, form.cleaned_data["version"])
        except StaleVersionError as error:
            current = self.get_object()
            return self.render_confirm(
                current,
                VersionForm(initial={"version": current.version}),
                status=409,
                stale=stale_notice(error, current),
            )
        except DomainRuleError as error:
            form.add_error(None, error.message)
            return self.render_confirm(obj, form, status=400)
        messages.success(request, f"Deleted {self.verbose_name} {obj}.")
        return HttpResponseRedirect(target)
