"""The Risk analysis section of the project workspace (``projects/<uid>/risk-analysis/``).

The grid lists the leaf tasks with their three-point estimates (a row is edited in place with htmx:
GET gives the row's form, POST saves it and answers the row); below it the bulk filler, the
correlation groups, the form that starts a run and the runs so far. A refused POST answers 400
with the message at the field the service names, and nothing is written.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse

from pmo.accounts.choices import Role
from pmo.core.errors import DomainRuleError, StaleVersionError
from pmo.core.views import apply_service_error, wants_fragment
from pmo.projects.models import Project, Task
from pmo.projects.workspace import ProjectSectionView
from pmo.simulations import selectors, services
from pmo.simulations.forms import FORM_FIELD, EstimateForm, FillForm, GroupForm, RunForm, VersionForm
from pmo.simulations.models import TaskEstimate

#: Runs listed in the history.
RUN_LIMIT = 50


def analysis_url(project: Project) -> str:
    """The Risk analysis section of a project."""
    return reverse("simulations:analysis", kwargs={"uid": project.uid})


def days(minutes: int | None, per_day: int) -> str:
    """Working minutes as days with up to two decimals (``"2.5"``)."""
    if minutes is None:
        return ""
    return f"{minutes / per_day:.2f}".rstrip("0").rstrip(".")


def service_error(form: forms.Form, error: Exception) -> None:
    """Put a service refusal at the form's field (the service names durations in minutes)."""
    if isinstance(error, DomainRuleError) and error.field in FORM_FIELD:
        form.add_error(FORM_FIELD[error.field], error.message)
        return
    apply_service_error(form, error)


def grid_row(
    project: Project, task: Task, estimate: TaskEstimate | None, form: forms.Form | None = None
) -> dict[str, Any]:
    """One row of the grid: the task, its estimate in days, and its edit form when it is being edited."""
    per_day = project.minutes_per_day or 480
    return {
        "task": task,
        "estimate": estimate,
        "form": form,
        "duration": days(task.duration_minutes, per_day),
        "minimum": days(estimate.minimum_minutes, per_day) if estimate else "",
        "most_likely": days(estimate.most_likely_minutes, per_day) if estimate else "",
        "maximum": days(estimate.maximum_minutes, per_day) if estimate else "",
    }


class AnalysisView(ProjectSectionView):
    """GET: the Risk analysis section; the POST views below render it again on refusal."""

    section = "risk_analysis"
    template_name = "simulations/analysis.html"

    def rows(self, project: Project, edit: tuple[int, forms.Form] | None = None) -> list[dict[str, Any]]:
        """The grid: each leaf task with its estimate shown in days (``edit``: a row shown as a form)."""
        return [
            grid_row(project, task, estimate, edit[1] if edit and edit[0] == task.pk else None)
            for task, estimate in selectors.estimate_rows(project)
        ]

    def page(
        self,
        project: Project,
        *,
        fill_form: forms.Form | None = None,
        group_form: forms.Form | None = None,
        run_form: forms.Form | None = None,
        edit: tuple[int, forms.Form] | None = None,
        error: str = "",
        status: int = 200,
    ) -> HttpResponse:
        """Render the section with the given (possibly refused) forms."""
        user = self.request.user
        context = {
            "rows": self.rows(project, edit),
            "groups": selectors.groups_visible(user).filter(project=project),
            "runs": list(selectors.runs_visible(user).filter(project=project)[:RUN_LIMIT]),
            "fill_form": fill_form or FillForm(),
            "group_form": group_form or GroupForm(),
            "run_form": run_form or RunForm(initial={"iterations": 10_000}),
            "max_iterations": services.max_iterations(),
            "action_error": error,
        }
        return self.render_section(project, context, status=status)

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Show the section."""
        return self.page(self.get_project())


class EstimateView(AnalysisView):
    """GET: a grid row as a form (htmx); POST: save the row's estimate; contributors."""

    def task(self, project: Project) -> Task:
        """The task named in the URL, in this project (404 otherwise)."""
        return get_object_or_404(Task, project=project, uid=self.kwargs["task_uid"])

    def row(
        self, project: Project, task: Task, form: EstimateForm | None, *, status: int = 200
    ) -> HttpResponse:
        """The row (as a form when ``form`` is given) for htmx, or the whole page."""
        if wants_fragment(self.request):
            estimate = TaskEstimate.objects.filter(task=task).select_related("group").first()
            context = {"row": grid_row(project, task, estimate, form)}
            return self.render_section(project, context, fragment="estimate-row", status=status)
        return self.page(project, edit=(task.pk, form) if form is not None else None, status=status)

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """The row's edit form (``?cancel`` gives the plain row back)."""
        project = self.get_project()
        self.require(project, Role.CONTRIBUTOR)
        task = self.task(project)
        if "cancel" in request.GET:
            return self.row(project, task, None)
        estimate = TaskEstimate.objects.filter(task=task).first()
        per_day = project.minutes_per_day or 480
        initial: dict[str, Any] = {"distribution": "triangular"}
        if estimate:
            initial = {
                "minimum": days(estimate.minimum_minutes, per_day),
                "most_likely": days(estimate.most_likely_minutes, per_day),
                "maximum": days(estimate.maximum_minutes, per_day),
                "distribution": estimate.distribution,
                "cost_minimum_percent": estimate.cost_minimum_percent,
                "cost_most_likely_percent": estimate.cost_most_likely_percent,
                "cost_maximum_percent": estimate.cost_maximum_percent,
                "group": estimate.group_id,
                "version": estimate.version,
            }
        else:
            duration = days(task.duration_minutes, per_day)
            initial |= {"minimum": duration, "most_likely": duration, "maximum": duration}
        groups = selectors.groups_visible(request.user).filter(project=project)
        return self.row(project, task, EstimateForm(initial=initial, groups=groups))

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Save the estimate, or answer the row's form with the refusal at its field (400)."""
        project = self.get_project()
        self.require(project, Role.CONTRIBUTOR)
        task = self.task(project)
        groups = selectors.groups_visible(request.user).filter(project=project)
        form = EstimateForm(request.POST, groups=groups)
        if form.is_valid():
            try:
                services.estimate_set(
                    actor=request.user,
                    task=task,
                    data=form.service_data(project.minutes_per_day or 480),
                    expected_version=form.cleaned_data.get("version"),
                )
            except StaleVersionError as error:
                form.add_error(None, f"{error}.")
                return self.row(project, task, form, status=409)
            except (DomainRuleError, ValidationError) as error:
                service_error(form, error)
            else:
                if wants_fragment(request):
                    return self.row(project, task, None)
                messages.success(request, f"Saved the estimate of {task.name}.")
                return HttpResponseRedirect(analysis_url(project))
        return self.row(project, task, form, status=400)


class EstimateDeleteView(EstimateView):
    """POST: remove a task's estimate (it keeps its planned duration); contributors."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Remove the estimate, or show the page with the reason."""
        project = self.get_project()
        self.require(project, Role.CONTRIBUTOR)
        task = self.task(project)
        estimate = TaskEstimate.objects.filter(task=task).first()
        form = VersionForm(request.POST)
        if estimate is None or not form.is_valid():
            return self.page(project, error="There is no estimate to remove; reload the page.", status=400)
        try:
            services.estimate_delete(
                actor=request.user, estimate=estimate, expected_version=form.cleaned_data["version"]
            )
        except StaleVersionError as error:
            return self.page(project, error=f"{error}.", status=409)
        if wants_fragment(request):
            return self.row(project, task, None)
        messages.success(request, f"Removed the estimate of {task.name}.")
        return HttpResponseRedirect(analysis_url(project))


class FillView(AnalysisView):
    """POST: give every leaf task an estimate ``−x % / duration / +y %``; contributors."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Fill the estimates, or show the page with the refusal at its field."""
        project = self.get_project()
        self.require(project, Role.CONTRIBUTOR)
        form = FillForm(request.POST)
        if form.is_valid():
            try:
                count = services.estimates_fill(actor=request.user, project=project, **form.cleaned_data)
            except (DomainRuleError, ValidationError) as error:
                apply_service_error(form, error)
            else:
                messages.success(request, f"Wrote {count} estimate{'s' if count != 1 else ''}.")
                return HttpResponseRedirect(analysis_url(project))
        return self.page(project, fill_form=form, status=400)


class GroupCreateView(AnalysisView):
    """POST: add a correlation group; contributors."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Add the group, or show the page with the refusal at its field."""
        project = self.get_project()
        self.require(project, Role.CONTRIBUTOR)
        form = GroupForm(request.POST)
        if form.is_valid():
            try:
                group = services.group_create(actor=request.user, project=project, **form.cleaned_data)
            except (DomainRuleError, ValidationError) as error:
                apply_service_error(form, error)
            else:
                messages.success(request, f"Added the correlation group {group.name}.")
                return HttpResponseRedirect(analysis_url(project))
        return self.page(project, group_form=form, status=400)


class GroupDeleteView(AnalysisView):
    """POST: remove a correlation group (its tasks keep their estimates); contributors."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Remove the group, or show the page with the reason."""
        project = self.get_project()
        self.require(project, Role.CONTRIBUTOR)
        group = selectors.group_get(request.user, self.kwargs["group_uid"], project=project)
        form = VersionForm(request.POST)
        if not form.is_valid():
            return self.page(project, error="Reload the page and remove the group again.", status=400)
        try:
            services.group_delete(
                actor=request.user, group=group, expected_version=form.cleaned_data["version"]
            )
        except StaleVersionError as error:
            return self.page(project, error=f"{error}.", status=409)
        messages.success(request, f"Removed the correlation group {group.name}.")
        return HttpResponseRedirect(analysis_url(project))


class RunStartView(AnalysisView):
    """POST: start a Monte Carlo run (a background job); contributors."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Start the run and show it, or show the page with the refusal at its field (nothing stored)."""
        project = self.get_project()
        self.require(project, Role.CONTRIBUTOR)
        form = RunForm(request.POST)
        if form.is_valid():
            try:
                run = services.run_start(actor=request.user, project=project, **form.cleaned_data)
            except (DomainRuleError, ValidationError) as error:
                apply_service_error(form, error)
            else:
                messages.success(
                    request, f"Started run {run.number} ({run.iterations} iterations, seed {run.seed})."
                )
                return HttpResponseRedirect(
                    reverse("simulations:run", kwargs={"uid": project.uid, "run_uid": run.uid})
                )
        return self.page(project, run_form=form, status=400)
