"""Compiled (numba) kernels of the Monte Carlo engine; ``_fallback`` computes the same in numpy.

Importing this module fails with ``ImportError`` without numba. Kernels use ``cache=True`` (the JIT
cost is paid once per machine) and draw no random numbers: every draw comes from the caller's
``numpy.random.Generator``, so the accelerated and the fallback path give the same results.

Network arrays are those of :class:`~pmo.engine.schedule.fast.ArrayNetwork` (topological
positions, CSR by position); the scheduling rules are those of ``schedule._kernels.cpm``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import numba
import numpy as np

F = TypeVar("F", bound=Callable[..., Any])
_jit = cast(Callable[[F], F], numba.njit(cache=True, nogil=True))

LIMIT = 2**31 - 1
LANES = 8
"""Iterations the simulation kernel runs side by side (SIMD lanes); no result depends on it."""


@_jit
def triangular_rows(u: Any, rows: Any, a: Any, m: Any, b: Any, out: Any) -> None:  # pragma: no cover
    """``out[rows[i], :]`` = triangular inverse CDF of ``u[i, :]``, rounded to whole minutes."""
    for i in range(rows.shape[0]):
        lo, hi = a[i], b[i]
        fc = (m[i] - lo) / (hi - lo)
        k1 = (hi - lo) * (m[i] - lo)
        k2 = (hi - lo) * (hi - m[i])
        row = out[rows[i]]
        for k in range(u.shape[1]):
            x = u[i, k]
            v = lo + np.sqrt(x * k1) if x < fc else hi - np.sqrt((1.0 - x) * k2)
            row[k] = np.int32(min(np.rint(v), LIMIT))


@_jit
def affine_rows(x: Any, rows: Any, a: Any, width: Any, out: Any) -> None:  # pragma: no cover
    """``out[rows[i], :] = rint(a + width * x)`` (uniform from uniforms, BetaPERT from Beta draws)."""
    for i in range(rows.shape[0]):
        row = out[rows[i]]
        lo, w = a[i], width[i]
        for k in range(x.shape[1]):
            row[k] = np.int32(min(np.rint(lo + w * x[i, k]), LIMIT))


# Count trailing zeros of a 64-bit word with one bit set (de Bruijn multiplication).
DEBRUIJN = np.uint64(0x03F79D71B4CB0A89)
CTZ_TABLE = np.array(
    [
        0,
        1,
        48,
        2,
        57,
        49,
        28,
        3,
        61,
        58,
        50,
        42,
        38,
        29,
        17,
        4,
        62,
        55,
        59,
        36,
        53,
        51,
        43,
        22,
        45,
        39,
        33,
        30,
        24,
        18,
        12,
        5,
        63,
        47,
        56,
        27,
        60,
        41,
        37,
        16,
        54,
        35,
        52,
        21,
        44,
        32,
        23,
        11,
        46,
        26,
        40,
        15,
        34,
        20,
        31,
        10,
        25,
        14,
        19,
        9,
        13,
        8,
        7,
        6,
    ],
    dtype=np.int64,
)
_inline = cast(Callable[[F], F], numba.njit(cache=True, nogil=True, inline="always"))


@_inline
def _mark(bits: Any, q: int) -> int:  # pragma: no cover - compiled
    """Set bit ``q``; return 1 if it was clear (a new pending position), else 0."""
    word = q >> 6
    bit = np.uint64(1) << np.uint64(q & 63)
    if bits[word] & bit:
        return 0
    bits[word] |= bit
    return 1


@_jit
def simulate(
    order: Any,
    in_ptr: Any,
    in_ref: Any,
    in_sub: Any,
    in_lag: Any,
    out_ptr: Any,
    out_dst: Any,
    out_ref: Any,
    out_add: Any,
    out_lag: Any,
    durations: Any,
    k0: int,
    k1: int,
    occurs: Any,
    severity: Any,
    percent: Any,
    risk_ptr: Any,
    risk_pos: Any,
    cost_severity: Any,
    rated: Any,
    rate: Any,
    fixed_cost: float,
    critical_slack: int,
    finish: Any,
    cost: Any,
    critical: Any,
    finish_without: Any,
    cost_without: Any,
) -> None:  # pragma: no cover - compiled
    """Iterations ``k0..k1-1``: risk impacts, forward and backward pass, cost, leave-one-risk-out.

    Iterations run in groups of ``LANES``: every array is ``[position, lane]``, so the passes
    load each link once per group and the lane loops compile to SIMD instructions. Links are
    given branch-free (see ``montecarlo._link_arrays``): a forward bound is
    ``early[in_ref] + in_lag - in_sub * d``, where row ``2 q`` of ``early`` is the early start of
    position ``q`` and row ``2 q + 1`` its early finish; a backward bound is
    ``late[out_ref] - out_lag + out_add * d`` with ``late`` laid out the same way.

    ``durations`` (tasks x iterations, int32) holds the sampled durations on entry and the
    durations after risk impacts on exit. ``risk_pos`` are topological positions, ``rated`` the
    positions with a cost rate (``rate`` by position). ``critical`` counts, per topological
    position, the iterations in which its total slack is at or below ``critical_slack``.
    ``finish_without`` / ``cost_without`` (risks x iterations) get the project finish and cost
    with one risk's impacts taken out of that iteration (the same draws otherwise): the finish is
    recomputed only where it can change, by propagating from the risk's tasks along the links in
    topological order.
    """
    n = order.shape[0]
    n_risks = risk_ptr.shape[0] - 1
    base = np.zeros((n, LANES), np.int64)
    dur = np.zeros((n, LANES), np.int64)
    imp = np.zeros((n, LANES), np.int64)
    early = np.zeros((2 * n, LANES), np.int64)
    late2 = np.zeros((2 * n, LANES), np.int64)
    start = np.zeros(LANES, np.int64)
    fin = np.zeros(LANES, np.int64)
    total = np.zeros(LANES, np.float64)
    dirty = np.zeros((n + 63) // 64, np.uint64)  # bitset of positions waiting to be recomputed
    # The tornado works one lane at a time: dates and durations transposed to [lane, position].
    t_early = np.empty((LANES, 2 * n), np.int64)
    t_dur = np.empty((LANES, n), np.int64)
    undo_pos = np.empty(n, np.int64)
    undo_es = np.empty(n, np.int64)
    undo_ef = np.empty(n, np.int64)
    delta = np.zeros((risk_pos.shape[0], LANES), np.int64)
    hit = np.zeros(n, np.bool_)
    for j in range(risk_pos.shape[0]):
        hit[risk_pos[j]] = True
    affected = np.flatnonzero(hit)
    for g0 in range(k0, k1, LANES):
        nw = min(LANES, k1 - g0)
        transposed = False
        for q in range(n):
            t = order[q]
            for w in range(nw):
                base[q, w] = durations[t, g0 + w]
                dur[q, w] = base[q, w]
        # Risk impacts: one severity draw per risk and iteration, applied to each of its tasks.
        for r in range(n_risks):
            for w in range(nw):
                k = g0 + w
                if occurs[r, k]:
                    sev = severity[r, k]
                    for j in range(risk_ptr[r], risk_ptr[r + 1]):
                        q = risk_pos[j]
                        d = (
                            np.int64(np.rint(sev * base[q, w] / 100.0))
                            if percent[r]
                            else np.int64(np.rint(sev))
                        )
                        delta[j, w] = d
                        imp[q, w] += d
        for i in range(affected.shape[0]):
            q = affected[i]
            for w in range(nw):
                v = base[q, w] + imp[q, w]
                v = 0 if v < 0 else (LIMIT if v > LIMIT else v)
                dur[q, w] = v
                durations[order[q], g0 + w] = v
        # Forward pass (all lanes at once).
        fin[:] = 0
        for q in range(n):
            start[:] = 0
            for j in range(in_ptr[q], in_ptr[q + 1]):
                ref = in_ref[j]
                lag = in_lag[j]
                sub = in_sub[j]
                for w in range(LANES):
                    start[w] = max(start[w], early[ref, w] + lag - sub * dur[q, w])
            for w in range(LANES):
                early[2 * q, w] = start[w]
                early[2 * q + 1, w] = start[w] + dur[q, w]
                fin[w] = max(fin[w], start[w] + dur[q, w])
        # Backward pass: late finish, total slack, critical count.
        for q in range(n - 1, -1, -1):
            start[:] = fin
            for j in range(out_ptr[q], out_ptr[q + 1]):
                ref = out_ref[j]
                lag = out_lag[j]
                add = out_add[j]
                for w in range(LANES):
                    start[w] = min(start[w], late2[ref, w] - lag + add * dur[q, w])
            count = 0
            for w in range(LANES):
                late2[2 * q, w] = start[w] - dur[q, w]
                late2[2 * q + 1, w] = start[w]
                count += (start[w] - dur[q, w] - early[2 * q, w] <= critical_slack) & (w < nw)
            critical[q] += count
        # Cost, summed in a fixed order so that both code paths agree to the last bit.
        total[:] = fixed_cost
        for i in range(rated.shape[0]):
            q = rated[i]
            for w in range(LANES):
                total[w] += rate[q] * dur[q, w]
        for w in range(nw):
            k = g0 + w
            for r in range(n_risks):
                if occurs[r, k]:
                    total[w] += cost_severity[r, k]
            finish[k] = fin[w]
            cost[k] = total[w]
            # Leave one risk out.
            for r in range(n_risks):
                if not occurs[r, k]:
                    finish_without[r, k] = fin[w]
                    cost_without[r, k] = total[w]
                    continue
                saved = total[w] - cost_severity[r, k]
                if not transposed:
                    for i in range(n):
                        for v in range(LANES):
                            t_early[v, 2 * i] = early[2 * i, v]
                            t_early[v, 2 * i + 1] = early[2 * i + 1, v]
                            t_dur[v, i] = dur[i, v]
                    transposed = True
                lane_early = t_early[w]
                lane_dur = t_dur[w]
                pending = 0
                word = n
                for j in range(risk_ptr[r], risk_ptr[r + 1]):
                    q = risk_pos[j]
                    v = base[q, w] + imp[q, w] - delta[j, w]
                    v = 0 if v < 0 else (LIMIT if v > LIMIT else v)
                    saved -= rate[q] * (lane_dur[q] - v)
                    delta[j, w] = lane_dur[q]  # remember the duration to restore
                    lane_dur[q] = v
                    pending += _mark(dirty, q)
                    word = min(word, q >> 6)
                n_undo = 0
                lost_max = False
                # Recompute the dirty positions in increasing order; a changed date dirties the
                # successors (always later positions), an unchanged one stops the propagation.
                while pending > 0:
                    bits = dirty[word]
                    if bits == 0:
                        word += 1
                        continue
                    low = bits & (~bits + np.uint64(1))
                    dirty[word] = bits ^ low
                    pending -= 1
                    q = (word << 6) + CTZ_TABLE[(low * DEBRUIJN) >> np.uint64(58)]
                    d = lane_dur[q]
                    s0 = np.int64(0)
                    for j in range(in_ptr[q], in_ptr[q + 1]):
                        s0 = max(s0, lane_early[in_ref[j]] + in_lag[j] - in_sub[j] * d)
                    if s0 != lane_early[2 * q] or s0 + d != lane_early[2 * q + 1]:
                        undo_pos[n_undo] = q
                        undo_es[n_undo] = lane_early[2 * q]
                        undo_ef[n_undo] = lane_early[2 * q + 1]
                        n_undo += 1
                        if lane_early[2 * q + 1] == fin[w]:
                            lost_max = True
                        lane_early[2 * q] = s0
                        lane_early[2 * q + 1] = s0 + d
                        for j in range(out_ptr[q], out_ptr[q + 1]):
                            pending += _mark(dirty, out_dst[j])
                new_fin = np.int64(0) if lost_max else fin[w]
                if lost_max:
                    for i in range(n):
                        new_fin = max(new_fin, lane_early[2 * i + 1])
                else:
                    for i in range(n_undo):
                        new_fin = max(new_fin, lane_early[2 * undo_pos[i] + 1])
                finish_without[r, k] = new_fin
                cost_without[r, k] = saved
                for i in range(n_undo):
                    lane_early[2 * undo_pos[i]] = undo_es[i]
                    lane_early[2 * undo_pos[i] + 1] = undo_ef[i]
                for j in range(risk_ptr[r], risk_ptr[r + 1]):
                    lane_dur[risk_pos[j]] = delta[j, w]
        # Reset the impacts for the next group.
        for i in range(affected.shape[0]):
            imp[affected[i], :] = 0


@_jit
def rank_scores(values: Any, scratch: Any) -> Any:  # pragma: no cover - compiled
    """Twice the centred average rank of each value: ``2 * rank - (N + 1)`` (ties share a rank).

    Small value ranges (durations in minutes usually are) are ranked by counting, in O(N + range);
    others by sorting.
    """
    n = values.shape[0]
    out = np.empty(n, np.int64)
    lo = values[0]
    hi = values[0]
    for k in range(n):
        v = values[k]
        if v < lo:
            lo = v
        if v > hi:
            hi = v
    span = np.int64(hi) - np.int64(lo) + 1
    if span <= scratch.shape[0]:
        counts = scratch[:span]
        counts[:] = 0
        for k in range(n):
            counts[values[k] - lo] += 1
        below = np.int64(0)
        for v in range(span):
            c = counts[v]
            counts[v] = 2 * below + c - n  # 2 * (below + (c + 1) / 2) - (n + 1)
            below += c
        for k in range(n):
            out[k] = counts[values[k] - lo]
        return out
    idx = np.argsort(values, kind="mergesort")
    k = 0
    while k < n:
        e = k
        while e + 1 < n and values[idx[e + 1]] == values[idx[k]]:
            e += 1
        score = k + e + 1 - n  # 2 * ((k + 1 + e + 1) / 2) - (n + 1)
        for i in range(k, e + 1):
            out[idx[i]] = score
        k = e + 1
    return out


@_jit
def task_statistics(
    durations: Any, finish_scores: Any, s1: Any, s2: Any, cross: Any, square: Any
) -> None:  # pragma: no cover
    """Per task row: exact integer moments and Spearman sums against the project finish.

    ``s1 = sum(d - d0)``, ``s2 = sum((d - d0) ** 2)`` with ``d0`` the row's first value (``s2``
    is -1 where it could overflow int64, durations tens of thousands of days apart);
    ``cross = sum(a * b)`` and ``square = sum(a * a)`` with ``a`` the row's rank scores and ``b``
    ``finish_scores``.
    """
    n_tasks, n = durations.shape
    scratch = np.empty(max(16 * n, 1 << 16), np.int64)
    safe = np.int64(np.sqrt(2.0**62 / max(n, 1)))  # |d - d0| below this cannot overflow s2
    for t in range(n_tasks):
        row = durations[t]
        d0 = np.int64(row[0])
        a1 = np.int64(0)
        a2 = np.int64(0)
        big = np.int64(0)
        for k in range(n):
            x = np.int64(row[k]) - d0
            a1 += x
            a2 += x * x
            big = max(big, abs(x))
        s1[t] = a1
        s2[t] = a2 if big < safe else -1  # -1: the caller takes the float path
        if a2 == 0:
            cross[t] = 0
            square[t] = 0
            continue
        scores = rank_scores(row, scratch)
        c = np.int64(0)
        sq = np.int64(0)
        for k in range(n):
            c += scores[k] * finish_scores[k]
            sq += scores[k] * scores[k]
        cross[t] = c
        square[t] = sq
