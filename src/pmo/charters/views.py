"""Pages of the Charter section: the charter (with its approved version, decision history and the
project's deliverables), its edit form, the submission, the sponsor's decision and its history.

The charter does not exist until its first edit; until then the page offers managers to write it.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST

from pmo.accounts.choices import Role
from pmo.charters import selectors, services
from pmo.charters.choices import EDITABLE_STATES, SUBMITTABLE_STATES, CharterStatus
from pmo.charters.forms import CharterForm, DecideForm, ObjectiveFormSet, SubmitForm, objective_rows
from pmo.charters.models import LIST_FIELDS, Charter
from pmo.core.errors import DomainRuleError, StaleVersionError
from pmo.core.models import AuditRecord
from pmo.core.selectors import history_of
from pmo.core.views import apply_service_error, stale_notice, wants_fragment
from pmo.projects.models import Project
from pmo.projects.workspace import ProjectSectionView
from pmo.quality.selectors import deliverables_of, people_for

PAGE_SIZE = 25


def charter_url(project: Project, name: str = "charter") -> str:
    """A page of the project's charter."""
    return reverse(f"charters:{name}", kwargs={"uid": project.uid})


class CharterSectionView(ProjectSectionView):
    """A page of the Charter section."""

    section = "charter"
    template_name = "charters/charter.html"

    def charter(self, project: Project) -> Charter | None:
        """The project's charter (``None`` before its first edit)."""
        return selectors.charter_of(self.request.user, project)

    def render_charter(
        self,
        project: Project,
        charter: Charter | None,
        *,
        status: int = 200,
        error: str = "",
        stale: dict[str, Any] | None = None,
        decide_form: forms.Form | None = None,
    ) -> HttpResponse:
        """The charter page (only its body for htmx)."""
        user = self.request.user
        manager = self.can(project, Role.MANAGER)
        is_sponsor = charter is not None and charter.sponsor_id == getattr(user, "pk", None)
        context = {
            "charter": charter,
            "objectives": list(charter.objectives.all()) if charter else [],
            "lists": [(name, getattr(charter, name)) for name in LIST_FIELDS] if charter else [],
            "decisions": list(selectors.decisions_of(charter)) if charter else [],
            "approved": selectors.approved_decision(charter) if charter else None,
            "deliverables": list(deliverables_of(user, project)),
            "can_edit": manager and (charter is None or charter.status in EDITABLE_STATES),
            "can_submit": manager and charter is not None and charter.status in SUBMITTABLE_STATES,
            "can_decide": is_sponsor and charter is not None and charter.status == CharterStatus.SUBMITTED,
            "decide_form": decide_form
            or (DecideForm(initial={"version": charter.version}) if charter else None),
            "action_error": error,
            "stale": stale,
            "cancel_url": charter_url(project),
            "section_label": "Charter",
        }
        if wants_fragment(self.request):
            return self.render_section(project, context, fragment="charter-body", status=status)
        return self.render_section(project, context, status=status)


class CharterView(CharterSectionView):
    """The charter of the project (viewers and up)."""

    def get(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """Show the charter."""
        project = self.get_project()
        return self.render_charter(project, self.charter(project))


class CharterEditView(CharterSectionView):
    """Write the charter (its first edit creates it) or change it; managers."""

    template_name = "charters/edit.html"

    def forms(self, project: Project, charter: Charter | None, data: Any = None) -> tuple[CharterForm, Any]:
        """The charter form and the objectives formset, filled from ``charter``."""
        initial: dict[str, Any] = {}
        objectives: list[dict[str, Any]] = []
        if charter is not None:
            initial = {
                "version": charter.version,
                "purpose": charter.purpose,
                "sponsor": charter.sponsor_id,
                "project_manager": charter.project_manager_id,
                **{name: getattr(charter, name) for name in LIST_FIELDS},
            }
            objectives = [
                {**o.as_data(), "target_value": o.target_value, "due_date": o.due_date, "ORDER": o.position}
                for o in charter.objectives.all()
            ]
        form = CharterForm(
            data, initial=initial, people=people_for(self.request.user, project), editing=charter is not None
        )
        return form, ObjectiveFormSet(data, initial=objectives, prefix="objectives")

    def render_edit(
        self,
        project: Project,
        charter: Charter | None,
        form: CharterForm,
        formset: Any,
        *,
        status: int = 200,
        stale: Any = None,
    ) -> HttpResponse:
        """The edit page."""
        context = {
            "charter": charter,
            "form": form,
            "objectives": formset,
            "stale": stale,
            "verbose_name": "charter",
            "cancel_url": charter_url(project),
            "section_label": "Edit charter",
        }
        return self.render_section(project, context, status=status)

    def get(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """The form, filled with the stored charter (empty before the first edit)."""
        project = self.get_project()
        self.require(project, Role.MANAGER)
        charter = self.charter(project)
        form, formset = self.forms(project, charter)
        return self.render_edit(project, charter, form, formset)

    def post(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """Save through the service; a stale version keeps the input and says who changed what."""
        project = self.get_project()
        self.require(project, Role.MANAGER)
        charter = self.charter(project)
        form, formset = self.forms(project, charter, request.POST)
        if not (form.is_valid() & formset.is_valid()):
            return self.render_edit(project, charter, form, formset, status=400)
        data = form.data_for_service() | {"objectives": objective_rows(formset)}
        try:
            saved = services.charter_save(
                actor=request.user,
                project=project,
                charter=charter,
                data=data,
                expected_version=form.cleaned_data.get("version"),
            )
        except StaleVersionError as error:
            current = self.charter(project)
            assert current is not None  # noqa: S101 - a stale version means the charter exists
            post = request.POST.copy()
            post["version"] = str(current.version)
            fresh, fresh_set = self.forms(project, current, post)
            fresh.is_valid()
            fresh_set.is_valid()
            return self.render_edit(
                project, current, fresh, fresh_set, status=409, stale=stale_notice(error, current)
            )
        except (DomainRuleError, ValidationError) as error:
            apply_service_error(form, error)
            return self.render_edit(project, charter, form, formset, status=400)
        note = " It needs a new approval." if charter and charter.status == CharterStatus.APPROVED else ""
        messages.success(request, f"Saved the charter (version {saved.version}).{note}")
        return HttpResponseRedirect(charter_url(project))


@method_decorator(require_POST, name="dispatch")
class CharterActionView(CharterSectionView):
    """A POST-only step of the approval flow; errors re-render the charter page."""

    form_class: type[forms.Form] = SubmitForm
    done_message = ""

    def check(self, project: Project, charter: Charter) -> None:
        """Raise ``PermissionDenied`` unless the user may act."""
        raise NotImplementedError

    def act(self, charter: Charter, form: forms.Form) -> Charter:
        """Call the service."""
        raise NotImplementedError

    def post(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """Check, validate, act, then the charter (its body for htmx)."""
        project = self.get_project()
        charter = self.charter(project)
        if charter is None:
            self.require(project, Role.MANAGER)
            return self.render_charter(project, None, status=400, error="Write the charter first.")
        self.check(project, charter)
        form = self.form_class(request.POST)
        if not form.is_valid():
            errors = "; ".join(f"{name}: {' '.join(str(m) for m in e)}" for name, e in form.errors.items())
            return self.render_charter(
                project, charter, status=400, error=f"Not done: {errors}", decide_form=form
            )
        try:
            self.act(charter, form)
        except StaleVersionError as error:
            current = self.charter(project)
            return self.render_charter(project, current, status=409, stale=stale_notice(error, current))
        except (DomainRuleError, ValidationError) as error:
            message = error.message if isinstance(error, DomainRuleError) else " ".join(error.messages)
            return self.render_charter(
                project, charter, status=400, error=f"Not done: {message}", decide_form=form
            )
        messages.success(request, self.done_message)
        if wants_fragment(request):
            return self.render_charter(project, self.charter(project))
        return HttpResponseRedirect(charter_url(project))


class CharterSubmitView(CharterActionView):
    """Submit the charter to its sponsor (managers)."""

    done_message = "Submitted the charter for approval."

    def check(self, project: Project, charter: Charter) -> None:
        """Managers only."""
        self.require(project, Role.MANAGER)

    def act(self, charter: Charter, form: forms.Form) -> Charter:
        """:func:`~pmo.charters.services.charter_submit`."""
        return services.charter_submit(
            actor=self.request.user,
            charter=charter,
            expected_version=form.cleaned_data["version"],
            comment=form.cleaned_data["comment"],
        )


class CharterDecideView(CharterActionView):
    """The sponsor approves or returns the charter (nobody else, not even a PMO administrator)."""

    form_class = DecideForm
    done_message = "Recorded your decision on the charter."

    def check(self, project: Project, charter: Charter) -> None:
        """The named sponsor only."""
        services.require_sponsor(self.request.user, charter)

    def act(self, charter: Charter, form: forms.Form) -> Charter:
        """:func:`~pmo.charters.services.charter_decide`."""
        return services.charter_decide(
            actor=self.request.user,
            charter=charter,
            decision=form.cleaned_data["decision"],
            comment=form.cleaned_data["comment"],
            expected_version=form.cleaned_data["version"],
        )


class CharterHistoryView(CharterSectionView):
    """Every recorded change of the charter, with the decisions' comments (viewers and up)."""

    template_name = "charters/history.html"

    def get(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """One page of the charter's audit records, newest first."""
        project = self.get_project()
        charter = self.charter(project)
        audit: QuerySet[AuditRecord] = history_of(charter) if charter else AuditRecord.objects.none()
        records = Paginator(audit, PAGE_SIZE).get_page(request.GET.get("page"))
        return self.render_section(
            project, {"charter": charter, "records": records, "section_label": "Charter history"}
        )
