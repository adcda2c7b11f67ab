"""The Baselines section: saved baselines 0-10, save (over), delete, the compared baseline, and the
variance table (per task: baseline vs current start, finish and duration) with its "slipped" view.

Variances are working time of the project calendar, in days of ``project.minutes_per_day``
(positive = later or longer than planned), as Microsoft Project shows them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect

from pmo.accounts.choices import Role
from pmo.core.errors import DomainRuleError, StaleVersionError
from pmo.core.views import apply_service_error
from pmo.engine.schedule.calendars import Calendar, CompiledCalendar, to_minutes
from pmo.projects.adapters import engine_calendars, to_wall
from pmo.projects.forms.tracking import BaselineSaveForm, CompareBaselineForm
from pmo.projects.models import Baseline, BaselineTask, Project, Task
from pmo.projects.services.baselines import (
    baseline_delete,
    baseline_save,
    project_compare_baseline_set,
)
from pmo.projects.views.gantt import chosen_baseline
from pmo.projects.workspace import ProjectSectionView


def project_calendar(project: Project, first: dt.datetime, last: dt.datetime) -> CompiledCalendar:
    """The project calendar compiled over ``first``..``last`` (with a margin)."""
    calendars = engine_calendars(project)
    calendar = calendars.get(str(project.calendar_id), Calendar()) if project.calendar_id else Calendar()
    return calendar.compile(first.date() - dt.timedelta(days=7), last.date() + dt.timedelta(days=7))


def variance_rows(project: Project, number: int) -> list[dict[str, Any]]:
    """Every task with its baseline ``number`` values and variances (days; ``None`` when unknown)."""
    tasks = list(
        Task.objects.filter(project=project)
        .order_by("position")
        .values("id", "uid", "position", "wbs", "name", "outline_level", "is_summary", "start", "finish",
                "scheduled_minutes")
    )  # fmt: skip
    planned = {
        row["task_id"]: row
        for row in BaselineTask.objects.filter(baseline__project=project, baseline__number=number).values(
            "task_id", "start", "finish", "duration_minutes", "cost"
        )
    }
    instants = [
        v for row in [*tasks, *planned.values()] for v in (row["start"], row["finish"]) if v is not None
    ]
    walls = [w for w in map(to_wall, instants) if w is not None]
    calendar = project_calendar(project, min(walls), max(walls)) if walls else None
    per_day = project.minutes_per_day or 480

    def gap(current: dt.datetime | None, before: dt.datetime | None) -> float | None:
        if current is None or before is None or calendar is None:
            return None
        a, b = to_minutes(to_wall(before) or before), to_minutes(to_wall(current) or current)
        return round(calendar.work_between(a, b) / per_day, 2)

    rows = []
    for task in tasks:
        base = planned.get(task["id"])
        row = {**task, "baseline": base}
        if base:
            row["start_variance"] = gap(task["start"], base["start"])
            row["finish_variance"] = gap(task["finish"], base["finish"])
            duration = task["scheduled_minutes"]
            row["duration_variance"] = (
                round((duration - base["duration_minutes"]) / per_day, 2)
                if duration is not None and base["duration_minutes"] is not None
                else None
            )
            row["baseline_duration"] = (
                round(base["duration_minutes"] / per_day, 2) if base["duration_minutes"] is not None else None
            )
        else:
            row.update(
                start_variance=None, finish_variance=None, duration_variance=None, baseline_duration=None
            )
        row["duration"] = (
            round(task["scheduled_minutes"] / per_day, 2) if task["scheduled_minutes"] is not None else None
        )
        rows.append(row)
    return rows


def slipped(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Tasks finishing later than the baseline, the biggest slip first."""
    late = [row for row in rows if (row["finish_variance"] or 0) > 0 and not row["is_summary"]]
    return sorted(late, key=lambda row: (-row["finish_variance"], row["position"]))


class BaselinesView(ProjectSectionView):
    """``GET``: baselines and variances (``?baseline=N``, ``?view=slipped``); ``POST``: save (manager)."""

    section = "baselines"
    template_name = "projects/baselines/baselines.html"

    def context(self, project: Project, form: BaselineSaveForm | None = None, **extra: Any) -> dict[str, Any]:
        number = chosen_baseline(self.request, project)
        rows = variance_rows(project, number)
        view = "slipped" if self.request.GET.get("view") == "slipped" else "all"
        baselines = list(
            Baseline.objects.filter(project=project).select_related("saved_by").order_by("number")
        )
        return {
            "section_label": "Baselines",
            "baselines": baselines,
            "taken": [b.number for b in baselines],
            "number": number,
            "view": view,
            "rows": slipped(rows) if view == "slipped" else rows,
            "slipped_count": len(slipped(rows)),
            "form": form or BaselineSaveForm(initial={"number": number}),
            "compare_form": CompareBaselineForm(initial={"number": project.compare_baseline}),
            **extra,
        }

    def get(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """The list, the save form and the variance table (or its partial for htmx)."""
        project = self.get_project()
        return self.render_section(project, self.context(project), fragment="variance")

    def post(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """Save baseline N; an existing one needs the confirmation box (and the manager role)."""
        project = self.get_project()
        self.require(project, Role.MANAGER)
        form = BaselineSaveForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                baseline = baseline_save(
                    actor=request.user,
                    project=project,
                    number=data["number"],
                    name=data["name"],
                    overwrite=data["confirm"],
                )
            except DomainRuleError as error:
                apply_service_error(form, error)
                exists = Baseline.objects.filter(project=project, number=data["number"]).exists()
                context = self.context(project, form, confirm_needed=exists)
                return self.render_section(project, context, fragment="save-form", status=400)
            messages.success(request, f"Saved {baseline}.")
            return redirect(f"{request.path}?baseline={baseline.number}")
        return self.render_section(project, self.context(project, form), fragment="save-form", status=400)


class BaselineDeleteView(ProjectSectionView):
    """``POST``: delete a baseline (manager)."""

    section = "baselines"
    template_name = "projects/baselines/baselines.html"

    def post(self, request: HttpRequest, uid: Any, baseline_uid: Any) -> HttpResponse:
        """Delete, then back to the list."""
        project = self.get_project()
        baseline = get_object_or_404(
            Baseline.objects.select_related("project"), project=project, uid=baseline_uid
        )
        self.require(project, Role.MANAGER)
        version = request.POST.get("version", "")
        try:
            baseline_delete(
                actor=request.user,
                baseline=baseline,
                expected_version=int(version) if version.isdigit() else None,
            )
        except StaleVersionError as error:
            messages.error(request, str(error))
            return redirect("projects:baselines", uid=project.uid)
        messages.success(request, f"Deleted {baseline}.")
        return redirect("projects:baselines", uid=project.uid)


class CompareBaselineView(ProjectSectionView):
    """``POST``: choose the baseline the project compares with by default (manager)."""

    section = "baselines"
    template_name = "projects/baselines/baselines.html"

    def post(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """Store the choice, then back to the list."""
        project = self.get_project()
        self.require(project, Role.MANAGER)
        form = CompareBaselineForm(request.POST)
        if not form.is_valid():
            return self.render_section(project, self.context_for_error(project, form), status=400)
        project_compare_baseline_set(actor=request.user, project=project, number=form.cleaned_data["number"])
        messages.success(request, f"The project now compares with baseline {form.cleaned_data['number']}.")
        return redirect("projects:baselines", uid=project.uid)

    def context_for_error(self, project: Project, form: CompareBaselineForm) -> dict[str, Any]:
        view = BaselinesView()
        view.request = self.request
        return view.context(project) | {"compare_form": form}
