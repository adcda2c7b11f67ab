"""The DCMA 14-point assessment of a scheduled project (checks 1-11 and 14 here, 12-13 in critical.py).

Which tasks count (docs/engine/dcma.md gives the sources): active, not summary, not a milestone
(zero duration or flagged), and for most checks not complete. Links count when both ends are active
and the successor is not complete.

Examples
--------
>>> from datetime import datetime
>>> from pmo.engine.schedule import Link, Project, Task, schedule
>>> p = Project(tasks=(Task(1, "Start", 0, milestone=True), Task(2, "Dig", 2400), Task(3, "Pour", 2400),
...                    Task(4, "End", 0, milestone=True)),
...             links=(Link(1, 2), Link(2, 3), Link(3, 4)), start=datetime(2024, 1, 1, 8))
>>> a = assess(p, schedule(p), status_date=datetime(2024, 1, 1, 8), resourced={2, 3})
>>> a.passed, a[Check.LOGIC].figure, a[Check.RELATIONSHIP_TYPES].figure
(True, 0.0, 100.0)
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from datetime import datetime

from pmo.engine.dcma.context import Context, build_context, complete, milestone, name_of
from pmo.engine.dcma.critical import cpli, critical_path_test
from pmo.engine.dcma.model import Assessment, Check, CheckResult, Thresholds
from pmo.engine.schedule.calendars import to_minutes
from pmo.engine.schedule.network import ConstraintType, Link, LinkType, Project, Task
from pmo.engine.schedule.results import ScheduleResult

__all__ = ["HARD_CONSTRAINTS", "assess"]

HARD_CONSTRAINTS = frozenset(
    {ConstraintType.MSO, ConstraintType.MFO, ConstraintType.SNLT, ConstraintType.FNLT}
)
"""DCMA-EA PAM 200.1 (2012): hard constraints stop a task moving with its logic."""


def _pct(count: int, total: int) -> float | None:
    return None if total == 0 else 100.0 * count / total


def _share_check(
    check: Check, offending: list[Task], total: int, limit: float, *, at_least: bool = False, note: str = ""
) -> CheckResult:
    """A check whose figure is the share of offending tasks (pass when ≤ limit, or ≥ for at_least)."""
    figure = _pct(len(offending), total)
    passed = None if figure is None else (figure >= limit if at_least else figure <= limit)
    return CheckResult(
        check,
        name_of(check),
        figure,
        "%",
        f"{'≥' if at_least else '≤'} {limit:g} %",
        passed,
        count=len(offending),
        total=total,
        tasks=tuple(t.uid for t in offending),
        note=note if figure is not None else note or "no tasks to count",
    )


def _logic(ctx: Context) -> CheckResult:
    has_pred = {lk.successor for lk in ctx.project.links}
    has_succ = {lk.predecessor for lk in ctx.project.links}
    offending = [t for t in ctx.counted if t.uid not in has_pred or t.uid not in has_succ]
    return _share_check(Check.LOGIC, offending, len(ctx.counted), ctx.thresholds.logic_percent)


def _lag_minutes(link: Link) -> float:
    return link.lag.percent if link.lag.percent is not None else link.lag.minutes


def _link_check(
    check: Check, ctx: Context, flag: Callable[[Link], bool], limit: float, at_least: bool
) -> CheckResult:
    offending = [lk for lk in ctx.links if flag(lk)]
    total = len(ctx.links)
    share = _pct(total - len(offending) if at_least else len(offending), total)
    passed = None if share is None else (share >= limit if at_least else share <= limit)
    if check is Check.LEADS:
        # Leads: none at all is the pass mark, so the figure is a count.
        figure: float | None = float(len(offending))
        unit, threshold, passed = "count", "= 0", not offending
    else:
        figure, unit, threshold = share, "%", f"{'≥' if at_least else '≤'} {limit:g} %"
    uids = dict.fromkeys(lk.successor for lk in offending)
    return CheckResult(
        check,
        name_of(check),
        figure,
        unit,
        threshold,
        passed,
        count=len(offending),
        total=total,
        tasks=tuple(t.uid for t in ctx.leaves if t.uid in uids),
        links=tuple((lk.predecessor, lk.successor) for lk in offending),
        note="" if total else "no links to count",
    )


def _count_check(
    check: Check, ctx: Context, offending: list[Task], total: int, note: str = ""
) -> CheckResult:
    """A check whose pass mark is zero offending tasks."""
    return CheckResult(
        check,
        name_of(check),
        float(len(offending)),
        "count",
        "= 0",
        not offending,
        count=len(offending),
        total=total,
        tasks=tuple(t.uid for t in offending),
        note=note,
    )


def _not_assessed(check: Check, unit: str, threshold: str, note: str) -> CheckResult:
    return CheckResult(check, name_of(check), None, unit, threshold, None, note=note)


def _invalid_dates(ctx: Context) -> CheckResult:
    if ctx.status is None:
        return _not_assessed(Check.INVALID_DATES, "count", "= 0", "needs a status date")
    status = to_minutes(ctx.status)
    offending = []
    for t in ctx.leaves:
        r = ctx.results.get(t.uid)
        actual_late = any(d is not None and to_minutes(d) > status for d in (t.actual_start, t.actual_finish))
        forecast_early = r is not None and (
            (t.actual_finish is None and to_minutes(r.finish) < status)
            or (t.actual_start is None and to_minutes(r.start) < status)
        )
        if actual_late or (forecast_early and not complete(t)):
            offending.append(t)
    return _count_check(Check.INVALID_DATES, ctx, offending, len(ctx.leaves))


def _resources(ctx: Context, resourced: Collection[int] | None) -> CheckResult:
    if resourced is None:
        return _not_assessed(Check.RESOURCES, "count", "= 0", "no resource assignments were given")
    offending = [t for t in ctx.counted if t.uid not in resourced]
    return _count_check(Check.RESOURCES, ctx, offending, len(ctx.counted))


def _due(ctx: Context) -> list[Task] | None:
    """Non-milestone leaves with a baseline finish on or before the status date (``None``: no status)."""
    if ctx.status is None:
        return None
    status = to_minutes(ctx.status)
    return [
        t
        for t in ctx.leaves
        if not milestone(t)
        and t.uid in ctx.baseline_finish
        and to_minutes(ctx.baseline_finish[t.uid]) <= status
    ]


def _missed(ctx: Context) -> CheckResult:
    due = _due(ctx)
    limit = ctx.thresholds.missed_tasks_percent
    if due is None:
        return _not_assessed(Check.MISSED_TASKS, "%", f"≤ {limit:g} %", "needs a status date")

    def missed(t: Task) -> bool:
        finish = t.actual_finish
        return finish is None or to_minutes(finish) > to_minutes(ctx.baseline_finish[t.uid])

    offending = [t for t in due if missed(t)]
    return _share_check(Check.MISSED_TASKS, offending, len(due), limit, note="" if due else "no task was due")


def _bei(ctx: Context) -> CheckResult:
    due = _due(ctx)
    limit = ctx.thresholds.bei
    if due is None or not due:
        note = "needs a status date" if due is None else "no task was due"
        return _not_assessed(Check.BEI, "index", f"≥ {limit:g}", note)
    done = [t for t in ctx.leaves if not milestone(t) and complete(t)]
    bei = len(done) / len(due)
    offending = [t for t in due if not complete(t)]
    return CheckResult(
        Check.BEI,
        name_of(Check.BEI),
        bei,
        "index",
        f"≥ {limit:g}",
        bei >= limit,
        count=len(offending),
        total=len(due),
        tasks=tuple(t.uid for t in offending),
        note=f"{len(done)} tasks complete of {len(due)} due",
    )


def assess(
    project: Project,
    result: ScheduleResult,
    *,
    status_date: datetime | None = None,
    baseline_finish: Mapping[int, datetime] | None = None,
    resourced: Collection[int] | None = None,
    thresholds: Thresholds | None = None,
    finish_uid: int | None = None,
) -> Assessment:
    """Run the DCMA 14-point assessment.

    Parameters
    ----------
    project : Project
        The schedule input (tasks, links, constraints, progress, baselines).
    result : ScheduleResult
        Its schedule, computed with the same status date (:func:`pmo.engine.schedule.schedule`).
    status_date : datetime, optional
        The data date; defaults to ``project.status_date``. Without one, invalid dates, missed
        tasks and BEI are not assessed, and CPLI is measured from the project start.
    baseline_finish : mapping of uid to datetime, optional
        Baseline finishes; by default the tasks' own ``baseline_finish``.
    resourced : collection of int, optional
        Uids of the tasks with resources (or cost) assigned; ``None`` leaves check 10 unassessed.
    thresholds : Thresholds, optional
        The pass marks (DCMA's by default).
    finish_uid : int, optional
        The project's finish task for checks 12 and 13; by default the leaf finishing last.

    Returns
    -------
    Assessment
        Fourteen :class:`CheckResult`, in DCMA's order.
    """
    status = status_date if status_date is not None else project.status_date
    ctx = build_context(project, result, status, thresholds or Thresholds(), baseline_finish)
    th, day = ctx.thresholds, ctx.day
    counted = ctx.counted
    hard = [t for t in counted if t.constraint in HARD_CONSTRAINTS]
    high_float = [
        t
        for t in counted
        if t.uid in ctx.results and ctx.results[t.uid].total_slack > th.high_float_days * day
    ]
    negative = [t for t in counted if t.uid in ctx.results and ctx.results[t.uid].total_slack < 0]
    long_tasks = [
        t
        for t in counted
        if (t.baseline_duration if t.baseline_duration is not None else t.duration)
        > th.high_duration_days * day
    ]
    return Assessment(
        (
            _logic(ctx),
            _link_check(Check.LEADS, ctx, lambda lk: _lag_minutes(lk) < 0, 0.0, False),
            _link_check(Check.LAGS, ctx, lambda lk: _lag_minutes(lk) > 0, th.lags_percent, False),
            _link_check(
                Check.RELATIONSHIP_TYPES, ctx, lambda lk: lk.type is not LinkType.FS, th.fs_percent, True
            ),
            _share_check(Check.HARD_CONSTRAINTS, hard, len(counted), th.hard_constraints_percent),
            _share_check(Check.HIGH_FLOAT, high_float, len(counted), th.high_float_percent),
            _count_check(Check.NEGATIVE_FLOAT, ctx, negative, len(counted)),
            _share_check(Check.HIGH_DURATION, long_tasks, len(counted), th.high_duration_percent),
            _invalid_dates(ctx),
            _resources(ctx, resourced),
            _missed(ctx),
            critical_path_test(ctx, finish_uid),
            cpli(ctx, finish_uid),
            _bei(ctx),
        )
    )
