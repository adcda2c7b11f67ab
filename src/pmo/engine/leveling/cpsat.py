"""The improving mode: OR-Tools CP-SAT on the compiled problem, started from the heuristic's schedule.

Model: one integer start per task in ``[early start, horizon - tail]``, one fixed-size interval
per task and resource it uses, one ``AddCumulative`` per resource at its largest capacity, with
fixed intervals that take the missing units wherever the capacity steps down (time off).
Links are ``s_j >= s_i + d``; a "do not level" task starts exactly at the latest of its release
and its links (``AddMaxEquality``). The objective is the makespan for one project, else the sum of
``(1 + priority) * finish`` over the projects. The heuristic's schedule is the hint and an upper
bound, and the larger of the critical-path and resource-energy bounds is a lower bound on the
makespan, so the solver can prove optimality.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from ortools.sat.python import cp_model

from pmo.engine.leveling.compile import Compiled

__all__ = ["CpsatOutcome", "solve"]

I64 = npt.NDArray[np.int64]


@dataclass(frozen=True)
class CpsatOutcome:
    """What CP-SAT returned: the starts (``None`` when it found nothing), whether they are proven
    optimal, the solver status name and its best objective bound."""

    start: I64 | None
    optimal: bool
    status: str
    bound: int


def _capacity_gaps(c: Compiled, r: int, horizon: int) -> list[tuple[int, int, int]]:
    """``(start, end, missing units)`` where resource ``r`` is below its largest capacity."""
    times = c.ctime[c.cptr[r] : c.cptr[r + 1]].tolist()
    caps = c.ccap[c.cptr[r] : c.cptr[r + 1]].tolist()
    top = int(c.cap_max[r])
    gaps = []
    for k, (at, cap) in enumerate(zip(times, caps, strict=True)):
        end = times[k + 1] if k + 1 < len(times) else horizon
        if cap < top and at < min(end, horizon):
            gaps.append((int(at), int(min(end, horizon)), top - int(cap)))
    return gaps


_MAX_CLIQUE_TASKS = 400


def _disjunctive_cliques(c: Compiled) -> list[list[int]]:
    """Groups of tasks no two of which can overlap (their demands together exceed a capacity, or
    a chain of FS-like links orders them), found greedily; a ``no_overlap`` on each group gives
    CP-SAT disjunctive reasoning (edge finding) that the cumulative alone does not."""
    n = c.n
    if n > _MAX_CLIQUE_TASKS:
        return []
    busy = [j for j in range(n) if c.dur[j] > 0]
    demand = np.zeros((n, c.n_resources), dtype=np.int64)
    for j in range(n):
        for e in range(int(c.dptr[j]), int(c.dptr[j + 1])):
            demand[j, int(c.dres[e])] = int(c.dunits[e])
    clash = ((demand[:, None, :] + demand[None, :, :]) > c.cap_max[None, None, :]).any(axis=2)
    # j after i with no overlap possible: a path of links each at least the predecessor's duration
    after = np.zeros((n, n), dtype=np.bool_)
    for i in c.order[::-1].tolist():
        for e in range(int(c.out_ptr[i]), int(c.out_ptr[i + 1])):
            k = int(c.out_dst[e])
            if int(c.out_dist[e]) >= int(c.dur[i]):
                after[i, k] = True
                after[i] |= after[k]
    apart = clash | after | after.T
    cliques: list[list[int]] = []
    seen: set[tuple[int, ...]] = set()
    degree = apart[np.ix_(busy, busy)].sum(axis=1)
    for seed in [busy[k] for k in np.argsort(-degree, kind="stable").tolist()]:
        clique = [seed]
        for j in busy:
            if j != seed and all(apart[j, k] for k in clique):
                clique.append(j)
        key = tuple(sorted(clique))
        if len(clique) >= 3 and key not in seen:
            seen.add(key)
            cliques.append(clique)
    return cliques


def solve(
    c: Compiled,
    hint: I64,
    *,
    time_limit: float,
    workers: int = 1,
    seed: int = 0,
    single_project: bool = True,
    options: Mapping[str, object] | None = None,
) -> CpsatOutcome:
    """Improve ``hint`` (a feasible schedule on the compiled grid) within ``time_limit`` seconds."""
    n = c.n
    hint_finish = int((hint + c.dur).max()) if n else 0
    # With one project the hint's makespan bounds every better schedule; with several, a better
    # weighted objective may need a longer overall finish, so allow twice the room.
    horizon = hint_finish if single_project else 2 * hint_finish + int(c.dur.sum())
    m = cp_model.CpModel()
    starts = []
    for j in range(n):
        lo = int(c.es[j])
        hi = max(lo, horizon - int(c.tail[j]))
        starts.append(m.new_int_var(lo, hi, f"s{j}"))
    for j in range(n):
        for e in range(int(c.in_ptr[j]), int(c.in_ptr[j + 1])):
            i = int(c.in_src[e])
            if c.fixed[j]:
                continue
            m.add(starts[j] >= starts[i] + int(c.in_dist[e]))
        if c.fixed[j]:
            terms = [
                starts[int(c.in_src[e])] + int(c.in_dist[e])
                for e in range(int(c.in_ptr[j]), int(c.in_ptr[j + 1]))
            ]
            m.add_max_equality(starts[j], [*terms, max(int(c.rel[j]), 0)])
    intervals_of: dict[int, cp_model.IntervalVar] = {}
    per_res: list[tuple[list[cp_model.IntervalVar], list[int]]] = [([], []) for _ in range(c.n_resources)]
    for j in range(n):
        p = int(c.dur[j])
        if p == 0:
            continue
        interval = m.new_fixed_size_interval_var(starts[j], p, f"x{j}")
        intervals_of[j] = interval
        for e in range(int(c.dptr[j]), int(c.dptr[j + 1])):
            per_res[int(c.dres[e])][0].append(interval)
            per_res[int(c.dres[e])][1].append(int(c.dunits[e]))
    for r, (intervals, demands) in enumerate(per_res):
        if not intervals:
            continue
        for lo, hi, units in _capacity_gaps(c, r, horizon):
            intervals.append(m.new_fixed_size_interval_var(lo, hi - lo, f"off{r}_{lo}"))
            demands.append(units)
        m.add_cumulative(intervals, demands, int(c.cap_max[r]))
    for clique in _disjunctive_cliques(c):
        m.add_no_overlap([intervals_of[j] for j in clique])
    lb = c.lower_bound()
    if single_project:
        makespan = m.new_int_var(min(lb, hint_finish), hint_finish, "makespan")
        for j in range(n):
            m.add(makespan >= starts[j] + int(c.dur[j]))
        m.minimize(makespan)
        m.add_hint(makespan, hint_finish)
    else:
        finishes = []
        for p in range(c.proj_prio.shape[0]):
            fin = m.new_int_var(0, horizon, f"finish{p}")
            for j in np.flatnonzero(c.proj == p).tolist():
                m.add(fin >= starts[j] + int(c.dur[j]))
            finishes.append(fin)
        m.minimize(sum((1 + int(w)) * f for w, f in zip(c.proj_prio.tolist(), finishes, strict=True)))
    for j in range(n):
        m.add_hint(starts[j], int(hint[j]))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.01, float(time_limit))
    solver.parameters.num_workers = max(1, int(workers))
    solver.parameters.random_seed = int(seed)
    for name, value in (options or {}).items():
        setattr(solver.parameters, name, value)
    status = solver.solve(m)
    name = solver.status_name(status)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return CpsatOutcome(None, False, name, lb)
    found = np.array([solver.value(s) for s in starts], dtype=np.int64)
    return CpsatOutcome(found, status == cp_model.OPTIMAL, name, int(solver.best_objective_bound))
