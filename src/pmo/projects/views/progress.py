"""The Progress section: the status date, per-task progress (htmx row forms), "update as
scheduled", and each task's progress history."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from pmo.accounts.choices import Role
from pmo.core.errors import DomainRuleError, StaleVersionError
from pmo.core.views import apply_service_error, wants_fragment
from pmo.projects.forms.tracking import ProgressForm, StatusDateForm
from pmo.projects.models import ProgressEntry, Project, Task
from pmo.projects.selectors import project_tasks, task_get
from pmo.projects.services.progress import (
    project_status_date_set,
    project_update_as_scheduled,
    task_progress_update,
)
from pmo.projects.workspace import ProjectSectionView

#: Shown on the page: how actuals are checked.
RULES = (
    "Actual dates may not be later than the end of the status date (or of today when none is set). "
    "An actual finish makes the task 100 % complete; a started task without an actual start starts "
    "as scheduled."
)


class ProgressView(ProjectSectionView):
    """``GET``: the status date and one progress row per task."""

    section = "progress"
    template_name = "projects/progress/progress.html"

    def get(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """The page (or its table partial for htmx)."""
        project = self.get_project()
        tasks = list(project_tasks(project))
        rows = [
            {"task": task, "form": ProgressForm.for_task(task, project.minutes_per_day)} for task in tasks
        ]
        context = {
            "section_label": "Progress",
            "rows": rows,
            "status_form": StatusDateForm(initial={"status_date": project.status_date}),
            "rules": RULES,
        }
        return self.render_section(project, context, fragment="rows")


class TaskProgressView(ProjectSectionView):
    """``GET``: one task's progress row and history; ``POST``: record progress (contributor+)."""

    section = "progress"
    template_name = "projects/progress/task.html"

    def _task(self, project: Project) -> Task:
        return task_get(self.request.user, project, self.kwargs["task_uid"])

    def _render(self, project: Project, task: Task, form: ProgressForm, status: int = 200) -> HttpResponse:
        history = ProgressEntry.objects.filter(task=task).select_related("actor")[:50]
        context = {
            "section_label": "Progress",
            "task": task,
            "form": form,
            "history": history,
            "rules": RULES,
        }
        return self.render_section(project, context, fragment="row", status=status)

    def get(self, request: HttpRequest, uid: Any, task_uid: Any) -> HttpResponse:
        """The task's progress form and history."""
        project = self.get_project()
        task = self._task(project)
        return self._render(project, task, ProgressForm.for_task(task, project.minutes_per_day))

    def post(self, request: HttpRequest, uid: Any, task_uid: Any) -> HttpResponse:
        """Record progress; errors name the row (htmx: the row comes back with them)."""
        project = self.get_project()
        task = self._task(project)
        self.require(project, Role.CONTRIBUTOR)
        form = ProgressForm(request.POST, minutes_per_day=project.minutes_per_day, task=task)
        # htmx does not swap 4xx answers: the row with its errors comes back as 200 there.
        error_status = 200 if wants_fragment(request) else 400
        if not form.is_valid():
            return self._render(project, task, form, status=error_status)
        version = request.POST.get("version", "")
        try:
            change = task_progress_update(
                actor=request.user,
                task=task,
                data=form.progress_data(),
                expected_version=int(version) if version.isdigit() else None,
                note=form.cleaned_data.get("note", ""),
            )
        except (DomainRuleError, StaleVersionError) as error:
            if isinstance(error, StaleVersionError):
                form.add_error(None, str(error))
            else:
                apply_service_error(form, error)
            return self._render(
                project, task, form, status=error_status if isinstance(error, DomainRuleError) else 409
            )
        saved = change.task
        if wants_fragment(request):
            return self._render(project, saved, ProgressForm.for_task(saved, project.minutes_per_day))
        messages.success(request, f"Progress of row {saved.position} recorded.")
        return redirect("projects:progress", uid=project.uid)


class StatusDateView(ProjectSectionView):
    """``POST``: set (or clear) the status date (manager)."""

    section = "progress"
    template_name = "projects/progress/progress.html"

    def post(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """Store it and reschedule, then back to the page."""
        project = self.get_project()
        self.require(project, Role.MANAGER)
        form = StatusDateForm(request.POST)
        if not form.is_valid():
            messages.error(request, "; ".join(str(e) for errors in form.errors.values() for e in errors))
            return redirect("projects:progress", uid=project.uid)
        project_status_date_set(
            actor=request.user, project=project, status_date=form.cleaned_data["status_date"]
        )
        messages.success(request, "Status date saved; the schedule was recalculated.")
        return redirect("projects:progress", uid=project.uid)


class UpdateAsScheduledView(ProjectSectionView):
    """``POST``: Microsoft Project's "update as scheduled" to the status date (manager)."""

    section = "progress"
    template_name = "projects/progress/progress.html"

    def post(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """Update, report how many tasks moved, back to the page."""
        project = self.get_project()
        self.require(project, Role.MANAGER)
        form = StatusDateForm(request.POST)
        day = form.cleaned_data["status_date"] if form.is_valid() else None
        try:
            change = project_update_as_scheduled(actor=request.user, project=project, status_date=day)
        except DomainRuleError as error:
            messages.error(request, error.message)
            return redirect("projects:progress", uid=project.uid)
        count = len(change.tasks)
        messages.success(request, f"Updated {count} task{'s' if count != 1 else ''} as scheduled.")
        return redirect("projects:progress", uid=project.uid)
