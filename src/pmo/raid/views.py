"""Pages of RAID logs: the log of a project (a workspace section), program or portfolio with a tab
per kind and filters (htmx refreshes the list only), and per item the detail page (fields, links
both ways, history), the record/edit form, delete, link and unlink, and deciding or superseding a
decision. Every page reads through the selectors (404 out of scope) and writes through services."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.http import require_POST

from pmo.accounts.choices import Role
from pmo.accounts.selectors import has_role, require_role, role_on
from pmo.core.errors import DomainRuleError, StaleVersionError
from pmo.core.models import Scope
from pmo.core.selectors import history_of
from pmo.core.views import Crumb, apply_service_error, render_page, stale_notice
from pmo.projects.workspace import ProjectSectionView
from pmo.raid import selectors, services
from pmo.raid.forms import DecideForm, FilterForm, LinkForm, SupersedeForm, VersionForm, item_form_class
from pmo.raid.kinds import KINDS, Kind, kind_named
from pmo.raid.models import Decision, RaidItem

LOG_TEMPLATE = "raid/log.html"
NODE_PAGE = "raid/node_page.html"
#: Most rows a log tab shows (the API pages through all of them).
LOG_LIMIT = 200


def log_url(scope: Scope, kind: Kind | None = None) -> str:
    """The RAID log of a scope's owner (on the tab of ``kind``)."""
    url = reverse(f"raid:{scope.kind}_log", kwargs={"uid": scope.owner.uid})
    return f"{url}?kind={kind.key}" if kind else url


def item_url(item: RaidItem) -> str:
    """The detail page of an item."""
    return reverse(f"raid:{item._meta.model_name}", kwargs={"uid": item.uid})


def node_context(request: HttpRequest, scope: Scope, *, page: str) -> dict[str, Any]:
    """Crumbs and role of a plain RAID page about ``scope``'s portfolio, program or project."""
    node = scope.owner
    role = role_on(request.user, scope)
    crumbs = [
        Crumb(node.code, reverse(f"{scope.kind}s:detail", kwargs={"uid": node.uid})),
        Crumb("RAID", log_url(scope)),
    ]
    return {
        "node": node,
        "node_kind": scope.kind,
        "crumbs": crumbs,
        "page": page,
        "role": str(Role(role).label) if role else "",
        "can_contribute": has_role(request.user, scope, Role.CONTRIBUTOR),
        "can_manage": has_role(request.user, scope, Role.MANAGER),
    }


def log_context(request: HttpRequest, scope: Scope) -> tuple[dict[str, Any], bool]:
    """The tab (``?kind=``), the filters and the matching items of a log; False when a filter is bad."""
    try:
        kind = kind_named(request.GET.get("kind") or "issue")
    except LookupError:
        kind = KINDS["issue"]
    form = FilterForm(request.GET, kind=kind)
    valid = form.is_valid()
    queryset = selectors.items_under(request.user, kind, scope)
    items = list(selectors.filter_items(queryset, form.cleaned_data)[:LOG_LIMIT]) if valid else []
    counts = selectors.item_counts(request.user, scope)
    tabs = [{"kind": k, "count": counts[k.key], "url": log_url(scope, k)} for k in KINDS.values()]
    context = {
        "kind": kind,
        "tabs": tabs,
        "filters": form,
        "items": items,
        "limit": LOG_LIMIT,
        "log_url": log_url(scope),
        "create_url": reverse(f"raid:{kind.key}_create", kwargs={"uid": scope.owner.uid}),
        "scope": scope,
    }
    return context, valid


class ProjectLogView(ProjectSectionView):
    """The RAID section of a project."""

    section = "raid"
    template_name = LOG_TEMPLATE

    def get(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """The log, or only its list for an htmx filter change."""
        project = self.get_project()
        context, valid = log_context(request, project.scope)
        context |= {"base_template": "projects/workspace_page.html", "section_label": "RAID"}
        return self.render_section(project, context, fragment="log", status=200 if valid else 400)


class NodeLogView(LoginRequiredMixin, View):
    """The RAID log of a program or portfolio: its own items and those of everything below it."""

    node: ClassVar[str] = ""

    def get(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """The log, or only its list for an htmx filter change."""
        scope = selectors.node_scope_get(request.user, uid)
        if scope.kind != self.node:
            raise Http404(f"no {self.node} matches the given id")
        context, valid = log_context(request, scope)
        context |= node_context(request, scope, page="RAID log") | {"base_template": NODE_PAGE}
        return render_page(request, LOG_TEMPLATE, context, fragment="log", status=200 if valid else 400)


class ItemMixin(LoginRequiredMixin):
    """Pages about one item of ``kind`` (set by the URL pattern)."""

    kind: ClassVar[Kind] = KINDS["issue"]
    request: HttpRequest
    kwargs: dict[str, Any]

    def get_item(self) -> Any:
        """The item named in the URL, through the scoped selector (404 out of scope)."""
        return selectors.item_get(self.request.user, self.kind, self.kwargs["uid"])

    def render_detail(self, item: Any, status: int = 200, **forms: Any) -> HttpResponse:
        """The detail page (fields, links both ways, history), with any form given kept as typed."""
        user = self.request.user
        context = node_context(self.request, item.scope, page=str(item))
        candidates = selectors.link_candidates(user, item) if context["can_contribute"] else []
        decisions = []
        if isinstance(item, Decision) and context["can_manage"]:
            decisions = [(str(d.uid), str(d)) for d in _successors(user, item)]
        context |= {
            "item": item,
            "kind": self.kind,
            "links": selectors.links_of(user, item),
            "history": history_of(item)[:50],
            "link_form": forms.get("link_form") or LinkForm(choices=candidates),
            "decide_form": forms.get("decide_form")
            or DecideForm(
                initial={"version": item.version, "chosen_option": getattr(item, "chosen_option", "")}
            ),
            "supersede_form": forms.get("supersede_form")
            or SupersedeForm(initial={"version": item.version}, choices=decisions),
            "base_template": NODE_PAGE,
            "scope_kind": item.scope.kind,
            "facts": facts(item, self.kind),
            "options": getattr(item, "options", None),
            "editable": not isinstance(item, Decision) or item.status == "proposed",
        }
        return render(self.request, "raid/item.html", context, status=status)


def facts(item: Any, kind: Kind) -> list[tuple[str, str]]:
    """``(label, text)`` of every field shown on the detail page (options get their own table)."""
    rows: list[tuple[str, str]] = []
    names = [n for n in kind.fields if n not in ("title", "options")]
    if kind.key == "decision":
        names += ["decided_by", "decided_on", "superseded_by"]
    for name in names:
        field: Any = kind.model._meta.get_field(name)
        label = kind.model.due_label if name == "due_date" else str(field.verbose_name).capitalize()
        if name == "tasks":
            value = ", ".join(str(task) for task in item.tasks.all())
        elif getattr(field, "choices", None):
            value = getattr(item, f"get_{name}_display")()
        else:
            raw = getattr(item, name)
            value = "" if raw is None else str(raw)
        rows.append((label, value))
    return rows


def _successors(user: Any, decision: Decision) -> list[Decision]:
    """Decisions that may supersede ``decision``: visible, same portfolio, not superseded."""
    root = decision.scope.path.split("/")[1]
    return list(
        selectors.items_visible(user, KINDS["decision"])
        .filter(scope__path__startswith=f"/{root}/")
        .exclude(pk=decision.pk)
        .exclude(status="superseded")
        .order_by("-created_at")[:100]
    )


class ItemDetailView(ItemMixin, View):
    """One item: its fields, tasks, links both ways and history."""

    def get(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """Show the item."""
        return self.render_detail(self.get_item())


class ItemFormView(ItemMixin, View):
    """Record an item on a portfolio, program or project (``uid`` is the node's), or edit one."""

    editing: ClassVar[bool] = False

    def target(self) -> tuple[Scope, Any]:
        """The scope and the edited item (``None`` when recording one)."""
        if self.editing:
            item = self.get_item()
            return item.scope, item
        return selectors.node_scope_get(self.request.user, self.kwargs["uid"]), None

    def build(self, scope: Scope, item: Any, data: Any = None) -> Any:
        """The form of the kind, filled with the stored values and the version read when editing."""
        form_class = item_form_class(self.kind)
        initial = {"version": item.version} if item else {}
        return form_class(
            data,
            instance=item,
            initial=initial,
            user=self.request.user,
            scope=scope,
            editing=item is not None,
        )

    def render_form(
        self, scope: Scope, item: Any, form: Any, *, status: int = 200, stale: Any = None
    ) -> HttpResponse:
        """The form page."""
        title = f"Edit {self.kind.label.lower()} {item}" if item else f"Record a {self.kind.label.lower()}"
        context = node_context(self.request, scope, page=title) | {
            "form": form,
            "title": title,
            "stale": stale,
            "kind": self.kind,
            "cancel_url": item_url(item) if item else log_url(scope, self.kind),
            "base_template": NODE_PAGE,
        }
        return render(self.request, "raid/form.html", context, status=status)

    def get(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """Show the form."""
        scope, item = self.target()
        require_role(request.user, scope, Role.CONTRIBUTOR)
        return self.render_form(scope, item, self.build(scope, item))

    def post(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """Validate and save through the service; keep the input on any refusal."""
        scope, item = self.target()
        require_role(request.user, scope, Role.CONTRIBUTOR)
        form = self.build(scope, item, request.POST)
        if not form.is_valid():
            return self.render_form(scope, item, form, status=400)
        data = form.data_for_service()
        try:
            if item is None:
                saved = services.raid_item_create(actor=request.user, kind=self.kind, scope=scope, data=data)
            else:
                saved = services.raid_item_update(
                    actor=request.user, item=item, data=data, expected_version=form.cleaned_data["version"]
                )
        except StaleVersionError as error:
            current = self.get_item()
            fresh_data = request.POST.copy()
            fresh_data["version"] = str(current.version)
            fresh = self.build(scope, current, fresh_data)
            fresh.is_valid()
            return self.render_form(scope, current, fresh, status=409, stale=stale_notice(error, current))
        except (DomainRuleError, ValidationError) as error:
            apply_service_error(form, error)
            return self.render_form(scope, item, form, status=400)
        messages.success(request, f"Saved the {self.kind.label.lower()} {saved}.")
        return HttpResponseRedirect(item_url(saved))


@method_decorator(require_POST, name="dispatch")
class ItemDeleteView(ItemMixin, View):
    """Delete an item and its links (managers)."""

    def post(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """Delete through the service, then back to the log."""
        item = self.get_item()
        require_role(request.user, item.scope, Role.MANAGER)
        form = VersionForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Not deleted: the form lacks the version you read; reload the page.")
            return HttpResponseRedirect(item_url(item))
        try:
            services.raid_item_delete(
                actor=request.user, item=item, expected_version=form.cleaned_data["version"]
            )
        except StaleVersionError:
            messages.error(request, f"Not deleted: {item} was changed meanwhile; check it and try again.")
            return HttpResponseRedirect(item_url(item))
        messages.success(request, f"Deleted the {self.kind.label.lower()} {item}.")
        return HttpResponseRedirect(log_url(item.scope, self.kind))


@method_decorator(require_POST, name="dispatch")
class LinkAddView(ItemMixin, View):
    """Link the item to another visible item of the same portfolio (contributors)."""

    def post(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """Validate the target, link through the service, back to the item."""
        item = self.get_item()
        require_role(request.user, item.scope, Role.CONTRIBUTOR)
        form = LinkForm(request.POST, choices=selectors.link_candidates(request.user, item))
        if not form.is_valid():
            return self.render_detail(item, status=400, link_form=form)
        key, _, target_uid = form.cleaned_data["target"].partition(":")
        try:
            target = selectors.item_get(request.user, kind_named(key), target_uid)
            services.raid_link_create(
                actor=request.user, source=item, target=target, note=form.cleaned_data["note"]
            )
        except (DomainRuleError, Http404, LookupError) as error:
            form.add_error("target", getattr(error, "message", "No such item among those you can see."))
            return self.render_detail(item, status=400, link_form=form)
        messages.success(request, f"Linked {item} to {target}.")
        return HttpResponseRedirect(item_url(item))


@method_decorator(require_POST, name="dispatch")
class LinkDeleteView(LoginRequiredMixin, View):
    """Remove a link (contributors of the source item's scope); back to where the user came from."""

    def post(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """Unlink through the service."""
        link = selectors.link_get(request.user, uid)
        require_role(request.user, link.scope, Role.CONTRIBUTOR)
        source: Any = link.source_type.get_object_for_this_type(pk=link.source_id)
        form = VersionForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Not removed: the form lacks the version you read; reload the page.")
            return HttpResponseRedirect(item_url(source))
        try:
            services.raid_link_delete(
                actor=request.user, link=link, expected_version=form.cleaned_data["version"]
            )
        except StaleVersionError:
            messages.error(request, "Not removed: the link was changed meanwhile.")
            return HttpResponseRedirect(item_url(source))
        messages.success(request, "Removed the link.")
        back = request.POST.get("back", "")
        return HttpResponseRedirect(back if back.startswith("/raid/") else item_url(source))


@method_decorator(require_POST, name="dispatch")
class DecideView(ItemMixin, View):
    """Record a proposed decision as decided (managers)."""

    kind = KINDS["decision"]

    def post(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """Decide through the service; the form comes back with the error named on refusal."""
        decision = self.get_item()
        require_role(request.user, decision.scope, Role.MANAGER)
        form = DecideForm(request.POST)
        if not form.is_valid():
            return self.render_detail(decision, status=400, decide_form=form)
        try:
            services.decision_decide(
                actor=request.user,
                decision=decision,
                chosen_option=form.cleaned_data["chosen_option"],
                rationale=form.cleaned_data["rationale"],
                decided_on=form.cleaned_data["decided_on"],
                expected_version=form.cleaned_data["version"],
            )
        except (DomainRuleError, StaleVersionError) as error:
            form.add_error(
                getattr(error, "field", None) if getattr(error, "field", None) in form.fields else None,
                str(error),
            )
            return self.render_detail(decision, status=400, decide_form=form)
        messages.success(request, f"Recorded the decision {decision}.")
        return HttpResponseRedirect(item_url(decision))


@method_decorator(require_POST, name="dispatch")
class SupersedeView(ItemMixin, View):
    """Mark a decided decision as superseded by another (managers)."""

    kind = KINDS["decision"]

    def post(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """Supersede through the service."""
        decision = self.get_item()
        require_role(request.user, decision.scope, Role.MANAGER)
        choices = [(str(d.uid), str(d)) for d in _successors(request.user, decision)]
        form = SupersedeForm(request.POST, choices=choices)
        if not form.is_valid():
            return self.render_detail(decision, status=400, supersede_form=form)
        by = selectors.item_get(request.user, self.kind, form.cleaned_data["by"])
        try:
            services.decision_supersede(
                actor=request.user,
                decision=decision,
                by=by,
                note=form.cleaned_data["note"],
                expected_version=form.cleaned_data["version"],
            )
        except (DomainRuleError, StaleVersionError) as error:
            form.add_error(
                getattr(error, "field", None) if getattr(error, "field", None) in form.fields else None,
                str(error),
            )
            return self.render_detail(decision, status=400, supersede_form=form)
        messages.success(request, f"{decision} is superseded by {by}.")
        return HttpResponseRedirect(item_url(decision))
