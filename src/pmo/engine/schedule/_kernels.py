"""Compiled (numba) kernels behind :mod:`pmo.engine.schedule.fast`.

Importing this module fails with ``ImportError`` when numba is not installed; ``fast`` then uses
its numpy fallback. Kernels use ``cache=True`` so the JIT cost is paid once per machine.
Link types: 0 = FS, 1 = SS, 2 = FF, 3 = SF.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import numba
import numpy as np

F = TypeVar("F", bound=Callable[..., Any])
_jit = cast(Callable[[F], F], numba.njit(cache=True, nogil=True))


@_jit
def build_order(n: int, pred: Any, succ: Any) -> Any:  # pragma: no cover - compiled
    """Kahn's algorithm. Returns (order, out_ptr, out_links, count); count < n means a cycle."""
    m = pred.shape[0]
    indeg = np.zeros(n, np.int64)
    out_ptr = np.zeros(n + 1, np.int64)
    for j in range(m):
        indeg[succ[j]] += 1
        out_ptr[pred[j] + 1] += 1
    for i in range(n):
        out_ptr[i + 1] += out_ptr[i]
    fill = out_ptr[:-1].copy()
    out_links = np.empty(m, np.int64)
    for j in range(m):
        p = pred[j]
        out_links[fill[p]] = j
        fill[p] += 1
    order = np.empty(n, np.int64)
    head = 0
    tail = 0
    for i in range(n):
        if indeg[i] == 0:
            order[tail] = i
            tail += 1
    while head < tail:
        v = order[head]
        head += 1
        for k in range(out_ptr[v], out_ptr[v + 1]):
            s = succ[out_links[k]]
            indeg[s] -= 1
            if indeg[s] == 0:
                order[tail] = s
                tail += 1
    return order, out_ptr, out_links, tail


@_jit
def build_csr(n: int, order: Any, pred: Any, succ: Any) -> Any:  # pragma: no cover - compiled
    """Predecessor and successor CSR indexed by topological position."""
    m = pred.shape[0]
    pos = np.empty(n, np.int64)
    for k in range(n):
        pos[order[k]] = k
    in_ptr = np.zeros(n + 1, np.int64)
    out_ptr = np.zeros(n + 1, np.int64)
    for j in range(m):
        in_ptr[pos[succ[j]] + 1] += 1
        out_ptr[pos[pred[j]] + 1] += 1
    for k in range(n):
        in_ptr[k + 1] += in_ptr[k]
        out_ptr[k + 1] += out_ptr[k]
    fin = in_ptr[:-1].copy()
    fout = out_ptr[:-1].copy()
    in_links = np.empty(m, np.int64)
    out_links = np.empty(m, np.int64)
    for j in range(m):
        a = pos[succ[j]]
        in_links[fin[a]] = j
        fin[a] += 1
        b = pos[pred[j]]
        out_links[fout[b]] = j
        fout[b] += 1
    return in_ptr, in_links, out_ptr, out_links


@_jit
def cpm(
    order: Any,
    in_ptr: Any,
    in_src: Any,
    in_type: Any,
    in_lag: Any,
    out_ptr: Any,
    out_dst: Any,
    out_type: Any,
    out_lag: Any,
    duration: Any,
    es: Any,
    ef: Any,
    ls: Any,
    lf: Any,
    ts: Any,
    fs: Any,
) -> int:  # pragma: no cover - compiled
    """Forward and backward pass on one working-minute timeline; returns the project finish.

    Works in topological-position space (``in_src``/``out_dst`` are positions, lags are already in
    link-list order) so that the inner loops read memory almost sequentially; results are scattered
    back to task order once.
    """
    n = order.shape[0]
    dur = np.empty(n, np.int64)
    e_s = np.empty(n, np.int64)
    e_f = np.empty(n, np.int64)
    l_s = np.empty(n, np.int64)
    l_f = np.empty(n, np.int64)
    for k in range(n):
        dur[k] = duration[order[k]]
    finish = 0
    for k in range(n):
        d = dur[k]
        start = 0
        for j in range(in_ptr[k], in_ptr[k + 1]):
            p = in_src[j]
            typ = in_type[j]
            c = (e_f[p] if (typ == 0 or typ == 2) else e_s[p]) + in_lag[j]
            if typ >= 2:
                c -= d
            if c > start:
                start = c
        e_s[k] = start
        e_f[k] = start + d
        if start + d > finish:
            finish = start + d
    for k in range(n - 1, -1, -1):
        d = dur[k]
        late = finish
        free = finish - e_f[k]
        for j in range(out_ptr[k], out_ptr[k + 1]):
            s = out_dst[j]
            typ = out_type[j]
            g = out_lag[j]
            if typ == 0:
                c = l_s[s] - g
                f = e_s[s] - e_f[k] - g
            elif typ == 1:
                c = l_s[s] - g + d
                f = e_s[s] - e_s[k] - g
            elif typ == 2:
                c = l_f[s] - g
                f = e_f[s] - e_f[k] - g
            else:
                c = l_f[s] - g + d
                f = e_f[s] - e_s[k] - g
            if c < late:
                late = c
            if f < free:
                free = f
        l_f[k] = late
        l_s[k] = late - d
        t = order[k]
        total = late - d - e_s[k]
        es[t] = e_s[k]
        ef[t] = e_f[k]
        ls[t] = late - d
        lf[t] = late
        ts[t] = total
        if free > total:
            free = total
        fs[t] = free if free > 0 else 0
    return finish


@_jit
def _to_work(starts: Any, ends: Any, cum: Any, a: int, b: int, t: int) -> Any:  # pragma: no cover
    lo = a
    hi = b
    while lo < hi:  # first interval with start > t
        mid = (lo + hi) >> 1
        if starts[mid] <= t:
            lo = mid + 1
        else:
            hi = mid
    i = lo - 1
    if i < a:
        return 0
    e = ends[i]
    return cum[i] + (t if t < e else e) - starts[i]


@_jit
def cpm_calendars(
    order: Any,
    in_ptr: Any,
    in_src: Any,
    in_type: Any,
    in_lag: Any,
    out_ptr: Any,
    out_dst: Any,
    out_type: Any,
    out_lag: Any,
    duration: Any,
    cal_of: Any,
    cal_ptr: Any,
    starts: Any,
    ends: Any,
    cum_start: Any,
    cum_end: Any,
    project_start: int,
    es: Any,
    ef: Any,
    ls: Any,
    lf: Any,
    ts: Any,
    fs: Any,
) -> int:  # pragma: no cover - compiled
    """CPM where each task works on its own calendar; dates are wall-clock minutes.

    Durations are working minutes of the task's calendar, lags working minutes of the successor's
    calendar (the calendar of the task whose date the link constrains). Slacks are working minutes
    of the task's calendar.
    """
    n = order.shape[0]
    dur = np.empty(n, np.int64)
    cal = np.empty(n, np.int64)
    e_s = np.empty(n, np.int64)
    e_f = np.empty(n, np.int64)
    l_s = np.empty(n, np.int64)
    l_f = np.empty(n, np.int64)
    for k in range(n):
        dur[k] = duration[order[k]]
        cal[k] = cal_of[order[k]]
    finish = project_start
    for k in range(n):
        c = cal[k]
        a = cal_ptr[c]
        b = cal_ptr[c + 1]
        d = dur[k]
        w0 = _to_work(starts, ends, cum_start, a, b, project_start)
        for j in range(in_ptr[k], in_ptr[k + 1]):
            p = in_src[j]
            typ = in_type[j]
            base = e_f[p] if (typ == 0 or typ == 2) else e_s[p]
            w = _to_work(starts, ends, cum_start, a, b, base) + in_lag[j]
            if typ >= 2:
                w -= d
            if w > w0:
                w0 = w
        e_s[k] = _start_at(starts, cum_start, a, b, w0)
        e_f[k] = _fin_at(ends, cum_end, a, b, w0 + d) if d > 0 else e_s[k]
        if e_f[k] > finish:
            finish = e_f[k]
    for k in range(n - 1, -1, -1):
        c = cal[k]
        a = cal_ptr[c]
        b = cal_ptr[c + 1]
        d = dur[k]
        late = _to_work(starts, ends, cum_start, a, b, finish)
        wes = _to_work(starts, ends, cum_start, a, b, e_s[k])
        wef = wes + d
        free = late - wef
        for j in range(out_ptr[k], out_ptr[k + 1]):
            s = out_dst[j]
            typ = out_type[j]
            g = out_lag[j]
            cs = cal[s]
            sa = cal_ptr[cs]
            sb = cal_ptr[cs + 1]
            if typ <= 1:
                x = _back(starts, ends, cum_start, a, b, sa, sb, l_s[s], g)
                f = _back(starts, ends, cum_start, a, b, sa, sb, e_s[s], g)
            else:
                x = _back(starts, ends, cum_start, a, b, sa, sb, l_f[s], g)
                f = _back(starts, ends, cum_start, a, b, sa, sb, e_f[s], g)
            if typ == 1 or typ == 3:
                x += d
                f -= wes
            else:
                f -= wef
            if x < late:
                late = x
            if f < free:
                free = f
        l_f[k] = _fin_at(ends, cum_end, a, b, late) if d > 0 else _start_at(starts, cum_start, a, b, late)
        l_s[k] = _start_at(starts, cum_start, a, b, late - d)
        t = order[k]
        es[t] = e_s[k]
        ef[t] = e_f[k]
        ls[t] = l_s[k]
        lf[t] = l_f[k]
        total = late - d - wes
        ts[t] = total
        if free > total:
            free = total
        fs[t] = free if free > 0 else 0
    return finish


@_jit
def _back(
    starts: Any, ends: Any, cum_start: Any, a: int, b: int, sa: int, sb: int, t: int, g: int
) -> Any:  # pragma: no cover
    """Working position in calendar [a, b) of instant ``t`` moved back ``g`` minutes of calendar [sa, sb)."""
    if sa == a or g == 0:
        return _to_work(starts, ends, cum_start, a, b, t) - g
    w = _to_work(starts, ends, cum_start, sa, sb, t) - g
    return _to_work(starts, ends, cum_start, a, b, _start_at(starts, cum_start, sa, sb, w))


@_jit
def _start_at(starts: Any, cum_start: Any, a: int, b: int, w: int) -> Any:  # pragma: no cover
    lo = a
    hi = b
    while lo < hi:  # first interval with cumulative start > w
        mid = (lo + hi) >> 1
        if cum_start[mid] <= w:
            lo = mid + 1
        else:
            hi = mid
    i = lo - 1
    if i < a:
        i = a
    return starts[i] + (w - cum_start[i])


@_jit
def _fin_at(ends: Any, cum_end: Any, a: int, b: int, w: int) -> Any:  # pragma: no cover
    lo = a
    hi = b
    while lo < hi:  # first interval with cumulative end >= w
        mid = (lo + hi) >> 1
        if cum_end[mid] < w:
            lo = mid + 1
        else:
            hi = mid
    i = lo
    if i >= b:
        i = b - 1
    return ends[i] - (cum_end[i] - w)
