"""The owner's side of a timesheet: set a week's entries in bulk, then submit the sheet."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from pmo.accounts.choices import Role
from pmo.accounts.selectors import has_role
from pmo.core.audit import audit_log
from pmo.core.choices import AuditAction
from pmo.core.errors import DomainRuleError
from pmo.core.services import instance_create, instance_update, lock_for_update
from pmo.projects.models import Task
from pmo.timesheets.choices import EDITABLE, SheetStatus
from pmo.timesheets.models import TimeEntry, Timesheet
from pmo.timesheets.selectors import loggable_tasks

#: The most a day may hold, in minutes.
DAY_MINUTES = 24 * 60


def _day(date: dt.date) -> str:
    return f"{date:%A} {date:%Y-%m-%d}"


def _hours(minutes: int) -> str:
    return f"{minutes // 60} h {minutes % 60:02d} min"


def _check_cell(
    actor: Any, cell: Mapping[str, Any], week_start: dt.date, allowed: set[int]
) -> tuple[Task, dt.date, int]:
    task, date, minutes = cell.get("task"), cell.get("date"), cell.get("minutes")
    if not isinstance(task, Task):
        raise DomainRuleError("Each entry needs a task.", field="task")
    if not isinstance(date, dt.date) or not week_start <= date <= week_start + dt.timedelta(days=6):
        raise DomainRuleError(
            f"{date} is not a day of the week of {week_start:%Y-%m-%d} (Monday to Sunday).", field="date"
        )
    if task.pk not in allowed:
        # Name the task only to someone who may see it (no leak of another portfolio's names).
        what = str(task) if has_role(actor, task.project.scope, Role.VIEWER) else "this task"
        raise DomainRuleError(
            f"You cannot log time on {what}: you are not a contributor of its project nor assigned to it.",
            field="task",
        )
    if not isinstance(minutes, int) or isinstance(minutes, bool):
        raise DomainRuleError(f"{_day(date)}: give the time as whole minutes.", field=date.isoformat())
    if minutes < 0:
        raise DomainRuleError(
            f"{_day(date)}: time cannot be negative ({minutes} min on {task}).", field=date.isoformat()
        )
    return task, date, minutes


def _get_or_create_sheet(actor: Any, week_start: dt.date) -> Timesheet:
    sheet = Timesheet.objects.filter(user=actor, week_start=week_start).first()
    if sheet is None:
        return instance_create(actor=actor, instance=Timesheet(user=actor, week_start=week_start), scope=None)
    return lock_for_update(sheet, expected_version=None)


def entries_set(
    *,
    actor: Any,
    week_start: dt.date,
    cells: Iterable[Mapping[str, Any]],
    expected_version: int | None = None,
) -> Timesheet:
    """Set the actor's time for the week starting Monday ``week_start``: each cell is
    ``{"task": Task, "date": date, "minutes": int}``; 0 minutes removes the entry.

    One transaction: a negative value, a day over 24 hours, a day outside the week or a task the
    actor may not log on is refused naming the day (or field) and nothing is saved. A returned
    sheet goes back to draft; a submitted or approved sheet cannot be changed.
    """
    if not getattr(actor, "is_authenticated", False):
        raise DomainRuleError("Sign in to keep a timesheet.")
    if week_start.weekday() != 0:
        raise DomainRuleError(f"{week_start:%Y-%m-%d} is not a Monday.", field="week_start")
    allowed = set(loggable_tasks(actor).values_list("pk", flat=True))
    wanted: dict[tuple[int, dt.date], tuple[Task, int]] = {}
    for cell in cells:
        task, date, minutes = _check_cell(actor, cell, week_start, allowed)
        wanted[(task.pk, date)] = (task, minutes)
    with transaction.atomic():
        sheet = _get_or_create_sheet(actor, week_start)
        if expected_version is not None:
            sheet = lock_for_update(sheet, expected_version=expected_version)
        if sheet.status not in EDITABLE:
            raise DomainRuleError(
                f"The sheet is {sheet.get_status_display().lower()}; it can no longer be changed.",
                field="status",
            )
        current = {(e.task_id, e.date): e for e in TimeEntry.objects.filter(timesheet=sheet)}
        totals: dict[dt.date, int] = {}
        for (task_id, date), existing in current.items():
            if (task_id, date) not in wanted:
                totals[date] = totals.get(date, 0) + existing.minutes
        for (_, date), (_, minutes) in wanted.items():
            totals[date] = totals.get(date, 0) + minutes
        for date in sorted(totals):
            if totals[date] > DAY_MINUTES:
                raise DomainRuleError(
                    f"{_day(date)}: {_hours(totals[date])} logged in total; a day has at most 24 hours.",
                    field=date.isoformat(),
                )
        changes: dict[str, list[Any]] = {}
        for (task_id, date), (task, minutes) in wanted.items():
            entry = current.get((task_id, date))
            before = entry.minutes if entry else 0
            if before == minutes:
                continue
            changes[f"{task.pk}@{date.isoformat()}"] = [before, minutes]
            if entry is not None and minutes == 0:
                entry.delete()
            elif entry is not None:
                entry.minutes = minutes
                entry.save(update_fields=["minutes"])
            else:
                TimeEntry.objects.create(
                    timesheet=sheet, project_id=task.project_id, task=task, date=date, minutes=minutes
                )
        if changes:
            audit_log(
                actor=actor,
                action=AuditAction.UPDATE,
                instance=sheet,
                scope=None,
                changes=changes,
                note="Time entries changed",
            )
            if sheet.status != SheetStatus.DRAFT:  # a returned sheet is a draft again once edited
                sheet, _ = instance_update(
                    actor=actor,
                    instance=sheet,
                    data={"status": SheetStatus.DRAFT},
                    expected_version=None,
                    scope=None,
                )
            else:
                Timesheet.objects.filter(pk=sheet.pk).update(version=F("version") + 1)
                sheet.refresh_from_db()
    return sheet


def require_owner(actor: Any, timesheet: Timesheet) -> None:
    """Raise ``PermissionDenied`` (403) unless ``actor`` owns the sheet."""
    if timesheet.user_id != getattr(actor, "pk", None):
        raise PermissionDenied("only the owner of a timesheet can submit it")


def timesheet_submit(*, actor: Any, timesheet: Timesheet, expected_version: int | None = None) -> Timesheet:
    """Submit the actor's own sheet for approval; refused when already submitted or empty."""
    require_owner(actor, timesheet)
    with transaction.atomic():
        current = lock_for_update(timesheet, expected_version=expected_version)
        if current.status == SheetStatus.SUBMITTED:
            raise DomainRuleError("The sheet is already submitted; wait for the decision.", field="status")
        if current.status == SheetStatus.APPROVED:
            raise DomainRuleError("The sheet is already approved.", field="status")
        if not current.entries.exists():
            raise DomainRuleError("Log some time before submitting the sheet.", field="entries")
        saved, _ = instance_update(
            actor=actor,
            instance=current,
            data={"status": SheetStatus.SUBMITTED, "submitted_at": timezone.now(), "comment": ""},
            expected_version=None,
            scope=None,
            note="Submitted",
        )
    return saved
