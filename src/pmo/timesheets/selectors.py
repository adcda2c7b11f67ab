"""Reads of timesheets: the tasks a user may log time on, their own sheets, the sheets a manager
approves, and the actual work approved on a task."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet, Sum

from pmo.accounts.choices import ROLE_RANK, Role
from pmo.accounts.selectors import is_pmo_admin, membership_paths
from pmo.projects.models import Project, Task
from pmo.timesheets.choices import SheetStatus
from pmo.timesheets.models import ProjectTimesheetSettings, TimeEntry, Timesheet


def week_of(day: dt.date) -> dt.date:
    """The Monday of the week holding ``day``.

    >>> week_of(dt.date(2026, 1, 22)).isoformat()
    '2026-01-19'
    """
    return day - dt.timedelta(days=day.weekday())


def _paths_with(user: Any, minimum: str) -> list[str]:
    return [path for path, role in membership_paths(user).items() if ROLE_RANK[role] >= ROLE_RANK[minimum]]


def _under(paths: list[str], lookup: str) -> Q:
    query = Q(pk__in=[])
    for path in paths:
        query |= Q(**{f"{lookup}__startswith": path})
    return query


def loggable_tasks(user: Any) -> QuerySet[Task]:
    """Leaf tasks the user may log time on: of projects where they are contributor or manager, or
    tasks assigned to a resource linked to them."""
    queryset = Task.objects.filter(is_summary=False).select_related("project")
    if is_pmo_admin(user):
        return queryset
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return queryset.none()
    condition = _under(_paths_with(user, Role.CONTRIBUTOR), "project__scope__path")
    condition |= Q(assignments__resource__user=user)
    return queryset.filter(condition).distinct()


def sheets_of(user: Any) -> QuerySet[Timesheet]:
    """The user's own sheets, newest week first."""
    if not getattr(user, "is_authenticated", False):
        return Timesheet.objects.none()
    return Timesheet.objects.filter(user=user)


def sheet_for_week(user: Any, week_start: dt.date) -> Timesheet | None:
    """The user's sheet for the week starting ``week_start`` (``None`` when nothing was logged)."""
    return sheets_of(user).filter(week_start=week_start).first()


def sheets_to_approve(user: Any) -> QuerySet[Timesheet]:
    """Submitted sheets with time on a project the user manages (not their own sheets)."""
    queryset = Timesheet.objects.filter(status=SheetStatus.SUBMITTED).select_related("user")
    if is_pmo_admin(user):
        return queryset
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return queryset.none()
    condition = _under(_paths_with(user, Role.MANAGER), "entries__project__scope__path")
    return queryset.filter(condition).exclude(user=user).distinct()


def sheets_visible(user: Any) -> QuerySet[Timesheet]:
    """Sheets the user may read: their own, and sheets with time on a project they manage."""
    if is_pmo_admin(user):
        return Timesheet.objects.all()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Timesheet.objects.none()
    condition = Q(user=user) | _under(_paths_with(user, Role.MANAGER), "entries__project__scope__path")
    return Timesheet.objects.filter(condition).distinct()


def approved_minutes(task: Task) -> int:
    """The actual work approved on ``task`` through timesheets, in minutes."""
    total = TimeEntry.objects.filter(task=task, timesheet__status=SheetStatus.APPROVED).aggregate(
        total=Sum("minutes")
    )["total"]
    return int(total or 0)


def updates_progress(project_id: int) -> bool:
    """Whether approved actual work updates the progress of this project's tasks (default off)."""
    return ProjectTimesheetSettings.objects.filter(project_id=project_id, update_progress=True).exists()


def sheets_concerning(user: Any) -> QuerySet[Timesheet]:
    """Sheets the user may address a decision to (others answer 404): their own, and sheets with
    time on a project where they hold any role (the service then requires a manager)."""
    if is_pmo_admin(user):
        return Timesheet.objects.all()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Timesheet.objects.none()
    condition = Q(user=user) | _under(_paths_with(user, Role.VIEWER), "entries__project__scope__path")
    return Timesheet.objects.filter(condition).distinct()


def sheet_lines(sheet: Timesheet) -> list[tuple[Task, int]]:
    """The sheet's minutes per task, in project and task order."""
    totals = (
        TimeEntry.objects.filter(timesheet=sheet)
        .values("task")
        .annotate(total=Sum("minutes"))
        .values_list("task", "total")
    )
    by_task = dict(totals)
    tasks = (
        Task.objects.filter(pk__in=by_task).select_related("project").order_by("project__code", "position")
    )
    return [(task, int(by_task[task.pk])) for task in tasks]


def managed_projects(user: Any) -> QuerySet[Project]:
    """Projects where the user is manager (every project for a PMO administrator), by code."""
    queryset = Project.objects.order_by("code")
    if is_pmo_admin(user):
        return queryset
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return queryset.none()
    return queryset.filter(_under(_paths_with(user, Role.MANAGER), "scope__path"))
