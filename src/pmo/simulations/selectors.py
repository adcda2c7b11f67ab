"""Reads of the simulations app, filtered through the caller's scope (404 outside it)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from pmo.accounts.selectors import scoped
from pmo.core.selectors import get_visible
from pmo.projects.models import Project, Task
from pmo.simulations.models import CorrelationGroup, SimulationRun, TaskEstimate

#: Columns of a run that list pages need (not the inputs and results JSON).
RUN_LIST_FIELDS = (
    "id", "uid", "version", "project", "scope", "number", "status", "job", "seed", "iterations", "deadline",
    "note", "engine_version", "error", "started_by", "finished_at", "created_at", "updated_at", "rerun_of",
)  # fmt: skip


def estimates_visible(user: Any) -> QuerySet[TaskEstimate]:
    """Estimates of the projects the user may see."""
    return scoped(TaskEstimate.objects.select_related("task", "project", "group"), user)


def estimate_get(user: Any, uid: Any, *, project: Project | None = None) -> TaskEstimate:
    """One visible estimate (of ``project`` when given), or ``Http404``."""
    queryset = estimates_visible(user)
    if project is not None:
        queryset = queryset.filter(project=project)
    return get_visible(queryset, uid=uid)


def groups_visible(user: Any) -> QuerySet[CorrelationGroup]:
    """Correlation groups of the projects the user may see."""
    return scoped(CorrelationGroup.objects.select_related("project"), user)


def group_get(user: Any, uid: Any, *, project: Project | None = None) -> CorrelationGroup:
    """One visible correlation group (of ``project`` when given), or ``Http404``."""
    queryset = groups_visible(user)
    if project is not None:
        queryset = queryset.filter(project=project)
    return get_visible(queryset, uid=uid)


def runs_visible(user: Any) -> QuerySet[SimulationRun]:
    """Runs of the projects the user may see, newest first, without their inputs and results."""
    return scoped(
        SimulationRun.objects.select_related("project", "started_by").only(*RUN_LIST_FIELDS), user
    ).order_by("-created_at", "-id")


def run_get(user: Any, uid: Any, *, project: Project | None = None) -> SimulationRun:
    """One visible run with its results (of ``project`` when given), or ``Http404``."""
    queryset: QuerySet[SimulationRun] = scoped(
        SimulationRun.objects.select_related("project", "started_by", "job"), user
    )
    if project is not None:
        queryset = queryset.filter(project=project)
    return get_visible(queryset, uid=uid)


def estimate_rows(project: Project) -> list[tuple[Task, TaskEstimate | None]]:
    """The project's active leaf tasks in outline order, each with its estimate (two queries)."""
    tasks = list(Task.objects.filter(project=project, is_summary=False, is_active=True).order_by("position"))
    estimates = {e.task_id: e for e in TaskEstimate.objects.filter(project=project).select_related("group")}
    return [(task, estimates.get(task.pk)) for task in tasks]
