"""Pure numpy versions of :mod:`pmo.engine.risk._kernels` (used without numba, or when
``PMO_ENGINE_ACCELERATOR=off``).

Vectorised over iterations: each pass loops over the tasks in topological order and handles a
block of iterations per numpy call. Samples, integer results (finishes, criticality counts, the
tornado) and costs are computed with the same operations in the same order as the compiled
kernels (only ``sqrt``, which is correctly rounded everywhere, and no ``exp``/``log``: the
lognormal transform is this module's on both paths), so both give identical results for a seed.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

LIMIT = 2**31 - 1
I64 = npt.NDArray[np.int64]


def _to_int32(values: npt.NDArray[np.float64]) -> npt.NDArray[np.int32]:
    return np.minimum(np.rint(values), LIMIT).astype(np.int32)


def triangular_rows(u: Any, rows: Any, a: Any, m: Any, b: Any, out: Any) -> None:
    """See ``_kernels.triangular_rows``."""
    lo, mo, hi = a[:, None], m[:, None], b[:, None]
    fc = (mo - lo) / (hi - lo)
    k1 = (hi - lo) * (mo - lo)
    k2 = (hi - lo) * (hi - mo)
    left = u < fc
    v = np.where(
        left, lo + np.sqrt(np.where(left, u, 0.0) * k1), hi - np.sqrt((1.0 - np.where(left, 0.5, u)) * k2)
    )
    out[rows] = _to_int32(v)


def affine_rows(x: Any, rows: Any, a: Any, width: Any, out: Any) -> None:
    """See ``_kernels.affine_rows``."""
    out[rows] = _to_int32(a[:, None] + width[:, None] * x)


def lognormal_rows(z: Any, rows: Any, a: Any, mu: Any, sigma: Any, out: Any) -> None:
    """``out[rows[i], :] = rint(a + exp(mu + sigma z))``, clipped (used by both code paths)."""
    with np.errstate(over="ignore"):
        out[rows] = _to_int32(a[:, None] + np.exp(mu[:, None] + sigma[:, None] * z))


def simulate(
    net: Any,
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
) -> None:
    """See ``_kernels.simulate``; ``net`` is the :class:`~pmo.engine.schedule.ArrayNetwork`."""
    order = net.order
    n = order.shape[0]
    n_risks = risk_ptr.shape[0] - 1
    cols = slice(k0, k1)
    width = k1 - k0
    base = durations[order, cols].astype(np.int64)  # positions x iterations
    dur = base.copy()
    occ = occurs[:, cols]
    deltas: list[I64] = []
    imp: dict[int, I64] = {}
    for r in range(n_risks):
        for j in range(int(risk_ptr[r]), int(risk_ptr[r + 1])):
            q = int(risk_pos[j])
            if percent[r]:
                d = np.rint(severity[r, cols] * base[q] / 100.0).astype(np.int64)
            else:
                d = np.rint(severity[r, cols]).astype(np.int64)
            d = np.where(occ[r], d, 0)
            deltas.append(d)
            imp[q] = imp.get(q, 0) + d
    for q, total in sorted(imp.items()):
        dur[q] = np.clip(base[q] + total, 0, LIMIT)
        durations[order[q], cols] = dur[q]
    es, ef = _forward(net, dur, np.zeros((n, width), dtype=np.int64), np.zeros((n, width), dtype=np.int64), 0)
    fin = ef.max(axis=0) if n else np.zeros(width, dtype=np.int64)
    finish[cols] = fin
    lf = np.empty_like(es)
    for q in range(n - 1, -1, -1):
        late = fin.copy()
        d = dur[q]
        for j in range(int(net.out_ptr[q]), int(net.out_ptr[q + 1])):
            s = int(net.out_dst[j])
            typ = int(net.out_type[j])
            g = int(net.out_lag[j])
            if typ == 0:
                c = lf[s] - dur[s] - g
            elif typ == 1:
                c = lf[s] - dur[s] - g + d
            elif typ == 2:
                c = lf[s] - g
            else:
                c = lf[s] - g + d
            np.minimum(late, c, out=late)
        lf[q] = late
        critical[order[q]] += int(np.count_nonzero(late - d - es[q] <= critical_slack))
    total_cost = np.full(width, fixed_cost)
    for q in rated.tolist():
        total_cost = total_cost + rate[q] * dur[q]
    for r in range(n_risks):
        total_cost = total_cost + np.where(occ[r], cost_severity[r, cols], 0.0)
    cost[cols] = total_cost
    for r in range(n_risks):
        finish_without[r, cols] = fin
        cost_without[r, cols] = total_cost
        idx = np.flatnonzero(occ[r])
        a, b = int(risk_ptr[r]), int(risk_ptr[r + 1])
        if idx.size == 0:
            continue
        saved = total_cost[idx] - cost_severity[r, k0 + idx]
        if b == a:
            cost_without[r, k0 + idx] = saved
            continue
        dur2 = dur[:, idx]
        for j in range(a, b):
            q = int(risk_pos[j])
            v = np.clip(base[q, idx] + imp[q][idx] - deltas[j][idx], 0, LIMIT)
            saved = saved - rate[q] * (dur2[q] - v)
            dur2[q] = v
        first = int(risk_pos[a:b].min())
        _, ef2 = _forward(net, dur2, es[:, idx], ef[:, idx], first)
        finish_without[r, k0 + idx] = ef2.max(axis=0)
        cost_without[r, k0 + idx] = saved


def _forward(net: Any, dur: I64, es: I64, ef: I64, first: int) -> tuple[I64, I64]:
    """Forward pass from topological position ``first`` on (the rows before it are kept)."""
    n = dur.shape[0]
    for q in range(first, n):
        d = dur[q]
        start = np.zeros(d.shape[0], dtype=np.int64)
        for j in range(int(net.in_ptr[q]), int(net.in_ptr[q + 1])):
            p = int(net.in_src[j])
            typ = int(net.in_type[j])
            c = (ef[p] if typ in (0, 2) else es[p]) + int(net.in_lag[j])
            if typ >= 2:
                c = c - d
            np.maximum(start, c, out=start)
        es[q] = start
        ef[q] = start + d
    return es, ef


def rank_scores(values: Any, scratch: Any = None) -> I64:
    """See ``_kernels.rank_scores``: ``2 * average rank - (N + 1)``."""
    n = values.shape[0]
    idx = np.argsort(values, kind="stable")
    ordered = values[idx]
    new = np.empty(n, dtype=bool)
    new[:1] = True
    new[1:] = ordered[1:] != ordered[:-1]
    starts = np.flatnonzero(new)
    ends = np.append(starts[1:], n) - 1
    score = np.repeat(starts + ends + 1 - n, ends - starts + 1)
    out = np.empty(n, dtype=np.int64)
    out[idx] = score
    return out


def task_statistics(durations: Any, finish_scores: Any, s1: Any, s2: Any, cross: Any, square: Any) -> None:
    """See ``_kernels.task_statistics``."""
    n = durations.shape[1]
    safe = int(np.sqrt(2.0**62 / max(n, 1)))
    for t in range(durations.shape[0]):
        row = durations[t].astype(np.int64)
        x = row - row[0]
        s1[t] = int(x.sum())
        s2[t] = int((x * x).sum()) if int(np.abs(x).max()) < safe else -1
        if s2[t] == 0:
            cross[t] = square[t] = 0
            continue
        scores = rank_scores(row)
        cross[t] = int(scores @ finish_scores)
        square[t] = int(scores @ scores)
