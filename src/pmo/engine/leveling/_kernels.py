"""Loops of the leveling heuristics, compiled with numba when it is available.

Each function is plain Python over numpy arrays; with numba installed (and
``PMO_ENGINE_ACCELERATOR`` not ``off``) it is compiled with ``cache=True``, otherwise it runs as
it is (slow but identical). Randomness comes in as arrays of uniform numbers drawn by the caller
from its seeded :class:`numpy.random.Generator`, so both paths give the same schedules.

A network is passed as the tuple ``net = (dur, rel, fixed, in_ptr, in_src, in_dist, out_ptr,
out_dst, out_dist, mir_dist, dptr, dres, dunits, proj, weight, need)``: links are start-to-start
minimum distances in CSR form by successor (``in_*``) and by predecessor (``out_*``); ``mir_dist``
is the distance of each ``out_*`` link in the time-reversed network used by backward passes.
Demands are in CSR form by task (``dptr``, ``dres``, ``dunits``) and, when there are few resources
(:data:`DENSE_RESOURCES` or fewer), also as the dense ``(n, R)`` matrix ``need`` (else ``(n, 0)``)
whose entry for a resource the task does not use is :data:`UNUSED` (it fits even where a "do not
level" task overbooked that resource). With few resources, comparing a whole row of the profile
with a whole row of ``need`` is faster than following the CSR entries (a quarter of the time of a
serial pass on J120; ``docs/engine/leveling.md``).
A resource profile ``avail`` is an ``(H, R)`` array of free units per period (one row per period,
so that a period's resources lie side by side); a pass that would need a period at or beyond ``H``
returns ``-1`` and the caller retries with a longer profile.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, TypeVar, cast

import numpy as np

F = TypeVar("F", bound=Callable[..., Any])

try:  # numba is optional (extra "fast")
    import numba

    _HAVE_NUMBA = True
except ImportError:  # pragma: no cover - exercised when numba is absent
    _HAVE_NUMBA = False

#: Same switch as the scheduling kernels: ``PMO_ENGINE_ACCELERATOR=off`` runs plain Python.
ACCELERATED = _HAVE_NUMBA and os.environ.get("PMO_ENGINE_ACCELERATOR", "on").strip().lower() not in {
    "off",
    "0",
    "false",
    "no",
}


def _jit(func: F) -> F:
    if ACCELERATED:
        return cast(F, numba.njit(cache=True, nogil=True)(func))
    return func


BIG = 1 << 60
#: Up to this many resources the demands also come as a dense matrix (see above).
DENSE_RESOURCES = 8
#: The dense demand of a task on a resource it does not use: below any free amount.
UNUSED = -(1 << 62)


@_jit
def topo_order(in_ptr: Any, out_ptr: Any, out_dst: Any) -> Any:
    """Kahn's algorithm; returns ``(order, count)``, ``count < n`` when there is a cycle."""
    n = in_ptr.shape[0] - 1
    indeg = np.empty(n, np.int64)
    for j in range(n):
        indeg[j] = in_ptr[j + 1] - in_ptr[j]
    order = np.empty(n, np.int64)
    tail = 0
    for j in range(n):
        if indeg[j] == 0:
            order[tail] = j
            tail += 1
    head = 0
    while head < tail:
        v = order[head]
        head += 1
        for e in range(out_ptr[v], out_ptr[v + 1]):
            k = out_dst[e]
            indeg[k] -= 1
            if indeg[k] == 0:
                order[tail] = k
                tail += 1
    return order, tail


@_jit
def forward_pass(order: Any, rel: Any, in_ptr: Any, in_src: Any, in_dist: Any) -> Any:
    """Earliest starts without resources (every start >= 0 and >= its release)."""
    es = np.zeros(order.shape[0], np.int64)
    for k in range(order.shape[0]):
        j = order[k]
        t = max(rel[j], 0)
        for e in range(in_ptr[j], in_ptr[j + 1]):
            v = es[in_src[e]] + in_dist[e]
            if v > t:
                t = v
        es[j] = t
    return es


@_jit
def tails(order: Any, dur: Any, out_ptr: Any, out_dst: Any, out_dist: Any) -> Any:
    """Longest path from each task's start to the end of the project (its own duration included)."""
    n = order.shape[0]
    tail = np.zeros(n, np.int64)
    for k in range(n - 1, -1, -1):
        j = order[k]
        t = dur[j]
        for e in range(out_ptr[j], out_ptr[j + 1]):
            v = out_dist[e] + tail[out_dst[e]]
            if v > t:
                t = v
        tail[j] = t
    return tail


@_jit
def _hpush(hk: Any, hv: Any, size: int, key: float, val: int) -> int:
    i = size
    hk[i] = key
    hv[i] = val
    while i > 0:
        p = (i - 1) >> 1
        if hk[p] < hk[i] or (hk[p] == hk[i] and hv[p] <= hv[i]):
            break
        hk[p], hk[i] = hk[i], hk[p]
        hv[p], hv[i] = hv[i], hv[p]
        i = p
    return size + 1


@_jit
def _hpop(hk: Any, hv: Any, size: int) -> Any:
    top = hv[0]
    size -= 1
    hk[0] = hk[size]
    hv[0] = hv[size]
    i = 0
    while True:
        a = 2 * i + 1
        if a >= size:
            break
        b = a + 1
        c = a
        if b < size and (hk[b] < hk[a] or (hk[b] == hk[a] and hv[b] < hv[a])):
            c = b
        if hk[i] < hk[c] or (hk[i] == hk[c] and hv[i] <= hv[c]):
            break
        hk[c], hk[i] = hk[i], hk[c]
        hv[c], hv[i] = hv[i], hv[c]
        i = c
    return top, size


@_jit
def list_from_keys(key: Any, in_ptr: Any, out_ptr: Any, out_dst: Any) -> Any:
    """Precedence-feasible activity list: always the eligible task with the smallest key next."""
    n = key.shape[0]
    indeg = np.empty(n, np.int64)
    hk = np.empty(n, np.float64)
    hv = np.empty(n, np.int64)
    size = 0
    for j in range(n):
        indeg[j] = in_ptr[j + 1] - in_ptr[j]
        if indeg[j] == 0:
            size = _hpush(hk, hv, size, key[j], j)
    out = np.empty(n, np.int64)
    k = 0
    while size > 0:
        j, size = _hpop(hk, hv, size)
        out[k] = j
        k += 1
        for e in range(out_ptr[j], out_ptr[j + 1]):
            s = out_dst[e]
            indeg[s] -= 1
            if indeg[s] == 0:
                size = _hpush(hk, hv, size, key[s], s)
    return out


@_jit
def _order_ties(out: Any, pos: Any, tied: Any, time: Any, second: Any, out_ptr: Any, out_dst: Any) -> None:
    """Reorder each run of equal keys in ``out`` (sorted by key, then task number) that holds a
    link out of order (``tied`` at one of its positions) as the heap would: always the
    lowest-numbered task whose predecessors in the run are listed. Along every link the keys
    never decrease (checked by the caller), so the tasks before the run are all listed first and
    the heap's choice within the run depends on the run alone."""
    n = out.shape[0]
    a = 0
    while a < n:
        b = a + 1
        while b < n and time[out[b]] == time[out[a]] and second[out[b]] == second[out[a]]:
            b += 1
        fix = False
        for q in range(a, b):
            fix |= tied[q]
        if fix:
            run = out[a:b].copy()
            m = b - a
            indeg = np.zeros(m, np.int64)
            for q in range(m):
                for e in range(out_ptr[run[q]], out_ptr[run[q] + 1]):
                    if a <= pos[out_dst[e]] < b:
                        indeg[pos[out_dst[e]] - a] += 1
            done = np.zeros(m, np.bool_)
            for step in range(m):
                q = 0
                while done[q] or indeg[q] > 0:
                    q += 1
                done[q] = True
                out[a + step] = run[q]
                for e in range(out_ptr[run[q]], out_ptr[run[q] + 1]):
                    if a <= pos[out_dst[e]] < b:
                        indeg[pos[out_dst[e]] - a] -= 1
            for q in range(a, b):
                pos[out[q]] = q
        a = b


@_jit
def list_by_time(time: Any, second: Any, desc: bool, in_ptr: Any, out_ptr: Any, out_dst: Any) -> Any:
    """The list :func:`list_from_keys` builds from the keys ``time + second * 1e-6`` (or ``-time``
    when ``desc``; ``second`` is then all zero), ties by task number, found without a heap when it
    can be: integer times sorted by counting (``second``, then ``time``, each pass stable) give that
    list whenever no link goes against the keys, which is checked; a link between equal keys (the
    zero-length end task finishing with its predecessors, say) only reorders that run of equal keys
    (:func:`_order_ties`). Otherwise, or when the times spread too far for counting, the heap builds
    it. The forward-backward passes and the relisting of every child sort by start or finish this
    way, nearly always without the heap."""
    n = time.shape[0]
    if n == 0:
        return np.empty(0, np.int64)
    lo = time.min()
    span = time.max() - lo + 1
    slo = second.min()
    sspan = second.max() - slo + 1
    limit = 8 * n + 256
    if span <= limit and sspan <= limit:
        by_second = np.empty(n, np.int64)
        if sspan == 1:  # one value (the passes of FBI): task order
            for j in range(n):
                by_second[j] = j
        else:
            count = np.zeros(sspan + 1, np.int64)
            for j in range(n):
                count[second[j] - slo + 1] += 1
            for b in range(sspan):
                count[b + 1] += count[b]
            for j in range(n):
                b = second[j] - slo
                by_second[count[b]] = j
                count[b] += 1
        out = np.empty(n, np.int64)
        count = np.zeros(span + 1, np.int64)
        hi = lo + span - 1
        for j in range(n):
            count[(hi - time[j] if desc else time[j] - lo) + 1] += 1
        for b in range(span):
            count[b + 1] += count[b]
        for k in range(n):
            j = by_second[k]
            b = hi - time[j] if desc else time[j] - lo
            out[count[b]] = j
            count[b] += 1
        pos = np.empty(n, np.int64)
        for k in range(n):
            pos[out[k]] = k
        feasible = True
        tied = np.zeros(n, np.bool_)  # runs of equal keys holding a link out of order
        for j in range(n):
            for e in range(out_ptr[j], out_ptr[j + 1]):
                k = out_dst[e]
                if pos[k] < pos[j]:
                    if time[k] != time[j] or second[k] != second[j]:
                        feasible = False  # a link against the keys: only the heap knows the list
                        break
                    tied[pos[j]] = True
            if not feasible:
                break
        if feasible:
            _order_ties(out, pos, tied, time, second, out_ptr, out_dst)
            return out
    key = np.empty(n, np.float64)
    for j in range(n):
        key[j] = -float(time[j]) if desc else float(time[j]) + second[j] * 1e-6
    return list_from_keys(key, in_ptr, out_ptr, out_dst)


@_jit
def _blocked_dense(j: int, t: int, lo: int, dur: Any, need: Any, avail: Any) -> int:
    """:func:`_blocked` with the dense demands ``need``: a whole row of the profile against a whole
    row of demands, without branches."""
    for u in range(t + dur[j] - 1, max(t, lo) - 1, -1):
        fits = True
        for r in range(need.shape[1]):
            fits &= avail[u, r] >= need[j, r]
        if not fits:
            return u
    return -1


@_jit
def _fits_dense(j: int, t: int, need: Any, avail: Any) -> bool:
    """:func:`_fits_now` with the dense demands ``need``."""
    fits = True
    for r in range(need.shape[1]):
        fits &= avail[t, r] >= need[j, r]
    return fits


@_jit
def _blocked(j: int, t: int, lo: int, dur: Any, dptr: Any, dres: Any, dunits: Any, avail: Any) -> int:
    """Latest period of ``[max(t, lo), t + dur)`` where task ``j`` does not fit, or -1 when it fits
    there (periods before ``lo`` are known to fit)."""
    for u in range(t + dur[j] - 1, max(t, lo) - 1, -1):
        for e in range(dptr[j], dptr[j + 1]):
            if avail[u, dres[e]] < dunits[e]:
                return u
    return -1


@_jit
def _fits_now(j: int, t: int, dptr: Any, dres: Any, dunits: Any, avail: Any) -> bool:
    """Whether task ``j`` fits in period ``t`` alone (a quick test before :func:`_blocked`)."""
    for e in range(dptr[j], dptr[j + 1]):  # noqa: SIM110 - a plain loop compiles in numba
        if avail[t, dres[e]] < dunits[e]:
            return False
    return True


@_jit
def _place(j: int, t: int, dur: Any, dptr: Any, dres: Any, dunits: Any, avail: Any) -> None:
    for e in range(dptr[j], dptr[j + 1]):
        r = dres[e]
        q = dunits[e]
        for u in range(t, t + dur[j]):
            avail[u, r] -= q


@_jit
def serial_sgs(
    lst: Any,
    dur: Any,
    rel: Any,
    fixed: Any,
    in_ptr: Any,
    in_src: Any,
    in_dist: Any,
    dptr: Any,
    dres: Any,
    dunits: Any,
    need: Any,
    avail: Any,
    start: Any,
) -> int:
    """Serial schedule generation: each task of ``lst`` at its earliest precedence- and
    resource-feasible start; "do not level" tasks at their earliest precedence-feasible start.
    ``avail`` is consumed. Returns the makespan, or -1 when the profile is too short."""
    horizon = avail.shape[0]
    mk = 0
    for k in range(lst.shape[0]):
        j = lst[k]
        t = max(rel[j], 0)
        for e in range(in_ptr[j], in_ptr[j + 1]):
            v = start[in_src[e]] + in_dist[e]
            if v > t:
                t = v
        p = dur[j]
        if t + p > horizon:
            return -1
        if not fixed[j] and p > 0:
            good = t  # periods [t, good) are known to fit: each period is checked once per task
            while True:
                if need.shape[1] > 0:
                    bad = _blocked_dense(j, t, good, dur, need, avail)
                else:
                    bad = _blocked(j, t, good, dur, dptr, dres, dunits, avail)
                if bad < 0:
                    break
                good = t + p
                t = bad + 1
                if t + p > horizon:
                    return -1
        _place(j, t, dur, dptr, dres, dunits, avail)
        start[j] = t
        if t + p > mk:
            mk = t + p
    return mk


@_jit
def _insert(ready: Any, lo: int, size: int, j: int, key: Any) -> int:
    """Insert task ``j`` into ``ready[lo:size]``, kept sorted by ``(key, task)``; returns the new
    size."""
    i = size
    while i > lo and (key[ready[i - 1]] > key[j] or (key[ready[i - 1]] == key[j] and ready[i - 1] > j)):
        ready[i] = ready[i - 1]
        i -= 1
    ready[i] = j
    return size + 1


@_jit
def parallel_sgs(key: Any, net: Any, avail: Any, events: Any, start: Any) -> int:
    """Parallel schedule generation: at each decision time, start the eligible tasks in key order
    while they fit. Returns the makespan, or -1 when the profile is too short.

    The eligible tasks are a short array sorted by ``(key, task)`` rather than a heap: a decision
    time walks it once, and a task made eligible there is inserted among the tasks not yet
    considered, so the order is the one a heap of the remaining tasks would give (ties by task
    number as in :func:`_hpop`) with about a quarter less time per pass on J120."""
    dur, rel, fixed, in_ptr, _in_src, _in_dist, out_ptr, out_dst, out_dist = net[:9]
    dptr, dres, dunits, need = net[10], net[11], net[12], net[15]
    dense = need.shape[1] > 0
    n = dur.shape[0]
    horizon = avail.shape[0]
    indeg = np.empty(n, np.int64)
    est = np.empty(n, np.int64)
    ready = np.empty(n, np.int64)
    fk = np.empty(n, np.float64)
    fv = np.empty(n, np.int64)
    size = 0
    fsize = 0
    for j in range(n):
        indeg[j] = in_ptr[j + 1] - in_ptr[j]
        est[j] = max(rel[j], 0)
        if indeg[j] == 0:
            size = _insert(ready, 0, size, j, key)
    t = 0
    ev = 0
    done = 0
    mk = 0
    while done < n:
        nxt = BIG
        i = 0  # ready[:i] waits for a later decision time; ready[i:] is sorted and still to try
        while i < size:
            j = ready[i]
            p = dur[j]
            if fixed[j] or p == 0 or dptr[j + 1] == dptr[j]:
                s = est[j]
            elif est[j] > t:
                nxt = min(nxt, est[j])
                i += 1
                continue
            elif t + p <= horizon and (
                (_fits_dense(j, t, need, avail) and _blocked_dense(j, t, t + 1, dur, need, avail) < 0)
                if dense
                else (
                    _fits_now(j, t, dptr, dres, dunits, avail)
                    and _blocked(j, t, t + 1, dur, dptr, dres, dunits, avail) < 0
                )
            ):
                s = t
            else:
                i += 1
                continue
            if s + p > horizon:
                return -1
            _place(j, s, dur, dptr, dres, dunits, avail)
            start[j] = s
            done += 1
            if s + p > mk:
                mk = s + p
            if p > 0:
                fsize = _hpush(fk, fv, fsize, float(s + p), j)
            size -= 1
            for q in range(i, size):
                ready[q] = ready[q + 1]
            for e in range(out_ptr[j], out_ptr[j + 1]):
                k = out_dst[e]
                v = s + out_dist[e]
                if v > est[k]:
                    est[k] = v
                indeg[k] -= 1
                if indeg[k] == 0:
                    size = _insert(ready, i, size, k, key)
        for q in range(1, size):  # the waiting tasks in (key, task) order again
            _insert(ready, 0, q, ready[q], key)
        if done == n:
            break
        while fsize > 0 and fk[0] <= t:
            _, fsize = _hpop(fk, fv, fsize)
        if fsize > 0 and fk[0] < nxt:
            nxt = int(fk[0])
        while ev < events.shape[0] and events[ev] <= t:
            ev += 1
        if ev < events.shape[0] and events[ev] < nxt:
            nxt = events[ev]
        if nxt == BIG:
            nxt = t + 1
        t = nxt
        if t >= horizon:
            return -1
    return mk


@_jit
def objective(start: Any, dur: Any, proj: Any, weight: Any) -> int:
    """Sum over projects of ``weight * finish`` (the makespan for one project of weight 1)."""
    fin = np.zeros(weight.shape[0], np.int64)
    for j in range(start.shape[0]):
        f = start[j] + dur[j]
        if f > fin[proj[j]]:
            fin[proj[j]] = f
    total = 0
    for p in range(weight.shape[0]):
        total += weight[p] * fin[p]
    return total


@_jit
def _reverse_profile(cap: Any, makespan: int) -> Any:
    """Capacity of the time-reversed problem: period ``u`` is period ``makespan - 1 - u``."""
    out = np.empty_like(cap)
    for u in range(cap.shape[0]):
        src = makespan - 1 - u
        if src < 0:
            src = 0
        for r in range(cap.shape[1]):
            out[u, r] = cap[src, r]
    return out


@_jit
def decode(lst: Any, net: Any, cap: Any, start: Any) -> int:
    """Serial SGS of an activity list on a fresh copy of ``cap``; returns the makespan or -1."""
    dur, rel, fixed, in_ptr, in_src, in_dist = net[:6]
    return serial_sgs(
        lst, dur, rel, fixed, in_ptr, in_src, in_dist, net[10], net[11], net[12], net[15], cap.copy(), start
    )


@_jit
def fbi(start: Any, net: Any, cap: Any, constant: bool, rounds: int, cutoff: int, known: Any) -> Any:
    """Forward-backward improvement (double justification), repeated while it helps.

    Each round right-justifies the tasks in decreasing order of finish (a serial pass on the
    reversed network) and then left-justifies them in increasing order of those right-justified
    starts (a serial pass that honours every constraint). A round runs only while the previous
    one improved, its result is at most ``cutoff`` and its fingerprint is not in the table
    ``known`` (``BIG`` and an empty table for neither: the genetic algorithm passes the objective
    of its worst individual and its parents' fingerprints, since a child left above the one or on
    one of the others would not survive anyway; that spares the second round for about half the
    children).
    Returns ``(start, objective)`` of the best schedule seen, the input included."""
    dur, rel, fixed, in_ptr, in_src, in_dist, out_ptr, out_dst, _out_dist, mir_dist = net[:10]
    dptr, dres, dunits, proj, weight, need = net[10:16]
    n = dur.shape[0]
    best = start.copy()
    best_obj = objective(best, dur, proj, weight)
    zeros = np.zeros(n, np.int64)
    free = np.zeros(n, np.bool_)
    finish = np.empty(n, np.int64)
    for _ in range(rounds):
        mk = 0
        for j in range(n):
            finish[j] = best[j] + dur[j]
            if finish[j] > mk:
                mk = finish[j]
        lb = list_by_time(finish, zeros, True, out_ptr, in_ptr, in_src)
        back = cap.copy() if constant else _reverse_profile(cap, mk)
        sb = np.zeros(n, np.int64)
        demand = (dptr, dres, dunits, need)
        if serial_sgs(lb, dur, zeros, free, out_ptr, out_dst, mir_dist, *demand, back, sb) < 0:
            break
        for j in range(n):
            finish[j] = sb[j] + dur[j]
        lf = list_by_time(finish, zeros, True, in_ptr, out_ptr, out_dst)
        sf = np.zeros(n, np.int64)
        if serial_sgs(lf, dur, rel, fixed, in_ptr, in_src, in_dist, *demand, cap.copy(), sf) < 0:
            break
        obj = objective(sf, dur, proj, weight)
        if obj < best_obj:
            best = sf
            best_obj = obj
        else:
            break
        if best_obj > cutoff or (known.shape[0] > 0 and _known(known, _schedule_hash(best))):
            break
    return best, best_obj


@_jit
def _tournament(fit: Any, a: float, b: float) -> int:
    size = fit.shape[0]
    i = min(int(a * size), size - 1)
    j = min(int(b * size), size - 1)
    return int(i) if fit[i] <= fit[j] else int(j)


@_jit
def _crossover(mother: Any, father: Any, q1: int, q2: int, child: Any, seen: Any) -> None:
    """Two-point crossover of activity lists (keeps precedence feasibility)."""
    n = mother.shape[0]
    seen[:] = False
    k = 0
    for i in range(q1):
        child[k] = mother[i]
        seen[mother[i]] = True
        k += 1
    for i in range(n):
        if k >= q2:
            break
        v = father[i]
        if not seen[v]:
            child[k] = v
            seen[v] = True
            k += 1
    for i in range(n):
        if k >= n:
            break
        v = mother[i]
        if not seen[v]:
            child[k] = v
            seen[v] = True
            k += 1


@_jit
def _peak_child(father: Any, mother: Any, net: Any, cap: Any, share: float, key: Any) -> Any:
    """Peak crossover (after Valls, Ballestin & Quintanilla 2008): the father's busiest stretch of
    time (highest resource utilisation over a window of ``share`` of its makespan) is carried into
    the mother's schedule, its tasks kept in the father's order, everything else in the mother's.
    ``father``/``mother`` are start times, ``key`` scratch space of ``n`` integers; returns a
    precedence-feasible activity list."""
    dur, in_ptr, out_ptr, out_dst = net[0], net[3], net[6], net[7]
    dptr, dres, dunits = net[10], net[11], net[12]
    n = dur.shape[0]
    mk = 1
    for j in range(n):
        if father[j] + dur[j] > mk:
            mk = father[j] + dur[j]
    util = np.zeros(mk, np.float64)
    for j in range(n):
        for e in range(dptr[j], dptr[j + 1]):
            c = cap[0, dres[e]]
            w = dunits[e] / c if c > 0 else 1.0
            for u in range(father[j], father[j] + dur[j]):
                util[u] += w
    length = max(1, int(mk * share))
    acc = 0.0
    for u in range(min(length, mk)):
        acc += util[u]
    best = acc
    a = 0
    for u in range(length, mk):
        acc += util[u] - util[u - length]
        if acc > best:
            best = acc
            a = u - length + 1
    lo = BIG
    for j in range(n):
        if a <= father[j] < a + length and mother[j] < lo:
            lo = mother[j]
    # the window's tasks just before the mother's task of the same time (keys in half periods)
    for j in range(n):
        if a <= father[j] < a + length:
            key[j] = 2 * (lo + father[j] - a) - 1
        else:
            key[j] = 2 * mother[j]
    return list_by_time(key, dur, False, in_ptr, out_ptr, out_dst)


@_jit
def _linked(a: int, b: int, out_ptr: Any, out_dst: Any) -> bool:
    for e in range(out_ptr[a], out_ptr[a + 1]):  # noqa: SIM110 - a plain loop compiles in numba
        if out_dst[e] == b:
            return True
    return False


@_jit
def _justify_and_relist(
    lst: Any, net: Any, cap: Any, constant: bool, start: Any, rounds: int, cutoff: int, known: Any
) -> int:
    """FBI on the decoded ``start`` (``cutoff`` and ``known`` as in :func:`fbi`); rewrites ``lst``
    in start order so the individual carries what FBI learnt. Returns the objective."""
    dur, in_ptr, out_ptr, out_dst = net[0], net[3], net[6], net[7]
    best, obj = fbi(start, net, cap, constant, rounds, cutoff, known)
    start[:] = best
    lst[:] = list_by_time(start, dur, False, in_ptr, out_ptr, out_dst)
    return int(obj)


@_jit
def improve_list(
    lst: Any, net: Any, cap: Any, constant: bool, start: Any, rounds: int, cutoff: int, known: Any
) -> int:
    """Decode ``lst`` (serial scheme) and apply FBI (``cutoff`` and ``known`` as in :func:`fbi`);
    writes the start times and returns the objective (or -1 when the profile is too short)."""
    if decode(lst, net, cap, start) < 0:
        return -1
    return _justify_and_relist(lst, net, cap, constant, start, rounds, cutoff, known)


@_jit
def improve_list_parallel(
    lst: Any,
    net: Any,
    cap: Any,
    constant: bool,
    start: Any,
    rounds: int,
    events: Any,
    key: Any,
    cutoff: int,
    known: Any,
) -> int:
    """As :func:`improve_list` with the parallel scheme (list positions as priorities; ``key`` is
    scratch space of ``n`` floats)."""
    for i in range(lst.shape[0]):
        key[lst[i]] = float(i)
    if parallel_sgs(key, net, cap.copy(), events, start) < 0:
        return -1
    return _justify_and_relist(lst, net, cap, constant, start, rounds, cutoff, known)


@_jit
def _schedule_hash(start: Any) -> int:
    """A 64-bit fingerprint of a schedule (equal schedules, equal fingerprints)."""
    h = 1469598103934665603
    for j in range(start.shape[0]):
        h = (h ^ start[j]) * 1099511628211
    return h if h != 0 else 1


@_jit
def _known(table: Any, h: int) -> bool:
    """Whether fingerprint ``h`` is in the open-addressing ``table`` (0 marks a free slot)."""
    mask = table.shape[0] - 1
    i = h & mask
    while table[i] != 0:
        if table[i] == h:
            return True
        i = (i + 1) & mask
    return False


@_jit
def _remember(table: Any, h: int) -> None:
    """Add fingerprint ``h`` to ``table`` (which must keep free slots)."""
    mask = table.shape[0] - 1
    i = h & mask
    while table[i] != 0 and table[i] != h:
        i = (i + 1) & mask
    table[i] = h


@_jit
def _finish_sum(start: Any, dur: Any) -> int:
    """Sum of the finish times of a schedule (smaller is more compact)."""
    total = 0
    for j in range(start.shape[0]):
        total += start[j] + dur[j]
    return total


@_jit
def _rank(allfit: Any, pstart: Any, kstart: Any, dur: Any) -> Any:
    """Order of parents and children (``allfit``: the parents' objectives, then the children's):
    by objective, then by the sum of finish times, then parents first."""
    size = pstart.shape[0]
    compact = np.empty(2 * size, np.int64)
    for i in range(size):
        compact[i] = _finish_sum(pstart[i], dur)
        compact[size + i] = _finish_sum(kstart[i], dur)
    by_compact = np.argsort(compact, kind="mergesort")
    return by_compact[np.argsort(allfit[by_compact], kind="mergesort")]


@_jit
def ga_generation(
    pop: Any,
    pstart: Any,
    fit: Any,
    rnd: Any,
    mutation: float,
    net: Any,
    cap: Any,
    constant: bool,
    best_start: Any,
    rounds: int,
    same_fit: int,
    events: Any,
    par: float,
) -> int:
    """One generation of the activity-list genetic algorithm; returns the number of children.

    Parents are picked by binary tournament and recombined, half of the time by two-point
    crossover of their activity lists and half of the time by peak crossover of their schedules;
    children are mutated by swaps of unlinked neighbours, decoded by the parallel scheme with
    probability ``par`` (else the serial one) and improved by FBI (a second round only for a child
    that the first left no worse than the worst parent and not on a parent's schedule:
    :func:`fbi`); the best ``len(pop)`` of parents and children survive, no schedule twice (by
    fingerprint: a child that repeats a parent does not compete, and a settled population would
    otherwise fill up with copies, half of it on some J120 instances), ranked by objective and,
    among equals, by the sum of finish times (:func:`_rank`): many schedules share a makespan, and
    preferring the more compact ones gives the search a direction across them. ``pop`` (lists), ``pstart``
    (their schedules), ``fit`` and ``best_start`` are updated in place; at most ``same_fit``
    survivors share one objective value (the rest refill the population only if it falls short),
    which keeps the population from collapsing onto one schedule; ``rnd`` holds at least
    ``len(pop) * (n + 4)`` uniform numbers; ``events`` are the capacity change times (parallel scheme)."""
    out_ptr, out_dst = net[6], net[7]
    size, n = pop.shape
    kids = np.empty_like(pop)
    kstart = np.empty_like(pstart)
    kfit = np.empty(size, np.int64)
    seen = np.empty(n, np.bool_)
    key = np.empty(n, np.float64)
    halves = np.empty(n, np.int64)
    start = np.empty(n, np.int64)
    best = fit.min()
    cutoff = fit.max()
    slots = 1
    while slots < 4 * size:
        slots *= 2
    parents = np.zeros(slots, np.int64)
    phash = np.empty(size, np.int64)
    for i in range(size):
        phash[i] = _schedule_hash(pstart[i])
        _remember(parents, phash[i])
    khash = np.empty(size, np.int64)
    r = 0
    built = 0
    for c in range(0, size - 1, 2):
        m = _tournament(fit, rnd[r], rnd[r + 1])
        f = _tournament(fit, rnd[r + 2], rnd[r + 3])
        q1 = int(rnd[r + 4] * n)
        q2 = int(rnd[r + 5] * n)
        peak = rnd[r + 6] < 0.5
        share = 0.25 + 0.5 * rnd[r + 7]
        r += 8
        if q1 > q2:
            q1, q2 = q2, q1
        if peak:
            kids[c] = _peak_child(pstart[f], pstart[m], net, cap, share, halves)
            kids[c + 1] = _peak_child(pstart[m], pstart[f], net, cap, share, halves)
        else:
            _crossover(pop[m], pop[f], q1, q2, kids[c], seen)
            _crossover(pop[f], pop[m], q1, q2, kids[c + 1], seen)
        for kid in (c, c + 1):
            child = kids[kid]
            for i in range(n - 1):
                if rnd[r + i] < mutation and not _linked(child[i], child[i + 1], out_ptr, out_dst):
                    child[i], child[i + 1] = child[i + 1], child[i]
            r += n - 1
            if rnd[r] < par:
                obj = improve_list_parallel(
                    child, net, cap, constant, start, rounds, events, key, cutoff, parents
                )
            else:
                obj = improve_list(child, net, cap, constant, start, rounds, cutoff, parents)
            r += 1
            built += 1
            khash[kid] = _schedule_hash(start)
            # a child that repeats a parent's schedule adds nothing: it does not compete for a place
            kfit[kid] = obj if obj >= 0 and not _known(parents, khash[kid]) else BIG
            kstart[kid] = start
            if 0 <= obj < best:
                best = obj
                best_start[:] = start
    if size % 2 == 1:
        kids[size - 1] = pop[0]
        kstart[size - 1] = pstart[0]
        kfit[size - 1] = BIG
        khash[size - 1] = phash[0]
    allfit = np.concatenate((fit, kfit))
    order = _rank(allfit, pstart, kstart, net[0])
    newpop = np.empty_like(pop)
    newstart = np.empty_like(pstart)
    newfit = np.empty_like(fit)
    k = 0
    run = 0
    taken = np.zeros(2 * size, np.bool_)
    survivors = np.zeros(slots, np.int64)
    for idx in order:
        if k >= size:
            break
        cand = pop[idx] if idx < size else kids[idx - size]
        h = phash[idx] if idx < size else khash[idx - size]
        if k > 0 and newfit[k - 1] == allfit[idx]:
            run += 1
        else:
            run = 0
        dup = run >= same_fit or _known(survivors, h)
        if not dup:
            _remember(survivors, h)
            taken[idx] = True
            newpop[k] = cand
            newstart[k] = pstart[idx] if idx < size else kstart[idx - size]
            newfit[k] = allfit[idx]
            k += 1
    i = 0
    while k < size:  # too many duplicates: refill from the sorted order
        idx = order[i]
        i += 1
        if taken[idx]:
            continue
        taken[idx] = True
        newpop[k] = pop[idx] if idx < size else kids[idx - size]
        newstart[k] = pstart[idx] if idx < size else kstart[idx - size]
        newfit[k] = allfit[idx]
        k += 1
    pop[:] = newpop
    pstart[:] = newstart
    fit[:] = newfit
    return built
