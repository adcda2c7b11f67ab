"""Array critical-path core: the fast path every scheduler in pmo ends up in.

Tasks are numbered ``0..n-1``; links are parallel arrays. :meth:`ArrayNetwork.build` validates the
arrays, sorts the tasks topologically once (Kahn's algorithm) and stores predecessor and successor
lists in CSR form by topological position. :meth:`ArrayNetwork.schedule` then runs the forward and
backward passes; calling it again with new ``duration`` or ``lag`` arrays of the same shape is a
*warm* recalculation that reuses the model.

With numba installed (``pip install pmo[fast]``) the passes are compiled loops
(:func:`has_accelerator` is ``True``). Without it a numpy fallback processes the network level by
level (all tasks of one topological level at once), or task by task in plain Python when the
network is too deep for levels to pay.

Single timeline (the contract the benchmark codes against)::

    net = ArrayNetwork.build(duration, pred, succ, link_type, lag)
    res = net.schedule()                       # cold
    res = net.schedule(duration=new_durations) # warm
    res.early_start, res.early_finish, res.late_start, res.late_finish,
    res.total_slack, res.free_slack, res.critical, res.project_finish

``duration`` and ``lag`` are int64 working minutes, ``link_type`` int8 (0 = FS, 1 = SS, 2 = FF,
3 = SF), ``pred``/``succ`` int64 task indices. Dates are working minutes after the project start.

Per-task calendars::

    cals = [Calendar().compile(first, last), night_shift.compile(first, last)]
    net = ArrayNetwork.build(duration, pred, succ, link_type, lag,
                             calendar_index=cal_of_task, calendars=cals,
                             project_start=to_minutes(datetime(2025, 1, 6, 8)))
    res = net.schedule()

Then each task's duration is in working minutes of its own calendar, a lag is in working minutes of
the successor's calendar, dates are wall-clock minutes since 1970-01-01 (see
:func:`~pmo.engine.schedule.calendars.from_minutes`) and slacks are working minutes of the task's
calendar. All calendars must be compiled over a horizon that covers the schedule.

Examples
--------
>>> import numpy as np
>>> net = ArrayNetwork.build(np.array([480, 960, 480]), np.array([0, 0]), np.array([1, 2]),
...                          np.array([0, 0], dtype=np.int8), np.array([0, 0]))
>>> res = net.schedule()
>>> res.early_start.tolist(), res.total_slack.tolist(), res.critical.tolist()
([0, 480, 480], [0, 0, 480], [True, True, False])
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import numpy as np
import numpy.typing as npt

from pmo.engine.schedule.calendars import CompiledCalendar
from pmo.engine.schedule.errors import CycleError, NetworkError

_kernels: ModuleType | None
try:  # numba is optional (extra "fast"); the numpy fallback below keeps everything working.
    from pmo.engine.schedule import _kernels
except ImportError:  # pragma: no cover - exercised when numba is absent
    _kernels = None

__all__ = ["ArrayNetwork", "ArrayResult", "has_accelerator"]

I64 = npt.NDArray[np.int64]
I8 = npt.NDArray[np.int8]
BoolArray = npt.NDArray[np.bool_]


def has_accelerator() -> bool:
    """Whether the compiled (numba) kernels are in use."""
    return _kernels is not None and not _force_fallback


# ``PMO_ENGINE_ACCELERATOR=off`` runs the numpy fallback even where numba is installed (to compare
# the two, or to work around a numba problem on a platform). Read once, at import.
_ACCELERATOR_OFF = {"off", "0", "false", "no"}
_force_fallback = os.environ.get("PMO_ENGINE_ACCELERATOR", "on").strip().lower() in _ACCELERATOR_OFF


@dataclass(frozen=True)
class ArrayResult:
    """Results of one scheduling run, indexed like the input tasks.

    Attributes
    ----------
    early_start, early_finish, late_start, late_finish : ndarray of int64
        Working minutes after the project start (single timeline) or wall-clock minutes (calendars).
    total_slack, free_slack : ndarray of int64
        Working minutes.
    critical : ndarray of bool
        ``total_slack <= critical_slack``.
    project_finish : int
        Latest early finish.
    """

    early_start: I64
    early_finish: I64
    late_start: I64
    late_finish: I64
    total_slack: I64
    free_slack: I64
    critical: BoolArray
    project_finish: int


def _as_int64(name: str, values: npt.ArrayLike, size: int | None = None) -> I64:
    arr = np.asarray(values)
    if arr.ndim != 1 or (size is not None and arr.shape[0] != size):
        raise NetworkError(f"{name} must be a 1-D array" + (f" of length {size}" if size is not None else ""))
    if arr.size and not np.issubdtype(arr.dtype, np.integer):
        raise NetworkError(f"{name} must hold integers (working minutes / task indices), got {arr.dtype}")
    return np.ascontiguousarray(arr, dtype=np.int64)


def _find_cycle(n: int, pred: I64, succ: I64, done: BoolArray) -> list[int]:
    """Return the tasks of one cycle among the tasks Kahn's algorithm could not order."""
    remaining_pred: dict[int, int] = {}
    for p, s in zip(pred.tolist(), succ.tolist(), strict=True):
        if not done[s] and not done[p]:
            remaining_pred.setdefault(s, p)
    start = next(iter(remaining_pred))
    seen: dict[int, int] = {}
    path: list[int] = []
    node = start
    while node not in seen:
        seen[node] = len(path)
        path.append(node)
        node = remaining_pred[node]
    cycle = path[seen[node] :]
    cycle.reverse()  # predecessor -> successor order
    return cycle


def _kahn_numpy(n: int, pred: I64, succ: I64) -> tuple[I64, I64]:
    """Level-by-level Kahn's algorithm; returns (order, level_ptr) with tasks grouped by level.

    Deep, narrow networks (long chains) would cost one round of numpy calls per level, so once the
    levels average fewer than ``_NARROW`` tasks the rest is ordered by a plain-Python Kahn loop.
    """
    indeg = np.bincount(succ, minlength=n)
    by_pred = np.argsort(pred, kind="stable")
    out_ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(pred, minlength=n), out=out_ptr[1:])
    out_succ = succ[by_pred]
    frontier = np.flatnonzero(indeg == 0)
    levels: list[I64] = []
    done = 0
    while frontier.size:
        levels.append(frontier)
        done += frontier.size
        if len(levels) >= 64 and done < _NARROW * len(levels):
            levels.extend(_kahn_python(frontier, indeg, out_ptr, out_succ))
            break
        counts = out_ptr[frontier + 1] - out_ptr[frontier]
        total = int(counts.sum())
        if total == 0:
            break
        starts = np.repeat(out_ptr[frontier] - np.cumsum(counts) + counts, counts)
        touched, hits = np.unique(out_succ[starts + np.arange(total)], return_counts=True)
        indeg[touched] -= hits
        frontier = touched[indeg[touched] == 0]
    order = np.concatenate(levels) if levels else np.zeros(0, dtype=np.int64)
    level_ptr = np.zeros(len(levels) + 1, dtype=np.int64)
    np.cumsum([lv.size for lv in levels], out=level_ptr[1:])
    return order.astype(np.int64), level_ptr


_NARROW = 16


def _kahn_python(frontier: I64, indeg: I64, out_ptr: I64, out_succ: I64) -> list[I64]:
    """Continue Kahn's algorithm after ``frontier`` (already emitted) one task per level."""
    deg = indeg.tolist()
    ptr = out_ptr.tolist()
    targets = out_succ.tolist()
    queue = list(frontier.tolist())
    out: list[int] = []
    head = 0
    while head < len(queue):
        v = queue[head]
        head += 1
        for k in range(ptr[v], ptr[v + 1]):
            s = targets[k]
            deg[s] -= 1
            if deg[s] == 0:
                queue.append(s)
                out.append(s)
    return [np.array([v], dtype=np.int64) for v in out]


DAY_MINUTES = 1440
WORK_BUCKET_MINUTES = 60  # must equal _kernels.BUCKET


def calendar_tables(calendars: Sequence[CompiledCalendar]) -> tuple[I64, ...]:
    """Concatenate compiled calendars into the lookup tables of ``_kernels.cpm_calendars``.

    Returns ``(starts, ends, cum_start, cum_end, cal_ptr, day_first, day_ptr, day_origin,
    work_first, work_ptr)``. ``day_first[day_ptr[c] + d]`` is the first interval of calendar ``c``
    starting on or after day ``d`` of its horizon and ``work_first[work_ptr[c] + k]`` the last
    interval whose cumulative start is at most ``k`` hours of work, so converting between instants
    and working positions costs O(1) instead of a bisection per link.
    """
    cal_ptr = np.zeros(len(calendars) + 1, dtype=np.int64)
    np.cumsum([c.starts.size for c in calendars], out=cal_ptr[1:])
    day_first: list[I64] = []
    work_first: list[I64] = []
    origins = np.empty(len(calendars), dtype=np.int64)
    for index, cal in enumerate(calendars):
        base = int(cal_ptr[index])
        origin = (int(cal.starts[0]) // DAY_MINUTES) * DAY_MINUTES if cal.starts.size else 0
        origins[index] = origin
        horizon_end = max(int(cal.horizon_end), int(cal.ends[-1]) if cal.ends.size else 0)
        days = (horizon_end - origin) // DAY_MINUTES + 2
        day_starts = origin + np.arange(days + 1, dtype=np.int64) * DAY_MINUTES
        day_first.append(np.searchsorted(cal.starts, day_starts, side="left").astype(np.int64) + base)
        marks = np.arange(cal.total // WORK_BUCKET_MINUTES + 1, dtype=np.int64) * WORK_BUCKET_MINUTES
        last = np.searchsorted(cal.cum_start, marks, side="right").astype(np.int64) - 1
        work_first.append(np.maximum(last, 0) + base)
    day_ptr = np.zeros(len(calendars) + 1, dtype=np.int64)
    np.cumsum([t.size for t in day_first], out=day_ptr[1:])
    work_ptr = np.zeros(len(calendars) + 1, dtype=np.int64)
    np.cumsum([t.size for t in work_first], out=work_ptr[1:])
    return (
        np.concatenate([c.starts for c in calendars]),
        np.concatenate([c.ends for c in calendars]),
        np.concatenate([c.cum_start for c in calendars]),
        np.concatenate([c.cum_end for c in calendars]),
        cal_ptr,
        np.concatenate(day_first),
        day_ptr,
        origins,
        np.concatenate(work_first),
        work_ptr,
    )


class ArrayNetwork:
    """A network compiled for repeated critical-path runs (see the module docstring)."""

    def __init__(self) -> None:  # use ArrayNetwork.build
        self.n = 0
        self.duration = np.zeros(0, dtype=np.int64)
        self.lag = np.zeros(0, dtype=np.int64)
        self.order = np.zeros(0, dtype=np.int64)
        self.level_ptr: I64 | None = None
        self.in_ptr = self.out_ptr = np.zeros(1, dtype=np.int64)
        self.in_link = self.out_link = np.zeros(0, dtype=np.int64)
        self.in_src = self.out_dst = np.zeros(0, dtype=np.int32)
        self.in_lag = self.out_lag = np.zeros(0, dtype=np.int64)
        self.in_type = self.out_type = np.zeros(0, dtype=np.int8)
        self.calendar_index: I64 | None = None
        self.calendars: tuple[CompiledCalendar, ...] = ()
        self.project_start = 0
        self.critical_slack = 0
        self._cal_arrays: tuple[I64, ...] | None = None

    @classmethod
    def build(
        cls,
        duration: npt.ArrayLike,
        pred: npt.ArrayLike,
        succ: npt.ArrayLike,
        link_type: npt.ArrayLike,
        lag: npt.ArrayLike,
        *,
        calendar_index: npt.ArrayLike | None = None,
        calendars: Sequence[CompiledCalendar] = (),
        project_start: int | None = None,
        critical_slack: int = 0,
    ) -> ArrayNetwork:
        """Validate the arrays, order the tasks topologically and build the CSR adjacency.

        Parameters
        ----------
        duration : array of int64
            Working minutes per task (task ``i`` is index ``i``); must be ``>= 0``.
        pred, succ : array of int64
            Predecessor and successor task of each link.
        link_type : array of int8
            0 = FS, 1 = SS, 2 = FF, 3 = SF.
        lag : array of int64
            Working minutes, may be negative.
        calendar_index : array of int, optional
            The calendar of each task (index into ``calendars``); enables the calendar kernel.
        calendars : sequence of CompiledCalendar
            The compiled calendars referred to by ``calendar_index``.
        project_start : int, optional
            Wall-clock minutes of the project start (calendar mode; default the first calendar's
            first working minute).
        critical_slack : int
            Tasks with ``total_slack <= critical_slack`` are critical.

        Raises
        ------
        NetworkError
            On bad shapes, unknown task indices, link types or negative durations.
        CycleError
            When the links form a cycle (the error lists the task indices on it).
        """
        dur = _as_int64("duration", duration)
        n = dur.shape[0]
        p = _as_int64("pred", pred)
        m = p.shape[0]
        s = _as_int64("succ", succ, m)
        g = _as_int64("lag", lag, m)
        typ = np.ascontiguousarray(np.asarray(link_type), dtype=np.int8)
        if typ.shape != (m,):
            raise NetworkError(f"link_type must be a 1-D array of length {m}")
        if n and dur.min() < 0:
            raise NetworkError(f"task {int(np.argmin(dur))} has a negative duration")
        if m:
            if min(p.min(), s.min()) < 0 or max(p.max(), s.max()) >= n:
                raise NetworkError(f"a link refers to a task index outside 0..{n - 1}")
            if typ.min() < 0 or typ.max() > 3:
                raise NetworkError("link_type must be 0 (FS), 1 (SS), 2 (FF) or 3 (SF)")
            selfloop = np.flatnonzero(p == s)
            if selfloop.size:
                raise CycleError([int(p[selfloop[0]])])
        net = cls()
        net.n = n
        net.duration = dur.copy()
        net.lag = g.copy()
        net.critical_slack = int(critical_slack)
        if _kernels is not None and not _force_fallback:
            order, _, _, count = _kernels.build_order(n, p, s)
            if count < n:
                done = np.zeros(n, dtype=bool)
                done[order[:count]] = True
                raise CycleError(_find_cycle(n, p, s, done))
            in_ptr, in_links, out_ptr, out_links = _kernels.build_csr(n, order, p, s)
        else:
            order, level_ptr = _kahn_numpy(n, p, s)
            if order.shape[0] < n:
                done = np.zeros(n, dtype=bool)
                done[order] = True
                raise CycleError(_find_cycle(n, p, s, done))
            net.level_ptr = level_ptr
            pos = np.empty(n, dtype=np.int64)
            pos[order] = np.arange(n, dtype=np.int64)
            in_links = np.argsort(pos[s], kind="stable")
            out_links = np.argsort(pos[p], kind="stable")
            in_ptr = np.zeros(n + 1, dtype=np.int64)
            out_ptr = np.zeros(n + 1, dtype=np.int64)
            np.cumsum(np.bincount(pos[s], minlength=n), out=in_ptr[1:])
            np.cumsum(np.bincount(pos[p], minlength=n), out=out_ptr[1:])
        pos = np.empty(n, dtype=np.int64)
        pos[order] = np.arange(n, dtype=np.int64)
        index_type = np.int32 if n < 2**31 else np.int64
        link_index_type = np.int32 if m < 2**31 else np.int64
        net.order = order
        net.in_ptr, net.in_link = in_ptr, in_links.astype(link_index_type)
        net.in_src, net.in_type = pos[p[in_links]].astype(index_type), typ[in_links]
        net.out_ptr, net.out_link = out_ptr, out_links.astype(link_index_type)
        net.out_dst, net.out_type = pos[s[out_links]].astype(index_type), typ[out_links]
        net._permute_lags()
        if calendar_index is not None:
            net._set_calendars(_as_int64("calendar_index", calendar_index, n), calendars, project_start)
        return net

    def _permute_lags(self) -> None:
        self.in_lag = self.lag[self.in_link]
        self.out_lag = self.lag[self.out_link]

    def _set_calendars(self, index: I64, calendars: Sequence[CompiledCalendar], start: int | None) -> None:
        if not calendars:
            raise NetworkError("calendar_index given without calendars")
        if self.n and (index.min() < 0 or index.max() >= len(calendars)):
            raise NetworkError(f"calendar_index must be within 0..{len(calendars) - 1}")
        self.calendar_index = index
        self.calendars = tuple(calendars)
        self._cal_arrays = calendar_tables(calendars)
        self.project_start = int(calendars[0].starts[0]) if start is None else int(start)

    def nbytes(self) -> int:
        """Bytes held by the model (inputs, order and adjacency; not the results)."""
        arrays: list[npt.NDArray[Any]] = [
            self.duration,
            self.lag,
            self.order,
            self.in_ptr,
            self.in_src,
            self.in_link,
            self.in_type,
            self.in_lag,
            self.out_ptr,
            self.out_dst,
            self.out_link,
            self.out_type,
            self.out_lag,
        ]
        if self.level_ptr is not None:
            arrays.append(self.level_ptr)
        if self.calendar_index is not None:
            arrays.append(self.calendar_index)
        return int(sum(a.nbytes for a in arrays))

    def schedule(
        self, duration: npt.ArrayLike | None = None, lag: npt.ArrayLike | None = None
    ) -> ArrayResult:
        """Run the forward and backward passes.

        Parameters
        ----------
        duration, lag : array of int64, optional
            New values of the same shape (warm recalculation); the model keeps them for later runs.
            The caller's arrays are never modified.

        Returns
        -------
        ArrayResult
        """
        if duration is not None:
            dur = _as_int64("duration", duration, self.n)
            if self.n and dur.min() < 0:
                raise NetworkError(f"task {int(np.argmin(dur))} has a negative duration")
            self.duration = dur.copy() if dur is duration else dur
        if lag is not None:
            g = _as_int64("lag", lag, self.lag.shape[0])
            self.lag = g.copy() if g is lag else g
            self._permute_lags()
        n = self.n
        es, ef, ls, lf, ts, fs = (np.empty(n, dtype=np.int64) for _ in range(6))
        if self._cal_arrays is not None:
            finish = self._schedule_calendars(es, ef, ls, lf, ts, fs)
        elif _kernels is not None and not _force_fallback:
            finish = _kernels.cpm(
                self.order,
                self.in_ptr,
                self.in_src,
                self.in_type,
                self.in_lag,
                self.out_ptr,
                self.out_dst,
                self.out_type,
                self.out_lag,
                self.duration,
                es,
                ef,
                ls,
                lf,
                ts,
                fs,
            )
        else:
            finish = self._schedule_numpy(es, ef, ls, lf, ts, fs)
        return ArrayResult(es, ef, ls, lf, ts, fs, ts <= self.critical_slack, int(finish))

    def _schedule_calendars(self, es: I64, ef: I64, ls: I64, lf: I64, ts: I64, fs: I64) -> int:
        if self._cal_arrays is None or self.calendar_index is None:
            raise NetworkError("the network was built without calendars")
        if _kernels is not None and not _force_fallback:
            return int(
                _kernels.cpm_calendars(
                    self.order,
                    self.in_ptr,
                    self.in_src,
                    self.in_type,
                    self.in_lag,
                    self.out_ptr,
                    self.out_dst,
                    self.out_type,
                    self.out_lag,
                    self.duration,
                    self.calendar_index,
                    self._cal_arrays,
                    self.project_start,
                    es,
                    ef,
                    ls,
                    lf,
                    ts,
                    fs,
                )
            )
        from pmo.engine.schedule._fallback import cpm_calendars_python

        return cpm_calendars_python(self, es, ef, ls, lf, ts, fs)

    def _schedule_numpy(self, es: I64, ef: I64, ls: I64, lf: I64, ts: I64, fs: I64) -> int:
        from pmo.engine.schedule._fallback import cpm_numpy

        return cpm_numpy(self, es, ef, ls, lf, ts, fs)
