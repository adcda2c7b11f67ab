"""Inputs of the earned-value engine: tasks with budgets, baseline dates, progress and actual costs.

A task here is a *work package*: the leaf of the work breakdown that carries a budget. Summary
tasks are not passed (their budget would be counted twice); roll-ups sum work packages, projects,
programs and portfolios instead.

Money is a float64 in the engine (the adapter converts ``Decimal`` and rounds results). Instants are
datetimes read as wall-clock time, as in :mod:`pmo.engine.schedule`.

Examples
--------
>>> from datetime import datetime
>>> t = EVTask(1, "Side 1", budget=1000, baseline_start=datetime(2024, 1, 1, 8),
...            baseline_finish=datetime(2024, 1, 1, 17))
>>> t.method, t.profile
(<EVMethod.PERCENT_COMPLETE: 'percent'>, <Profile.LINEAR: 'linear'>)
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from pmo.engine.evm.errors import EVMInputError
from pmo.engine.schedule.calendars import Calendar, to_minutes
from pmo.engine.schedule.network import Project

__all__ = [
    "CostEntry",
    "EVMethod",
    "EVProject",
    "EVTask",
    "Profile",
    "ProgressPoint",
    "WeightedMilestone",
    "tasks_from_schedule",
]


class EVMethod(StrEnum):
    """How a task earns its budget."""

    PERCENT_COMPLETE = "percent"
    """EV = budget × percent complete."""
    ZERO_HUNDRED = "0/100"
    """Nothing until finished, then the whole budget."""
    FIFTY_FIFTY = "50/50"
    """Half when started, the rest when finished."""
    WEIGHTED_MILESTONES = "milestones"
    """The weights of the milestones achieved, as a share of all the task's weights."""


class Profile(StrEnum):
    """How a task's budget is spread over its baseline working time (the planned-value curve).

    With ``x`` the share of the task's working time elapsed (0 at baseline start, 1 at baseline
    finish, counted on the task's calendar) the cumulative share of the budget planned is:
    """

    LINEAR = "linear"
    """``x``: an even rate (the default)."""
    FRONT_LOADED = "front"
    """``1 − (1 − x)²``: twice the average rate at the start, falling to zero at the finish."""
    BACK_LOADED = "back"
    """``x²``: rising from zero to twice the average rate at the finish."""
    BELL = "bell"
    """``3x² − 2x³``: slow, fast, slow (a symmetric S-curve)."""
    START = "start"
    """The whole budget at the baseline start (a cost accrued at start)."""
    END = "end"
    """The whole budget at the baseline finish (a cost accrued at the end)."""


@dataclass(frozen=True)
class ProgressPoint:
    """Percent complete (0-100) reported at an instant; it holds until the next report."""

    at: datetime
    percent_complete: float


@dataclass(frozen=True)
class WeightedMilestone:
    """A step of the weighted-milestones method: its weight and when it was achieved (or ``None``)."""

    name: str
    weight: float
    achieved: datetime | None = None


@dataclass(frozen=True)
class CostEntry:
    """An actual cost (timesheet hours at a rate, an invoice, an expense), counted from ``at`` on.

    A negative amount is a credit. Day-based sources should use the end of the day as ``at``.
    """

    at: datetime
    amount: float


@dataclass(frozen=True)
class EVTask:
    """A work package: its budget, baseline window, earning method, progress and actual costs.

    Parameters
    ----------
    uid : int
        Unique identifier (the schedule task's uid).
    name : str
        Display name, used in messages.
    budget : float
        The task's budget at completion (≥ 0).
    baseline_start, baseline_finish : datetime
        The baseline window over which the budget is planned.
    method : EVMethod
        How the task earns value.
    profile : Profile
        How the budget is spread over the window.
    calendar : str or None
        Key of the task calendar in :attr:`EVProject.calendars` (``None``: the project calendar).
    actual_start, actual_finish : datetime or None
        From the actual start the task counts as started (50/50); from the actual finish it has
        earned its whole budget, whatever the method.
    progress : tuple of ProgressPoint
        Percent complete over time (any order); used by every method but weighted milestones.
    milestones : tuple of WeightedMilestone
        The steps of the weighted-milestones method.
    costs : tuple of CostEntry
        Actual costs over time.
    estimate_to_complete : float or None
        A bottom-up estimate of the cost still to come, as of the status date (EAC method 4).
    """

    uid: int
    name: str = ""
    budget: float = 0.0
    baseline_start: datetime | None = None
    baseline_finish: datetime | None = None
    method: EVMethod = EVMethod.PERCENT_COMPLETE
    profile: Profile = Profile.LINEAR
    calendar: str | None = None
    actual_start: datetime | None = None
    actual_finish: datetime | None = None
    progress: tuple[ProgressPoint, ...] = ()
    milestones: tuple[WeightedMilestone, ...] = ()
    costs: tuple[CostEntry, ...] = ()
    estimate_to_complete: float | None = None

    @property
    def label(self) -> str:
        """``'name' (uid n)`` for messages."""
        return f"task {self.name!r} (uid {self.uid})"


@dataclass(frozen=True)
class EVProject:
    """The work packages of one project and the calendars their baselines are counted on.

    Parameters
    ----------
    tasks : tuple of EVTask
        Work packages (leaf tasks with budgets).
    calendars : mapping of str to Calendar
        Named calendars; ``calendar`` names the project calendar (Standard when missing).
    calendar : str
        Key of the project calendar: the time axis of earned schedule.
    minutes_per_day : int
        Working minutes in a day, to report earned schedule in days (Microsoft Project's 480).
    name : str
        Display name.
    """

    tasks: tuple[EVTask, ...]
    calendars: Mapping[str, Calendar] = field(default_factory=dict)
    calendar: str = "Standard"
    minutes_per_day: int = 480
    name: str = ""

    def project_calendar(self) -> Calendar:
        """The project calendar (Microsoft Project's Standard calendar when none is given)."""
        cal = self.calendars.get(self.calendar)
        return cal if cal is not None else _STANDARD

    def task_calendar(self, task: EVTask) -> Calendar:
        """The calendar a task's baseline window is counted on."""
        if task.calendar is None:
            return self.project_calendar()
        return self.calendars[task.calendar]

    def validate(self) -> None:
        """Check every field once; raise :class:`EVMInputError` naming the task and field."""
        if self.minutes_per_day <= 0:
            raise EVMInputError(
                f"minutes_per_day must be positive, got {self.minutes_per_day}", field="minutes_per_day"
            )
        seen: set[int] = set()
        for task in self.tasks:
            if task.uid in seen:
                raise EVMInputError(f"{task.label} appears twice", field="uid", uid=task.uid)
            seen.add(task.uid)
            _validate_task(self, task)


def _bad(task: EVTask, field_name: str, what: str) -> EVMInputError:
    return EVMInputError(f"{task.label}: {field_name} {what}", field=field_name, uid=task.uid)


def _finite(value: float) -> bool:
    return isinstance(value, (int, float)) and math.isfinite(value)


def _validate_task(project: EVProject, task: EVTask) -> None:
    if not _finite(task.budget) or task.budget < 0:
        raise _bad(task, "budget", f"must be a finite number ≥ 0, got {task.budget!r}")
    if task.baseline_start is None or task.baseline_finish is None:
        missing = "baseline_start" if task.baseline_start is None else "baseline_finish"
        raise _bad(task, missing, "is required to plan the budget")
    if to_minutes(task.baseline_finish) < to_minutes(task.baseline_start):
        raise _bad(task, "baseline_finish", f"{task.baseline_finish} is before baseline_start")
    if task.calendar is not None and task.calendar not in project.calendars:
        raise _bad(task, "calendar", f"{task.calendar!r} is not one of the project's calendars")
    for point in task.progress:
        if not _finite(point.percent_complete) or not 0 <= point.percent_complete <= 100:
            got = point.percent_complete
            raise _bad(task, "progress", f"percent complete must be within 0-100, got {got!r}")
    if task.method is EVMethod.WEIGHTED_MILESTONES:
        if not task.milestones:
            raise _bad(task, "milestones", "are required by the weighted-milestones method")
        if sum(m.weight for m in task.milestones) <= 0:
            raise _bad(task, "milestones", "need a total weight above zero")
    for m in task.milestones:
        if not _finite(m.weight) or m.weight < 0:
            what = f"weight of {m.name!r} must be a finite number ≥ 0, got {m.weight!r}"
            raise _bad(task, "milestones", what)
    for entry in task.costs:
        if not _finite(entry.amount):
            raise _bad(task, "costs", f"amount must be a finite number, got {entry.amount!r}")
    etc = task.estimate_to_complete
    if etc is not None and (not _finite(etc) or etc < 0):
        raise _bad(task, "estimate_to_complete", f"must be a finite number ≥ 0, got {etc!r}")
    started, finished = task.actual_start, task.actual_finish
    if started is not None and finished is not None and to_minutes(finished) < to_minutes(started):
        raise _bad(task, "actual_finish", f"{task.actual_finish} is before actual_start")


def tasks_from_schedule(
    project: Project,
    budgets: Mapping[int, float],
    *,
    status_date: datetime | None = None,
    costs: Mapping[int, Sequence[CostEntry]] | None = None,
    methods: Mapping[int, EVMethod] | None = None,
) -> EVProject:
    """Build an :class:`EVProject` from a schedule :class:`~pmo.engine.schedule.Project`.

    Every active task with an entry in ``budgets`` becomes a work package with the schedule task's
    baseline dates, calendar and actual dates; its ``percent_complete`` becomes a progress point at
    ``status_date`` (or at the actual finish when there is no status date).

    Raises
    ------
    EVMInputError
        When a budgeted uid is not a task of the project (field ``budgets``), or a budgeted task has
        no baseline dates.
    """
    by_uid = {t.uid: t for t in project.tasks if t.active}
    unknown = sorted(set(budgets) - set(by_uid))
    if unknown:
        raise EVMInputError(f"budgets name unknown or inactive task uids {unknown}", field="budgets")
    out: list[EVTask] = []
    for uid, budget in budgets.items():
        t = by_uid[uid]
        when = status_date or t.actual_finish
        reported = when is not None and t.percent_complete
        progress = (ProgressPoint(when, t.percent_complete),) if when is not None and reported else ()
        out.append(
            EVTask(
                uid=uid,
                name=t.name,
                budget=budget,
                baseline_start=t.baseline_start,
                baseline_finish=t.baseline_finish,
                method=(methods or {}).get(uid, EVMethod.PERCENT_COMPLETE),
                calendar=t.calendar if t.calendar in project.calendars else None,
                actual_start=t.actual_start,
                actual_finish=t.actual_finish,
                progress=progress,
                costs=tuple((costs or {}).get(uid, ())),
            )
        )
    ev_project = EVProject(
        tasks=tuple(out),
        calendars=project.calendars,
        calendar=project.calendar,
        minutes_per_day=project.minutes_per_day,
        name=project.name,
    )
    ev_project.validate()
    return ev_project


_STANDARD = Calendar()
