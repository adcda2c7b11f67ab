"""Pure numpy / Python passes used when numba is not installed (same results as ``_kernels``).

Everything works in topological-position space like the compiled kernels: task ``k`` here is
``net.order[k]`` in the caller's numbering, ``in_src``/``out_dst`` are positions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from pmo.engine.schedule.fast import ArrayNetwork

I64 = npt.NDArray[np.int64]

# Below this average number of tasks per topological level, per-level numpy calls cost more than
# a plain Python loop over the tasks.
_MIN_LEVEL_WIDTH = 16


def cpm_numpy(net: ArrayNetwork, es: I64, ef: I64, ls: I64, lf: I64, ts: I64, fs: I64) -> int:
    """CPM on one timeline, level by level (wide networks) or task by task (deep ones)."""
    n = net.n
    if n == 0:
        return 0
    level_ptr = net.level_ptr
    if level_ptr is None or (level_ptr.size - 1) * _MIN_LEVEL_WIDTH > n:
        return _cpm_python(net, es, ef, ls, lf, ts, fs)
    order = net.order
    dur = net.duration[order]
    e_s = np.zeros(n, dtype=np.int64)
    e_f = np.zeros(n, dtype=np.int64)
    l_s = np.zeros(n, dtype=np.int64)
    l_f = np.zeros(n, dtype=np.int64)
    t_s = np.zeros(n, dtype=np.int64)
    f_s = np.zeros(n, dtype=np.int64)
    in_pf = (net.in_type == 0) | (net.in_type == 2)  # link starts from the predecessor's finish
    in_sf = net.in_type >= 2  # link ends at the successor's finish
    nlev = level_ptr.size - 1
    for lv in range(nlev):
        a, b = int(level_ptr[lv]), int(level_ptr[lv + 1])
        ja, jb = int(net.in_ptr[a]), int(net.in_ptr[b])
        if jb > ja:
            counts = np.diff(net.in_ptr[a : b + 1])
            p = net.in_src[ja:jb]
            d_succ = np.repeat(dur[a:b], counts)
            cand = (
                np.where(in_pf[ja:jb], e_f[p], e_s[p]) + net.in_lag[ja:jb] - np.where(in_sf[ja:jb], d_succ, 0)
            )
            nonempty = counts > 0
            seg = net.in_ptr[a:b][nonempty] - ja
            e_s[a:b][nonempty] = np.maximum(np.maximum.reduceat(cand, seg), 0)
        e_f[a:b] = e_s[a:b] + dur[a:b]
    finish = int(e_f.max())
    out_ss = net.out_type <= 1  # link ends at the successor's start
    out_ps = (net.out_type == 1) | (net.out_type == 3)  # link starts from the predecessor's start
    for lv in range(nlev - 1, -1, -1):
        a, b = int(level_ptr[lv]), int(level_ptr[lv + 1])
        ja, jb = int(net.out_ptr[a]), int(net.out_ptr[b])
        late = np.full(b - a, finish, dtype=np.int64)
        free = finish - e_f[a:b]
        if jb > ja:
            counts = np.diff(net.out_ptr[a : b + 1])
            s = net.out_dst[ja:jb]
            g = net.out_lag[ja:jb]
            ss, ps = out_ss[ja:jb], out_ps[ja:jb]
            cand = np.where(ss, l_s[s], l_f[s]) - g + np.where(ps, np.repeat(dur[a:b], counts), 0)
            own = np.where(ps, np.repeat(e_s[a:b], counts), np.repeat(e_f[a:b], counts))
            fcand = np.where(ss, e_s[s], e_f[s]) - own - g
            nonempty = counts > 0
            seg = net.out_ptr[a:b][nonempty] - ja
            late[nonempty] = np.minimum(late[nonempty], np.minimum.reduceat(cand, seg))
            free[nonempty] = np.minimum(free[nonempty], np.minimum.reduceat(fcand, seg))
        l_f[a:b] = late
        l_s[a:b] = late - dur[a:b]
        total = l_s[a:b] - e_s[a:b]
        t_s[a:b] = total
        f_s[a:b] = np.maximum(np.minimum(free, total), 0)
    for out, src in ((es, e_s), (ef, e_f), (ls, l_s), (lf, l_f), (ts, t_s), (fs, f_s)):
        out[order] = src
    return finish


def _cpm_python(net: ArrayNetwork, es: I64, ef: I64, ls: I64, lf: I64, ts: I64, fs: I64) -> int:
    n = net.n
    dur = net.duration[net.order].tolist()
    in_ptr, in_src, in_type = net.in_ptr.tolist(), net.in_src.tolist(), net.in_type.tolist()
    in_lag = net.in_lag.tolist()
    out_ptr, out_dst, out_type = net.out_ptr.tolist(), net.out_dst.tolist(), net.out_type.tolist()
    out_lag = net.out_lag.tolist()
    e_s = [0] * n
    e_f = [0] * n
    finish = 0
    for k in range(n):
        d = dur[k]
        start = 0
        for j in range(in_ptr[k], in_ptr[k + 1]):
            p = in_src[j]
            typ = in_type[j]
            c = (e_f[p] if typ in (0, 2) else e_s[p]) + in_lag[j] - (d if typ >= 2 else 0)
            if c > start:
                start = c
        e_s[k] = start
        e_f[k] = start + d
        if start + d > finish:
            finish = start + d
    l_s = [0] * n
    l_f = [0] * n
    t_s = [0] * n
    f_s = [0] * n
    for k in range(n - 1, -1, -1):
        d = dur[k]
        late = finish
        free = finish - e_f[k]
        for j in range(out_ptr[k], out_ptr[k + 1]):
            s = out_dst[j]
            typ = out_type[j]
            g = out_lag[j]
            if typ == 0:
                c, f = l_s[s] - g, e_s[s] - e_f[k] - g
            elif typ == 1:
                c, f = l_s[s] - g + d, e_s[s] - e_s[k] - g
            elif typ == 2:
                c, f = l_f[s] - g, e_f[s] - e_f[k] - g
            else:
                c, f = l_f[s] - g + d, e_f[s] - e_s[k] - g
            if c < late:
                late = c
            if f < free:
                free = f
        l_f[k] = late
        l_s[k] = late - d
        total = late - d - e_s[k]
        t_s[k] = total
        f_s[k] = max(min(free, total), 0)
    order = net.order
    for out, src in ((es, e_s), (ef, e_f), (ls, l_s), (lf, l_f), (ts, t_s), (fs, f_s)):
        out[order] = src
    return finish


def cpm_calendars_python(net: ArrayNetwork, es: I64, ef: I64, ls: I64, lf: I64, ts: I64, fs: I64) -> int:
    """Calendar-aware CPM, task by task with ``bisect`` (same rules as ``_kernels.cpm_calendars``)."""
    if net.calendar_index is None:
        raise ValueError("the network has no calendars")
    cals = net.calendars
    n = net.n
    order = net.order
    cal = [cals[c] for c in net.calendar_index[order].tolist()]
    dur = net.duration[order].tolist()
    in_ptr, in_src, in_type = net.in_ptr.tolist(), net.in_src.tolist(), net.in_type.tolist()
    in_lag = net.in_lag.tolist()
    out_ptr, out_dst, out_type = net.out_ptr.tolist(), net.out_dst.tolist(), net.out_type.tolist()
    out_lag = net.out_lag.tolist()
    start0 = net.project_start
    e_s = [0] * n
    e_f = [0] * n
    finish = start0
    for k in range(n):
        c = cal[k]
        d = dur[k]
        w0 = c.to_work(start0)
        for j in range(in_ptr[k], in_ptr[k + 1]):
            p = in_src[j]
            typ = in_type[j]
            w = c.to_work(e_f[p] if typ in (0, 2) else e_s[p]) + in_lag[j] - (d if typ >= 2 else 0)
            w0 = max(w0, w)
        e_s[k] = c.start_at(w0)
        e_f[k] = c.finish_at(w0 + d) if d > 0 else e_s[k]
        finish = max(finish, e_f[k])
    l_s = [0] * n
    l_f = [0] * n
    t_s = [0] * n
    f_s = [0] * n

    def back(k: int, s: int, t: int, g: int) -> int:
        if cal[s] is cal[k] or g == 0:
            return int(cal[k].to_work(t) - g)
        return int(cal[k].to_work(cal[s].start_at(cal[s].to_work(t) - g)))

    for k in range(n - 1, -1, -1):
        c = cal[k]
        d = dur[k]
        late = c.to_work(finish)
        wes = c.to_work(e_s[k])
        wef = wes + d
        free = late - wef
        for j in range(out_ptr[k], out_ptr[k + 1]):
            s = out_dst[j]
            typ = out_type[j]
            g = out_lag[j]
            if typ <= 1:
                x, f = back(k, s, l_s[s], g), back(k, s, e_s[s], g)
            else:
                x, f = back(k, s, l_f[s], g), back(k, s, e_f[s], g)
            if typ in (1, 3):
                x, f = x + d, f - wes
            else:
                f -= wef
            late = min(late, x)
            free = min(free, f)
        l_f[k] = c.finish_at(late) if d > 0 else c.start_at(late)
        l_s[k] = c.start_at(late - d)
        total = late - d - wes
        t_s[k] = total
        f_s[k] = max(min(free, total), 0)
    for out, src in ((es, e_s), (ef, e_f), (ls, l_s), (lf, l_f), (ts, t_s), (fs, f_s)):
        out[order] = src
    return finish
