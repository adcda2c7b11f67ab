"""The engine's input model: a project of tasks, links and calendars (frozen dataclasses).

Durations and lags are stored in minutes with an explicit kind (working or elapsed); helpers turn
the units users type (minutes, hours, days, weeks, months, percent) into minutes with the project's
``minutes_per_day`` / ``minutes_per_week`` / ``days_per_month``.

Examples
--------
>>> settings = Project(tasks=())
>>> settings.to_minutes(2, DurationUnit.DAYS)
960
>>> settings.to_minutes(1, DurationUnit.ELAPSED_DAYS)
1440
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import IntEnum, StrEnum

from pmo.engine.schedule.calendars import Calendar

__all__ = [
    "ConstraintType",
    "DurationUnit",
    "Lag",
    "Link",
    "LinkType",
    "Project",
    "Task",
]


class LinkType(IntEnum):
    """Link (dependency) type; values are the array codes of :mod:`pmo.engine.schedule.fast`."""

    FS = 0
    SS = 1
    FF = 2
    SF = 3


class ConstraintType(StrEnum):
    """Date constraint of a task (Microsoft Project's eight)."""

    ASAP = "ASAP"
    ALAP = "ALAP"
    SNET = "SNET"
    SNLT = "SNLT"
    FNET = "FNET"
    FNLT = "FNLT"
    MSO = "MSO"
    MFO = "MFO"


class DurationUnit(StrEnum):
    """Units for durations and lags ("e" = elapsed: calendar time, 24 h a day, 7 days a week)."""

    MINUTES = "m"
    HOURS = "h"
    DAYS = "d"
    WEEKS = "w"
    MONTHS = "mo"
    ELAPSED_MINUTES = "em"
    ELAPSED_HOURS = "eh"
    ELAPSED_DAYS = "ed"
    ELAPSED_WEEKS = "ew"
    ELAPSED_MONTHS = "emo"
    PERCENT = "%"
    ELAPSED_PERCENT = "e%"

    @property
    def elapsed(self) -> bool:
        """Whether the unit counts calendar (elapsed) time."""
        return self.value.startswith("e")


@dataclass(frozen=True)
class Lag:
    """Lag of a link: working minutes, elapsed minutes or percent of the predecessor's duration.

    Parameters
    ----------
    minutes : int
        Working minutes (``elapsed=False``) or elapsed minutes; ignored when ``percent`` is set.
    elapsed : bool
        Count calendar time instead of working time.
    percent : float or None
        Percent of the predecessor's duration (negative for a lead).
    """

    minutes: int = 0
    elapsed: bool = False
    percent: float | None = None


@dataclass(frozen=True)
class Link:
    """A dependency between two tasks, identified by their ``uid``."""

    predecessor: int
    successor: int
    type: LinkType = LinkType.FS
    lag: Lag = Lag()


@dataclass(frozen=True)
class Task:
    """A task (or summary task, or milestone) of a project.

    Parameters
    ----------
    uid : int
        Unique identifier.
    name : str
        Display name.
    duration : int
        Minutes: working minutes of the task's calendar, or elapsed minutes when ``elapsed``.
    elapsed : bool
        The duration is calendar time.
    milestone : bool
        A milestone (normally zero duration).
    parent : int or None
        The ``uid`` of the summary task above (WBS); summary tasks are those with children.
    constraint, constraint_date :
        Date constraint; ``constraint_date`` is required except for ASAP and ALAP.
    deadline : datetime or None
        A finish deadline; missing it gives negative slack but does not move the task.
    calendar : str or None
        Key of the task calendar in :attr:`Project.calendars` (``None``: the project calendar).
    actual_start, actual_finish : datetime or None
        Progress.
    percent_complete : float
        Share of the duration done (0-100), used with ``actual_start``.
    remaining_duration : int or None
        Remaining working minutes (defaults to ``duration * (1 - percent_complete / 100)``).
    manual : bool
        A manually scheduled task: it stays at ``manual_start``/``manual_finish``.
    estimated : bool
        The duration is an estimate ("1 day?"); see the critical flag of manual tasks in the docs.
    manual_start, manual_finish : datetime or None
        Dates of a manually scheduled task.
    active : bool
        Inactive tasks are ignored.
    baseline_start, baseline_finish, baseline_duration :
        Stored baseline, for variances.
    wbs, outline_level :
        Outline information, carried through to results.
    """

    uid: int
    name: str = ""
    duration: int = 0
    elapsed: bool = False
    milestone: bool = False
    parent: int | None = None
    constraint: ConstraintType = ConstraintType.ASAP
    constraint_date: datetime | None = None
    deadline: datetime | None = None
    calendar: str | None = None
    actual_start: datetime | None = None
    actual_finish: datetime | None = None
    percent_complete: float = 0.0
    remaining_duration: int | None = None
    manual: bool = False
    estimated: bool = False
    manual_start: datetime | None = None
    manual_finish: datetime | None = None
    active: bool = True
    baseline_start: datetime | None = None
    baseline_finish: datetime | None = None
    baseline_duration: int | None = None
    wbs: str = ""
    outline_level: int = 1


@dataclass(frozen=True)
class Project:
    """A whole schedule input.

    Parameters
    ----------
    tasks : tuple of Task
        Tasks in any order (results do not depend on it).
    links : tuple of Link
        Dependencies between task uids.
    calendars : mapping of str to Calendar
        Named calendars; ``calendar`` names the project calendar.
    calendar : str
        Key of the project calendar (a default Standard calendar is used when missing).
    start : datetime or None
        Project start (scheduling from start); defaults to the earliest constraint or today 08:00.
    finish : datetime or None
        Project finish (scheduling from finish).
    schedule_from_start : bool
        Microsoft Project's "Schedule from: project start date" (``False`` = from finish).
    status_date : datetime or None
        Remaining work of unfinished tasks is scheduled after it.
    minutes_per_day, minutes_per_week, days_per_month :
        Unit conversions (Microsoft Project defaults 480, 2400, 20).
    critical_slack : int
        Tasks with total slack at or below it (minutes) are critical.
    near_critical_slack : int
        Tasks with total slack at or below it (minutes) but not critical are near-critical.
    multiple_critical_paths : bool
        Microsoft Project's "Calculate multiple critical paths": a task without successors gets its
        own early finish as late finish instead of the project finish.
    """

    tasks: tuple[Task, ...]
    links: tuple[Link, ...] = ()
    calendars: Mapping[str, Calendar] = field(default_factory=dict)
    calendar: str = "Standard"
    start: datetime | None = None
    finish: datetime | None = None
    schedule_from_start: bool = True
    status_date: datetime | None = None
    minutes_per_day: int = 480
    minutes_per_week: int = 2400
    days_per_month: int = 20
    critical_slack: int = 0
    near_critical_slack: int = 4800
    multiple_critical_paths: bool = False
    name: str = ""

    def project_calendar(self) -> Calendar:
        """The project calendar (Microsoft Project's Standard calendar when none is given)."""
        cal = self.calendars.get(self.calendar)
        return cal if cal is not None else _STANDARD

    def task_calendar(self, task: Task) -> Calendar:
        """The calendar a task works on."""
        if task.calendar is not None and task.calendar in self.calendars:
            return self.calendars[task.calendar]
        return self.project_calendar()

    def to_minutes(self, value: float, unit: DurationUnit) -> int:
        """Convert a duration in ``unit`` to minutes (working or elapsed, as the unit says).

        Raises
        ------
        ValueError
            For percent units, which depend on a predecessor (see :class:`Lag`).
        """
        base = {
            DurationUnit.MINUTES: 1,
            DurationUnit.HOURS: 60,
            DurationUnit.DAYS: self.minutes_per_day,
            DurationUnit.WEEKS: self.minutes_per_week,
            DurationUnit.MONTHS: self.minutes_per_day * self.days_per_month,
            DurationUnit.ELAPSED_MINUTES: 1,
            DurationUnit.ELAPSED_HOURS: 60,
            DurationUnit.ELAPSED_DAYS: 1440,
            DurationUnit.ELAPSED_WEEKS: 10080,
            DurationUnit.ELAPSED_MONTHS: 43200,
        }.get(unit)
        if base is None:
            raise ValueError(f"{unit.value} is relative to a predecessor's duration; use Lag(percent=...)")
        return round(value * base)


_STANDARD = Calendar()
