"""DCMA checks 12 and 13: the critical path test and the critical path length index (CPLI).

Both look at the project's *finish task*: the one named by the caller; else the milestone without
successors but with predecessors that finishes last (the completion milestone); else the leaf task
that finishes last.
Ties go to the later task in input order.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from pmo.engine.dcma.context import Context, complete, milestone, name_of
from pmo.engine.dcma.model import Check, CheckResult
from pmo.engine.schedule.calendars import CompiledCalendar, to_minutes
from pmo.engine.schedule.cpm import schedule
from pmo.engine.schedule.network import Task
from pmo.engine.schedule.results import TaskResult

__all__ = ["cpli", "critical_path_test", "finish_task"]


def finish_task(ctx: Context, finish_uid: int | None) -> TaskResult | None:
    """The finish task's result (``None`` when the project has no scheduled leaf task)."""
    if finish_uid is not None:
        return ctx.results.get(finish_uid)
    has_successor = {lk.predecessor for lk in ctx.project.links}
    has_predecessor = {lk.successor for lk in ctx.project.links}
    ranked = [
        (
            milestone(t) and t.uid not in has_successor and t.uid in has_predecessor,
            to_minutes(ctx.results[t.uid].finish),
            i,
        )
        for i, t in enumerate(ctx.leaves)
        if t.uid in ctx.results
    ]
    if not ranked:
        return None
    # A dangling task finishing after the completion milestone must not hide it: completion wins.
    return ctx.results[ctx.leaves[max(ranked)[2]].uid]


def _compiled(ctx: Context, *instants: datetime) -> CompiledCalendar:
    first, last = min(instants), max(instants)
    cal = ctx.project.project_calendar()
    return cal.compile(first.date() - timedelta(days=7), last.date() + timedelta(days=7))


def _critical_task(ctx: Context) -> Task | None:
    """The first incomplete, non-milestone task along the critical paths (else any critical one)."""
    by_uid = {t.uid: t for t in ctx.leaves}
    for path in ctx.result.critical_paths:
        for uid in path:
            t = by_uid.get(uid)
            if t is not None and not complete(t) and not milestone(t):
                return t
    for t in ctx.counted:
        r = ctx.results.get(t.uid)
        if r is not None and r.critical:
            return t
    return None


def critical_path_test(ctx: Context, finish_uid: int | None) -> CheckResult:
    """Check 12: delay a critical task by a large amount; the finish must slip by as much.

    The delay (600 working days by default) is added to the task's duration (and to its remaining
    duration when one is given) and the project is rescheduled with the same status date. The slip
    of the finish task is measured in working time of the project calendar.
    """
    check = Check.CRITICAL_PATH_TEST
    days = ctx.thresholds.critical_path_delay_days
    threshold = f"finish slips ≥ {days:g} days"
    finish = finish_task(ctx, finish_uid)
    if finish is None:
        return CheckResult(check, name_of(check), None, "days", threshold, None, note="no scheduled tasks")
    chosen = _critical_task(ctx)
    if chosen is None:
        note = "no incomplete critical task: the schedule has no critical path to test"
        return CheckResult(check, name_of(check), None, "days", threshold, False, note=note)
    delay = round(days * ctx.day)
    remaining = None if chosen.remaining_duration is None else chosen.remaining_duration + delay
    delayed = replace(chosen, duration=chosen.duration + delay, remaining_duration=remaining)
    tasks = tuple(delayed if t.uid == chosen.uid else t for t in ctx.project.tasks)
    again = schedule(replace(ctx.project, tasks=tasks), status_date=ctx.status)
    moved = again.by_uid(finish.uid).finish
    slip = _compiled(ctx, finish.finish, moved).work_between(to_minutes(finish.finish), to_minutes(moved))
    passed = slip >= delay
    note = (
        f"delayed {chosen.name or 'task'} (uid {chosen.uid}) by {days:g} days; "
        f"{finish.name or 'the finish'} (uid {finish.uid}) moved {slip / ctx.day:g} days"
    )
    return CheckResult(
        check,
        name_of(check),
        slip / ctx.day,
        "days",
        threshold,
        passed,
        count=0 if passed else 1,
        total=1,
        tasks=() if passed else (chosen.uid,),
        note=note,
    )


def cpli(ctx: Context, finish_uid: int | None) -> CheckResult:
    """Check 13: CPLI = (critical path length + total float) / critical path length.

    The critical path length runs from the status date (else the project start) to the finish
    task's forecast finish. The total float is the working time from that forecast to the finish
    task's deadline, else to its baseline finish, else the finish task's total slack.
    """
    check = Check.CPLI
    limit = ctx.thresholds.cpli
    threshold = f"≥ {limit:g}"
    finish = finish_task(ctx, finish_uid)
    if finish is None:
        return CheckResult(check, name_of(check), None, "index", threshold, None, note="no scheduled tasks")
    task = next(t for t in ctx.leaves if t.uid == finish.uid)
    start = ctx.status if ctx.status is not None else ctx.result.project_start
    target = task.deadline if task.deadline is not None else ctx.baseline_finish.get(task.uid)
    cal = _compiled(ctx, start, finish.finish, *(d for d in (target,) if d is not None))
    length = cal.work_between(to_minutes(start), to_minutes(finish.finish))
    if length <= 0:
        note = "the finish is not after the status date: no remaining critical path to measure"
        return CheckResult(check, name_of(check), None, "index", threshold, None, note=note)
    float_ = (
        finish.total_slack
        if target is None
        else cal.work_between(to_minutes(finish.finish), to_minutes(target))
    )
    value = (length + float_) / length
    on_path = {uid for path in ctx.result.critical_paths for uid in path}
    passed = value >= limit
    return CheckResult(
        check,
        name_of(check),
        value,
        "index",
        threshold,
        passed,
        count=0 if passed else len(on_path),
        total=len(on_path),
        tasks=() if passed else tuple(t.uid for t in ctx.leaves if t.uid in on_path),
        note=f"critical path length {length / ctx.day:g} days, total float {float_ / ctx.day:g} days",
    )
