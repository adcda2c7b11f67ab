"""Reading a :class:`~pmo.engine.schedule.network.Project` once, column by column.

:func:`pmo.engine.schedule.cpm.schedule` validates the tasks, builds the outline and sizes the
calendar horizon from these columns (both of its paths), and the array path
(:mod:`pmo.engine.schedule.cpm_arrays`) reads its per-task arrays from them. One
:func:`operator.attrgetter` pass over the tasks and one over the links replace tens of thousands of
attribute reads in Python loops; ``tuple.count(None)`` (a C loop) skips the columns nobody uses.

Examples
--------
>>> from pmo.engine.schedule.network import Link, Project, Task
>>> cols = read(Project(tasks=(Task(1, "A", 480), Task(2, "B", 960, parent=1)), links=(Link(1, 2),)))
>>> cols.tasks.duration, cols.links.successor
((480, 960), (2,))
>>> by_uid, children = outline(cols)
>>> dict(children)
{1: [2]}
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from operator import attrgetter, itemgetter
from typing import Any

from pmo.engine.schedule.errors import NetworkError
from pmo.engine.schedule.network import ConstraintType, Project, Task

__all__ = ["Columns", "LinkColumns", "ProjectColumns", "horizon_inputs", "outline", "read"]

TASK_FIELDS = (
    "uid",
    "name",
    "duration",
    "elapsed",
    "parent",
    "active",
    "calendar",
    "constraint",
    "constraint_date",
    "deadline",
    "actual_start",
    "actual_finish",
    "manual",
    "manual_start",
    "manual_finish",
    "estimated",
    "baseline_start",
    "baseline_finish",
    "baseline_duration",
)
LINK_FIELDS = ("predecessor", "successor", "type", "lag")
LAG_FIELDS = ("minutes", "elapsed", "percent")
DATE_FIELDS = (
    "actual_start",
    "actual_finish",
    "constraint_date",
    "deadline",
    "manual_start",
    "manual_finish",
)


class Columns:
    """Attribute columns (tuples) of a sequence of tasks, one attribute per ``TASK_FIELDS`` name."""

    uid: tuple[int, ...]
    name: tuple[str, ...]
    duration: tuple[int, ...]
    elapsed: tuple[bool, ...]
    parent: tuple[int | None, ...]
    active: tuple[bool, ...]
    calendar: tuple[str | None, ...]
    constraint: tuple[ConstraintType, ...]
    constraint_date: tuple[Any, ...]
    deadline: tuple[Any, ...]
    actual_start: tuple[Any, ...]
    actual_finish: tuple[Any, ...]
    manual: tuple[bool, ...]
    manual_start: tuple[Any, ...]
    manual_finish: tuple[Any, ...]
    estimated: tuple[bool, ...]
    baseline_start: tuple[Any, ...]
    baseline_finish: tuple[Any, ...]
    baseline_duration: tuple[int | None, ...]

    def __init__(self, tasks: tuple[Task, ...] | list[Task]) -> None:
        self.items = tuple(tasks)
        self.n = len(self.items)
        # One pass per field: no tuple per task (fewer allocations, so fewer garbage collections).
        for field in TASK_FIELDS:
            setattr(self, field, tuple(map(attrgetter(field), self.items)))

    def used(self, field: str) -> bool:
        """Whether some task has a value (not ``None``) in an optional column."""
        col: tuple[Any, ...] = getattr(self, field)
        return col.count(None) != self.n

    def subset(self, positions: list[int], fields: tuple[str, ...] = TASK_FIELDS) -> Columns:
        """The columns ``fields`` (the others are left out) of the tasks at ``positions``."""
        out = Columns.__new__(Columns)
        out.n = len(positions)
        pick = itemgetter(*positions) if out.n > 1 else (lambda col: tuple(col[i] for i in positions))
        out.items = pick(self.items)
        for field in fields:
            setattr(out, field, pick(getattr(self, field)))
        return out


class LinkColumns:
    """Attribute columns of the links and of their lags."""

    predecessor: tuple[int, ...]
    successor: tuple[int, ...]
    type: tuple[int, ...]
    lag: tuple[Any, ...]
    minutes: tuple[int, ...]
    lag_elapsed: tuple[bool, ...]
    percent: tuple[float | None, ...]

    def __init__(self, project: Project) -> None:
        self.items = project.links
        self.n = len(self.items)
        if not self.n:
            self.predecessor = self.successor = self.type = self.lag = ()
            self.minutes = self.lag_elapsed = self.percent = ()
            return
        self.predecessor, self.successor, self.type, self.lag = (
            tuple(map(attrgetter(field), self.items)) for field in LINK_FIELDS
        )
        self.minutes, self.lag_elapsed, self.percent = (
            tuple(map(attrgetter(field), self.lag)) for field in LAG_FIELDS
        )


class ProjectColumns:
    """The task and link columns of one project."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.tasks = Columns(project.tasks)
        self.links = LinkColumns(project)


def read(project: Project) -> ProjectColumns:
    """Read the columns of ``project`` (see the module docstring)."""
    return ProjectColumns(project)


def outline(cols: ProjectColumns) -> tuple[dict[int, Task], dict[int, list[int]]]:
    """Validate the tasks and return ``(by_uid, children)``, as ``cpm.schedule`` always did.

    Raises
    ------
    NetworkError
        For the first task (in input order) whose uid repeats or whose constraint lacks its date.
    """
    tc = cols.tasks
    by_uid: dict[int, Task] = dict(zip(tc.uid, tc.items, strict=True))
    undated = tc.n - tc.constraint.count(ConstraintType.ASAP) - tc.constraint.count(ConstraintType.ALAP)
    if undated and not any(
        c not in (ConstraintType.ASAP, ConstraintType.ALAP) and d is None
        for c, d in zip(tc.constraint, tc.constraint_date, strict=True)
    ):
        undated = 0
    if len(by_uid) != tc.n or undated:
        seen: dict[int, Task] = {}
        for t in tc.items:  # the first offending task, in input order
            if t.uid in seen:
                raise NetworkError(f"task uid {t.uid} appears twice")
            if t.constraint not in (ConstraintType.ASAP, ConstraintType.ALAP) and t.constraint_date is None:
                raise NetworkError(
                    f"task {t.name!r} (uid {t.uid}) has a {t.constraint.value} constraint without a date"
                )
            seen[t.uid] = t
    children: dict[int, list[int]] = defaultdict(list)
    if tc.used("parent"):
        for uid, parent, active in zip(tc.uid, tc.parent, tc.active, strict=True):
            if parent is not None and parent in by_uid and active:
                children[parent].append(uid)
    return by_uid, children


def horizon_inputs(cols: ProjectColumns) -> tuple[int, list[date]]:
    """The total of durations and lag magnitudes, and the days of every task date (horizon size)."""
    tc = cols.tasks
    total = sum(tc.duration) + sum(map(abs, cols.links.minutes))
    extra = [
        d.date()
        for field in DATE_FIELDS
        if tc.used(field)
        for d in getattr(tc, field)
        if d  # the same test as before: every datetime is true
    ]
    return total, extra
