"""The Gantt section: the schedule as a Plotly chart (and as a vector PDF).

The figure is built from ``values()`` rows: tasks, links, the compared baseline, four queries
whatever the number of tasks (see :mod:`pmo.projects.charts`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from pmo.accounts.choices import Role
from pmo.projects import charts
from pmo.projects.adapters import status_instant, to_wall
from pmo.projects.choices import BASELINE_NUMBERS
from pmo.projects.models import Baseline, BaselineTask, Link, Project, Task
from pmo.projects.workspace import ProjectSectionView


def wall_now() -> dt.datetime:
    """Now as local wall-clock time (naive), as the charts take it."""
    return timezone.localtime().replace(tzinfo=None, second=0, microsecond=0)


def chosen_baseline(request: HttpRequest, project: Project) -> int:
    """``?baseline=N`` when it is a valid number, else the project's compared baseline."""
    text = request.GET.get("baseline", "")
    if text.isdigit() and int(text) in BASELINE_NUMBERS:
        return int(text)
    return project.compare_baseline


@dataclass(frozen=True)
class GanttData:
    """What the Gantt chart and its PDF show, read in four queries (dates as local wall clock)."""

    rows: list[dict[str, Any]]
    links: list[tuple[int, int, str]]
    baseline: dict[int, tuple[dt.datetime | None, dt.datetime | None]]
    baseline_number: int
    baselines: list[dict[str, Any]]
    status_date: dt.datetime | None
    today: dt.datetime

    @property
    def has_baseline(self) -> bool:
        """Whether the chosen baseline exists."""
        return any(b["number"] == self.baseline_number for b in self.baselines)


def gantt_data(project: Project, baseline_number: int) -> GanttData:
    """Read the schedule rows of ``project`` for the Gantt (four queries)."""
    rows = list(Task.objects.filter(project=project).order_by("position").values(*charts.GANTT_FIELDS))
    for row in rows:
        row["start"], row["finish"] = to_wall(row["start"]), to_wall(row["finish"])
    links = list(
        Link.objects.filter(project=project)
        .order_by("id")
        .values_list("predecessor_id", "successor_id", "type")
    )
    baselines = [
        dict(row)
        for row in Baseline.objects.filter(project=project)
        .order_by("number")
        .values("number", "name", "saved_at")
    ]
    planned = {
        task_id: (to_wall(start), to_wall(finish))
        for task_id, start, finish in BaselineTask.objects.filter(
            baseline__project=project, baseline__number=baseline_number
        ).values_list("task_id", "start", "finish")
    }
    now = wall_now()
    return GanttData(
        rows=rows,
        links=links,
        baseline=planned,
        baseline_number=baseline_number,
        baselines=baselines,
        status_date=status_instant(project),
        today=now,
    )


class GanttView(ProjectSectionView):
    """``GET``: the Gantt chart; ``?baseline=N`` compares with baseline N; ``?format=pdf`` exports."""

    section = "gantt"
    template_name = "projects/gantt/gantt.html"
    read_role = Role.VIEWER

    def get(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """The page (or its chart partial for htmx), or the PDF."""
        project = self.get_project()
        data = gantt_data(project, chosen_baseline(request, project))
        if request.GET.get("format") == "pdf":
            from pmo.projects.exports import gantt_pdf

            response = HttpResponse(gantt_pdf(project, data), content_type="application/pdf")
            response["Content-Disposition"] = f'attachment; filename="{project.code}-gantt.pdf"'
            return response
        figure = charts.gantt_figure(
            data.rows,
            data.links,
            baseline=data.baseline,
            baseline_label=f"Baseline {data.baseline_number}",
            status_date=data.status_date,
            today=data.today,
            minutes_per_day=project.minutes_per_day,
        )
        context = {
            "figure": figure,
            "data": data,
            "task_count": len(data.rows),
            "critical_count": sum(1 for row in data.rows if row["is_critical"] and not row["is_summary"]),
            "baseline_numbers": BASELINE_NUMBERS,
            "section_label": "Gantt",
        }
        return self.render_section(project, context, fragment="chart")
