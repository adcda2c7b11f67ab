"""Prepared arrays of an :class:`~pmo.engine.evm.model.EVProject`: PV, EV and AC at any instant.

Everything is vectorised over tasks: one call at one instant is a handful of numpy operations,
whatever the number of tasks, so a time-phased series costs one such call per period.

- PV: the share of a task's baseline working time elapsed (on its own compiled calendar) goes
  through the task's spreading profile; zero-length windows and the START/END profiles are steps.
- EV: progress reports and achieved milestones are events; the latest event of each task at an
  instant is found with one ``searchsorted`` over keys ``task × span + minute``.
- AC: cost entries sorted by instant with a running sum.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import numpy.typing as npt

from pmo.engine.evm.model import EVMethod, EVProject, EVTask, Profile
from pmo.engine.schedule.calendars import Calendar, CompiledCalendar, from_minutes, to_minutes
from pmo.engine.schedule.errors import HorizonError

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
Mask = npt.NDArray[np.bool_]

_NEVER = np.iinfo(np.int64).max // 4
_PROFILES = list(Profile)
_METHODS = list(EVMethod)


def _m(value: datetime | None) -> int:
    return _NEVER if value is None else to_minutes(value)


def compile_around(cal: Calendar, first: datetime, last: datetime, pad_days: int = 7) -> CompiledCalendar:
    """Compile ``cal`` over the days from ``first`` to ``last`` with some padding."""
    return cal.compile(first.date() - timedelta(days=pad_days), last.date() + timedelta(days=pad_days))


def add_working(cal: Calendar, start: datetime, minutes: int) -> datetime | None:
    """``start`` plus working minutes on ``cal``; ``None`` beyond about 200 years."""
    span = 30 + 3 * minutes // 480
    while span < 200 * 366:
        compiled = cal.compile(start.date() - timedelta(days=7), start.date() + timedelta(days=span))
        try:
            return from_minutes(compiled.add(to_minutes(start), minutes), start.tzinfo)
        except HorizonError:
            span *= 4
    return None


class Plan:
    """Prepared arrays of a validated project (see the module docstring)."""

    def __init__(self, project: EVProject) -> None:
        project.validate()
        self.project = project
        tasks = project.tasks
        self.n = len(tasks)
        self.budget: F64 = np.array([t.budget for t in tasks], dtype=np.float64)
        self.bs: I64 = np.array([_m(t.baseline_start) for t in tasks], dtype=np.int64)
        self.bf: I64 = np.array([_m(t.baseline_finish) for t in tasks], dtype=np.int64)
        self.astart: I64 = np.array([_m(t.actual_start) for t in tasks], dtype=np.int64)
        self.afinish: I64 = np.array([_m(t.actual_finish) for t in tasks], dtype=np.int64)
        self.profile = np.array([_PROFILES.index(t.profile) for t in tasks], dtype=np.int64)
        self.method = np.array([_METHODS.index(t.method) for t in tasks], dtype=np.int64)
        self.bac = float(self.budget.sum())
        self._prepare_calendars()
        self._prepare_events(tasks)
        self._prepare_costs(tasks)

    # ----- preparation ------------------------------------------------------------------------
    def _prepare_calendars(self) -> None:
        self.groups: list[tuple[I64, CompiledCalendar]] = []
        self.wbs: F64 = np.zeros(self.n, dtype=np.float64)
        self.length: F64 = np.zeros(self.n, dtype=np.float64)
        self.step_at_finish: Mask = np.zeros(self.n, dtype=np.bool_)
        self.step_at_start: Mask = np.zeros(self.n, dtype=np.bool_)
        if self.n == 0:
            return
        first = from_minutes(int(self.bs.min()))
        last = from_minutes(int(self.bf.max()))
        keys = [t.calendar for t in self.project.tasks]
        for key in dict.fromkeys(keys):
            idx = np.array([i for i, k in enumerate(keys) if k == key], dtype=np.int64)
            cal = self.project.project_calendar() if key is None else self.project.calendars[key]
            compiled = compile_around(cal, first, last, pad_days=2)
            w0 = compiled.to_work_array(self.bs[idx])
            w1 = compiled.to_work_array(self.bf[idx])
            self.wbs[idx] = w0
            self.length[idx] = w1 - w0
            self.groups.append((idx, compiled))
        # Windows without working time, and the END profile, plan the budget at the baseline finish.
        end = _PROFILES.index(Profile.END)
        self.step_at_finish = (self.length <= 0) | (self.profile == end)
        self.step_at_start = (self.profile == _PROFILES.index(Profile.START)) & ~self.step_at_finish

    def _prepare_events(self, tasks: tuple[EVTask, ...]) -> None:
        owner: list[int] = []
        when: list[int] = []
        value: list[float] = []
        for i, t in enumerate(tasks):
            if t.method is EVMethod.WEIGHTED_MILESTONES:
                total = sum(m.weight for m in t.milestones)
                done = sorted((to_minutes(m.achieved), m.weight) for m in t.milestones if m.achieved)
                cumulative = 0.0
                for at, weight in done:
                    cumulative += weight
                    owner.append(i)
                    when.append(at)
                    value.append(cumulative / total)
            else:
                for p in t.progress:
                    owner.append(i)
                    when.append(to_minutes(p.at))
                    value.append(p.percent_complete / 100.0)
        self.t0 = min(when, default=0)
        self.span = max(when, default=0) - self.t0 + 2
        keys = np.array(owner, dtype=np.int64) * self.span + (np.array(when, dtype=np.int64) - self.t0)
        # A stable sort keeps the input order of two reports at the same instant: the later one wins.
        order = np.argsort(keys, kind="stable")
        self.ev_keys: I64 = keys[order]
        self.ev_owner: I64 = np.array(owner, dtype=np.int64)[order]
        self.ev_value: F64 = np.array(value, dtype=np.float64)[order]
        self.task_index: I64 = np.arange(self.n, dtype=np.int64)

    def _prepare_costs(self, tasks: tuple[EVTask, ...]) -> None:
        owner = [i for i, t in enumerate(tasks) for _ in t.costs]
        when = [to_minutes(c.at) for t in tasks for c in t.costs]
        amount = [float(c.amount) for t in tasks for c in t.costs]
        order = np.argsort(np.array(when, dtype=np.int64), kind="stable")
        self.cost_at: I64 = np.array(when, dtype=np.int64)[order]
        self.cost_owner: I64 = np.array(owner, dtype=np.int64)[order]
        self.cost_amount: F64 = np.array(amount, dtype=np.float64)[order]
        self.cost_cum: F64 = np.cumsum(self.cost_amount)

    # ----- values at an instant ---------------------------------------------------------------
    def planned_share(self, t: int) -> F64:
        """Cumulative share of each task's budget planned at instant ``t`` (minutes)."""
        x = np.zeros(self.n, dtype=np.float64)
        for idx, compiled in self.groups:
            clipped = np.clip(t, self.bs[idx], self.bf[idx])
            w = compiled.to_work_array(clipped) - self.wbs[idx]
            length = self.length[idx]
            x[idx] = np.divide(w, length, out=np.zeros(idx.size), where=length > 0)
        p = self.profile
        share = np.select(
            [p == 1, p == 2, p == 3],
            [1.0 - (1.0 - x) ** 2, x * x, x * x * (3.0 - 2.0 * x)],
            default=x,
        )
        share = np.where(self.step_at_finish, (t >= self.bf).astype(np.float64), share)
        return np.where(self.step_at_start, (t >= self.bs).astype(np.float64), share)

    def pv(self, t: int) -> F64:
        """Planned value of each task at ``t``."""
        return self.budget * self.planned_share(t)

    def earned_share(self, t: int) -> F64:
        """Cumulative share of each task's budget earned at instant ``t`` (its method applied)."""
        latest = np.zeros(self.n, dtype=np.float64)
        if self.ev_keys.size:
            offset = min(max(t - self.t0, -1), self.span - 1)
            pos = np.searchsorted(self.ev_keys, self.task_index * self.span + offset, side="right") - 1
            safe = np.maximum(pos, 0)
            own = (pos >= 0) & (self.ev_owner[safe] == self.task_index)
            latest = np.where(own, self.ev_value[safe], 0.0)
        finished = (self.afinish <= t) | (latest >= 1.0)
        started = (self.astart <= t) | (latest > 0.0)
        m = self.method
        share = np.select(
            [m == 1, m == 2],
            [finished.astype(np.float64), np.where(started, 0.5, 0.0)],
            default=latest,
        )
        return np.where(finished, 1.0, share)

    def ev(self, t: int) -> F64:
        """Earned value of each task at ``t``."""
        return self.budget * self.earned_share(t)

    def ac_total(self, t: int) -> float:
        """Actual cost of the whole project up to and including instant ``t``."""
        k = int(np.searchsorted(self.cost_at, t, side="right"))
        return float(self.cost_cum[k - 1]) if k else 0.0

    def ac(self, t: int) -> F64:
        """Actual cost of each task up to and including instant ``t``."""
        k = int(np.searchsorted(self.cost_at, t, side="right"))
        counts = np.bincount(self.cost_owner[:k], weights=self.cost_amount[:k], minlength=self.n)
        return np.asarray(counts, dtype=np.float64)

    # ----- the project's time axis --------------------------------------------------------------
    def window(self) -> tuple[datetime, datetime] | None:
        """Baseline start and finish of the whole project (``None`` without tasks)."""
        if self.n == 0:
            return None
        return from_minutes(int(self.bs.min())), from_minutes(int(self.bf.max()))
