"""Results of :func:`pmo.engine.schedule.schedule`: per-task dates, slack, critical paths, variances."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

__all__ = ["ScheduleResult", "TaskResult", "Variance"]


@dataclass(frozen=True)
class Variance:
    """Difference between the current schedule and the stored baseline, in working minutes.

    Positive values mean later (start, finish) or longer (duration) than the baseline.
    ``None`` where the baseline has no value.
    """

    start: int | None
    finish: int | None
    duration: int | None


@dataclass(frozen=True)
class TaskResult:
    """Computed values of one task.

    Attributes
    ----------
    uid, name : identification.
    start, finish : datetime
        Scheduled dates (actuals when present, late dates for ALAP tasks, early dates otherwise).
    early_start, early_finish, late_start, late_finish : datetime
        CPM dates, reported as Microsoft Project does (see docs/engine/scheduling.md).
    duration : int
        Working minutes between ``start`` and ``finish`` (the task's duration for leaf tasks).
    total_slack, free_slack : int
        Working minutes (total slack may be negative when a constraint or deadline is missed).
    critical : bool
        ``total_slack <= critical_slack`` and the task is not complete.
    near_critical : bool
        Not critical but ``total_slack <= near_critical_slack``.
    summary : bool
        A summary (WBS) task whose values roll up from its children.
    driving_predecessors : tuple of int
        Uids of the predecessors whose link sets the early start (zero relationship slack).
    variance : Variance
        Against the baseline.
    """

    uid: int
    name: str
    start: datetime
    finish: datetime
    early_start: datetime
    early_finish: datetime
    late_start: datetime
    late_finish: datetime
    duration: int
    total_slack: int
    free_slack: int
    critical: bool
    near_critical: bool
    summary: bool
    driving_predecessors: tuple[int, ...]
    variance: Variance


@dataclass(frozen=True)
class ScheduleResult:
    """The schedule of a project.

    Attributes
    ----------
    tasks : tuple of TaskResult
        In the order of the input tasks (inactive tasks are left out).
    project_start, project_finish : datetime
    critical_paths : tuple of tuple of int
        Each path lists task uids from the project start to the finish along driving links between
        critical leaf tasks.
    near_critical : tuple of int
        Uids of near-critical tasks.
    """

    tasks: tuple[TaskResult, ...]
    project_start: datetime
    project_finish: datetime
    critical_paths: tuple[tuple[int, ...], ...]
    near_critical: tuple[int, ...]

    def by_uid(self, uid: int) -> TaskResult:
        """Return the result of the task with this uid (``KeyError`` when absent)."""
        for task in self.tasks:
            if task.uid == uid:
                return task
        raise KeyError(uid)
