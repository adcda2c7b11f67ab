"""Results of the array path (:mod:`pmo.engine.schedule.cpm_arrays`), built with numpy.

The object path (:mod:`pmo.engine.schedule.cpm`) builds each :class:`TaskResult` from its working
state, converting instants one by one; this module does the same work on whole arrays and gives
equal results:

- scheduled dates (actual, early or late) by ``numpy.where``, critical and near-critical flags by
  comparisons, driving predecessors from the kernels' flag per link;
- datetimes through ``datetime64[m]`` (one C loop instead of a ``timedelta`` per instant);
- summary tasks rolled up by outline height (``minimum.reduceat`` / ``maximum.reduceat``), their
  slack and duration with :meth:`CompiledCalendar.to_work_array`;
- variances only where a baseline exists (one shared ``Variance(None, None, None)`` elsewhere);
- ``TaskResult`` objects filled without their generated ``__init__`` when that is safe (see
  :func:`_maker`): the frozen dataclass sets its 16 fields one ``object.__setattr__`` at a time,
  which was the largest single cost left.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from itertools import chain, repeat
from operator import attrgetter
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from pmo.engine.schedule.calendars import CompiledCalendar, from_minutes, to_minutes
from pmo.engine.schedule.network import Project, Task
from pmo.engine.schedule.results import ScheduleResult, TaskResult, Variance

if TYPE_CHECKING:  # pragma: no cover
    from pmo.engine.schedule.cpm_arrays import Passes, Prepared
    from pmo.engine.schedule.fast import ArrayNetwork

__all__ = ["datetimes", "results"]

I64 = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

_NO_VARIANCE = Variance(None, None, None)
# datetime's range in minutes since 1970-01-01: outside it ``from_minutes`` raises, and so do we.
_MIN_MINUTE = (date.min.toordinal() - date(1970, 1, 1).toordinal()) * 1440
_MAX_MINUTE = (date.max.toordinal() - date(1970, 1, 1).toordinal() + 1) * 1440 - 1
_UID = attrgetter("uid")


def _maker() -> Callable[[tuple[Any, ...]], TaskResult]:
    """A ``TaskResult`` factory from a tuple of its fields in order.

    Fills the instance ``__dict__`` in one call, which is what the generated ``__init__`` of the
    frozen dataclass ends up doing field by field; equality, hashing and ``repr`` are the
    dataclass's own. Falls back to the constructor if ``TaskResult`` ever gains slots, a
    ``__post_init__``, or fields that are not plain ``__init__`` parameters.
    """
    fields = dataclasses.fields(TaskResult)
    names = tuple(f.name for f in fields)
    plain = all(f.init and f.default is dataclasses.MISSING for f in fields)
    if "__slots__" in vars(TaskResult) or hasattr(TaskResult, "__post_init__") or not plain:
        return lambda row: TaskResult(*row)  # pragma: no cover - TaskResult as it is today is plain
    new = object.__new__

    def make(row: tuple[Any, ...]) -> TaskResult:
        obj = new(TaskResult)
        obj.__dict__.update(zip(names, row, strict=True))
        return obj

    return make


_make = _maker()


def datetimes(minutes: I64, tz: object) -> list[datetime]:
    """``[from_minutes(m, tz) for m in minutes]`` by ``datetime64`` conversion (a C loop).

    Examples
    --------
    >>> datetimes(np.array([0, 1500]), None)
    [datetime.datetime(1970, 1, 1, 0, 0), datetime.datetime(1970, 1, 2, 1, 0)]
    """
    if minutes.size == 0:
        return []
    if int(minutes.min()) < _MIN_MINUTE or int(minutes.max()) > _MAX_MINUTE:
        return [from_minutes(m, tz) for m in minutes.tolist()]  # raises as the object path does
    if tz is None:
        return list(minutes.astype("datetime64[m]").astype(object).tolist())
    unique, inverse = np.unique(minutes, return_inverse=True)
    aware = np.empty(unique.size, dtype=object)
    aware[:] = [d.replace(tzinfo=tz) for d in unique.astype("datetime64[m]").astype(object).tolist()]
    return list(aware[inverse.ravel()].tolist())


def _work(cal: CompiledCalendar, a: I64, b: I64) -> I64:
    """``cal.work_between`` elementwise (raises ``HorizonError`` as it does)."""
    return cal.to_work_array(b) - cal.to_work_array(a)


def _variances(
    compiled: Sequence[CompiledCalendar],
    cal_index: I64,
    baselines: tuple[Sequence[datetime | None], Sequence[datetime | None], Sequence[int | None]],
    durations: Sequence[int],
    start: I64,
    finish: I64,
) -> list[Variance]:
    """``cpm._variance`` of each row, in its calendar."""
    n = start.shape[0]
    bstart, bfinish, bdur = baselines
    out = [_NO_VARIANCE] * n
    rows = [i for i in range(n) if bstart[i] is not None or bfinish[i] is not None or bdur[i] is not None]
    work: list[dict[int, int]] = [{}, {}]
    for base, value, into in ((bstart, start, work[0]), (bfinish, finish, work[1])):
        idx = np.array([i for i in rows if base[i] is not None], dtype=np.int64)
        if not idx.size:
            continue
        when = np.array([to_minutes(base[i]) for i in idx.tolist()], dtype=np.int64)
        got = np.zeros(idx.size, dtype=np.int64)
        for c in np.unique(cal_index[idx]).tolist():
            sel = cal_index[idx] == c
            got[sel] = _work(compiled[c], when[sel], value[idx[sel]])
        into.update(zip(idx.tolist(), got.tolist(), strict=True))
    for i in rows:
        d = bdur[i]
        out[i] = Variance(work[0].get(i), work[1].get(i), None if d is None else durations[i] - d)
    return out


def results(
    project: Project,
    prepared: Prepared,
    net: ArrayNetwork,
    compiled: Sequence[CompiledCalendar],
    cal_index: I64,
    out: Passes,
    by_uid: Mapping[int, Task],
    children: Mapping[int, list[int]],
    tz: object,
) -> ScheduleResult:
    """``cpm._schedule`` after the passes: leaf results, roll-up, critical paths."""
    lv = prepared.leaves
    lc = lv.columns
    n = lv.n
    es, ef, ls, lf = out.es, out.ef, out.ls, out.lf
    late_scheduled = not project.schedule_from_start and project.finish is not None
    alap = lv.alap | late_scheduled
    start = np.where(lv.has_as | ~alap, es, ls)
    finish = np.where(lv.has_af | ~alap, ef, lf)
    late = ~lv.has_as & ~lv.manual & alap
    start[late], finish[late] = ls[late], lf[late]
    pos = np.empty(n, dtype=np.int64)
    pos[net.order] = np.arange(n, dtype=np.int64)
    critical = (out.ts <= project.critical_slack) & ~lv.has_af
    # Observed rule (docs): manual tasks with an estimated duration and no links are not critical.
    alone = (np.diff(net.in_ptr)[pos] == 0) & (np.diff(net.out_ptr)[pos] == 0)
    critical &= ~(lv.manual & lv.estimated & alone)
    near = ~critical & (out.ts <= project.near_critical_slack)
    baselines = (lc.baseline_start, lc.baseline_finish, lc.baseline_duration)
    variances = (
        _variances(compiled, cal_index, baselines, lc.duration, start, finish)
        if lv.any_baseline
        else repeat(_NO_VARIANCE)
    )
    summary = _rollup(project, compiled[0], by_uid, children, prepared.index, start, finish, es, ef, ls, lf)
    s = len(summary.uids)
    stamps = datetimes(np.concatenate([start, finish, es, ef, ls, lf, *summary.dates, [out.p0, out.pf]]), tz)
    cols = [stamps[i * n : (i + 1) * n] for i in range(6)]
    scols = [stamps[6 * n + i * s : 6 * n + (i + 1) * s] for i in range(6)]
    leaf_rows = zip(
        lc.uid, lc.name, *cols, lc.duration, out.ts.tolist(), out.fs.tolist(), critical.tolist(),
        near.tolist(), repeat(False), _driving(prepared, net, pos, out.driving), variances,
    )  # fmt: skip
    summary_rows = zip(
        summary.uids, [by_uid[u].name for u in summary.uids], *scols, summary.duration, summary.ts,
        [max(x, 0) for x in summary.ts], summary.critical, summary.near, repeat(True), repeat(()),
        summary.variance,
    )  # fmt: skip
    made: Iterable[TaskResult] = map(_make, chain(leaf_rows, summary_rows))
    by_result = dict(zip(chain(lc.uid, summary.uids), made, strict=True))
    ordered = tuple(filter(None, map(by_result.get, map(_UID, project.tasks))))
    return ScheduleResult(
        tasks=ordered,
        project_start=stamps[-2],
        project_finish=stamps[-1],
        critical_paths=_critical_paths(prepared, net, critical, out.driving),
        near_critical=tuple(r.uid for r in ordered if r.near_critical),
    )


def _driving(prepared: Prepared, net: ArrayNetwork, pos: I64, flags: BoolArray) -> list[tuple[int, ...]]:
    """Driving predecessors of each leaf, in link order (the object path's ``preds`` order)."""
    n = prepared.leaves.n
    links = net.in_link[flags[net.in_link]]  # by successor position, then link order
    ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(pos[prepared.succ[links]], minlength=n), out=ptr[1:])
    uids = prepared.leaves.uid[prepared.pred[links]].tolist()
    return [tuple(uids[a:b]) for a, b in zip(ptr[pos].tolist(), ptr[pos + 1].tolist(), strict=True)]


class _Summaries:
    """Rolled-up values of the summary tasks, in the order the object path creates them."""

    def __init__(self) -> None:
        self.uids: list[int] = []
        self.dates: list[I64] = [np.zeros(0, dtype=np.int64)] * 6
        self.duration: list[int] = []
        self.ts: list[int] = []
        self.critical: list[bool] = []
        self.near: list[bool] = []
        self.variance: list[Variance] = []


def _rollup(
    project: Project,
    pcal: CompiledCalendar,
    by_uid: Mapping[int, Task],
    children: Mapping[int, list[int]],
    index: Mapping[int, int],
    *leaf_dates: I64,
) -> _Summaries:
    """``cpm._rollup``: summaries span their children (start, finish, early and late dates)."""
    out = _Summaries()
    if not children:
        return out
    n = len(index)
    column: dict[int, int] = dict(index)  # uid -> column of ``values`` (leaves first)
    height: list[int] = [0] * n
    kids_of: list[list[int]] = []
    done: set[int] = set()

    def visit(uid: int) -> int | None:
        if uid in column:
            return column[uid]
        if uid in done:
            return None
        done.add(uid)
        kids: list[int] = []
        for k in children.get(uid, ()):
            c = column.get(k)  # a leaf or a summary already visited (saves a call per leaf)
            if c is None:
                c = visit(k)
            if c is not None:
                kids.append(c)
        if not kids:
            return None
        column[uid] = n + len(out.uids)
        out.uids.append(uid)
        kids_of.append(kids)
        height.append(1 + max(height[c] for c in kids))
        return column[uid]

    for uid in children:
        visit(uid)
    s = len(out.uids)
    if not s:
        return out
    # Rows: start, finish, early start, early finish, late start, late finish. Starts take the
    # earliest child, finishes the latest; one height at a time, so children come first.
    values = np.zeros((6, n + s), dtype=np.int64)
    for r, arr in enumerate(leaf_dates):
        values[r, :n] = arr
    heights = np.array(height[n:], dtype=np.int64)
    for h in range(1, int(heights.max()) + 1):
        rows = np.flatnonzero(heights == h)
        kids = [kids_of[r] for r in rows.tolist()]
        flat = np.array([c for ks in kids for c in ks], dtype=np.int64)
        at = np.zeros(len(kids), dtype=np.int64)
        np.cumsum([len(ks) for ks in kids[:-1]], out=at[1:])
        gathered = values[:, flat]
        values[0::2, n + rows] = np.minimum.reduceat(gathered[0::2], at, axis=1)
        values[1::2, n + rows] = np.maximum.reduceat(gathered[1::2], at, axis=1)
    st, fi, es, ef, ls, lf = (values[r, n:] for r in range(6))
    ts = np.minimum(_work(pcal, es, ls), _work(pcal, ef, lf))
    dur = _work(pcal, st, fi)
    tasks = [by_uid[uid] for uid in out.uids]
    critical = (ts <= project.critical_slack) & np.array([t.actual_finish is None for t in tasks], dtype=bool)
    out.dates = [st, fi, es, ef, ls, lf]
    out.duration = dur.tolist()
    out.ts = ts.tolist()
    out.critical = critical.tolist()
    out.near = (~critical & (ts <= project.near_critical_slack)).tolist()
    baselines = (
        [t.baseline_start for t in tasks],
        [t.baseline_finish for t in tasks],
        [t.baseline_duration for t in tasks],
    )
    out.variance = _variances([pcal], np.zeros(s, dtype=np.int64), baselines, out.duration, st, fi)
    return out


def _critical_paths(
    prepared: Prepared, net: ArrayNetwork, critical: BoolArray, driving: BoolArray, limit: int = 100
) -> tuple[tuple[int, ...], ...]:
    """``cpm._critical_paths``: chains of critical leaves along driving links (at most ``limit``)."""
    pred, succ = prepared.pred, prepared.succ
    keep = driving & critical[pred] & critical[succ]
    links = net.in_link[keep[net.in_link]]  # successors in topological order, then link order
    nxt: dict[int, list[int]] = defaultdict(list)
    for a, b in zip(pred[links].tolist(), succ[links].tolist(), strict=True):
        nxt[a].append(b)
    has_prev = np.zeros(prepared.leaves.n, dtype=bool)
    has_prev[succ[links]] = True
    order = net.order
    roots = order[critical[order] & ~has_prev[order]].tolist()
    uid = prepared.leaves.uid.tolist()
    paths: list[tuple[int, ...]] = []

    def walk(i: int, path: list[int]) -> None:
        if len(paths) >= limit:
            return
        path.append(uid[i])
        if not nxt.get(i):
            paths.append(tuple(path))
        for j in nxt.get(i, ()):
            walk(j, path)
        path.pop()

    for i in roots:
        walk(i, [])
    return tuple(paths)
