"""Pages of deliverables: the section page (list and quality figures), a deliverable's page (criteria,
linked tasks, reviews, defects, acceptance), its forms and its state changes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST

from pmo.accounts.choices import Role
from pmo.core.errors import DomainRuleError, StaleVersionError
from pmo.core.views import stale_notice, wants_fragment
from pmo.projects.models import Project
from pmo.quality import selectors, services
from pmo.quality.choices import SUBMITTABLE_STATES, DefectStatus, DeliverableStatus
from pmo.quality.filtersets import DeliverableFilterSet
from pmo.quality.forms import DecisionForm, DeliverableForm, NoteForm
from pmo.quality.models import Deliverable
from pmo.quality.views.base import QualitySectionView, SectionFormView


def deliverable_url(deliverable: Deliverable, name: str = "deliverable") -> str:
    """A page of one deliverable."""
    return reverse(
        f"quality:{name}", kwargs={"uid": deliverable.project.uid, "deliverable_uid": deliverable.uid}
    )


class DeliverablesView(QualitySectionView):
    """The Deliverables section: quality figures and the deliverables (filter by status with htmx)."""

    template_name = "quality/deliverables.html"

    def get(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """The list, or only its results for an htmx filter request."""
        project = self.get_project()
        queryset = selectors.deliverables_of(request.user, project).select_related("project")
        filterset = DeliverableFilterSet(request.GET, queryset=queryset, request=request)
        status = 200
        rows = filterset.qs if filterset.is_valid() else queryset.none()
        if not filterset.is_valid():
            status = 400
        context = {
            "deliverables": list(rows),
            "summary": selectors.quality_summary(project),
            "status_choices": DeliverableStatus.choices,
            "selected_status": request.GET.getlist("status"),
            "section_label": "Deliverables",
        }
        return self.render_section(project, context, fragment="results", status=status)


class DeliverableDetailView(QualitySectionView):
    """One deliverable: criteria, linked tasks, acceptance sign-off, reviews and defects."""

    template_name = "quality/deliverable.html"

    def get_deliverable(self, project: Project) -> Deliverable:
        """The deliverable named in the URL, of this project (404 otherwise)."""
        return selectors.deliverable_get(self.request.user, self.kwargs["deliverable_uid"], project=project)

    def render_detail(
        self,
        project: Project,
        deliverable: Deliverable,
        *,
        status: int = 200,
        error: str = "",
        stale: dict[str, Any] | None = None,
        fragment: str | None = None,
        decision_form: forms.Form | None = None,
    ) -> HttpResponse:
        """The deliverable's page (or one of its partials for htmx)."""
        user = self.request.user
        is_acceptor = deliverable.acceptor_id is not None and deliverable.acceptor_id == getattr(
            user, "pk", None
        )
        context = {
            "deliverable": deliverable,
            "tasks": list(deliverable.tasks.order_by("position")),
            "reviews": list(
                deliverable.reviews.select_related("reviewer")
                .prefetch_related("checklist_items")
                .order_by("-review_date", "-id")
            ),
            "defects": list(deliverable.defects.select_related("review").order_by("status", "-id")),
            "can_submit": self.can(project, Role.MANAGER) and deliverable.status in SUBMITTABLE_STATES,
            "can_decide": is_acceptor and deliverable.status == DeliverableStatus.IN_REVIEW,
            "can_edit": self.can(project, Role.MANAGER) and deliverable.status != DeliverableStatus.ACCEPTED,
            "decision_form": decision_form or DecisionForm(initial={"version": deliverable.version}),
            "action_error": error,
            "stale": stale,
            "open_status": DefectStatus.OPEN,
            "section_label": str(deliverable),
            "cancel_url": deliverable_url(deliverable),
        }
        if fragment:
            return self.render_section(project, context, fragment=fragment, status=status)
        return self.render_section(project, context, status=status)

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Show the deliverable."""
        project = self.get_project()
        return self.render_detail(project, self.get_deliverable(project))


class DeliverableFormView(SectionFormView):
    """Create (no ``deliverable_uid``) or edit a deliverable; managers."""

    submit_label = "Save deliverable"

    def target(self, project: Project) -> Deliverable | None:
        """The deliverable edited, or ``None`` when creating."""
        uid = self.kwargs.get("deliverable_uid")
        return selectors.deliverable_get(self.request.user, uid, project=project) if uid else None

    def check(self, project: Project, target: Any) -> None:
        """Managers only."""
        self.require(project, Role.MANAGER)

    def page_title(self, project: Project, target: Any) -> str:
        """ "New deliverable" or "Edit <name>"."""
        return f"Edit {target}" if target else "New deliverable"

    def build(self, project: Project, target: Any, data: Any = None) -> forms.Form:
        """The deliverable form, filled from ``target`` when editing."""
        initial: dict[str, Any] = {}
        if target is not None:
            initial = {
                "version": target.version,
                "name": target.name,
                "description": target.description,
                "acceptance_criteria": target.acceptance_criteria,
                "tasks": list(target.tasks.order_by("position")),
                "acceptor": target.acceptor_id,
                "due_date": target.due_date,
            }
        return DeliverableForm(
            data,
            initial=initial,
            project=project,
            people=selectors.people_for(self.request.user, project),
            editing=target is not None,
        )

    def save(self, project: Project, target: Any, form: forms.Form) -> Deliverable:
        """Create or update through the services."""
        assert isinstance(form, DeliverableForm)  # noqa: S101 - built above
        data = form.data_for_service()
        if target is None:
            return services.deliverable_create(actor=self.request.user, project=project, **data)
        return services.deliverable_update(
            actor=self.request.user,
            deliverable=target,
            data=data,
            expected_version=form.cleaned_data["version"],
        )

    def done_url(self, project: Project, saved: Any) -> str:
        """The deliverable's page."""
        return deliverable_url(saved)

    def cancel_url(self, project: Project, target: Any) -> str:
        """Back to the deliverable (or the list)."""
        return deliverable_url(target) if target else self.deliverables_url(project)


@method_decorator(require_POST, name="dispatch")
class DeliverableActionView(DeliverableDetailView):
    """A POST-only state change of a deliverable; errors re-render the deliverable's page."""

    form_class: type[forms.Form] = NoteForm
    done_message = ""

    def check(self, project: Project, deliverable: Deliverable) -> None:
        """Raise ``PermissionDenied`` unless the user may act."""
        raise NotImplementedError

    def act(self, deliverable: Deliverable, form: forms.Form) -> Deliverable:
        """Call the service."""
        raise NotImplementedError

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Check, validate, act; then back to the deliverable (its acceptance panel for htmx)."""
        project = self.get_project()
        deliverable = self.get_deliverable(project)
        self.check(project, deliverable)
        form = self.form_class(request.POST)
        if not form.is_valid():
            errors = "; ".join(f"{name}: {' '.join(str(m) for m in e)}" for name, e in form.errors.items())
            return self.render_detail(
                project, deliverable, status=400, error=f"Not done: {errors}", decision_form=form
            )
        try:
            saved = self.act(deliverable, form)
        except StaleVersionError as error:
            current = self.get_deliverable(project)
            return self.render_detail(project, current, status=409, stale=stale_notice(error, current))
        except (DomainRuleError, ValidationError) as error:
            message = error.message if isinstance(error, DomainRuleError) else " ".join(error.messages)
            return self.render_detail(
                project, deliverable, status=400, error=f"Not done: {message}", decision_form=form
            )
        messages.success(request, self.done_message.format(deliverable=saved))
        return self.after(project, saved)

    def after(self, project: Project, saved: Deliverable) -> HttpResponse:
        """The answer to a successful action: the acceptance panel (htmx) or the deliverable's page."""
        if wants_fragment(self.request):
            return self.render_detail(project, self.get_deliverable(project), fragment="acceptance")
        return HttpResponseRedirect(deliverable_url(saved))


class DeliverableSubmitView(DeliverableActionView):
    """Submit the deliverable for acceptance (managers)."""

    done_message = "Submitted {deliverable} for acceptance."

    def check(self, project: Project, deliverable: Deliverable) -> None:
        """Managers only."""
        self.require(project, Role.MANAGER)

    def act(self, deliverable: Deliverable, form: forms.Form) -> Deliverable:
        """:func:`~pmo.quality.services.deliverable_submit`."""
        return services.deliverable_submit(
            actor=self.request.user,
            deliverable=deliverable,
            expected_version=form.cleaned_data["version"],
            note=form.cleaned_data["note"],
        )


class DeliverableDecideView(DeliverableActionView):
    """The acceptance sign-off: the named acceptor accepts or rejects (nobody else, not even an admin)."""

    form_class = DecisionForm
    done_message = "Recorded your decision on {deliverable}."

    def check(self, project: Project, deliverable: Deliverable) -> None:
        """The named acceptor only."""
        services.require_acceptor(self.request.user, deliverable)

    def act(self, deliverable: Deliverable, form: forms.Form) -> Deliverable:
        """:func:`~pmo.quality.services.deliverable_decide`."""
        return services.deliverable_decide(
            actor=self.request.user,
            deliverable=deliverable,
            decision=form.cleaned_data["decision"],
            comment=form.cleaned_data["comment"],
            expected_version=form.cleaned_data["version"],
        )


class DeliverableDeleteView(DeliverableActionView):
    """Delete the deliverable with its reviews and defects (managers)."""

    done_message = "Deleted {deliverable}."

    def check(self, project: Project, deliverable: Deliverable) -> None:
        """Managers only."""
        self.require(project, Role.MANAGER)

    def act(self, deliverable: Deliverable, form: forms.Form) -> Deliverable:
        """:func:`~pmo.quality.services.deliverable_delete`."""
        services.deliverable_delete(
            actor=self.request.user, deliverable=deliverable, expected_version=form.cleaned_data["version"]
        )
        return deliverable

    def after(self, project: Project, saved: Deliverable) -> HttpResponse:
        """Back to the list."""
        return HttpResponseRedirect(self.deliverables_url(project))
