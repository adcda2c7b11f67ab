"""Earned value of a project at a status date: per task, in total, and as earned schedule.

Examples
--------
The fence (DOMAIN.md example A): four one-day sides of 1,000 each, Monday to Thursday; at the end
of Wednesday sides 1 and 2 are done (1,000 and 1,200 spent) and side 3 is half done (600 spent).

>>> from datetime import datetime
>>> from pmo.engine.evm.model import CostEntry, EVProject, EVTask, ProgressPoint
>>> day = lambda d, h: datetime(2024, 1, d, h)
>>> status = day(3, 17)
>>> done = {1: (100, 1000), 2: (100, 1200), 3: (50, 600), 4: (0, 0)}
>>> fence = EVProject(tuple(
...     EVTask(i, f"Side {i}", 1000, day(i, 8), day(i, 17),
...            progress=(ProgressPoint(status, pc),), costs=(CostEntry(day(i, 17), cost),))
...     for i, (pc, cost) in done.items()))
>>> r = evaluate(fence, status)
>>> r.figures.pv, r.figures.ev, r.figures.ac, r.figures.eac
(3000.0, 2500.0, 2800.0, 4480.0)
>>> round(r.schedule.es, 6), r.schedule.at, r.forecast_finish  # IEAC(t) 4.8 days: Friday 15:24
(2.5, 3.0, datetime.datetime(2024, 1, 5, 15, 24))
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pmo.engine.evm._plan import Plan, add_working, compile_around
from pmo.engine.evm.earned_schedule import EarnedSchedule, schedule_figures
from pmo.engine.evm.indices import EACMethod, Indices, indices
from pmo.engine.evm.model import EVMethod, EVProject
from pmo.engine.schedule.calendars import to_minutes

__all__ = ["EVResult", "TaskValues", "evaluate"]


@dataclass(frozen=True)
class TaskValues:
    """Cumulative values of one task at the status date.

    ``etc`` is the task's bottom-up estimate to complete, or ``None`` when it has none.
    """

    uid: int
    name: str
    method: EVMethod
    bac: float
    pv: float
    ev: float
    ac: float
    etc: float | None

    def figures(self, method: EACMethod = EACMethod.CPI) -> Indices:
        """Indices and forecasts of this task alone."""
        return indices(
            bac=self.bac, pv=self.pv, ev=self.ev, ac=self.ac, bottom_up_etc=self.etc, method=method
        )


@dataclass(frozen=True)
class EVResult:
    """Earned value of a project at a status date.

    Attributes
    ----------
    status_date : datetime
    tasks : tuple of TaskValues
        In the order of the input tasks.
    figures : Indices
        Totals, variances, indices and forecasts. ``figures.bottom_up_etc`` is the sum of the tasks'
        estimates, where tasks without one count their remaining budget (BAC − EV); ``None`` when no
        task has an estimate.
    schedule : EarnedSchedule or None
        Earned schedule in working days of the project calendar, from the baseline start; ``None``
        when there is no plan to measure against (no budget, or no working time in the baseline).
    baseline_start, baseline_finish : datetime or None
        The project's baseline window (earliest task start, latest task finish).
    forecast_finish : datetime or None
        Baseline start + IEAC(t) working days on the project calendar.
    """

    status_date: datetime
    tasks: tuple[TaskValues, ...]
    figures: Indices
    schedule: EarnedSchedule | None
    baseline_start: datetime | None
    baseline_finish: datetime | None
    forecast_finish: datetime | None


def _bottom_up(project: EVProject, ev: list[float]) -> float | None:
    estimates = [t.estimate_to_complete for t in project.tasks]
    if all(e is None for e in estimates):
        return None
    rows = zip(project.tasks, estimates, ev, strict=True)
    return sum(e if e is not None else t.budget - v for t, e, v in rows)


def evaluate(project: EVProject, status_date: datetime, *, method: EACMethod = EACMethod.CPI) -> EVResult:
    """Compute PV, EV and AC per task and in total at ``status_date``, with indices and earned schedule.

    Parameters
    ----------
    project : EVProject
        Work packages with budgets, baselines, progress and costs; validated here.
    status_date : datetime
        Values are cumulative up to and including this instant (progress reports and costs dated
        at it count).
    method : EACMethod
        The EAC method :attr:`Indices.eac` reports (all four are in ``figures.forecasts``).

    Returns
    -------
    EVResult

    Raises
    ------
    EVMInputError
        When an input field is invalid (the message names the task and the field).
    """
    plan = Plan(project)
    t = to_minutes(status_date)
    pv = plan.pv(t)
    ev = plan.ev(t)
    ac = plan.ac(t)
    tasks = tuple(
        TaskValues(task.uid, task.name, task.method, task.budget, p, e, a, task.estimate_to_complete)
        for task, p, e, a in zip(project.tasks, pv.tolist(), ev.tolist(), ac.tolist(), strict=True)
    )
    ev_list = [x.ev for x in tasks]
    figures = indices(
        bac=plan.bac,
        pv=float(pv.sum()),
        ev=float(ev.sum()),
        ac=float(ac.sum()),
        bottom_up_etc=_bottom_up(project, ev_list),
        method=method,
    )
    window = plan.window()
    if window is None:
        return EVResult(status_date, tasks, figures, None, None, None, None)
    tz = status_date.tzinfo
    start, finish = (d.replace(tzinfo=tz) for d in window)
    schedule = _earned_schedule(plan, figures.ev, status_date, start, finish)
    forecast = None
    if schedule is not None and schedule.ieac_t is not None:
        minutes = round(schedule.ieac_t * project.minutes_per_day)
        forecast = add_working(project.project_calendar(), start, minutes)
    return EVResult(status_date, tasks, figures, schedule, start, finish, forecast)


def _earned_schedule(
    plan: Plan, ev: float, status_date: datetime, start: datetime, finish: datetime
) -> EarnedSchedule | None:
    """ES on the project calendar's working time: the first position at which PV reaches EV.

    PV is monotone in time, so a bisection over whole working minutes finds the minute in which PV
    crosses EV; inside it PV is linear for linear profiles, so interpolating there is exact for them.
    """
    project = plan.project
    cal = compile_around(project.project_calendar(), min(start, status_date), max(finish, status_date))
    w0 = cal.to_work(to_minutes(start))
    pd = cal.work_between(to_minutes(start), to_minutes(finish))
    if plan.bac <= 0 or pd <= 0:
        return None
    at = max(0, cal.work_between(to_minutes(start), to_minutes(status_date)))

    def pv_at(w: int) -> float:
        return float(plan.pv(cal.finish_at(w0 + w)).sum())

    target = min(ev, plan.bac)
    tolerance = 1e-9 * plan.bac
    es: float
    if target <= tolerance or pv_at(0) >= target - tolerance:
        es = 0.0
    elif pv_at(pd) < target - tolerance:
        es = float(pd)
    else:
        lo, hi = 0, pd
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if pv_at(mid) >= target - tolerance:
                hi = mid
            else:
                lo = mid
        p_lo, p_hi = pv_at(lo), pv_at(hi)
        es = lo + min(1.0, (target - p_lo) / (p_hi - p_lo)) if p_hi > p_lo else float(hi)
    per_day = project.minutes_per_day
    return schedule_figures(es=es / per_day, at=at / per_day, pd=pd / per_day)
