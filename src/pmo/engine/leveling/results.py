"""The result of a leveling run, and the explanation of every delay.

The explanation is computed from the final schedule alone, whatever found it (heuristic or
CP-SAT): a task's *delay* is its start minus its unlevelled early start (critical path with
releases, no resources). A delayed task either

* could not start when its links allowed, because a resource was full: :attr:`TaskSchedule.conflict`
  names the resource, the first period where it was full, and the tasks holding it then; or
* started as soon as its links allowed, but a predecessor had been delayed:
  :attr:`TaskSchedule.driver` names that predecessor (follow it to the resource conflict).

Both can be set when a task was pushed by a predecessor and then waited for a resource too.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import numpy.typing as npt

from pmo.engine.leveling.compile import Compiled

__all__ = ["Conflict", "LevelingResult", "Overallocation", "TaskSchedule"]

I64 = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Conflict:
    """Resource ``resource`` was full at ``period`` (times in the caller's unit): the task needed
    ``needed`` units, ``free`` were left, held by the tasks ``holders``."""

    resource: str
    period: int
    needed: int
    free: int
    holders: tuple[Hashable, ...]


@dataclass(frozen=True)
class TaskSchedule:
    """One task of the levelled schedule (times in the caller's unit).

    ``early_start`` is the unlevelled (critical-path) early start; ``delay = start - early_start``.
    ``reason`` says why in one sentence (empty when the task is not delayed).
    """

    key: Hashable
    start: int
    finish: int
    early_start: int
    delay: int
    levelled: bool
    conflict: Conflict | None
    driver: Hashable | None
    reason: str


@dataclass(frozen=True)
class Overallocation:
    """Periods ``[start, end)`` where ``resource`` holds more than its capacity (only "do not level"
    tasks can cause it); ``excess`` is the largest overload in units."""

    resource: str
    start: int
    end: int
    excess: int


@dataclass(frozen=True)
class LevelingResult:
    """A levelled schedule.

    Attributes
    ----------
    start, finish : ndarray of int64
        Per task, in the order of ``problem.tasks``, in the caller's time unit.
    makespan : int
        Latest finish.
    cpm_makespan : int
        Unlevelled project length (critical path with releases).
    lower_bound : int
        Larger of the critical path and the resource-energy bound (proof reached when equal).
    optimal : bool
        Whether the makespan (the weighted project finish for several projects) is proven optimal.
    objective : int
        Makespan for one project; sum of ``(1 + priority) * finish`` over several projects.
    mode, method, status : str
        Mode asked for, what found the returned schedule, and the CP-SAT status ("" when not run).
    evaluations : int
        Schedules (activity lists decoded and improved) the heuristic built.
    seconds : float
        Wall time of the run.
    project_finish : dict
        Finish per project name.
    """

    compiled: Compiled = field(repr=False)
    start: I64 = field(repr=False)
    finish: I64 = field(repr=False)
    makespan: int
    cpm_makespan: int
    lower_bound: int
    optimal: bool
    objective: int
    mode: str
    method: str
    status: str
    evaluations: int
    seconds: float
    project_finish: dict[str, int]

    @property
    def starts(self) -> dict[Hashable, int]:
        """Start per task key."""
        return {t.key: int(s) for t, s in zip(self.compiled.problem.tasks, self.start.tolist(), strict=True)}

    @cached_property
    def _usage(self) -> tuple[I64, I64]:
        c = self.compiled
        s = self.start // c.unit
        horizon = int((s + c.dur).max()) + 1 if c.n else 1
        usage = np.zeros((c.n_resources, horizon + 1), dtype=np.int64)
        counts = np.diff(c.dptr)
        task = np.repeat(np.arange(c.n), counts)
        np.add.at(usage, (c.dres, s[task]), c.dunits)
        np.add.at(usage, (c.dres, s[task] + c.dur[task]), -c.dunits)
        np.cumsum(usage, axis=1, out=usage)
        return usage[:, :horizon], c.profile(horizon)

    @cached_property
    def overallocations(self) -> tuple[Overallocation, ...]:
        """Every run of periods where a resource is over its capacity."""
        c = self.compiled
        usage, cap = self._usage
        names = [r.name for r in c.problem.resources]
        out = []
        for r in range(c.n_resources):
            over = usage[r] - cap[r]
            bad = np.flatnonzero(over > 0)
            if not bad.size:
                continue
            breaks = np.flatnonzero(np.diff(bad) > 1)
            lo = np.concatenate(([0], breaks + 1))
            hi = np.concatenate((breaks, [bad.size - 1]))
            for a, b in zip(lo.tolist(), hi.tolist(), strict=True):
                seg = over[bad[a] : bad[b] + 1]
                out.append(
                    Overallocation(names[r], int(bad[a]) * c.unit, (int(bad[b]) + 1) * c.unit, int(seg.max()))
                )
        return tuple(out)

    def _holders(self, r: int, u: int, exclude: int) -> tuple[Hashable, ...]:
        c = self.compiled
        s = self.start // c.unit
        counts = np.diff(c.dptr)
        task = np.repeat(np.arange(c.n), counts)
        mine = task[c.dres == r]
        active = mine[(s[mine] <= u) & (s[mine] + c.dur[mine] > u) & (mine != exclude)]
        return tuple(c.problem.tasks[i].key for i in active.tolist())

    def _explain(self, j: int) -> TaskSchedule:
        c = self.compiled
        task = c.problem.tasks[j]
        s = self.start // c.unit
        sj, pj = int(s[j]), int(c.dur[j])
        es = int(c.es[j])
        ready = max(int(c.rel[j]), 0)
        driver = None
        for e in range(int(c.in_ptr[j]), int(c.in_ptr[j + 1])):
            v = int(s[c.in_src[e]] + c.in_dist[e])
            if v > ready:
                ready = v
                driver = int(c.in_src[e])
        conflict = None
        if sj > ready and pj > 0:
            usage, cap = self._usage
            names = [r.name for r in c.problem.resources]
            own_lo, own_hi = sj, sj + pj
            found = False
            for u in range(ready, ready + pj):
                for e in range(int(c.dptr[j]), int(c.dptr[j + 1])):
                    r, q = int(c.dres[e]), int(c.dunits[e])
                    used = int(usage[r, u]) - (q if own_lo <= u < own_hi else 0)
                    if used + q > int(cap[r, u]):
                        holders = self._holders(r, u, j)
                        conflict = Conflict(names[r], u * c.unit, q * 1, int(cap[r, u]) - used, holders)
                        found = True
                        break
                if found:
                    break
        drv_key = c.problem.tasks[driver].key if driver is not None and ready > es else None
        delay = (sj - es) * c.unit
        parts = []
        if delay > 0 and drv_key is not None:
            parts.append(f"its predecessor {drv_key!r} was delayed")
        if conflict is not None:
            who = ", ".join(repr(h) for h in conflict.holders) or "time off"
            parts.append(
                f"{conflict.resource!r} was full at {conflict.period} "
                f"(needs {conflict.needed}, {conflict.free} free; held by {who})"
            )
        reason = f"delayed {delay}: " + "; then ".join(parts) if delay > 0 and parts else ""
        if delay > 0 and not parts:
            reason = f"delayed {delay}: placed later than needed by the optimizer"
        return TaskSchedule(
            key=task.key,
            start=int(self.start[j]),
            finish=int(self.finish[j]),
            early_start=es * c.unit,
            delay=delay,
            levelled=not bool(c.fixed[j]),
            conflict=conflict,
            driver=drv_key,
            reason=reason,
        )

    @cached_property
    def tasks(self) -> tuple[TaskSchedule, ...]:
        """Every task with its dates, delay and the reason of the delay (computed on first use)."""
        return tuple(self._explain(j) for j in range(self.compiled.n))

    def explain(self, key: Hashable) -> TaskSchedule:
        """The schedule and delay explanation of one task."""
        return self._explain(self.compiled.problem.task_index(key))
