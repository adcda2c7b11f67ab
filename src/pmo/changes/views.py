"""Pages of the Changes section (``projects/<uid>/changes/``): the list and a new request; a
request's page with its operations (one small form per kind), the impact table and the buttons of
its lifecycle; the project's approval thresholds. A refused POST shows the page again (400, or 409
for a stale version) with the message; nothing is written."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from pmo.accounts.choices import Role
from pmo.accounts.selectors import has_role, users_visible
from pmo.changes import selectors, services
from pmo.changes.choices import ChangeStatus, OperationKind
from pmo.changes.forms import (
    AuthorityForm,
    ChangeRequestForm,
    DecideForm,
    OperationForm,
    VersionForm,
)
from pmo.changes.models import ChangeRequest
from pmo.changes.operations import describe, resolve
from pmo.changes.routing import authority_of, deciders, may_decide
from pmo.core.errors import DomainRuleError, StaleVersionError
from pmo.core.views import apply_service_error
from pmo.projects.models import Project
from pmo.projects.workspace import ProjectSectionView

#: Requests listed (newest first).
LIST_LIMIT = 200


def request_url(request: ChangeRequest) -> str:
    """The page of one change request."""
    return reverse("changes:detail", kwargs={"uid": request.project.uid, "request_uid": request.uid})


class ChangesView(ProjectSectionView):
    """GET: the project's change requests and, for contributors, the form of a new one."""

    section = "changes"
    template_name = "changes/changes.html"

    def page(
        self, project: Project, *, form: ChangeRequestForm | None = None, status: int = 200
    ) -> HttpResponse:
        """Render the list with the (possibly refused) new-request form."""
        requests = list(
            selectors.change_requests_visible(self.request.user)
            .filter(project=project)
            .order_by("-number")[:LIST_LIMIT]
        )
        context = {
            "requests": requests,
            "form": form or ChangeRequestForm(),
            "authority": authority_of(project),
            "can_set_authority": has_role(self.request.user, project.scope.parent, Role.MANAGER),
        }
        return self.render_section(project, context, status=status)

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """The list."""
        return self.page(self.get_project())


class ChangeCreateView(ChangesView):
    """POST: draft a change request (contributors); its page then takes the operations."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Create, or show the list with the refusal at its field."""
        project = self.get_project()
        self.require(project, Role.CONTRIBUTOR)
        form = ChangeRequestForm(request.POST)
        if form.is_valid():
            try:
                created = services.change_request_create(
                    actor=request.user, project=project, **form.cleaned_data
                )
            except (DomainRuleError, ValidationError) as error:
                apply_service_error(form, error)
            else:
                messages.success(
                    request, f"Drafted {created.code}. Add the proposed changes and assess them."
                )
                return HttpResponseRedirect(request_url(created))
        return self.page(project, form=form, status=400)


class ChangeDetailView(ProjectSectionView):
    """GET: one change request with its operations, impact, decision and the actions the user may take."""

    section = "changes"
    template_name = "changes/detail.html"

    def target(self, project: Project) -> ChangeRequest:
        """The request named in the URL (404 outside the project)."""
        return selectors.change_request_get(self.request.user, self.kwargs["request_uid"], project=project)

    def show(
        self,
        project: Project,
        change: ChangeRequest,
        *,
        error: str = "",
        edit_form: ChangeRequestForm | None = None,
        op_forms: dict[str, OperationForm] | None = None,
        decide_form: DecideForm | None = None,
        status: int = 200,
    ) -> HttpResponse:
        """Render the request page (refused forms keep their input)."""
        draft = change.status == ChangeStatus.DRAFT
        can_contribute = self.can(project, Role.CONTRIBUTOR)
        try:
            refs = resolve(project, change.operations)
        except DomainRuleError as problem:
            refs = None
            error = error or problem.message
        operations = [describe(op, refs, minutes_per_day=project.minutes_per_day) for op in change.operations]
        forms_by_kind: dict[str, OperationForm] = {}
        if draft and can_contribute:
            for kind in OperationKind.values:
                forms_by_kind[kind] = (op_forms or {}).get(kind) or OperationForm(
                    project=project, kind=kind, initial={"version": change.version}
                )
        context = {
            "change": change,
            "action_error": error,
            "operations": operations,
            "impact": change.assessment,
            "op_forms": list(forms_by_kind.values()),
            "edit_form": edit_form
            or ChangeRequestForm(
                initial={f: getattr(change, f) for f in ("title", "category", "description", "reason")}
            ),
            "decide_form": decide_form
            or DecideForm(initial={"version": change.version, "decision": "approve"}),
            "deciders": deciders(change) if change.required_authority else "",
            "may_decide": change.status == ChangeStatus.SUBMITTED and may_decide(self.request.user, change),
            "may_withdraw": change.status in (ChangeStatus.DRAFT, ChangeStatus.SUBMITTED)
            and (
                self.can(project, Role.MANAGER)
                or (change.requested_by_id == self.request.user.pk and can_contribute)
            ),
            "draft": draft,
            "history_url": reverse("api:change-request-history", kwargs={"uid": change.uid}),
        }
        return self.render_section(project, context, status=status)

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """The request page."""
        project = self.get_project()
        return self.show(project, self.target(project))


class ChangeEditView(ChangeDetailView):
    """POST: change a draft's title, category, description and reason (contributors)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Save, or show the page with the refusal."""
        project = self.get_project()
        change = self.target(project)
        self.require(project, Role.CONTRIBUTOR)
        form = ChangeRequestForm(request.POST)
        version = VersionForm(request.POST)
        if not (form.is_valid() and version.is_valid()):
            return self.show(
                project, change, edit_form=form, error="Not saved: check the fields.", status=400
            )
        try:
            services.change_request_update(
                actor=request.user,
                request=change,
                data=form.cleaned_data,
                expected_version=version.cleaned_data["version"],
            )
        except StaleVersionError as stale:
            return self.show(
                project, self.target(project), edit_form=form, error=f"Not saved: {stale}.", status=409
            )
        except (DomainRuleError, ValidationError) as problem:
            apply_service_error(form, problem)
            return self.show(
                project, change, edit_form=form, error="Not saved: check the fields.", status=400
            )
        messages.success(request, f"Saved {change.code}.")
        return HttpResponseRedirect(request_url(change))


class OperationAddView(ChangeDetailView):
    """POST: add one operation (the form of its kind) to a draft (contributors)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Append through :func:`~pmo.changes.services.change_request_update`, or show the refusal."""
        project = self.get_project()
        change = self.target(project)
        self.require(project, Role.CONTRIBUTOR)
        kind = request.POST.get("kind", "")
        if kind not in OperationKind.values:
            return self.show(project, change, error="Choose the kind of change to add.", status=400)
        form = OperationForm(request.POST, project=project, kind=kind)
        if not form.is_valid():
            return self.show(
                project, change, op_forms={kind: form}, error="Not added: check the fields.", status=400
            )
        try:
            services.change_request_update(
                actor=request.user,
                request=change,
                data={"operations": [*change.operations, form.operation()]},
                expected_version=form.cleaned_data["version"],
            )
        except StaleVersionError as stale:
            return self.show(project, self.target(project), error=f"Not added: {stale}.", status=409)
        except (DomainRuleError, ValidationError) as problem:
            apply_service_error(form, problem)
            message = problem.message if isinstance(problem, DomainRuleError) else "check the fields."
            return self.show(
                project, change, op_forms={kind: form}, error=f"Not added: {message}", status=400
            )
        messages.success(request, f"Added to {change.code}: {form.label.lower()}.")
        return HttpResponseRedirect(request_url(change) + "#operations")


class OperationRemoveView(ChangeDetailView):
    """POST: take operation ``index`` (1-based) out of a draft (contributors)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Remove, or show the refusal."""
        project = self.get_project()
        change = self.target(project)
        self.require(project, Role.CONTRIBUTOR)
        form = VersionForm(request.POST)
        try:
            index = int(request.POST.get("index", ""))
        except ValueError:
            index = 0
        if not form.is_valid() or not 1 <= index <= len(change.operations):
            return self.show(project, change, error="Not removed: reload the page and try again.", status=400)
        remaining = [op for i, op in enumerate(change.operations, start=1) if i != index]
        try:
            services.change_request_update(
                actor=request.user,
                request=change,
                data={"operations": remaining},
                expected_version=form.cleaned_data["version"],
            )
        except StaleVersionError as stale:
            return self.show(project, self.target(project), error=f"Not removed: {stale}.", status=409)
        except DomainRuleError as problem:
            return self.show(project, change, error=f"Not removed: {problem.message}", status=400)
        messages.success(request, f"Removed operation {index} of {change.code}.")
        return HttpResponseRedirect(request_url(change) + "#operations")


class ChangeActionView(ChangeDetailView):
    """POST: one lifecycle step whose body is the version only (assess, submit, withdraw, apply)."""

    http_method_names = ["post"]
    step: str = ""
    #: The role checked before the body (the service checks again, and more).
    role: str = Role.CONTRIBUTOR
    done: str = ""

    def perform(self, change: ChangeRequest, version: int) -> ChangeRequest:
        """Call the step's service."""
        service: Callable[..., ChangeRequest] = getattr(services, f"change_request_{self.step}")
        return service(actor=self.request.user, request=change, expected_version=version)

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Run the step, or show the page with the reason (nothing written)."""
        project = self.get_project()
        change = self.target(project)
        self.require(project, self.role)
        form = VersionForm(request.POST)
        if not form.is_valid():
            return self.show(
                project, change, error="Nothing done: reload the page and try again.", status=400
            )
        try:
            saved = self.perform(change, form.cleaned_data["version"])
        except StaleVersionError as stale:
            return self.show(project, self.target(project), error=f"Nothing done: {stale}.", status=409)
        except (DomainRuleError, ValidationError) as problem:
            message = problem.message if isinstance(problem, DomainRuleError) else "; ".join(problem.messages)
            return self.show(project, change, error=f"Nothing done: {message}", status=400)
        messages.success(request, f"{saved.code} {self.done}.")
        return HttpResponseRedirect(request_url(saved))


class AssessView(ChangeActionView):
    """POST: assess the impact (contributors)."""

    step, done = "assess", "assessed"


class SubmitView(ChangeActionView):
    """POST: submit for a decision (contributors)."""

    step, done = "submit", "submitted"


class WithdrawView(ChangeActionView):
    """POST: withdraw (the requester, or managers)."""

    step, done = "withdraw", "withdrawn"


class ApplyView(ChangeActionView):
    """POST: apply an approved request to the plan (managers)."""

    step, done, role = "apply", "applied to the plan", Role.MANAGER


class DecideView(ChangeDetailView):
    """POST: approve or reject (the required authority only; 403 for anybody else)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Decide, or show the page with the refusal at its field."""
        from pmo.changes.routing import require_decider

        project = self.get_project()
        change = self.target(project)
        require_decider(request.user, change)
        form = DecideForm(request.POST)
        if not form.is_valid():
            return self.show(
                project, change, decide_form=form, error="Not decided: check the fields.", status=400
            )
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            saved = services.change_request_decide(
                actor=request.user, request=change, expected_version=version, **data
            )
        except StaleVersionError as stale:
            return self.show(project, self.target(project), error=f"Not decided: {stale}.", status=409)
        except (DomainRuleError, ValidationError) as problem:
            apply_service_error(form, problem)
            return self.show(
                project, change, decide_form=form, error="Not decided: check the fields.", status=400
            )
        messages.success(request, f"{saved.code} {saved.get_status_display().lower()}.")
        return HttpResponseRedirect(request_url(saved))


class AuthorityView(ChangesView):
    """GET/POST: the project's approval thresholds; managers of the level above the project."""

    template_name = "changes/authority.html"

    def show(self, project: Project, form: AuthorityForm, *, status: int = 200) -> HttpResponse:
        """The thresholds form."""
        return self.render_section(project, {"form": form, "authority": authority_of(project)}, status=status)

    def _require_above(self, project: Project) -> None:
        from pmo.accounts.selectors import require_role

        require_role(self.request.user, project.scope.parent or project.scope, Role.MANAGER)

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """The form with the current thresholds."""
        project = self.get_project()
        self._require_above(project)
        authority = authority_of(project)
        initial: dict[str, Any] = {
            name: getattr(authority, name)
            for name in (
                "manager_max_days",
                "manager_max_cost",
                "board_max_days",
                "board_max_cost",
                "sponsor",
            )
        }
        initial |= {
            "version": authority.version if authority.pk else None,
            "board_members": list(authority.board_members.all()) if authority.pk else [],
        }
        return self.show(project, AuthorityForm(initial=initial, users=users_visible(request.user)))

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Save through :func:`~pmo.changes.services.change_authority_set`."""
        project = self.get_project()
        self._require_above(project)
        form = AuthorityForm(request.POST, users=users_visible(request.user))
        if not form.is_valid():
            return self.show(project, form, status=400)
        data = dict(form.cleaned_data)
        version = data.pop("version")
        members = list(data.pop("board_members"))
        try:
            services.change_authority_set(
                actor=request.user,
                project=project,
                data=data,
                board_members=members,
                expected_version=version,
            )
        except StaleVersionError as stale:
            form.add_error(None, f"Not saved: {stale}.")
            return self.show(project, form, status=409)
        except (DomainRuleError, ValidationError) as problem:
            apply_service_error(form, problem)
            return self.show(project, form, status=400)
        messages.success(request, "Saved the approval thresholds.")
        return HttpResponseRedirect(reverse("changes:list", kwargs={"uid": project.uid}))
