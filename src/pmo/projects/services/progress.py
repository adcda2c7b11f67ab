"""Writes of progress: a task's actuals, the status date, and "update as scheduled".

Each is one schedule write (:func:`~pmo.projects.services.schedule.run_schedule_write`): the
rows are checked and written, a :class:`~pmo.projects.models.ProgressEntry` is appended per task,
and the project is rescheduled in the same transaction. Refusals name the row and write nothing.

Conventions (Microsoft Project's): the status date means the *end* of that day; without one,
actuals may not be later than the end of today. A task with an actual finish is 100 % complete;
a task reported as started without an actual start starts at its scheduled start.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from django.utils import timezone

from pmo.accounts.choices import Role
from pmo.core.errors import DomainRuleError
from pmo.core.services import instance_update, lock_for_update
from pmo.engine.schedule.calendars import Calendar, to_minutes
from pmo.projects.adapters import (
    LoadedProject,
    engine_calendars,
    engine_project,
    from_wall,
    run_engine,
    status_instant,
)
from pmo.projects.models import ProgressEntry, Project, Task
from pmo.projects.services.schedule import ScheduleChange, run_schedule_write

#: Fields of a progress update.
PROGRESS_FIELDS = ("percent_complete", "actual_start", "actual_finish", "remaining_minutes")


def progress_limit(project: Project) -> dt.datetime:
    """The latest instant an actual may have: the end of the status date (or of today)."""
    limit = status_instant(project)
    if limit is None:
        today = timezone.localdate() + dt.timedelta(days=1)
        limit = dt.datetime(today.year, today.month, today.day)
    return timezone.make_aware(limit)


def _limit_text(project: Project) -> str:
    return f"the status date {project.status_date:%Y-%m-%d}" if project.status_date else "today"


def check_progress(task: Task, project: Project, values: dict[str, Any]) -> dict[str, Any]:
    """Complete and check one task's progress values (see the module docstring); returns them.

    Raises :class:`DomainRuleError` naming the row and the field.
    """
    row = f"Row {task.position}"
    percent = values.get("percent_complete", task.percent_complete)
    if percent is None:
        percent = 0
    if not isinstance(percent, int) or isinstance(percent, bool) or not 0 <= percent <= 100:
        raise DomainRuleError(
            f"{row}: % complete must be between 0 and 100 (got {percent}).", field="percent_complete"
        )
    remaining = values.get("remaining_minutes", task.remaining_minutes)
    if remaining is not None and (not isinstance(remaining, int) or remaining < 0):
        raise DomainRuleError(f"{row}: the remaining duration cannot be negative.", field="remaining_minutes")
    start = values.get("actual_start", task.actual_start)
    finish = values.get("actual_finish", task.actual_finish)
    if task.is_summary and (set(values) & set(PROGRESS_FIELDS)):
        raise DomainRuleError(
            f"{row}: a summary task's progress comes from its subtasks.", field="percent_complete"
        )
    if finish is not None:
        percent, remaining = 100, 0
    derived = start is None and (percent > 0 or finish is not None)
    if derived:
        start = task.start  # started as scheduled, as Microsoft Project assumes
    if start is not None and finish is not None and finish < start:
        raise DomainRuleError(
            f"{row}: the actual finish {finish:%Y-%m-%d %H:%M} is before the actual start "
            f"{start:%Y-%m-%d %H:%M}.",
            field="actual_finish",
        )
    limit = progress_limit(project)
    for name, value in (("actual_start", start), ("actual_finish", finish)):
        if value is not None and value > limit:
            label = name.replace("_", " ")
            hint = (
                " (the scheduled start; enter the actual start)" if derived and name == "actual_start" else ""
            )
            raise DomainRuleError(
                f"{row}: the {label} {value:%Y-%m-%d %H:%M}{hint} is after {_limit_text(project)}; "
                "progress can only be reported up to it.",
                field=name,
            )
    if start is None and remaining is not None and remaining != task.duration_minutes:
        raise DomainRuleError(
            f"{row}: a task that has not started has no remaining duration to report.",
            field="remaining_minutes",
        )
    return {
        "percent_complete": percent,
        "actual_start": start,
        "actual_finish": finish,
        "remaining_minutes": remaining,
    }


def _entry(task: Task, project: Project, actor: Any, note: str) -> ProgressEntry:
    return ProgressEntry(
        task=task,
        project=project,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        status_date=project.status_date,
        percent_complete=task.percent_complete,
        actual_start=task.actual_start,
        actual_finish=task.actual_finish,
        remaining_minutes=task.remaining_minutes,
        note=note[:300],
    )


def task_progress_update(
    *,
    actor: Any,
    task: Task,
    data: Mapping[str, Any],
    expected_version: int | None = None,
    note: str = "",
) -> ScheduleChange:
    """Record progress of ``task`` (contributor role): any of :data:`PROGRESS_FIELDS`.

    Fields left out keep their value; ``None`` clears. The history gets one entry; the project is
    rescheduled (unfinished work moves after the status date).
    """
    unknown = set(data) - set(PROGRESS_FIELDS)
    if unknown:
        raise DomainRuleError(
            f"These fields are not progress: {', '.join(sorted(unknown))}.", field=sorted(unknown)[0]
        )

    def body(locked: Project) -> tuple[list[Any], set[int]]:
        current = lock_for_update(task, expected_version=expected_version)
        values = check_progress(current, locked, dict(data))
        saved, _ = instance_update(
            actor=actor, instance=current, data=values, expected_version=None, scope=locked.scope
        )
        _entry(saved, locked, actor, note).save()
        return [saved], set()

    return run_schedule_write(actor, task.project, body)


def project_status_date_set(
    *, actor: Any, project: Project, status_date: dt.date | None, expected_version: int | None = None
) -> ScheduleChange:
    """Set (or clear) the status date; manager role. Unfinished work is rescheduled after it."""

    def body(locked: Project) -> tuple[list[Any], set[int]]:
        saved, _ = instance_update(
            actor=actor,
            instance=locked,
            data={"status_date": status_date},
            expected_version=expected_version,
            scope=locked.scope,
        )
        locked.status_date, locked.version = saved.status_date, saved.version
        return [], set()

    return run_schedule_write(actor, project, body, role=Role.MANAGER)


def _calendars(project: Project) -> tuple[dict[str, Calendar], Calendar]:
    calendars = engine_calendars(project)
    default = calendars.get(str(project.calendar_id), Calendar()) if project.calendar_id else Calendar()
    return calendars, default


def share_done(
    start: dt.datetime, finish: dt.datetime, instant: dt.datetime, calendar: Calendar, *, elapsed: bool
) -> int:
    """Percent of the working time from ``start`` to ``finish`` that lies before ``instant``.

    Examples
    --------
    Two Standard working days from Monday 08:00, status at the end of Monday: 50 %.

    >>> mon = dt.datetime(2026, 3, 2, 8)
    >>> share_done(mon, dt.datetime(2026, 3, 3, 17), dt.datetime(2026, 3, 3), Calendar(), elapsed=False)
    50
    """
    if instant >= finish:
        return 100
    if instant <= start:
        return 0
    if elapsed:
        total, done = (finish - start).total_seconds(), (instant - start).total_seconds()
    else:
        compiled = calendar.compile(start.date() - dt.timedelta(days=1), finish.date() + dt.timedelta(days=1))
        total = compiled.work_between(to_minutes(start), to_minutes(finish))
        done = compiled.work_between(to_minutes(start), to_minutes(instant))
    if total <= 0:
        return 100
    return max(0, min(99, int(100 * done // total)))


def _planned_dates(project: Project) -> dict[int, tuple[dt.datetime, dt.datetime]]:
    """Each task's dates as scheduled *without* the status date (which pushes unfinished work
    after it): "as scheduled" means the plan the tasks should have followed."""
    loaded = engine_project(project)
    unpushed = LoadedProject(
        engine=replace(loaded.engine, status_date=None), rows=loaded.rows, positions=loaded.positions
    )
    return {res.uid: (res.start, res.finish) for res in run_engine(unpushed).tasks}


def project_update_as_scheduled(
    *, actor: Any, project: Project, status_date: dt.date | None = None
) -> ScheduleChange:
    """Microsoft Project's "Update project: set 0 %-100 % complete" up to the status date; manager.

    ``status_date`` (default: the project's) is stored as the project's status date. Every leaf task
    scheduled to start by the end of that day gets its scheduled start as actual start; tasks
    scheduled to finish by then are 100 % complete with their scheduled finish as actual finish;
    the others get the share of their working time before the status date (never less than what
    was already reported). Tasks already finished are left alone.
    """

    def body(locked: Project) -> tuple[list[Any], set[int]]:
        day = status_date or locked.status_date
        if day is None:
            raise DomainRuleError("Set a status date first.", field="status_date")
        if day != locked.status_date:
            saved_project, _ = instance_update(
                actor=actor,
                instance=locked,
                data={"status_date": day},
                expected_version=None,
                scope=locked.scope,
            )
            locked.status_date, locked.version = saved_project.status_date, saved_project.version
        instant = dt.datetime(day.year, day.month, day.day) + dt.timedelta(days=1)
        calendars, default = _calendars(locked)
        planned = _planned_dates(locked)
        tasks = Task.objects.filter(project=locked, is_summary=False, actual_finish__isnull=True).order_by(
            "position"
        )
        written: list[Task] = []
        entries: list[ProgressEntry] = []
        for task in tasks:
            start, finish = planned.get(task.pk, (None, None))
            if start is None or finish is None or start >= instant:
                continue
            calendar = calendars.get(str(task.calendar_id), default) if task.calendar_id else default
            percent = share_done(start, finish, instant, calendar, elapsed=task.duration_elapsed)
            values: dict[str, Any] = {"actual_start": task.actual_start or from_wall(start)}
            if percent >= 100 or task.is_milestone:
                values.update(percent_complete=100, actual_finish=from_wall(finish), remaining_minutes=0)
            else:
                values.update(percent_complete=max(task.percent_complete, percent), remaining_minutes=None)
            saved, changes = instance_update(
                actor=actor,
                instance=task,
                data=values,
                expected_version=None,
                scope=locked.scope,
                note=f"updated as scheduled to {day:%Y-%m-%d}",
            )
            if changes:
                written.append(saved)
                entries.append(_entry(saved, locked, actor, f"Updated as scheduled to {day:%Y-%m-%d}"))
        ProgressEntry.objects.bulk_create(entries)
        return written, {task.pk for task in written}

    return run_schedule_write(actor, project, body, role=Role.MANAGER)
