"""The page of one import (``imports/<uid>/``): its preview, the column mapping of a table, the choice
of project in a P6 file, Apply and Discard, and the progress of a background apply (htmx polls the
same view for its ``import-status`` partial every second until the job ends).

Everything here needs the manager role on the import's scope (the target project, or the program or
portfolio a new project goes into); out of scope is 404.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.http import require_POST

from pmo.accounts.choices import Role
from pmo.accounts.selectors import require_role
from pmo.accounts.views import ScopeRoleMixin, node_url
from pmo.core.errors import DomainRuleError
from pmo.core.views import Crumb, render_page
from pmo.transfers.choices import ImportMode, ImportStatus
from pmo.transfers.forms import MappingForm, ProjectChoiceForm, VersionForm
from pmo.transfers.models import ImportRun
from pmo.transfers.selectors import import_get
from pmo.transfers.services import import_apply, import_discard, import_remap
from pmo.transfers.views.upload import import_url

TEMPLATE = "transfers/import.html"
ACTIVE = (ImportStatus.QUEUED, ImportStatus.APPLYING)
BADGES = {
    ImportStatus.PREVIEWED: "planning",
    ImportStatus.QUEUED: "proposed",
    ImportStatus.APPLYING: "planning",
    ImportStatus.APPLIED: "active",
    ImportStatus.FAILED: "cancelled",
    ImportStatus.DISCARDED: "on_hold",
}


def tasks_url(run: ImportRun) -> str | None:
    """The imported project's task list, once there is a project."""
    return reverse("projects:tasks", kwargs={"uid": run.project.uid}) if run.project else None


class ImportPageMixin(ScopeRoleMixin, LoginRequiredMixin):
    """Fetch the import (404 outside scope, 403 below manager) and render its page."""

    request: HttpRequest
    kwargs: dict[str, Any]

    def get_run(self) -> ImportRun:
        """The import named in the URL, for a manager of its scope."""
        run = import_get(self.request.user, self.kwargs["uid"])
        require_role(self.request.user, run.scope, Role.MANAGER)
        return run

    def forms_for(self, run: ImportRun) -> dict[str, forms.Form | None]:
        """The mapping and project-choice forms that apply to this import (unbound)."""
        preview = run.preview or {}
        initial = {"version": run.version}
        mapping_form = None
        table = preview.get("table")
        if table and run.status == ImportStatus.PREVIEWED:
            mapping_form = MappingForm(
                initial=initial,
                fields=table.get("fields", []),
                headers=table.get("headers", []),
                current=(run.options or {}).get("mapping") or table.get("suggested") or {},
            )
        project_form = None
        projects = preview.get("projects") or []
        if len(projects) > 1 and run.status == ImportStatus.PREVIEWED:
            chosen = (run.options or {}).get("project") or ""
            project_form = ProjectChoiceForm(initial={**initial, "project": chosen}, projects=projects)
        return {"mapping_form": mapping_form, "project_form": project_form}

    def render_run(
        self,
        run: ImportRun,
        *,
        status: int = 200,
        error: str = "",
        bound: dict[str, forms.Form] | None = None,
    ) -> HttpResponse:
        """The import's page (its ``import-status`` partial for an htmx poll)."""
        target = run.project if run.project is not None else run.scope.owner
        context: dict[str, Any] = {
            "run": run,
            "preview": run.preview or {},
            "changes": (run.preview or {}).get("changes"),
            "target": target,
            "target_url": node_url(target),
            "is_new": run.mode == ImportMode.NEW,
            "active": run.status in ACTIVE,
            "badge": BADGES.get(ImportStatus(run.status), "proposed"),
            "can_act": run.status == ImportStatus.PREVIEWED,
            "can_discard": run.status in (ImportStatus.PREVIEWED, ImportStatus.FAILED),
            "action_form": VersionForm(initial={"version": run.version}),
            "action_error": error,
            "tasks_url": tasks_url(run),
            "job": run.job,
            "crumbs": [Crumb(label=str(target.name), url=node_url(target))],
        }
        context |= self.forms_for(run) | (bound or {})
        return render_page(self.request, TEMPLATE, context, fragment="import-status", status=status)


class ImportDetailView(ImportPageMixin, View):
    """The preview and the outcome of one import."""

    def get(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """The page, or only its status panel (htmx poll while the import is applied)."""
        return self.render_run(self.get_run())


def _message(error: Exception) -> str:
    if isinstance(error, DomainRuleError):
        return error.message
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


@method_decorator(require_POST, name="dispatch")
class ImportActionView(ImportPageMixin, View):
    """A POST on an import with the version the manager read; a stale version is 409, a refusal 422."""

    form_class: type[forms.Form] = VersionForm

    def build(self, run: ImportRun) -> forms.Form:
        """The bound form of this action."""
        return self.form_class(self.request.POST)

    def act(self, run: ImportRun, form: forms.Form) -> HttpResponse:
        """Call the service; return where to go."""
        raise NotImplementedError

    def post(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """Check, validate, act."""
        run = self.get_run()
        form = self.build(run)
        if not form.is_valid():
            return self.render_run(run, status=400, error=self.form_problem(form), bound=self.bound(form))
        if form.cleaned_data["version"] != run.version:
            return self.render_run(
                run,
                status=409,
                error="This import changed since you opened it (someone else remapped, applied or "
                "discarded it). Review it again below.",
            )
        try:
            return self.act(run, form)
        except (DomainRuleError, ValidationError) as error:
            run.refresh_from_db()
            problem = f"Not done: {_message(error)}"
            return self.render_run(run, status=422, error=problem, bound=self.bound(form))

    def form_problem(self, form: forms.Form) -> str:
        """The form's errors in one line."""
        parts = [" ".join(str(m) for m in errors) for errors in form.errors.values()]
        return "Not done: " + "; ".join(parts)

    def bound(self, form: forms.Form) -> dict[str, forms.Form]:
        """The bound form, to show again with its errors (none for the plain actions)."""
        return {}


class ImportApplyView(ImportActionView):
    """Apply the import: inline (then the project's tasks), or queued (then this page with progress)."""

    def act(self, run: ImportRun, form: forms.Form) -> HttpResponse:
        """:func:`~pmo.transfers.services.import_apply`."""
        run = import_apply(actor=self.request.user, run=run)
        if run.status == ImportStatus.APPLIED and run.project is not None:
            result = run.result or {}
            messages.success(
                self.request,
                f"Imported {run.file_name}: {result.get('tasks_created', 0)} tasks created, "
                f"{result.get('tasks_updated', 0)} updated, {result.get('tasks_deleted', 0)} removed.",
            )
            return HttpResponseRedirect(tasks_url(run) or import_url(run))
        return HttpResponseRedirect(import_url(run))


class ImportDiscardView(ImportActionView):
    """Drop the import and its stored file."""

    def act(self, run: ImportRun, form: forms.Form) -> HttpResponse:
        """:func:`~pmo.transfers.services.import_discard`."""
        run = import_discard(actor=self.request.user, run=run)
        messages.success(self.request, f"Discarded the import of {run.file_name}; nothing was changed.")
        target = run.project if run.project is not None else run.scope.owner
        return HttpResponseRedirect(node_url(target))


class ImportRemapView(ImportActionView):
    """Read the file again with another column mapping (tables) or another project (P6 files)."""

    def build(self, run: ImportRun) -> forms.Form:
        """The mapping form, or the project choice when the body names a project."""
        preview = run.preview or {}
        if "project" in self.request.POST:
            return ProjectChoiceForm(self.request.POST, projects=preview.get("projects") or [])
        table = preview.get("table") or {}
        return MappingForm(
            self.request.POST, fields=table.get("fields", []), headers=table.get("headers", [])
        )

    def bound(self, form: forms.Form) -> dict[str, forms.Form]:
        """Show the submitted choice again, with its errors."""
        key = "project_form" if isinstance(form, ProjectChoiceForm) else "mapping_form"
        return {key: form}

    def act(self, run: ImportRun, form: forms.Form) -> HttpResponse:
        """:func:`~pmo.transfers.services.import_remap`."""
        if isinstance(form, ProjectChoiceForm):
            options: dict[str, Any] = {"project": form.cleaned_data["project"]}
        else:
            assert isinstance(form, MappingForm)  # noqa: S101 - built above
            if not form.field_keys:
                raise DomainRuleError("This import is not a table: there are no columns to map.")
            options = {"mapping": form.mapping()}
        import_remap(actor=self.request.user, run=run, options=options)
        messages.success(self.request, "Read the file again; check the preview below.")
        return HttpResponseRedirect(import_url(run))
