"""The "Schedule quality" of a project: the engine's DCMA 14-point assessment (``pmo.engine.dcma``)
run on the project's live schedule, with its offending tasks and links mapped back to task rows.

What is read (a fixed number of queries, whatever the size of the project): the engine input
(tasks, links, calendars: :func:`pmo.projects.adapters.engine_project`), the compared baseline's
task finishes and durations, and which tasks have a resource assignment. The schedule is computed
afresh (:func:`pmo.projects.adapters.run_engine`) so the assessment never reads stale dates.

Choices (docs/user/schedule-quality.md):

- Baseline: the project's compared baseline (``Project.compare_baseline``) gives the baseline
  finishes (checks 11, 13, 14) and durations (check 8). Without it those checks say why.
- Resources (check 10) is assessed only once the project has at least one resource assignment;
  a project that does not plan resources sees "not assessed" rather than every task failing.
- Thresholds: the engine's DCMA defaults (:class:`pmo.engine.dcma.Thresholds`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.urls import reverse

from pmo.engine.dcma import Assessment, Check, CheckResult, Thresholds, assess
from pmo.projects.adapters import engine_project, run_engine, status_instant, to_wall
from pmo.projects.models import BaselineTask, Project, Task

#: One sentence per check: what it looks for and why it matters (from docs/engine/dcma.md).
EXPLANATIONS: dict[Check, str] = {
    Check.LOGIC: "Tasks without a predecessor or without a successor: the schedule cannot show "
    "what a delay to them would move.",
    Check.LEADS: "Links with a negative lag: the successor starts before its predecessor is done, "
    "which hides overlap and distorts the critical path.",
    Check.LAGS: "Links with a positive lag: waiting time that is not a task and cannot be tracked.",
    Check.RELATIONSHIP_TYPES: "Share of links that are finish-to-start; start-to-start, "
    "finish-to-finish and start-to-finish links should be the exception.",
    Check.HARD_CONSTRAINTS: "Tasks pinned by Must start on, Must finish on, Start no later than or "
    "Finish no later than: they stop moving with their logic.",
    Check.HIGH_FLOAT: "Tasks with more than 44 working days of total float: usually missing logic.",
    Check.NEGATIVE_FLOAT: "Tasks with negative float: a constraint or deadline cannot be met as planned.",
    Check.HIGH_DURATION: "Tasks longer than 44 working days (baseline duration, else duration): "
    "too long to measure progress on; split them.",
    Check.INVALID_DATES: "Actual dates after the status date, or forecast dates before it on "
    "unfinished work.",
    Check.RESOURCES: "Tasks with a duration but no resource assigned.",
    Check.MISSED_TASKS: "Tasks due by the status date in the baseline that finished late or not at all.",
    Check.CRITICAL_PATH_TEST: "A critical task is delayed 600 working days: the project finish must "
    "slip as much, or the critical path is broken.",
    Check.CPLI: "Critical path length index: how realistic the remaining critical path is against "
    "the finish target (deadline or baseline finish).",
    Check.BEI: "Baseline execution index: tasks completed against tasks due by the status date in "
    "the baseline.",
}

_UID_NOTE = re.compile(r"\(uid (\d+)\)")


@dataclass(frozen=True)
class TaskRef:
    """A task row as the page links it: row number, name, public id and grid anchor."""

    id: int
    uid: Any
    position: int
    name: str
    url: str


@dataclass(frozen=True)
class CheckRow:
    """One check's result with its offending tasks and links as task rows."""

    result: CheckResult
    explanation: str
    tasks: tuple[TaskRef, ...]
    links: tuple[tuple[TaskRef, TaskRef], ...]
    note: str

    @property
    def status(self) -> str:
        """``pass``, ``fail`` or ``n/a`` (not assessed)."""
        return {True: "pass", False: "fail", None: "n/a"}[self.result.passed]

    @property
    def offending(self) -> int:
        """How many tasks (or, for link checks, links) offend."""
        return len(self.links) if self.result.links else len(self.tasks)


@dataclass(frozen=True)
class QualityReport:
    """The assessment of one project, ready for the page and the API."""

    checks: tuple[CheckRow, ...]
    task_count: int
    status_date: dt.date | None
    baseline_number: int
    has_baseline: bool
    resources_assessed: bool
    thresholds: Thresholds

    @property
    def empty(self) -> bool:
        """The project has no tasks: nothing to assess."""
        return self.task_count == 0

    @property
    def failed(self) -> int:
        """How many checks failed."""
        return sum(1 for row in self.checks if row.result.passed is False)

    @property
    def passed(self) -> int:
        """How many checks passed."""
        return sum(1 for row in self.checks if row.result.passed is True)


def _baseline(project: Project) -> dict[int, tuple[dt.datetime | None, int | None]]:
    """Task id → (baseline finish as wall clock, baseline duration) of the compared baseline."""
    rows = BaselineTask.objects.filter(
        baseline__project=project, baseline__number=project.compare_baseline
    ).values_list("task_id", "finish", "duration_minutes")
    return {task_id: (to_wall(finish), minutes) for task_id, finish, minutes in rows}


def _resourced(project: Project) -> set[int] | None:
    """Ids of the tasks with a resource assignment; ``None`` when the project assigns none."""
    if not apps.is_installed("pmo.resources"):
        return None
    ids = set(
        Task.objects.filter(project=project, assignments__isnull=False)
        .values_list("id", flat=True)
        .distinct()
    )
    return ids or None


def _row(result: CheckResult, refs: dict[int, TaskRef]) -> CheckRow:
    note = _UID_NOTE.sub(
        lambda m: f"(row {refs[int(m[1])].position})" if int(m[1]) in refs else m[0], result.note
    )
    if result.check is Check.RESOURCES and result.passed is None:
        note = "No resource is assigned in this project yet: assign resources to assess this check."
    return CheckRow(
        result=result,
        explanation=EXPLANATIONS[result.check],
        tasks=tuple(refs[pk] for pk in result.tasks if pk in refs),
        links=tuple((refs[a], refs[b]) for a, b in result.links if a in refs and b in refs),
        note=note,
    )


def project_assessment(
    project: Project, baseline: dict[int, tuple[dt.datetime | None, int | None]] | None = None
) -> Assessment | None:
    """The engine's assessment of ``project`` (``None`` without tasks); task uids are Task pks.

    ``baseline`` is the compared baseline by task id (read when not given). Raises
    :class:`~pmo.core.errors.DomainRuleError` when the project cannot be scheduled.
    """
    loaded = engine_project(project, with_stored=False)
    if not loaded.engine.tasks:
        return None
    if baseline is None:
        baseline = _baseline(project)
    tasks = tuple(
        dataclasses.replace(t, baseline_finish=baseline[t.uid][0], baseline_duration=baseline[t.uid][1])
        if t.uid in baseline
        else t
        for t in loaded.engine.tasks
    )
    engine = dataclasses.replace(loaded.engine, tasks=tasks)
    result = run_engine(dataclasses.replace(loaded, engine=engine))
    return assess(engine, result, status_date=status_instant(project), resourced=_resourced(project))


def schedule_quality(project: Project) -> QualityReport:
    """The DCMA assessment of ``project`` with task rows (a fixed number of queries).

    Raises :class:`~pmo.core.errors.DomainRuleError` when the project cannot be scheduled.
    """
    baseline = _baseline(project)
    assessment = project_assessment(project, baseline)
    number = project.compare_baseline
    if assessment is None:
        return QualityReport((), 0, project.status_date, number, bool(baseline), False, Thresholds())
    tasks_url = reverse("projects:tasks", kwargs={"uid": project.uid})
    refs = {
        pk: TaskRef(pk, uid, position, name, f"{tasks_url}#t-{uid}")
        for pk, uid, position, name in Task.objects.filter(project=project).values_list(
            "id", "uid", "position", "name"
        )
    }
    return QualityReport(
        checks=tuple(_row(result, refs) for result in assessment.checks),
        task_count=len(refs),
        status_date=project.status_date,
        baseline_number=number,
        has_baseline=bool(baseline),
        resources_assessed=assessment[Check.RESOURCES].passed is not None,
        thresholds=Thresholds(),
    )
