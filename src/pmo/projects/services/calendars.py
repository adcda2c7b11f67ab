"""Writes of a project's working-time calendars and their exceptions, and the project calendar.

Every change here is a schedule write (:func:`~pmo.projects.services.schedule.run_schedule_write`)
with the manager role: the row is validated, saved and audited, then the whole project is
rescheduled in the same transaction, so a calendar that leaves a task no working time to
schedule in is refused and nothing is stored. Each service returns the calendar (or exception)
written and the :class:`~pmo.projects.services.schedule.ScheduleChange` of the recalculation.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pmo.accounts.choices import Role
from pmo.core.audit import audit_log
from pmo.core.choices import AuditAction
from pmo.core.errors import DomainRuleError
from pmo.core.services import instance_create, instance_delete, instance_update, lock_for_update
from pmo.projects.models import CalendarException, Project, Task, WorkCalendar
from pmo.projects.services.schedule import ScheduleChange, run_schedule_write

CALENDAR_FIELDS = ("name", "base", "week")
EXCEPTION_FIELDS = ("name", "start", "finish", "working_times", "recurrence")
RECURRENCE_TYPES = ("daily", "weekly", "monthly", "yearly")


def _unknown(data: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise DomainRuleError(f"These fields cannot be changed here: {', '.join(sorted(unknown))}.")


def _check_base(project: Project, calendar: WorkCalendar | None, base: WorkCalendar | None) -> None:
    """The base belongs to the project and does not lead back to ``calendar``."""
    if base is None:
        return
    if base.project_id != project.pk:
        raise DomainRuleError("The base calendar must belong to the same project.", field="base")
    if calendar is None or calendar.pk is None:
        return
    bases = dict(WorkCalendar.objects.filter(project=project).values_list("id", "base_id"))
    seen: set[int] = set()
    current: int | None = base.pk
    while current is not None and current not in seen:
        if current == calendar.pk:
            raise DomainRuleError(
                f"Calendar {calendar.name!r} cannot be based on {base.name!r}: that one is based on it.",
                field="base",
            )
        seen.add(current)
        current = bases.get(current)


def validate_recurrence(recurrence: Mapping[str, Any] | None) -> None:
    """The shape of a recurrence (see :class:`~pmo.projects.models.CalendarException`)."""
    if not recurrence:
        return
    kind = recurrence.get("type")
    if kind not in RECURRENCE_TYPES:
        raise DomainRuleError(
            f"Recurrence type {kind!r} is not one of {', '.join(RECURRENCE_TYPES)}.", field="recurrence"
        )
    unknown = set(recurrence) - {"type", "period", "weekdays", "day", "month", "position", "occurrences"}
    if unknown:
        raise DomainRuleError(f"Unknown recurrence keys: {', '.join(sorted(unknown))}.", field="recurrence")
    period = recurrence.get("period", 1)
    if not isinstance(period, int) or not 1 <= period <= 99:
        raise DomainRuleError("A recurrence repeats every 1 to 99 periods.", field="recurrence")
    weekdays = recurrence.get("weekdays", [])
    if not isinstance(weekdays, list) or any(not isinstance(d, int) or not 0 <= d <= 6 for d in weekdays):
        raise DomainRuleError("Weekdays are numbers 0 (Monday) to 6 (Sunday).", field="recurrence")
    if kind == "weekly" and not weekdays:
        raise DomainRuleError("A weekly recurrence needs at least one weekday.", field="recurrence")
    day, month, position = recurrence.get("day"), recurrence.get("month"), recurrence.get("position")
    if day is not None and (not isinstance(day, int) or not 1 <= day <= 31):
        raise DomainRuleError("The day of the month is 1 to 31.", field="recurrence")
    if month is not None and (not isinstance(month, int) or not 1 <= month <= 12):
        raise DomainRuleError("The month is 1 to 12.", field="recurrence")
    if position is not None and (not isinstance(position, int) or position not in (1, 2, 3, 4, 5)):
        raise DomainRuleError("The position is 1 to 4 (first to fourth) or 5 (last).", field="recurrence")
    if kind in ("monthly", "yearly") and day is None and (position is None or not weekdays):
        raise DomainRuleError(
            f"A {kind} recurrence needs a day of the month, or a position and a weekday.", field="recurrence"
        )
    if kind == "yearly" and month is None:
        raise DomainRuleError("A yearly recurrence needs its month.", field="recurrence")
    occurrences = recurrence.get("occurrences")
    if occurrences is not None and (not isinstance(occurrences, int) or occurrences < 1):
        raise DomainRuleError("The number of occurrences is at least 1.", field="recurrence")


def calendar_create(
    *,
    actor: Any,
    project: Project,
    name: str,
    week: list[Any] | None = None,
    base: WorkCalendar | None = None,
) -> tuple[WorkCalendar, ScheduleChange]:
    """Add a calendar to the project (the Standard week unless ``week`` is given)."""
    created: list[WorkCalendar] = []

    def body(locked: Project) -> tuple[list[Any], set[int]]:
        _check_base(locked, None, base)
        calendar = WorkCalendar(project=locked, name=name, base=base)
        if week is not None:
            calendar.week = week
        _unique_name(locked, calendar)
        instance_create(actor=actor, instance=calendar, scope=locked.scope)
        created.append(calendar)
        return [], set()

    change = run_schedule_write(actor, project, body, role=Role.MANAGER)
    return created[0], change


def _unique_name(project: Project, calendar: WorkCalendar) -> None:
    clash = WorkCalendar.objects.filter(project=project, name=calendar.name)
    if calendar.pk is not None:
        clash = clash.exclude(pk=calendar.pk)
    if clash.exists():
        raise DomainRuleError(f"The project already has a calendar named {calendar.name!r}.", field="name")


def calendar_update(
    *, actor: Any, calendar: WorkCalendar, data: Mapping[str, Any], expected_version: int | None
) -> tuple[WorkCalendar, ScheduleChange]:
    """Change a calendar's name, base or week; every task working on it is rescheduled."""
    _unknown(data, CALENDAR_FIELDS)
    saved: list[WorkCalendar] = []

    def body(locked: Project) -> tuple[list[Any], set[int]]:
        current = lock_for_update(calendar, expected_version=expected_version)
        if "base" in data:
            _check_base(locked, current, data["base"])
        if "name" in data:
            probe = WorkCalendar(pk=current.pk, project=locked, name=data["name"])
            _unique_name(locked, probe)
        result, _ = instance_update(
            actor=actor, instance=current, data=dict(data), expected_version=None, scope=locked.scope
        )
        saved.append(result)
        return [], set()

    change = run_schedule_write(actor, calendar.project, body, role=Role.MANAGER)
    return saved[0], change


def calendar_delete(*, actor: Any, calendar: WorkCalendar, expected_version: int | None) -> ScheduleChange:
    """Delete a calendar with its exceptions; refused while the project, a task or another
    calendar uses it (the message says which)."""

    def body(locked: Project) -> tuple[list[Any], set[int]]:
        current = lock_for_update(calendar, expected_version=expected_version)
        if locked.calendar_id == current.pk:
            raise DomainRuleError(
                f"{current.name!r} is the project calendar; choose another project calendar first.",
                field="calendar",
            )
        rows = list(
            Task.objects.filter(project=locked, calendar=current)
            .order_by("position")
            .values_list("position", flat=True)[:6]
        )
        if rows:
            shown = ", ".join(str(row) for row in rows[:5]) + (", …" if len(rows) > 5 else "")
            raise DomainRuleError(
                f"{current.name!r} is used by task row{'s' if len(rows) > 1 else ''} {shown}; "
                "give them another calendar first.",
                field="calendar",
            )
        derived = list(WorkCalendar.objects.filter(base=current).values_list("name", flat=True))
        if derived:
            raise DomainRuleError(
                f"{current.name!r} is the base of {', '.join(repr(n) for n in derived)}; "
                "change their base first.",
                field="calendar",
            )
        instance_delete(actor=actor, instance=current, expected_version=None, scope=locked.scope)
        return [], set()

    return run_schedule_write(actor, calendar.project, body, role=Role.MANAGER)


def project_calendar_set(
    *, actor: Any, project: Project, calendar: WorkCalendar | None, expected_version: int | None = None
) -> ScheduleChange:
    """Make ``calendar`` the project calendar (``None``: the built-in Standard calendar)."""
    if calendar is not None and calendar.project_id != project.pk:
        raise DomainRuleError("The calendar must belong to this project.", field="calendar")

    def body(locked: Project) -> tuple[list[Any], set[int]]:
        if expected_version is not None and locked.version != expected_version:
            lock_for_update(locked, expected_version=expected_version)  # raises StaleVersionError
        before = locked.calendar
        if locked.calendar_id == (calendar.pk if calendar else None):
            return [], set()
        Project.objects.filter(pk=locked.pk).update(calendar=calendar, version=locked.version + 1)
        locked.calendar = calendar
        project.calendar = calendar
        audit_log(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=locked,
            scope=locked.scope,
            changes={"calendar": [str(before) if before else None, str(calendar) if calendar else None]},
        )
        return [], set()

    return run_schedule_write(actor, project, body, role=Role.MANAGER)


def exception_create(
    *,
    actor: Any,
    calendar: WorkCalendar,
    start: Any,
    finish: Any,
    name: str = "",
    working_times: list[Any] | None = None,
    recurrence: dict[str, Any] | None = None,
) -> tuple[CalendarException, ScheduleChange]:
    """Add an exception (a holiday, changed hours, a recurring day off) to a calendar."""
    validate_recurrence(recurrence)
    created: list[CalendarException] = []

    def body(locked: Project) -> tuple[list[Any], set[int]]:
        exception = CalendarException(
            calendar=calendar,
            name=name,
            start=start,
            finish=finish,
            working_times=working_times or [],
            recurrence=recurrence or None,
        )
        instance_create(actor=actor, instance=exception, scope=locked.scope)
        created.append(exception)
        return [], set()

    change = run_schedule_write(actor, calendar.project, body, role=Role.MANAGER)
    return created[0], change


def exception_update(
    *, actor: Any, exception: CalendarException, data: Mapping[str, Any], expected_version: int | None
) -> tuple[CalendarException, ScheduleChange]:
    """Change an exception's name, days, working times or recurrence."""
    _unknown(data, EXCEPTION_FIELDS)
    if "recurrence" in data:
        validate_recurrence(data["recurrence"])
    saved: list[CalendarException] = []

    def body(locked: Project) -> tuple[list[Any], set[int]]:
        changes = dict(data)
        if "recurrence" in changes:
            changes["recurrence"] = changes["recurrence"] or None
        result, _ = instance_update(
            actor=actor,
            instance=exception,
            data=changes,
            expected_version=expected_version,
            scope=locked.scope,
        )
        saved.append(result)
        return [], set()

    change = run_schedule_write(actor, exception.calendar.project, body, role=Role.MANAGER)
    return saved[0], change


def exception_delete(
    *, actor: Any, exception: CalendarException, expected_version: int | None
) -> ScheduleChange:
    """Remove an exception from its calendar."""

    def body(locked: Project) -> tuple[list[Any], set[int]]:
        instance_delete(
            actor=actor, instance=exception, expected_version=expected_version, scope=locked.scope
        )
        return [], set()

    return run_schedule_write(actor, exception.calendar.project, body, role=Role.MANAGER)
