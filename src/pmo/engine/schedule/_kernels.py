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
_inline = cast(Callable[[F], F], numba.njit(cache=True, nogil=True, inline="always"))


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


# ----- calendar lookups -------------------------------------------------------------------------
# ``tab`` bundles the concatenated calendar arrays (see ``fast.CalendarTables``):
# 0 starts, 1 ends, 2 cum_start, 3 cum_end, 4 cal_ptr, 5 day_first, 6 day_ptr, 7 day_origin,
# 8 work_first, 9 work_ptr. Every lookup is O(1) through the day and work-bucket tables (a short
# scan over the few intervals of one day or bucket). Instants and positions outside the horizon are
# clamped to it, as bisection would. The hot path has no call out of line: a cold fallback call in
# these helpers made numba's code about ten times slower.
DAY = 1440
BUCKET = 60


@_inline
def _to_work(
    starts: Any, ends: Any, cum: Any, a: int, dfirst: Any, dp: int, last_day: int, origin: int, t: int
) -> Any:  # pragma: no cover - compiled
    """Working minutes before instant ``t`` of the calendar whose intervals start at ``a``."""
    d = (t - origin) // DAY
    d = 0 if d < 0 else (last_day if d > last_day else d)
    i = dfirst[dp + d + 1] - 1
    while i >= a and starts[i] > t:
        i -= 1
    if i < a:
        return 0
    e = ends[i]
    return cum[i] + (t if t < e else e) - starts[i]


@_inline
def _bucket(cum_start: Any, b: int, wfirst: Any, wp: int, last: int, w: int) -> Any:  # pragma: no cover
    """Last interval (before ``b``) whose cumulative start is <= ``w``, found from its work bucket."""
    k = w // BUCKET
    k = 0 if k < 0 else (last if k > last else k)
    i = wfirst[wp + k]
    while i + 1 < b and cum_start[i + 1] <= w:
        i += 1
    return i


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
    tab: Any,
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
    starts, ends, cum_start, cum_end, cal_ptr, dfirst, day_ptr, day_origin, wfirst, work_ptr = tab
    n_cal = cal_ptr.shape[0] - 1
    # Per-calendar constants, so each lookup reads them from small arrays by calendar number.
    c_a = cal_ptr[:-1].copy()
    c_b = cal_ptr[1:].copy()
    c_dp = day_ptr[:-1].copy()
    c_lastday = np.empty(n_cal, np.int64)
    c_wp = work_ptr[:-1].copy()
    c_last = np.empty(n_cal, np.int64)
    for c in range(n_cal):
        c_lastday[c] = day_ptr[c + 1] - day_ptr[c] - 2
        c_last[c] = work_ptr[c + 1] - work_ptr[c] - 1
    n = order.shape[0]
    dur = np.empty(n, np.int64)
    cal = np.empty(n, np.int64)
    e_s = np.empty(n, np.int64)
    e_f = np.empty(n, np.int64)
    l_s = np.empty(n, np.int64)
    l_f = np.empty(n, np.int64)
    w_es = np.empty(n, np.int64)
    for k in range(n):
        dur[k] = duration[order[k]]
        cal[k] = cal_of[order[k]]
    finish = project_start
    for k in range(n):
        c = cal[k]
        a, b, dp, ld, og = c_a[c], c_b[c], c_dp[c], c_lastday[c], day_origin[c]
        wp, last = c_wp[c], c_last[c]
        d = dur[k]
        w0 = _to_work(starts, ends, cum_start, a, dfirst, dp, ld, og, project_start)
        for j in range(in_ptr[k], in_ptr[k + 1]):
            p = in_src[j]
            typ = in_type[j]
            base = e_f[p] if (typ == 0 or typ == 2) else e_s[p]
            w = _to_work(starts, ends, cum_start, a, dfirst, dp, ld, og, base) + in_lag[j]
            if typ >= 2:
                w -= d
            if w > w0:
                w0 = w
        w_es[k] = w0
        i = _bucket(cum_start, b, wfirst, wp, last, w0)
        e_s[k] = starts[i] + (w0 - cum_start[i])
        if d > 0:
            e_f[k] = _fin_at(ends, cum_end, cum_start, a, b, wfirst, wp, last, w0 + d)
        else:
            e_f[k] = e_s[k]
        if e_f[k] > finish:
            finish = e_f[k]
    for k in range(n - 1, -1, -1):
        c = cal[k]
        a, b, dp, ld, og = c_a[c], c_b[c], c_dp[c], c_lastday[c], day_origin[c]
        wp, last = c_wp[c], c_last[c]
        d = dur[k]
        late = _to_work(starts, ends, cum_start, a, dfirst, dp, ld, og, finish)
        wes = w_es[k]
        wef = wes + d
        free = late - wef
        for j in range(out_ptr[k], out_ptr[k + 1]):
            s = out_dst[j]
            typ = out_type[j]
            g = out_lag[j]
            t_late = l_s[s] if typ <= 1 else l_f[s]
            t_early = e_s[s] if typ <= 1 else e_f[s]
            cs = cal[s]
            if cs == c or g == 0:
                x = _to_work(starts, ends, cum_start, a, dfirst, dp, ld, og, t_late) - g
                f = _to_work(starts, ends, cum_start, a, dfirst, dp, ld, og, t_early) - g
            else:
                # Move back g working minutes of the successor's calendar, then measure in ours.
                sa, sb, sdp, sld, sog = c_a[cs], c_b[cs], c_dp[cs], c_lastday[cs], day_origin[cs]
                swp, slast = c_wp[cs], c_last[cs]
                wl = _to_work(starts, ends, cum_start, sa, dfirst, sdp, sld, sog, t_late) - g
                il = _bucket(cum_start, sb, wfirst, swp, slast, wl)
                x = _to_work(
                    starts, ends, cum_start, a, dfirst, dp, ld, og, starts[il] + (wl - cum_start[il])
                )
                we = _to_work(starts, ends, cum_start, sa, dfirst, sdp, sld, sog, t_early) - g
                ie = _bucket(cum_start, sb, wfirst, swp, slast, we)
                f = _to_work(
                    starts, ends, cum_start, a, dfirst, dp, ld, og, starts[ie] + (we - cum_start[ie])
                )
            if typ == 1 or typ == 3:
                x += d
                f -= wes
            else:
                f -= wef
            if x < late:
                late = x
            if f < free:
                free = f
        if d > 0:
            l_f[k] = _fin_at(ends, cum_end, cum_start, a, b, wfirst, wp, last, late)
        else:
            i = _bucket(cum_start, b, wfirst, wp, last, late)
            l_f[k] = starts[i] + (late - cum_start[i])
        i = _bucket(cum_start, b, wfirst, wp, last, late - d)
        l_s[k] = starts[i] + (late - d - cum_start[i])
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


@_inline
def _fin_at(
    ends: Any, cum_end: Any, cum_start: Any, a: int, b: int, wfirst: Any, wp: int, last: int, w: int
) -> Any:  # pragma: no cover - compiled
    """Earliest instant at which ``w`` working minutes are done (finish form)."""
    i = _bucket(cum_start, b, wfirst, wp, last, w) - 1
    if i < a:
        i = a
    while i < b - 1 and cum_end[i] < w:
        i += 1
    return ends[i] - (cum_end[i] - w)
