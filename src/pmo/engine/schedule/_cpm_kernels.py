"""Compiled (numba) passes of :func:`pmo.engine.schedule.schedule` (the Microsoft Project path).

Importing this module fails with ``ImportError`` when numba is not installed; the scheduler then
runs its object path (:mod:`pmo.engine.schedule.cpm`). :func:`passes` is a line-by-line port of
that path's forward pass, backward pass, slacks and driving links, on arrays: every calendar
operation the object path performs is performed here, in the same order and under the same
conditions, so both give the same instants (see :mod:`pmo.engine.schedule.cpm_arrays`).

Calendar lookups go through the O(1) day and work-bucket tables of
:func:`pmo.engine.schedule.fast.calendar_tables`, built over a *window* of each compiled calendar
(a slice of its intervals around the project, see ``cpm_arrays``). A lookup outside its window sets
a flag in the tables (and clamps, so that nothing reads outside them); the caller then widens the
window and runs again, or raises ``HorizonError`` where the window is already the whole horizon,
exactly where the object path's bisection raises it.

Task flags (``flags``): see the ``F_*`` constants. Constraint codes (``ccode``): 0 none (ASAP,
ALAP), 1 SNET, 2 FNET, 3 SNLT, 4 FNLT, 5 MSO, 6 MFO. Link types: 0 FS, 1 SS, 2 FF, 3 SF.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import numba
import numpy as np

F = TypeVar("F", bound=Callable[..., Any])
_jit = cast(Callable[[F], F], numba.njit(cache=True, nogil=True))
_inline = cast(Callable[[F], F], numba.njit(cache=True, nogil=True, inline="always"))
_call = cast(Callable[[F], F], numba.njit(cache=True, nogil=True))

F_ACTUAL_START = 1
F_ACTUAL_FINISH = 2
F_MANUAL = 4
F_MANUAL_START = 8
F_MANUAL_FINISH = 16
F_ELAPSED = 32
F_DEADLINE = 64

C_SNET, C_FNET, C_SNLT, C_FNLT, C_MSO, C_MFO = 1, 2, 3, 4, 5, 6
DAY = 1440
BUCKET = 60  # must equal fast.WORK_BUCKET_MINUTES

# The calendar windows travel as one int64 array ``tb`` (built by ``cpm_arrays._Windows``): every
# array a helper receives costs a reference-count update per call, and reading arrays out of a
# tuple in the hot loop one per read (twenty times slower), so there is one array. Layout: a
# header (H_*), then the windows' intervals (starts, ends, cumulative working minutes at their
# starts and at their ends, counted from each window's start; N each), the day table and the
# work-bucket table of ``fast.calendar_tables``, and one row of M_* columns per calendar.
H_N, H_DF, H_WF, H_MT, H_BAD, HEADER = 0, 1, 2, 3, 4, 8
M_A, M_B, M_DP, M_LASTDAY, M_ORIGIN, M_WP, M_LAST, M_TLO, M_THI, M_TOTAL, M_WLO, M_SIZE = range(12)
# M_A..M_B: the calendar's intervals; M_DP, M_LASTDAY, M_ORIGIN: its day table; M_WP, M_LAST: its
# work-bucket table; M_TLO..M_THI: the instants ``to_work`` accepts; M_TOTAL: working minutes of
# the window; M_WLO: the least position ``finish_at`` accepts (1 when the window starts after the
# horizon start: position 0 of the window is also the end of the interval before it). A lookup
# outside its window sets ``tb[H_BAD] = 1``.


@_inline
def _to_work(tb: Any, c: int, t: int) -> Any:  # pragma: no cover - compiled
    """``CompiledCalendar.to_work``: working minutes before instant ``t`` (window positions)."""
    m = tb[H_MT] + c * M_SIZE
    t_lo = tb[m + M_TLO]
    t_hi = tb[m + M_THI]
    if t < t_lo or t > t_hi:
        tb[H_BAD] = 1
        t = t_lo if t < t_lo else t_hi
    s0 = HEADER
    n = tb[H_N]
    a = tb[m + M_A]
    last_day = tb[m + M_LASTDAY]
    d = (t - tb[m + M_ORIGIN]) // DAY
    d = 0 if d < 0 else (last_day if d > last_day else d)
    i = tb[tb[H_DF] + tb[m + M_DP] + d + 1] - 1
    while i >= a and tb[s0 + i] > t:
        i -= 1
    if i < a:
        return 0
    e = tb[s0 + n + i]
    return tb[s0 + 2 * n + i] + (t if t < e else e) - tb[s0 + i]


@_inline
def _bucket(tb: Any, m: int, w: int) -> Any:  # pragma: no cover - compiled
    """The last interval of the calendar (row ``m``) whose cumulative start is at most ``w``."""
    cs = HEADER + 2 * tb[H_N]
    b = tb[m + M_B]
    last = tb[m + M_LAST]
    k = w // BUCKET
    k = 0 if k < 0 else (last if k > last else k)
    i = tb[tb[H_WF] + tb[m + M_WP] + k]
    while i + 1 < b and tb[cs + i + 1] <= w:
        i += 1
    return i


@_inline
def _start_at(tb: Any, c: int, w: int) -> Any:  # pragma: no cover - compiled
    """``CompiledCalendar.start_at``: the instant after ``w`` working minutes (start form)."""
    m = tb[H_MT] + c * M_SIZE
    total = tb[m + M_TOTAL]
    if w < 0 or w >= total:
        tb[H_BAD] = 1
        w = 0 if w < 0 else total - 1
    i = _bucket(tb, m, w)
    return tb[HEADER + i] + (w - tb[HEADER + 2 * tb[H_N] + i])


@_inline
def _finish_at(tb: Any, c: int, w: int) -> Any:  # pragma: no cover - compiled
    """``CompiledCalendar.finish_at``: the instant ``w`` working minutes end (finish form)."""
    m = tb[H_MT] + c * M_SIZE
    w_lo = tb[m + M_WLO]
    total = tb[m + M_TOTAL]
    if w < w_lo or w > total:
        tb[H_BAD] = 1
        w = w_lo if w < w_lo else total
    n = tb[H_N]
    ce = HEADER + 3 * n
    a = tb[m + M_A]
    b = tb[m + M_B]
    i = _bucket(tb, m, w) - 1
    if i < a:
        i = a
    while i < b - 1 and tb[ce + i] < w:
        i += 1
    return tb[HEADER + n + i] - (tb[ce + i] - w)


@_inline
def _add(tb: Any, c: int, t: int, m: int) -> Any:  # pragma: no cover - compiled
    """``CompiledCalendar.add`` (zero returns ``t`` without a lookup, as there)."""
    if m == 0:
        return t
    w = _to_work(tb, c, t) + m
    if m > 0:
        return _finish_at(tb, c, w)
    return _start_at(tb, c, w)


@_call
def _next_start(tb: Any, c: int, t: int) -> Any:  # pragma: no cover - compiled
    return _start_at(tb, c, _to_work(tb, c, t))


@_call
def _shift(tb: Any, c: int, elapsed: bool, t: int, d: int) -> Any:  # pragma: no cover - compiled
    """``_Run.after`` (``d``) and ``_Run.before`` (``-d``): a duration in the task's calendar."""
    if elapsed:
        return t + d
    return _add(tb, c, t, d)


@_call
def _add_lag(tb: Any, pc: int, t: int, m: int, elapsed: bool) -> Any:  # pragma: no cover - compiled
    """``_Run.add_lag`` with the signed lag ``m``: lags count on the project calendar ``pc``."""
    if m == 0:
        return t
    if elapsed:
        return t + m
    return _add(tb, pc, t, m)


@_call
def _rel_slack(tb: Any, pc: int, g: int, el: bool, c: int, base: int, other: int) -> Any:  # pragma: no cover
    """``cpm._relationship_slack``: work in the predecessor's calendar ``c`` from ``base`` to the
    successor's date ``other`` moved back by the lag ``g``."""
    target = _add_lag(tb, pc, other, -g, el)
    return _to_work(tb, c, target) - _to_work(tb, c, base)


@_jit
def forward(
    order: Any,
    in_ptr: Any,
    in_link: Any,
    lpred: Any,
    ltype: Any,
    lag: Any,
    lel: Any,
    dur: Any,
    cal: Any,
    flags: Any,
    ccode: Any,
    cdate: Any,
    astart: Any,
    afinish: Any,
    remaining: Any,
    mstart: Any,
    mfinish: Any,
    tb: Any,
    pc: int,
    p0: int,
    has_status: bool,
    status: int,
    es: Any,
    ef: Any,
) -> None:  # pragma: no cover - compiled
    """``cpm._forward``: early dates in topological order."""
    n = order.shape[0]
    finishes = np.empty(in_link.shape[0] + 1, np.int64)
    for k in range(n):
        i = order[k]
        fl = flags[i]
        c = cal[i]
        d = dur[i]
        el = (fl & F_ELAPSED) != 0
        if fl & F_ACTUAL_START:
            es[i] = astart[i]
            if fl & F_ACTUAL_FINISH:
                ef[i] = afinish[i]
                continue
            r = remaining[i]
            done = d - r
            stop = _shift(tb, c, el, es[i], done if done > 0 else 0)
            resume = stop if not has_status else (stop if stop >= status else status)
            if r > 0:
                if not el:
                    resume = _next_start(tb, c, resume)
                ef[i] = _shift(tb, c, el, resume, r)
            else:
                ef[i] = stop
            continue
        if (fl & F_MANUAL) and (fl & F_MANUAL_START):
            es[i] = mstart[i]
            if fl & F_MANUAL_FINISH:
                ef[i] = mfinish[i]
            else:
                ef[i] = _shift(tb, c, el, es[i], d)
            continue
        e = p0
        cc = ccode[i]
        if cc != 0 and in_ptr[k + 1] == in_ptr[k]:
            # Without predecessors a SNET/FNET date replaces the project start.
            if cc == C_SNET:
                e = cdate[i]
            elif cc == C_FNET:
                e = _shift(tb, c, el, cdate[i], -d)
        nf = 0
        for q in range(in_ptr[k], in_ptr[k + 1]):
            j = in_link[q]
            a = lpred[j]
            ty = ltype[j]
            if ty == 0:
                v = _add_lag(tb, pc, ef[a], lag[j], lel[j])
            elif ty == 1:
                v = _add_lag(tb, pc, es[a], lag[j], lel[j])
            else:
                f = _add_lag(tb, pc, ef[a] if ty == 2 else es[a], lag[j], lel[j])
                finishes[nf] = f
                nf += 1
                v = _shift(tb, c, el, f, -d)
            if v > e:
                e = v
        moves = d > 0 and not el
        if moves:
            e = _next_start(tb, c, e)
        if cc != 0:
            cd = cdate[i]
            if cc == C_SNET:
                x = _next_start(tb, c, cd) if moves else cd
                e = x if x > e else e
            elif cc == C_FNET:
                x = _shift(tb, c, el, cd, -d)
                e = x if x > e else e
            elif cc == C_SNLT:
                e = cd if cd < e else e
            elif cc == C_FNLT:
                x = _shift(tb, c, el, cd, -d)
                e = x if x < e else e
            elif cc == C_MSO:
                e = cd
            else:
                e = _shift(tb, c, el, cd, -d)
        if has_status:
            x = _next_start(tb, c, status) if moves else status
            e = x if x > e else e
        es[i] = e
        fin = _shift(tb, c, el, e, d)
        for q in range(nf):
            f = finishes[q]
            # A driving FF/SF link keeps its own finish instant (Monday 08:00, not Friday 17:00).
            if f > fin and _to_work(tb, c, f) - _to_work(tb, c, fin) == 0:
                fin = f
        ef[i] = fin


@_jit
def backward(
    order: Any,
    out_ptr: Any,
    out_link: Any,
    lsucc: Any,
    ltype: Any,
    lag: Any,
    lel: Any,
    dur: Any,
    cal: Any,
    flags: Any,
    ccode: Any,
    cdate: Any,
    deadline: Any,
    astart: Any,
    afinish: Any,
    remaining: Any,
    tb: Any,
    pc: int,
    pf: int,
    multiple_critical_paths: bool,
    es: Any,
    ef: Any,
    ls: Any,
    lf: Any,
    calc_ls: Any,
) -> None:  # pragma: no cover - compiled
    """``cpm._backward``: late dates in reverse topological order."""
    n = order.shape[0]
    for k in range(n - 1, -1, -1):
        i = order[k]
        fl = flags[i]
        c = cal[i]
        d = dur[i]
        el = (fl & F_ELAPSED) != 0
        manual = (fl & F_MANUAL) != 0
        if fl & F_ACTUAL_FINISH:
            lf[i] = afinish[i]
            ls[i] = astart[i] if (fl & F_ACTUAL_START) else es[i]
            calc_ls[i] = ls[i]
            continue
        late = pf
        live = False
        for q in range(out_ptr[k], out_ptr[k + 1]):
            j = out_link[q]
            b = lsucc[j]
            if flags[b] & F_ACTUAL_FINISH:
                continue
            live = True
            ty = ltype[j]
            if manual and (ty == 1 or ty == 3):
                # A manual predecessor of a start-based link takes its successor's late finish.
                v = lf[b]
            elif ty == 0:
                v = _add_lag(tb, pc, calc_ls[b], -lag[j], lel[j])
            elif ty == 1:
                v = _add_lag(tb, pc, calc_ls[b], -lag[j], lel[j])
                v = _shift(tb, c, el, v, d)
            elif ty == 2:
                v = _add_lag(tb, pc, lf[b], -lag[j], lel[j])
            else:
                v = _add_lag(tb, pc, lf[b], -lag[j], lel[j])
                v = _shift(tb, c, el, v, d)
            if v < late:
                late = v
        if not live:
            late = ef[i] if multiple_critical_paths else pf
        cc = ccode[i]
        if cc != 0:
            cd = cdate[i]
            if cc == C_MSO:
                late = _shift(tb, c, el, cd, d)
            elif cc == C_MFO:
                late = cd
            elif cc == C_SNLT:
                x = _shift(tb, c, el, cd, d)
                late = x if x < late else late
            elif cc == C_FNLT:
                late = cd if cd < late else late
        if fl & F_DEADLINE:
            late = deadline[i] if deadline[i] < late else late
        if not manual and not el:
            # Automatic tasks report the end of the previous working period (Friday 17:00).
            late = _finish_at(tb, c, _to_work(tb, c, late))
        lf[i] = late
        r = remaining[i] if (fl & F_ACTUAL_START) else d
        calc_ls[i] = _shift(tb, c, el, late, -r)
        ls[i] = astart[i] if (fl & F_ACTUAL_START) else calc_ls[i]


@_inline
def _link_slack(
    tb: Any,
    pc: int,
    ltype: Any,
    lag: Any,
    lel: Any,
    cal: Any,
    es: Any,
    ef: Any,
    j: int,
    a: int,
    b: int,
) -> Any:  # pragma: no cover - compiled
    """Relationship slack of link ``j`` from task ``a`` to task ``b``."""
    ty = ltype[j]
    base = ef[a] if (ty == 0 or ty == 2) else es[a]
    other = es[b] if ty <= 1 else ef[b]
    return _rel_slack(tb, pc, lag[j], lel[j], cal[a], base, other)  # fmt: skip


@_jit
def slacks(
    order: Any,
    out_ptr: Any,
    out_link: Any,
    lpred: Any,
    lsucc: Any,
    ltype: Any,
    lag: Any,
    lel: Any,
    cal: Any,
    flags: Any,
    tb: Any,
    pc: int,
    es: Any,
    ef: Any,
    ls: Any,
    lf: Any,
    ts: Any,
    fs: Any,
    driving: Any,
) -> None:  # pragma: no cover - compiled
    """``cpm._slacks`` (total and free slack) and the driving flag of every link.

    The relationship slack of each link is computed once and serves both (the object path
    computes the same value twice, for free slack and for driving predecessors).
    """
    n = order.shape[0]
    m = lpred.shape[0]
    rel = np.empty(m, np.int64)
    for j in range(m):
        rel[j] = _link_slack(tb, pc, ltype, lag, lel, cal, es, ef, j, lpred[j], lsucc[j])
        driving[j] = rel[j] <= 0
    for k in range(n):
        i = order[k]
        fl = flags[i]
        c = cal[i]
        finish_slack = _to_work(tb, c, lf[i]) - _to_work(tb, c, ef[i])
        if fl & F_ACTUAL_FINISH:
            ts[i] = finish_slack
            fs[i] = 0
            continue
        if fl & F_ACTUAL_START:
            total = finish_slack
        else:
            start_slack = _to_work(tb, c, ls[i]) - _to_work(tb, c, es[i])
            total = start_slack if start_slack < finish_slack else finish_slack
        ts[i] = total
        free = total
        first = True
        for q in range(out_ptr[k], out_ptr[k + 1]):
            j = out_link[q]
            if flags[lsucc[j]] & F_ACTUAL_FINISH:
                continue
            if first or rel[j] < free:
                free = rel[j]
            first = False
        fs[i] = free if free > 0 else 0
