"""What the DCMA checks count: the leaf tasks, DCMA's "total tasks", the links, baselines."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from pmo.engine.dcma.model import Check, Thresholds
from pmo.engine.schedule.network import Link, Project, Task
from pmo.engine.schedule.results import ScheduleResult, TaskResult

__all__ = ["Context", "build_context", "complete", "milestone", "name_of"]

_NAMES = {
    Check.LOGIC: "Missing logic",
    Check.LEADS: "Leads",
    Check.LAGS: "Lags",
    Check.RELATIONSHIP_TYPES: "Relationship types",
    Check.HARD_CONSTRAINTS: "Hard constraints",
    Check.HIGH_FLOAT: "High float",
    Check.NEGATIVE_FLOAT: "Negative float",
    Check.HIGH_DURATION: "High duration",
    Check.INVALID_DATES: "Invalid dates",
    Check.RESOURCES: "Resources",
    Check.MISSED_TASKS: "Missed tasks",
    Check.CRITICAL_PATH_TEST: "Critical path test",
    Check.CPLI: "Critical path length index",
    Check.BEI: "Baseline execution index",
}


def name_of(check: Check) -> str:
    """The display name of a check."""
    return _NAMES[check]


def complete(task: Task) -> bool:
    """A task counts as complete with an actual finish or at 100 %."""
    return task.actual_finish is not None or task.percent_complete >= 100


def milestone(task: Task) -> bool:
    """Milestones are flagged or have no duration."""
    return task.milestone or task.duration == 0


@dataclass(frozen=True)
class Context:
    """The project, its schedule and the sets of tasks and links the checks count."""

    project: Project
    result: ScheduleResult
    status: datetime | None
    thresholds: Thresholds
    leaves: tuple[Task, ...]
    """Active tasks that are not summaries, in input order."""
    counted: tuple[Task, ...]
    """Leaves that are incomplete and not milestones: DCMA's "total tasks"."""
    links: tuple[Link, ...]
    """Links between active tasks whose successor is incomplete."""
    baseline_finish: Mapping[int, datetime]
    results: Mapping[int, TaskResult]

    @property
    def day(self) -> int:
        """Working minutes in a day."""
        return self.project.minutes_per_day


def build_context(
    project: Project,
    result: ScheduleResult,
    status: datetime | None,
    thresholds: Thresholds,
    baseline_finish: Mapping[int, datetime] | None,
) -> Context:
    active = {t.uid: t for t in project.tasks if t.active}
    parents = {t.parent for t in active.values() if t.parent is not None}
    leaves = tuple(t for t in active.values() if t.uid not in parents)
    counted = tuple(t for t in leaves if not complete(t) and not milestone(t))
    links = tuple(
        lk
        for lk in project.links
        if lk.predecessor in active and lk.successor in active and not complete(active[lk.successor])
    )
    if baseline_finish is None:
        baseline_finish = {t.uid: t.baseline_finish for t in leaves if t.baseline_finish is not None}
    results = {r.uid: r for r in result.tasks}
    return Context(project, result, status, thresholds, leaves, counted, links, baseline_finish, results)
