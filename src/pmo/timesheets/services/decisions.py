"""The managers' side of a timesheet: approve (feeding actual work and, when the project asks for
it, task progress) or return it with a comment; and the per-project setting.

Decision rule: the sheet is decided as a whole, by a person who manages *every* project it holds
time on (a PMO administrator qualifies). Nobody decides their own sheet.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from pmo.accounts.choices import Role
from pmo.accounts.selectors import has_role, require_role
from pmo.core.errors import DomainRuleError
from pmo.core.services import instance_create, instance_update, lock_for_update
from pmo.projects.models import Project, Task
from pmo.projects.services.progress import task_progress_update
from pmo.resources.models import Assignment
from pmo.timesheets.choices import SheetStatus
from pmo.timesheets.models import ProjectTimesheetSettings, Timesheet
from pmo.timesheets.selectors import approved_minutes, updates_progress

#: The hour of day an actual start derived from the first logged day gets.
START_HOUR = 8


def require_decider(actor: Any, sheet: Timesheet) -> list[Project]:
    """Raise ``PermissionDenied`` unless ``actor`` manages every project the sheet holds time on,
    and ``DomainRuleError`` when it is their own sheet; returns those projects."""
    projects = list(Project.objects.filter(pk__in=sheet.entries.values("project_id")).select_related("scope"))
    missing = [p.code or p.name for p in projects if not has_role(actor, p.scope, Role.MANAGER)]
    if missing:
        raise PermissionDenied(
            "deciding this timesheet needs the manager role on every project it holds time on; "
            f"you do not manage {', '.join(sorted(missing))}"
        )
    if sheet.user_id == getattr(actor, "pk", None):
        raise DomainRuleError("You cannot decide your own timesheet; ask another manager.", field="user")
    return projects


def _locked_submitted(actor: Any, sheet: Timesheet, expected_version: int | None) -> Timesheet:
    current = lock_for_update(sheet, expected_version=expected_version)
    require_decider(actor, current)
    if current.status != SheetStatus.SUBMITTED:
        raise DomainRuleError(
            f"Only a submitted sheet can be decided; this one is {current.get_status_display().lower()}.",
            field="status",
        )
    return current


def _planned_minutes(task: Task) -> int:
    """The task's planned work: its assignments' work, else its duration (one person full time)."""
    work = sum(a.work_minutes or 0 for a in Assignment.objects.filter(task=task))
    return work or task.duration_minutes


def _apply_work(actor: Any, sheet: Timesheet) -> None:
    """Add the sheet's minutes to the owner's assignments and, where the project asks, progress."""
    per_task: dict[int, int] = defaultdict(int)
    first_day: dict[int, dt.date] = {}
    for entry in sheet.entries.all():
        per_task[entry.task_id] += entry.minutes
        first_day[entry.task_id] = min(first_day.get(entry.task_id, entry.date), entry.date)
    for task in Task.objects.filter(pk__in=per_task).select_related("project__scope").order_by("pk"):
        assignment = Assignment.objects.filter(task=task, resource__user=sheet.user).order_by("pk").first()
        if assignment is not None:
            instance_update(
                actor=actor,
                instance=assignment,
                data={"actual_work_minutes": (assignment.actual_work_minutes or 0) + per_task[task.pk]},
                expected_version=None,
                scope=task.project.scope,
                note=f"Approved timesheet of {sheet.user}",
            )
        if not updates_progress(task.project_id) or task.actual_finish is not None:
            continue
        percent = min(99, approved_minutes(task) * 100 // max(1, _planned_minutes(task)))
        data: dict[str, Any] = {"percent_complete": max(task.percent_complete, percent)}
        if task.actual_start is None:
            day = first_day[task.pk]
            data["actual_start"] = timezone.make_aware(dt.datetime(day.year, day.month, day.day, START_HOUR))
        task_progress_update(actor=actor, task=task, data=data, note=f"Timesheet of {sheet.user} approved")


def timesheet_approve(*, actor: Any, timesheet: Timesheet, expected_version: int | None = None) -> Timesheet:
    """Approve a submitted sheet (manager of every project it touches); the approved hours become
    actual work, and task progress where the project's setting is on."""
    with transaction.atomic():
        current = _locked_submitted(actor, timesheet, expected_version)
        saved, _ = instance_update(
            actor=actor,
            instance=current,
            data={"status": SheetStatus.APPROVED, "decided_at": timezone.now(), "decided_by": actor},
            expected_version=None,
            scope=None,
            note="Approved",
        )
        _apply_work(actor, saved)
    return saved


def timesheet_return(
    *, actor: Any, timesheet: Timesheet, comment: str, expected_version: int | None = None
) -> Timesheet:
    """Return a submitted sheet to its owner with a comment saying what to fix."""
    if not comment.strip():
        raise DomainRuleError("Say why the sheet is returned.", field="comment")
    with transaction.atomic():
        current = _locked_submitted(actor, timesheet, expected_version)
        saved, _ = instance_update(
            actor=actor,
            instance=current,
            data={
                "status": SheetStatus.RETURNED,
                "decided_at": timezone.now(),
                "decided_by": actor,
                "comment": comment.strip(),
            },
            expected_version=None,
            scope=None,
            note=f"Returned: {comment.strip()}"[:300],
        )
    return saved


def project_timesheet_settings_set(
    *, actor: Any, project: Project, update_progress: bool
) -> ProjectTimesheetSettings:
    """Turn "approved actual work updates task progress" on or off for a project; manager."""
    require_role(actor, project.scope, Role.MANAGER)
    with transaction.atomic():
        row = ProjectTimesheetSettings.objects.filter(project=project).first()
        if row is None:
            return instance_create(
                actor=actor,
                instance=ProjectTimesheetSettings(project=project, update_progress=update_progress),
                scope=project.scope,
            )
        saved, _ = instance_update(
            actor=actor,
            instance=row,
            data={"update_progress": update_progress},
            expected_version=None,
            scope=project.scope,
        )
    return saved
