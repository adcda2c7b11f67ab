"""The array path of :func:`pmo.engine.schedule.schedule`: the same results, several times faster.

:func:`pmo.engine.schedule.cpm.schedule` takes this path when the numba kernels are in use
(:func:`available`). It reads the project into arrays once (one entry per leaf task, one per link
after summary links are expanded: :func:`prepare`), runs the compiled passes of
:mod:`pmo.engine.schedule._cpm_kernels` (a line-by-line port of the object path in
:mod:`pmo.engine.schedule.cpm`: forward, backward, slacks, driving links) and builds the results
with numpy (:mod:`pmo.engine.schedule.cpm_results`). Every feature of the object path is covered
(task calendars, constraints, deadlines, progress and status date, manual, elapsed and ALAP tasks,
percent and elapsed lags, summary links, scheduling from the finish), and the results are equal
(``src/pmo/engine/tests/test_cpm_speed_equivalence.py`` compares both on random projects).

Calendar windows
----------------
The scheduler compiles calendars over a horizon sized for the worst case (every task in series:
centuries for a 5,000-task project). The kernels look instants up in O(1) day and work-bucket tables
(:func:`~pmo.engine.schedule.fast.calendar_tables`), which over such a horizon would take hundreds
of megabytes, so they work on a *window* of each compiled calendar: the intervals around the
project's dates, widened by an estimate of its length (a single-timeline pass of
:class:`~pmo.engine.schedule.fast.ArrayNetwork`, converted to wall-clock time by the sparsest
calendar). A lookup outside its window is reported by the kernel; the window is then tripled and
the passes run again, and once the window is the whole horizon such a lookup is outside the horizon:
``HorizonError``, which ``schedule`` answers by widening the horizon, as for the object path.
Positions inside a window differ from the whole calendar's by a constant, and the passes only ever
turn positions back into instants or subtract them, so the instants are the same.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from types import ModuleType
from typing import Any

import numpy as np
import numpy.typing as npt

from pmo.engine.schedule.calendars import CompiledCalendar, to_minutes
from pmo.engine.schedule.cpm_input import ProjectColumns
from pmo.engine.schedule.cpm_results import results
from pmo.engine.schedule.errors import CycleError, HorizonError, NetworkError
from pmo.engine.schedule.fast import ArrayNetwork, calendar_tables, has_accelerator
from pmo.engine.schedule.network import ConstraintType, Project, Task
from pmo.engine.schedule.results import ScheduleResult

_k: ModuleType | None
try:  # numba is optional (extra "fast"); without it ``schedule`` runs the object path
    from pmo.engine.schedule import _cpm_kernels as _k
except ImportError:  # pragma: no cover - exercised when numba is absent
    _k = None

__all__ = ["Prepared", "available", "prepare", "schedule_arrays"]

I64 = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

_CODE = {
    ConstraintType.ASAP: 0,
    ConstraintType.ALAP: 0,
    ConstraintType.SNET: 1,
    ConstraintType.FNET: 2,
    ConstraintType.SNLT: 3,
    ConstraintType.FNLT: 4,
    ConstraintType.MSO: 5,
    ConstraintType.MFO: 6,
}


#: The first calendar window spans the project's dates widened by its estimated length times this
#: factor plus this many days on each side (tests shrink them to exercise the widening).
WINDOW_LENGTH_FACTOR = 1.25
WINDOW_MARGIN_DAYS = 60


def available() -> bool:
    """Whether the array path can run (numba installed and ``PMO_ENGINE_ACCELERATOR`` not off)."""
    return _k is not None and has_accelerator()


_LEAF_FIELDS = (
    "uid",
    "name",
    "duration",
    "calendar",
    "baseline_start",
    "baseline_finish",
    "baseline_duration",
)


def _minutes_of(values: Sequence[datetime | None], n: int) -> tuple[I64, BoolArray]:
    """Minutes of the values that are not ``None`` (0 elsewhere), and where they are."""
    out = np.zeros(n, dtype=np.int64)
    has = np.zeros(n, dtype=bool)
    if values.count(None) != n:
        for i, v in enumerate(values):
            if v is not None:
                out[i] = to_minutes(v)
                has[i] = True
    return out, has


def _remaining(t: Task) -> int:
    """``cpm._remaining``: remaining working minutes of a started task."""
    if t.remaining_duration is not None:
        return t.remaining_duration
    return round(t.duration * (1.0 - min(max(t.percent_complete, 0.0), 100.0) / 100.0))


class Leaves:
    """The leaf tasks (active tasks without children) as arrays, in input order."""

    def __init__(
        self, cols: ProjectColumns, children: Mapping[int, list[int]], status: datetime | None
    ) -> None:
        tc = cols.tasks
        positions = [
            i
            for i, (uid, active) in enumerate(zip(tc.uid, tc.active, strict=True))
            if active and uid not in children
        ]
        whole = len(positions) == tc.n
        pos = np.array(positions, dtype=np.int64)
        # Python values the results need are picked per leaf; the rest is indexed as arrays.
        lc = self.columns = tc if whole else tc.subset(positions, _LEAF_FIELDS)
        n = self.n = lc.n
        self.tasks = lc.items

        def pick(values: npt.NDArray[Any]) -> npt.NDArray[Any]:
            return values if whole else values[pos]

        def array(field: str, dtype: type) -> npt.NDArray[Any]:
            return pick(np.array(getattr(tc, field), dtype=dtype).reshape(tc.n))

        def minutes(field: str) -> tuple[I64, BoolArray]:
            values, present = _minutes_of(getattr(tc, field), tc.n)
            return pick(values), pick(present)

        self.uid = np.array(lc.uid, dtype=np.int64).reshape(n)
        self.dur = np.array(lc.duration, dtype=np.int64).reshape(n)
        self.elapsed = array("elapsed", bool)
        self.manual = array("manual", bool)
        self.estimated = array("estimated", bool)
        if tc.constraint.count(ConstraintType.ASAP) == tc.n:
            self.ccode = np.zeros(n, dtype=np.int8)
            self.alap = np.zeros(n, dtype=bool)
        else:
            self.ccode = pick(np.array([_CODE[c] for c in tc.constraint], dtype=np.int8))
            self.alap = pick(np.array([c is ConstraintType.ALAP for c in tc.constraint], dtype=bool))
        self.cdate, _ = minutes("constraint_date")
        self.deadline, has_deadline = minutes("deadline")
        self.astart, self.has_as = minutes("actual_start")
        self.afinish, self.has_af = minutes("actual_finish")
        self.mstart, has_ms = minutes("manual_start")
        self.mfinish, has_mf = minutes("manual_finish")
        self.remaining = np.zeros(n, dtype=np.int64)
        for i in np.flatnonzero(self.has_as).tolist():
            self.remaining[i] = _remaining(self.tasks[i])
        k = _kernels()
        self.flags = (
            self.has_as * k.F_ACTUAL_START
            + self.has_af * k.F_ACTUAL_FINISH
            + self.manual * k.F_MANUAL
            + has_ms * k.F_MANUAL_START
            + has_mf * k.F_MANUAL_FINISH
            + self.elapsed * k.F_ELAPSED
            + has_deadline * k.F_DEADLINE
        ).astype(np.int64)
        self.any_baseline = (
            lc.used("baseline_start") or lc.used("baseline_finish") or lc.used("baseline_duration")
        )
        # Instants the window must cover: every date of the leaves, and the status date.
        marks = [self.cdate, self.deadline, self.astart, self.afinish, self.mstart, self.mfinish]
        present = [self.ccode != 0, has_deadline, self.has_as, self.has_af, has_ms, has_mf]
        values = np.concatenate([m[h] for m, h in zip(marks, present, strict=True)])
        if status is not None:
            values = np.append(values, to_minutes(status))
        self.anchors = [int(values.min()), int(values.max())] if values.size else []


class Prepared:
    """What does not depend on the horizon: the leaves, the expanded links, the ordered network.

    Built by :func:`prepare` before the horizon loop of ``schedule``, where the object path expands
    its links (raising the same ``NetworkError`` for a link to an unknown task).
    """

    def __init__(
        self,
        cols: ProjectColumns,
        by_uid: Mapping[int, Task],
        children: Mapping[int, list[int]],
        status: datetime | None,
    ) -> None:
        self.leaves = Leaves(cols, children, status)
        self.index = {uid: i for i, uid in enumerate(self.leaves.columns.uid)}
        self.pred, self.succ, source = _expand_links(cols, by_uid, children, self.index)
        lk = cols.links
        self.ltype = np.array(lk.type, dtype=np.int8).reshape(lk.n)[source]
        self.lag = np.array(lk.minutes, dtype=np.int64).reshape(lk.n)[source]
        self.lag_elapsed = np.array(lk.lag_elapsed, dtype=bool).reshape(lk.n)[source]
        if lk.percent.count(None) != lk.n:
            dur = self.leaves.dur
            for j, original in enumerate(source.tolist()):
                percent = lk.percent[original]
                if percent is not None:  # a share of the predecessor's duration (_Run.lag_minutes)
                    self.lag[j] = round(int(dur[self.pred[j]]) * percent / 100.0)
        self._net: ArrayNetwork | None = None

    def network(self) -> ArrayNetwork:
        """The topological order (the object path's ``_topological``: same order, same cycle)."""
        if self._net is None:
            try:
                self._net = ArrayNetwork.build(
                    np.maximum(self.leaves.dur, 0), self.pred, self.succ, self.ltype, self.lag
                )
            except CycleError as exc:
                tasks = self.leaves.tasks
                names = [
                    f"{tasks[int(str(i))].name or 'task'} (uid {tasks[int(str(i))].uid})" for i in exc.tasks
                ]
                raise CycleError(names) from None
        return self._net


def _leaf_indices(
    cols: ProjectColumns, index: Mapping[int, int], pu: tuple[int, ...], su: tuple[int, ...]
) -> tuple[I64, I64] | None:
    """Leaf index (``-1`` for other tasks) of each link's ends, by binary search over the uids;
    ``None`` when an end is not a task (or uids are not int64), for the caller to check slowly."""
    try:
        uids = np.array(cols.tasks.uid, dtype=np.int64)
        ends = np.array([pu, su], dtype=np.int64).reshape(2, len(pu))
    except (OverflowError, TypeError, ValueError):
        return None
    by_uid = np.argsort(uids, kind="stable")
    where = np.minimum(np.searchsorted(uids[by_uid], ends), max(0, uids.size - 1))
    if ends.size and (uids.size == 0 or not (uids[by_uid][where] == ends).all()):
        return None
    leaf = np.full(uids.size, -1, dtype=np.int64)
    leaf[np.searchsorted(uids[by_uid], np.array(list(index), dtype=np.int64))] = np.arange(len(index))
    got = leaf[where]
    return got[0], got[1]


def _expand_links(
    cols: ProjectColumns,
    by_uid: Mapping[int, Task],
    children: Mapping[int, list[int]],
    index: Mapping[int, int],
) -> tuple[I64, I64, I64]:
    """``cpm._expand_links`` on leaf indices: ``(pred, succ, source link)`` in the same order."""
    lk = cols.links
    pu, su = lk.predecessor, lk.successor
    found = _leaf_indices(cols, index, pu, su)
    if found is None:
        for p, s in zip(pu, su, strict=True):
            for uid in (p, s):
                if uid not in by_uid:
                    raise NetworkError(f"link {p} -> {s} refers to unknown task uid {uid}")
        get = index.get
        found = (
            np.fromiter((get(u, -1) for u in pu), np.int64, lk.n),
            np.fromiter((get(u, -1) for u in su), np.int64, lk.n),
        )
    a, b = found
    if lk.n == 0 or (a.min() >= 0 and b.min() >= 0):  # only links between leaf tasks: vectorised
        keep = np.flatnonzero(a != b)
        return a[keep], b[keep], keep

    def leaves_of(uid: int) -> list[int]:
        kids = children.get(uid)
        if not kids:
            return [uid]
        return [leaf for k in kids for leaf in leaves_of(k)]

    pred: list[int] = []
    succ: list[int] = []
    source: list[int] = []
    for j, (x, y) in enumerate(zip(a.tolist(), b.tolist(), strict=True)):
        if x >= 0 and y >= 0:
            pairs = [(x, y)]
        elif by_uid[pu[j]].active and by_uid[su[j]].active:
            pairs = [(index[p], index[s]) for p in leaves_of(pu[j]) for s in leaves_of(su[j])]
        else:
            continue
        for x2, y2 in pairs:
            if x2 != y2:
                pred.append(x2)
                succ.append(y2)
                source.append(j)
    return tuple(np.array(v, dtype=np.int64) for v in (pred, succ, source))  # type: ignore[return-value]


def prepare(
    cols: ProjectColumns,
    by_uid: Mapping[int, Task],
    children: Mapping[int, list[int]],
    status: datetime | None,
) -> Prepared:
    """Read the project's columns into arrays (see :class:`Prepared`)."""
    return Prepared(cols, by_uid, children, status)


class _Windows:
    """Windows of the compiled calendars and their kernel tables (see the module docstring)."""

    def __init__(self, compiled: Sequence[CompiledCalendar], lo: int, hi: int) -> None:
        windows: list[CompiledCalendar] = []
        t_lo: list[int] = []
        t_hi: list[int] = []
        w_lo: list[int] = []
        self.whole = True
        for cal in compiled:
            count = cal.starts.size
            ia = max(0, int(np.searchsorted(cal.starts, lo, side="right")) - 1)
            ib = min(count, int(np.searchsorted(cal.starts, hi, side="right")) + 1)
            self.whole = self.whole and ia == 0 and ib == count
            t_lo.append(int(cal.starts[ia]) if ia > 0 else cal.horizon_start)
            t_hi.append(int(cal.ends[ib - 1]) if ib < count else cal.horizon_end)
            # Position 0 of a window that starts after the horizon start is also the end of the
            # interval before the window, which finish_at would return: it is out of the window.
            w_lo.append(1 if ia > 0 else 0)
            windows.append(CompiledCalendar(cal.name, t_lo[-1], t_hi[-1], cal.starts[ia:ib], cal.ends[ia:ib]))
        tables = calendar_tables(windows)
        starts, ends, cum_start, cum_end, cal_ptr, df, day_ptr, origin, wf, work_ptr = tables
        rows = [  # one row per calendar, the columns _cpm_kernels.M_*
            cal_ptr[:-1],
            cal_ptr[1:],
            day_ptr[:-1],
            np.diff(day_ptr) - 2,
            origin,
            work_ptr[:-1],
            np.diff(work_ptr) - 1,
            np.array(t_lo, dtype=np.int64),
            np.array(t_hi, dtype=np.int64),
            np.array([w.total for w in windows], dtype=np.int64),
            np.array(w_lo, dtype=np.int64),
        ]
        k = _kernels()
        header = np.zeros(k.HEADER, dtype=np.int64)
        n = starts.size
        header[k.H_N] = n
        header[k.H_DF] = k.HEADER + 4 * n
        header[k.H_WF] = header[k.H_DF] + df.size
        header[k.H_MT] = header[k.H_WF] + wf.size
        mt = np.stack(rows, axis=1).ravel()
        parts = [header, starts, ends, cum_start, cum_end, df, wf, mt]
        self.table = np.ascontiguousarray(np.concatenate(parts), dtype=np.int64)

    def outside(self) -> bool:
        """Whether a lookup of the last run fell outside the windows."""
        return bool(self.table[_kernels().H_BAD])


def schedule_arrays(
    prepared: Prepared,
    project: Project,
    first: date,
    last: date,
    status: datetime | None,
    by_uid: Mapping[int, Task],
    children: Mapping[int, list[int]],
    start_dt: datetime,
) -> ScheduleResult:
    """One run over the horizon ``first..last``: ``cpm._schedule`` on arrays.

    Raises ``HorizonError`` when the horizon is too short (``schedule`` widens it), and the
    ``CalendarError`` or ``CycleError`` of the object path, checked in the same order.
    """
    pcal_def = project.project_calendar()
    compiled: list[CompiledCalendar] = [pcal_def.compile(first, last)]
    slot: dict[int, int] = {id(pcal_def): 0}
    leaves = prepared.leaves
    cal_index = np.zeros(leaves.n, dtype=np.int64)
    if leaves.columns.used("calendar"):
        for i, task in enumerate(leaves.tasks):
            cal = project.task_calendar(task)
            if id(cal) not in slot:
                slot[id(cal)] = len(compiled)
                compiled.append(cal.compile(first, last))
            cal_index[i] = slot[id(cal)]
    net = prepared.network()
    out = _passes(project, prepared, net, compiled, cal_index, status, start_dt)
    return results(project, prepared, net, compiled, cal_index, out, by_uid, children, start_dt.tzinfo)


class Passes:
    """Output of the kernels: dates, slacks, driving links, project start and finish."""

    def __init__(self, n: int, m: int) -> None:
        self.es, self.ef, self.ls, self.lf, self.ts, self.fs, self.calc_ls = (
            np.zeros(n, dtype=np.int64) for _ in range(7)
        )
        self.driving = np.zeros(m, dtype=bool)
        self.p0 = self.pf = 0


def _kernels() -> ModuleType:
    if _k is None:  # pragma: no cover - callers check available()
        raise RuntimeError("the array path of schedule() needs numba")
    return _k


def _passes(
    project: Project,
    prepared: Prepared,
    net: ArrayNetwork,
    compiled: Sequence[CompiledCalendar],
    cal_index: I64,
    status_dt: datetime | None,
    start_dt: datetime,
) -> Passes:
    """``cpm._schedule``'s passes; widens the calendar windows until every lookup falls inside."""
    pcal = compiled[0]
    lv = prepared.leaves
    n = lv.n
    # On the whole horizon by bisection, as the object path: these raise HorizonError themselves.
    finish_dt = None if project.schedule_from_start else project.finish
    if finish_dt is None:
        p0 = pcal.next_start(to_minutes(start_dt))
    else:
        p0 = pcal.previous_finish(to_minutes(finish_dt))
    anchors = [p0, *lv.anchors]
    length = int(net.schedule().project_finish) if n else 0  # working minutes, single timeline
    ratio = max((c.horizon_end - c.horizon_start) / max(1, c.total) for c in compiled)
    reach = int(length * ratio * WINDOW_LENGTH_FACTOR) + WINDOW_MARGIN_DAYS * 1440
    lo, hi = min(anchors) - reach, max(anchors) + reach
    out = Passes(n, prepared.pred.shape[0])
    while True:
        win = _Windows(compiled, lo, hi)
        if _run_kernels(
            project, prepared, net, cal_index, status_dt, win, from_start=finish_dt is None, p0=p0, out=out
        ):
            return out
        if win.whole:
            raise HorizonError("a date of the schedule is outside the horizon of its calendar")
        width = max(hi - lo, 7 * 1440)
        lo, hi = lo - width, hi + width


def _run_kernels(
    project: Project,
    prepared: Prepared,
    net: ArrayNetwork,
    cal_index: I64,
    status_dt: datetime | None,
    win: _Windows,
    *,
    from_start: bool,
    p0: int,
    out: Passes,
) -> bool:
    """Run the passes over one set of calendar windows; ``False`` if a lookup fell outside them."""
    k = _kernels()
    lv = prepared.leaves
    n = lv.n
    order, in_ptr, in_link, out_ptr, out_link = net.order, net.in_ptr, net.in_link, net.out_ptr, net.out_link
    pred, succ, ltype, lag, lel = (
        prepared.pred,
        prepared.succ,
        prepared.ltype,
        prepared.lag,
        prepared.lag_elapsed,
    )
    table = win.table
    table[k.H_BAD] = 0
    has_status = status_dt is not None
    status = 0 if status_dt is None else to_minutes(status_dt)

    def forward(start: int) -> None:
        k.forward(
            order, in_ptr, in_link, pred, ltype, lag, lel, lv.dur, cal_index, lv.flags, lv.ccode, lv.cdate,
            lv.astart, lv.afinish, lv.remaining, lv.mstart, lv.mfinish, table, 0, start,
            has_status, status, out.es, out.ef,
        )  # fmt: skip

    def backward(finish: int) -> None:
        k.backward(
            order, out_ptr, out_link, succ, ltype, lag, lel, lv.dur, cal_index, lv.flags, lv.ccode,
            lv.cdate, lv.deadline, lv.astart, lv.afinish, lv.remaining, table, 0, finish,
            project.multiple_critical_paths, out.es, out.ef, out.ls, out.lf, out.calc_ls,
        )  # fmt: skip

    if from_start:
        start = p0
        forward(start)
        finish = int(out.ef.max()) if n else start
        backward(finish)
    else:  # backward from the finish first; the start is the earliest late start
        finish = p0
        forward(finish)
        backward(finish)
        start = int(out.ls.min()) if n else finish
        forward(start)
    k.slacks(
        order, out_ptr, out_link, pred, succ, ltype, lag, lel, cal_index, lv.flags, table, 0,
        out.es, out.ef, out.ls, out.lf, out.ts, out.fs, out.driving,
    )  # fmt: skip
    out.p0, out.pf = start, finish
    return not win.outside()
