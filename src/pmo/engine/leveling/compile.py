"""Validate a :class:`LevelingProblem` once and turn it into arrays for the kernels.

Tasks become indices ``0..n-1``, links become start-to-start minimum distances in CSR form (by
successor and by predecessor), demands a CSR of ``(resource, units)``. Every time (durations,
lags, releases, capacity steps) is divided by their greatest common divisor, so a plan in working
minutes made of whole hours or days is levelled on an hour or day grid: the resource profile is an
array over time and its size follows the number of grid periods.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from math import gcd

import numpy as np
import numpy.typing as npt

from pmo.engine.leveling import _kernels as kernels
from pmo.engine.leveling.errors import InfeasibleError, InvalidProblemError
from pmo.engine.leveling.model import (
    DO_NOT_LEVEL_PRIORITY,
    LINK_TYPES,
    LevelingProblem,
    check_int,
    check_priority,
    projects_of,
)
from pmo.engine.schedule.errors import CycleError

__all__ = ["Compiled", "compile_problem"]

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
Bool = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Compiled:
    """The validated problem as arrays, on the scaled time grid (``unit`` original units per period)."""

    problem: LevelingProblem
    unit: int
    dur: I64
    rel: I64
    fixed: Bool
    task_prio: I64
    proj: I64
    proj_prio: I64
    proj_names: tuple[str, ...]
    # links as distances; CSR by successor (in_*) and by predecessor (out_*)
    in_ptr: I64
    in_src: I64
    in_dist: I64
    out_ptr: I64
    out_dst: I64
    out_dist: I64
    link_rows: I64  # for each in_* entry, the index of the link in problem.links
    # demands CSR
    dptr: I64
    dres: I64
    dunits: I64
    # capacity steps per resource: times (sorted, first 0) and values, CSR by resource
    cptr: I64
    ctime: I64
    ccap: I64
    cap_max: I64
    constant_capacity: bool
    order: I64  # a topological order
    es: I64  # unlevelled early starts (CPM with releases)
    tail: I64  # longest path from a task's start to the end of the project

    @property
    def n(self) -> int:
        """Number of tasks."""
        return int(self.dur.shape[0])

    @property
    def n_resources(self) -> int:
        """Number of resources."""
        return int(self.cap_max.shape[0])

    @property
    def cpm_makespan(self) -> int:
        """Unlevelled project length (grid periods)."""
        return int((self.es + self.dur).max()) if self.n else 0

    def last_change(self) -> int:
        """Time of the last capacity step (0 when capacities are constant)."""
        return int(self.ctime.max()) if self.ctime.size else 0

    def profile(self, horizon: int) -> I64:
        """Capacity per resource and period, shape ``(R, horizon)``."""
        out = np.empty((self.n_resources, horizon), dtype=np.int64)
        for r in range(self.n_resources):
            times = self.ctime[self.cptr[r] : self.cptr[r + 1]]
            caps = self.ccap[self.cptr[r] : self.cptr[r + 1]]
            for k in range(times.shape[0]):
                lo = min(int(times[k]), horizon)
                hi = min(int(times[k + 1]), horizon) if k + 1 < times.shape[0] else horizon
                out[r, lo:hi] = caps[k]
        return out

    def lower_bound(self) -> int:
        """Critical-path length, or the resource-energy bound when that is larger (grid periods)."""
        lb = self.cpm_makespan
        energy = np.zeros(self.n_resources, dtype=np.int64)
        counts = np.diff(self.dptr)
        np.add.at(energy, self.dres, self.dunits * np.repeat(self.dur, counts))
        for r in range(self.n_resources):
            if self.cap_max[r] > 0 and energy[r] > 0:
                lb = max(lb, -(-int(energy[r]) // int(self.cap_max[r])))
        return lb


def _int_column(values: list[object], label: Callable[[int], str], *, minimum: int | None = None) -> I64:
    """``values`` as int64, or the typed error naming the first bad entry (``label(k)``)."""
    arr = np.asarray(values)
    if arr.size == 0:
        return np.zeros(0, dtype=np.int64)
    if arr.dtype.kind not in "iu" or arr.ndim != 1:
        for k, value in enumerate(values):
            check_int(value, label(k))
    out = arr.astype(np.int64)
    if minimum is not None and out.min() < minimum:
        k = int(np.argmin(out))
        check_int(values[k], label(k), minimum=minimum)
    return out


def _csr(n: int, key: I64, *cols: I64) -> tuple[I64, ...]:
    order = np.argsort(key, kind="stable")
    ptr = np.zeros(n + 1, dtype=np.int64)
    np.add.at(ptr, key + 1, 1)
    np.cumsum(ptr, out=ptr)
    return (ptr, order, *(c[order] for c in cols))


def _cycle(n: int, in_ptr: I64, in_src: I64, done: Bool, keys: list[object]) -> list[object]:
    """One cycle among the tasks Kahn's algorithm could not order, as task keys in link order."""
    start = int(np.flatnonzero(~done)[0])
    seen: dict[int, int] = {}
    path: list[int] = []
    v = start
    while v not in seen:
        seen[v] = len(path)
        path.append(v)
        v = next(int(in_src[e]) for e in range(in_ptr[v], in_ptr[v + 1]) if not done[in_src[e]])
    cyc = path[seen[v] :]
    cyc.reverse()  # we walked predecessors; report in link direction
    return [keys[i] for i in cyc]


def compile_problem(problem: LevelingProblem) -> Compiled:
    """Validate ``problem`` and return its arrays.

    Raises
    ------
    InvalidProblemError
        A malformed input; the message names the task, resource, link or project.
    InfeasibleError
        A levelled task needs more units of a resource than the resource has from its last
        capacity step on (so it could never be placed).
    CycleError
        The links form a cycle (the message lists the tasks on it).
    """
    tasks = problem.tasks
    n = len(tasks)
    keys: list[object] = []
    index: dict[object, int] = {}
    for i, t in enumerate(tasks):
        if t.key in index:
            raise InvalidProblemError(f"task {t.key!r} appears twice")
        index[t.key] = i
        keys.append(t.key)

    res_index: dict[str, int] = {}
    cptr = [0]
    ctime: list[int] = []
    ccap: list[int] = []
    for r in problem.resources:
        if r.name in res_index:
            raise InvalidProblemError(f"resource {r.name!r} appears twice")
        res_index[r.name] = len(res_index)
        ctime.append(0)
        ccap.append(check_int(r.capacity, f"resource {r.name!r}: capacity", minimum=0))
        previous = -1
        for step in r.changes:
            if len(step) != 2:
                raise InvalidProblemError(f"resource {r.name!r}: a capacity step is (time, capacity)")
            at = check_int(step[0], f"resource {r.name!r}: capacity step time", minimum=0)
            cap = check_int(step[1], f"resource {r.name!r}: capacity at {at}", minimum=0)
            if at <= previous:
                raise InvalidProblemError(
                    f"resource {r.name!r}: capacity steps must be in strictly increasing time order"
                )
            previous = at
            if at == 0:
                ccap[-1] = cap
            else:
                ctime.append(at)
                ccap.append(cap)
        cptr.append(len(ctime))
    n_res = len(res_index)

    proj_names, proj_prio_list = projects_of(problem)
    proj_pos = {name: k for k, name in enumerate(proj_names)}

    dur = _int_column([t.duration for t in tasks], lambda k: f"task {tasks[k].key!r}: duration", minimum=0)
    rel = _int_column([t.release for t in tasks], lambda k: f"task {tasks[k].key!r}: release", minimum=0)
    task_prio = _int_column(
        [t.priority for t in tasks], lambda k: f"task {tasks[k].key!r}: priority", minimum=0
    )
    if n and task_prio.max() > DO_NOT_LEVEL_PRIORITY:
        bad = int(np.argmax(task_prio > DO_NOT_LEVEL_PRIORITY))
        check_priority(tasks[bad].priority, f"task {tasks[bad].key!r}")
    fixed = np.array([not t.level for t in tasks], dtype=np.bool_).reshape(n) | (
        task_prio == DO_NOT_LEVEL_PRIORITY
    )
    proj = np.array([proj_pos[t.project] for t in tasks], dtype=np.int64).reshape(n)

    flat = [(i, name_units) for i, t in enumerate(tasks) for name_units in t.demands]
    for i, demand in flat:
        if not isinstance(demand, tuple) or len(demand) != 2:
            raise InvalidProblemError(f"task {tasks[i].key!r}: a demand is (resource name, units)")
        if demand[0] not in res_index:
            raise InvalidProblemError(f"task {tasks[i].key!r} demands unknown resource {demand[0]!r}")
    d_task = np.array([i for i, _ in flat], dtype=np.int64)
    d_res = np.array([res_index[d[0]] for _, d in flat], dtype=np.int64)
    d_units = _int_column(
        [d[1] for _, d in flat],
        lambda k: f"task {tasks[flat[k][0]].key!r}: units of {flat[k][1][0]!r}",
        minimum=0,
    )
    pair = d_task * max(n_res, 1) + d_res
    if np.unique(pair).shape[0] != pair.shape[0]:
        _, first, counts = np.unique(pair, return_index=True, return_counts=True)
        k = int(first[np.argmax(counts > 1)])
        raise InvalidProblemError(
            f"task {tasks[int(d_task[k])].key!r} lists resource {flat[k][1][0]!r} twice"
        )
    final_cap = np.asarray([ccap[cptr[r + 1] - 1] for r in range(n_res)], dtype=np.int64)
    over = (
        (d_units > final_cap[d_res]) & ~fixed[d_task] & (dur[d_task] > 0)
        if d_res.size
        else d_res.astype(bool)
    )
    if over.any():
        k = int(np.argmax(over))
        rk = int(d_res[k])
        name = problem.resources[rk].name
        steps = cptr[rk + 1] - cptr[rk]
        raise InfeasibleError(
            f"task {tasks[int(d_task[k])].key!r} needs {int(d_units[k])} units of {name!r} "
            f"but {name!r} has only {int(final_cap[rk])}"
            + (f" from time {ctime[cptr[rk + 1] - 1]} on" if steps > 1 else "")
        )
    keep = d_units > 0
    d_task, d_res, d_units = d_task[keep], d_res[keep], d_units[keep]  # already in task order
    dptr = np.zeros(n + 1, dtype=np.int64)
    np.add.at(dptr, d_task + 1, 1)
    np.cumsum(dptr, out=dptr)
    dres, dunits = d_res, d_units

    links = problem.links
    m = len(links)
    try:
        lsrc = np.array([index[link.pred] for link in links], dtype=np.int64).reshape(m)
        ldst = np.array([index[link.succ] for link in links], dtype=np.int64).reshape(m)
    except (KeyError, TypeError):
        for link in links:
            for end in (link.pred, link.succ):
                if end not in index:
                    raise InvalidProblemError(
                        f"link {link.pred!r} -> {link.succ!r}: unknown task {end!r}"
                    ) from None
        raise
    kind_of = {k: i for i, k in enumerate(LINK_TYPES)}
    try:
        kinds = np.array([kind_of[link.type] for link in links], dtype=np.int64).reshape(m)
    except (KeyError, TypeError):
        bad_link = next(link for link in links if link.type not in kind_of)
        raise InvalidProblemError(
            f"link {bad_link.pred!r} -> {bad_link.succ!r}: "
            f"type {bad_link.type!r} is not one of FS, SS, FF, SF"
        ) from None
    lags = _int_column(
        [link.lag for link in links], lambda k: f"link {links[k].pred!r} -> {links[k].succ!r}: lag"
    )
    loops = np.flatnonzero(lsrc == ldst)
    if loops.size:
        raise CycleError([links[int(loops[0])].pred])

    # One grid for every time of the problem.
    g = 0
    for arr in (dur, rel, np.abs(lags), np.asarray(ctime, dtype=np.int64)):
        if arr.size:
            g = gcd(g, int(np.gcd.reduce(arr)))
    unit = g or 1
    dur //= unit
    rel //= unit
    lags //= unit
    ctime_arr = np.asarray(ctime, dtype=np.int64) // unit
    p_i, p_j = dur[lsrc], dur[ldst]
    ldist = np.select([kinds == 0, kinds == 1, kinds == 2], [p_i + lags, lags, p_i - p_j + lags], lags - p_j)
    ldist = ldist.astype(np.int64)

    in_ptr, in_rows, in_src, in_dist = _csr(n, ldst, lsrc, ldist)
    out_ptr, _, out_dst, out_dist = _csr(n, lsrc, ldst, ldist)
    order, count = kernels.topo_order(in_ptr, out_ptr, out_dst)
    if count < n:
        done = np.zeros(n, dtype=np.bool_)
        done[order[:count]] = True
        raise CycleError(_cycle(n, in_ptr, in_src, done, keys))
    es = kernels.forward_pass(order, rel, in_ptr, in_src, in_dist)
    tail = kernels.tails(order, dur, out_ptr, out_dst, out_dist)
    cap_arr = np.asarray(ccap, dtype=np.int64)
    cptr_arr = np.asarray(cptr, dtype=np.int64)
    cap_max = np.array(
        [cap_arr[cptr_arr[r] : cptr_arr[r + 1]].max() for r in range(n_res)], dtype=np.int64
    ).reshape(n_res)
    return Compiled(
        problem=problem,
        unit=unit,
        dur=dur,
        rel=rel,
        fixed=fixed,
        task_prio=task_prio,
        proj=proj,
        proj_prio=np.asarray(proj_prio_list, dtype=np.int64),
        proj_names=tuple(proj_names),
        in_ptr=in_ptr,
        in_src=in_src,
        in_dist=in_dist,
        out_ptr=out_ptr,
        out_dst=out_dst,
        out_dist=out_dist,
        link_rows=in_rows,
        dptr=dptr,
        dres=np.asarray(dres, dtype=np.int64),
        dunits=np.asarray(dunits, dtype=np.int64),
        cptr=cptr_arr,
        ctime=ctime_arr,
        ccap=cap_arr,
        cap_max=cap_max,
        constant_capacity=bool(cptr_arr[-1] == n_res),
        order=order,
        es=es,
        tail=tail,
    )
