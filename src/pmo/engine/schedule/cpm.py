"""The Microsoft Project-compatible scheduler: calendars, constraints, progress, summary tasks.

:func:`schedule` takes a :class:`~pmo.engine.schedule.network.Project` and returns a
:class:`~pmo.engine.schedule.results.ScheduleResult`. The topological order and cycle detection
come from the array core (:class:`~pmo.engine.schedule.fast.ArrayNetwork`); the passes then work on
wall-clock instants with each task's compiled calendar, following Microsoft Project's date
conventions (docs/engine/scheduling.md lists them, and the differences that remain).

This module holds the *object path*, the reference implementation. When the numba kernels are in
use, :func:`schedule` runs the *array path* instead (:mod:`pmo.engine.schedule.cpm_arrays`: the
same passes compiled, results built with numpy), which gives equal results several times faster;
``method="objects"`` forces this module's path.

Examples
--------
>>> from datetime import datetime
>>> from pmo.engine.schedule.network import Link, Project, Task
>>> p = Project(tasks=(Task(1, "A", duration=480), Task(2, "B", duration=960)),
...             links=(Link(1, 2),), start=datetime(2024, 1, 1, 8))
>>> r = schedule(p)
>>> r.by_uid(2).early_start, r.project_finish
(datetime.datetime(2024, 1, 2, 8, 0), datetime.datetime(2024, 1, 3, 17, 0))
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np

from pmo.engine.schedule import cpm_arrays, cpm_input
from pmo.engine.schedule.calendars import Calendar, CompiledCalendar, from_minutes, to_minutes
from pmo.engine.schedule.errors import CycleError, HorizonError, NetworkError
from pmo.engine.schedule.fast import ArrayNetwork
from pmo.engine.schedule.network import ConstraintType, Link, LinkType, Project, Task
from pmo.engine.schedule.results import ScheduleResult, TaskResult, Variance

__all__ = ["schedule"]


@dataclass
class _Node:
    """Mutable working state of one task during a run."""

    task: Task
    cal: CompiledCalendar
    dur: int
    es: int = 0
    ef: int = 0
    ls: int = 0
    lf: int = 0
    ts: int = 0
    fs: int = 0


class _Run:
    """One scheduling run over a fixed calendar horizon (raises HorizonError if it is too short)."""

    def __init__(self, project: Project, first: date, last: date, status: datetime | None) -> None:
        self.p = project
        self.first, self.last = first, last
        self.pcal = project.project_calendar().compile(first, last)
        self.status = None if status is None else to_minutes(status)
        self._compiled: dict[int, CompiledCalendar] = {}

    def compiled(self, cal: Calendar) -> CompiledCalendar:
        key = id(cal)
        if key not in self._compiled:
            self._compiled[key] = cal.compile(self.first, self.last)
        return self._compiled[key]

    # ----- date arithmetic helpers ------------------------------------------------------------
    def lag_minutes(self, link: Link, pred: _Node) -> int:
        if link.lag.percent is not None:
            return round(pred.dur * link.lag.percent / 100.0)
        return link.lag.minutes

    def add_lag(self, t: int, link: Link, pred: _Node, sign: int = 1) -> int:
        m = sign * self.lag_minutes(link, pred)
        if m == 0:
            return t
        if link.lag.elapsed:
            return t + m
        return self.pcal.add(t, m)

    @staticmethod
    def after(node: _Node, start: int, dur: int | None = None) -> int:
        d = node.dur if dur is None else dur
        return start + d if node.task.elapsed else node.cal.add(start, d)

    @staticmethod
    def before(node: _Node, finish: int, dur: int | None = None) -> int:
        d = node.dur if dur is None else dur
        return finish - d if node.task.elapsed else node.cal.add(finish, -d)


def _minutes(value: datetime | None) -> int | None:
    return None if value is None else to_minutes(value)


def _default_start(project: Project) -> datetime:
    dates = [
        d for t in project.tasks for d in (t.actual_start, t.manual_start, t.constraint_date) if d is not None
    ]
    if dates:
        return min(dates).replace(hour=8, minute=0)
    today = date.today()
    return datetime(today.year, today.month, today.day, 8)


def _topological(leaves: list[Task], links: list[tuple[Link, int, int]]) -> list[int]:
    n = len(leaves)
    pred = np.array([a for _, a, _ in links], dtype=np.int64)
    succ = np.array([b for _, _, b in links], dtype=np.int64)
    try:
        net = ArrayNetwork.build(
            np.zeros(n, dtype=np.int64),
            pred,
            succ,
            np.zeros(len(links), dtype=np.int8),
            np.zeros(len(links), dtype=np.int64),
        )
    except CycleError as exc:
        names = [f"{leaves[int(str(i))].name or 'task'} (uid {leaves[int(str(i))].uid})" for i in exc.tasks]
        raise CycleError(names) from None
    return [int(i) for i in net.order]


def _expand_links(project: Project, by_uid: dict[int, Task], children: dict[int, list[int]]) -> list[Link]:
    """Replace links to or from summary tasks by links to or from their leaf descendants."""

    def leaves_of(uid: int) -> list[int]:
        kids = children.get(uid)
        if not kids:
            return [uid]
        return [leaf for k in kids for leaf in leaves_of(k)]

    out: list[Link] = []
    for link in project.links:
        for uid in (link.predecessor, link.successor):
            if uid not in by_uid:
                raise NetworkError(
                    f"link {link.predecessor} -> {link.successor} refers to unknown task uid {uid}"
                )
        if not (by_uid[link.predecessor].active and by_uid[link.successor].active):
            continue
        for a in leaves_of(link.predecessor):
            for b in leaves_of(link.successor):
                if a != b:
                    out.append(Link(a, b, link.type, link.lag))
    return out


def schedule(
    project: Project, *, status_date: datetime | None = None, method: str = "auto"
) -> ScheduleResult:
    """Compute the schedule of a project the way Microsoft Project does.

    Parameters
    ----------
    project : Project
        The network; it is not modified.
    status_date : datetime, optional
        Overrides ``project.status_date``: unfinished work is not scheduled before it.
    method : {"auto", "arrays", "objects"}
        ``"arrays"``: the compiled array path (:mod:`pmo.engine.schedule.cpm_arrays`, needs numba);
        ``"objects"``: the reference object path of this module; ``"auto"`` (default): arrays when
        the accelerator is in use (:func:`~pmo.engine.schedule.fast.has_accelerator`). Both give
        equal results.

    Returns
    -------
    ScheduleResult

    Raises
    ------
    CycleError
        When links form a cycle (the message names the tasks).
    NetworkError
        When a link names an unknown task, uids repeat, or a constraint lacks its date.
    ValueError
        For an unknown ``method``, or ``"arrays"`` without the accelerator.
    """
    if method not in ("auto", "arrays", "objects"):
        raise ValueError(f"method must be 'auto', 'arrays' or 'objects', got {method!r}")
    if method == "arrays" and not cpm_arrays.available():
        raise ValueError("method='arrays' needs numba and PMO_ENGINE_ACCELERATOR not off")
    use_arrays = method == "arrays" or (method == "auto" and cpm_arrays.available())
    with _collector_paused():
        return _schedule_project(project, status_date, use_arrays)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a schedule is computed.

    A run creates tens of thousands of container objects (results, their dicts, tuples) and no
    reference cycles; with the collector on, those allocations trigger collections that walk the
    whole heap (the project's tasks and links, and in the web app all of Django's objects), which
    cost a quarter of the run at 5,000 tasks and half at 50,000. Reference counting still frees
    everything; the collector runs again afterwards (``timeit`` pauses it the same way). Nested or
    concurrent calls only ever re-enable it when it was enabled on entry.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _schedule_project(project: Project, status_date: datetime | None, use_arrays: bool) -> ScheduleResult:
    cols = cpm_input.read(project)
    by_uid, children = cpm_input.outline(cols)
    status = status_date if status_date is not None else project.status_date
    prepared = cpm_arrays.prepare(cols, by_uid, children, status) if use_arrays else None
    links = [] if prepared is not None else _expand_links(project, by_uid, children)
    start = project.start or _default_start(project)
    anchor = (project.finish if not project.schedule_from_start and project.finish else start).date()
    total, extra = cpm_input.horizon_inputs(cols)
    # Quantised (a power of two of days, year-aligned bounds below) so that scheduling the same
    # project again after a small edit asks for the same horizon and reuses the calendars' compiled
    # tables (``Calendar`` caches them by horizon).
    span = 1 << (60 + total // max(1, project.minutes_per_day) * 3).bit_length()
    lo = min([anchor, *extra]) - timedelta(days=30)
    hi = max([anchor, *extra]) + timedelta(days=30)
    lo, hi = date(lo.year, 1, 1), date(hi.year, 12, 31)
    while True:
        try:
            first = date.fromordinal(max(1, lo.toordinal() - span))
            last = date.fromordinal(min(date.max.toordinal(), hi.toordinal() + span))
            if prepared is not None:
                return cpm_arrays.schedule_arrays(
                    prepared, project, first, last, status, by_uid, children, start
                )
            run = _Run(project, first, last, status)
            return _schedule(run, project, by_uid, children, links, start)
        except HorizonError:
            if span > 200 * 366:
                if prepared is not None:
                    # Out of range for good: let the object path fail on this horizon too, so the
                    # message names the instant and calendar exactly as it always did.
                    prepared = None
                    links = _expand_links(project, by_uid, children)
                    continue
                raise
            span *= 4


def _forward(
    run: _Run, nodes: list[_Node], order: list[int], preds: dict[int, list[tuple[Link, int]]], p0: int
) -> None:
    for i in order:
        node = nodes[i]
        t = node.task
        cal = node.cal
        if t.actual_start is not None:
            node.es = to_minutes(t.actual_start)
            if t.actual_finish is not None:
                node.ef = to_minutes(t.actual_finish)
                continue
            remaining = _remaining(t)
            stop = run.after(node, node.es, max(0, node.dur - remaining))
            resume = stop if run.status is None else max(stop, run.status)
            if remaining > 0:
                resume = resume if t.elapsed else cal.next_start(resume)
                node.ef = run.after(node, resume, remaining)
            else:
                node.ef = stop
            continue
        if t.manual and t.manual_start is not None:
            node.es = to_minutes(t.manual_start)
            node.ef = to_minutes(t.manual_finish) if t.manual_finish is not None else run.after(node, node.es)
            continue
        es = p0
        cd0 = None if t.constraint_date is None else to_minutes(t.constraint_date)
        if cd0 is not None and not preds.get(i):
            # Microsoft Project: without predecessors a SNET/FNET date replaces the project start,
            # so a task may start before the project start.
            if t.constraint is ConstraintType.SNET:
                es = cd0
            elif t.constraint is ConstraintType.FNET:
                es = run.before(node, cd0)
        finishes: list[int] = []
        for link, a in preds.get(i, ()):
            pn = nodes[a]
            if link.type is LinkType.FS:
                c = run.add_lag(pn.ef, link, pn)
            elif link.type is LinkType.SS:
                c = run.add_lag(pn.es, link, pn)
            else:
                f = run.add_lag(pn.ef if link.type is LinkType.FF else pn.es, link, pn)
                finishes.append(f)
                c = run.before(node, f)
            es = max(es, c)
        moves = node.dur > 0 and not t.elapsed
        if moves:
            es = cal.next_start(es)
        if t.constraint_date is not None and t.constraint not in (ConstraintType.ASAP, ConstraintType.ALAP):
            cd = to_minutes(t.constraint_date)
            if t.constraint is ConstraintType.SNET:
                es = max(es, cal.next_start(cd) if moves else cd)
            elif t.constraint is ConstraintType.FNET:
                es = max(es, run.before(node, cd))
            elif t.constraint is ConstraintType.SNLT:
                es = min(es, cd)
            elif t.constraint is ConstraintType.FNLT:
                es = min(es, run.before(node, cd))
            elif t.constraint is ConstraintType.MSO:
                es = cd
            elif t.constraint is ConstraintType.MFO:
                es = run.before(node, cd)
        if run.status is not None:
            es = max(es, cal.next_start(run.status) if moves else run.status)
        node.es = es
        node.ef = run.after(node, es)
        for f in finishes:
            # A finish-to-finish or start-to-finish link that drives the task keeps its own finish
            # instant (Monday 08:00 rather than the equivalent Friday 17:00), as Microsoft Project does.
            if f > node.ef and cal.work_between(node.ef, f) == 0:
                node.ef = f


def _remaining(t: Task) -> int:
    if t.remaining_duration is not None:
        return t.remaining_duration
    return round(t.duration * (1.0 - min(max(t.percent_complete, 0.0), 100.0) / 100.0))


def _backward(
    run: _Run, nodes: list[_Node], order: list[int], succs: dict[int, list[tuple[Link, int]]], pf: int
) -> dict[int, int]:
    calc_ls: dict[int, int] = {}
    for i in reversed(order):
        node = nodes[i]
        t = node.task
        if t.actual_finish is not None:
            node.lf = to_minutes(t.actual_finish)
            node.ls = to_minutes(t.actual_start) if t.actual_start is not None else node.es
            calc_ls[i] = node.ls
            continue
        live = [(lk, b) for lk, b in succs.get(i, ()) if nodes[b].task.actual_finish is None]
        if not live:
            lf = node.ef if run.p.multiple_critical_paths else pf
        else:
            lf = pf
            for link, b in live:
                sn = nodes[b]
                if t.manual and link.type in (LinkType.SS, LinkType.SF):
                    # Observed: a manually scheduled predecessor of a start-based link takes the
                    # successor's late finish (Project 2016/2019 files).
                    c = sn.lf
                elif link.type is LinkType.FS:
                    c = run.add_lag(calc_ls[b], link, node, -1)
                elif link.type is LinkType.SS:
                    c = run.after(node, run.add_lag(calc_ls[b], link, node, -1))
                elif link.type is LinkType.FF:
                    c = run.add_lag(sn.lf, link, node, -1)
                else:
                    c = run.after(node, run.add_lag(sn.lf, link, node, -1))
                lf = min(lf, c)
        if t.constraint_date is not None and t.constraint not in (ConstraintType.ASAP, ConstraintType.ALAP):
            cd = to_minutes(t.constraint_date)
            if t.constraint is ConstraintType.MSO:
                lf = run.after(node, cd)
            elif t.constraint is ConstraintType.MFO:
                lf = cd
            elif t.constraint is ConstraintType.SNLT:
                lf = min(lf, run.after(node, cd))
            elif t.constraint is ConstraintType.FNLT:
                lf = min(lf, cd)
        if t.deadline is not None:
            lf = min(lf, to_minutes(t.deadline))
        if not t.manual and not t.elapsed:
            # Automatically scheduled tasks report a late finish at the end of the previous working
            # period (Friday 17:00); manually scheduled ones keep the successor's late start instant.
            lf = node.cal.previous_finish(lf)
        node.lf = lf
        remaining = _remaining(t) if t.actual_start is not None else node.dur
        calc_ls[i] = run.before(node, lf, remaining)
        node.ls = to_minutes(t.actual_start) if t.actual_start is not None else calc_ls[i]
    return calc_ls


def _relationship_slack(run: _Run, node: _Node, link: Link, sn: _Node) -> int:
    if link.type is LinkType.FS:
        base, other = node.ef, sn.es
    elif link.type is LinkType.SS:
        base, other = node.es, sn.es
    elif link.type is LinkType.FF:
        base, other = node.ef, sn.ef
    else:
        base, other = node.es, sn.ef
    return node.cal.work_between(base, run.add_lag(other, link, node, -1))


def _slacks(run: _Run, nodes: list[_Node], succs: dict[int, list[tuple[Link, int]]]) -> None:
    for i, node in enumerate(nodes):
        t = node.task
        cal = node.cal
        finish_slack = cal.work_between(node.ef, node.lf)
        if t.actual_finish is not None:
            node.ts, node.fs = finish_slack, 0
            continue
        node.ts = (
            finish_slack
            if t.actual_start is not None
            else min(cal.work_between(node.es, node.ls), finish_slack)
        )
        live = [(lk, b) for lk, b in succs.get(i, ()) if nodes[b].task.actual_finish is None]
        free = min((_relationship_slack(run, node, lk, nodes[b]) for lk, b in live), default=node.ts)
        node.fs = max(free, 0)


def _schedule(
    run: _Run,
    project: Project,
    by_uid: dict[int, Task],
    children: dict[int, list[int]],
    links: list[Link],
    start_dt: datetime,
) -> ScheduleResult:
    tz = start_dt.tzinfo
    leaves = [t for t in project.tasks if t.active and t.uid not in children]
    index = {t.uid: i for i, t in enumerate(leaves)}
    nodes = [_Node(t, run.compiled(project.task_calendar(t)), t.duration) for t in leaves]
    ilinks = [(lk, index[lk.predecessor], index[lk.successor]) for lk in links]
    order = _topological(leaves, ilinks)
    preds: dict[int, list[tuple[Link, int]]] = defaultdict(list)
    succs: dict[int, list[tuple[Link, int]]] = defaultdict(list)
    for lk, a, b in ilinks:
        preds[b].append((lk, a))
        succs[a].append((lk, b))
    if project.schedule_from_start or project.finish is None:
        p0 = run.pcal.next_start(to_minutes(start_dt))
        _forward(run, nodes, order, preds, p0)
        pf = max((n.ef for n in nodes), default=p0)
        _backward(run, nodes, order, succs, pf)
    else:
        pf = run.pcal.previous_finish(to_minutes(project.finish))
        for n in nodes:  # started tasks need their early dates before the backward pass
            n.es = n.ef = pf
        _forward(run, nodes, order, preds, pf)
        _backward(run, nodes, order, succs, pf)
        p0 = min((n.ls for n in nodes), default=pf)
        _forward(run, nodes, order, preds, p0)
    _slacks(run, nodes, succs)

    def dt(m: int) -> datetime:
        return from_minutes(m, tz)

    limit, near = project.critical_slack, project.near_critical_slack
    late_scheduled = not project.schedule_from_start and project.finish is not None
    results: dict[int, TaskResult] = {}
    for i, node in enumerate(nodes):
        t = node.task
        alap = t.constraint is ConstraintType.ALAP or late_scheduled
        start = node.es if t.actual_start is not None or not alap else node.ls
        finish = node.ef if t.actual_finish is not None or not alap else node.lf
        if t.actual_start is None and not t.manual and alap:
            start, finish = node.ls, node.lf
        critical = node.ts <= limit and t.actual_finish is None
        if t.manual and t.estimated and not preds.get(i) and not succs.get(i):
            critical = False  # observed in Microsoft Project 2010-2019 files (see the docs)
        driving = tuple(
            nodes[a].task.uid
            for lk, a in preds.get(i, ())
            if _relationship_slack(run, nodes[a], lk, node) <= 0
        )
        results[t.uid] = TaskResult(
            t.uid,
            t.name,
            dt(start),
            dt(finish),
            dt(node.es),
            dt(node.ef),
            dt(node.ls),
            dt(node.lf),
            t.duration,
            node.ts,
            node.fs,
            critical,
            not critical and node.ts <= near,
            False,
            driving,
            _variance(node.cal, t, start, finish, t.duration),
        )
    _rollup(run, project, by_uid, children, results, tz, limit, near)
    ordered = tuple(results[t.uid] for t in project.tasks if t.uid in results)
    return ScheduleResult(
        tasks=ordered,
        project_start=dt(p0),
        project_finish=dt(pf),
        critical_paths=_critical_paths(nodes, order, preds, results, run),
        near_critical=tuple(r.uid for r in ordered if r.near_critical),
    )


def _variance(cal: CompiledCalendar, t: Task, start: int, finish: int, duration: int) -> Variance:
    def work(base: datetime | None, value: int) -> int | None:
        return None if base is None else cal.work_between(to_minutes(base), value)

    dur = None if t.baseline_duration is None else duration - t.baseline_duration
    return Variance(work(t.baseline_start, start), work(t.baseline_finish, finish), dur)


def _rollup(
    run: _Run,
    project: Project,
    by_uid: dict[int, Task],
    children: dict[int, list[int]],
    results: dict[int, TaskResult],
    tz: object,
    limit: int,
    near: int,
) -> None:
    """Summary tasks span their children: earliest starts and latest finishes."""
    cal = run.pcal
    done: set[int] = set()

    def visit(uid: int) -> TaskResult | None:
        if uid in results:
            return results[uid]
        if uid in done:
            return None
        done.add(uid)
        kids = [r for r in (visit(k) for k in children.get(uid, ())) if r is not None]
        if not kids:
            return None
        t = by_uid[uid]

        def m(values: list[datetime], pick: Callable[[list[datetime]], datetime]) -> int:
            return to_minutes(pick(values))

        es, ef = m([k.early_start for k in kids], min), m([k.early_finish for k in kids], max)
        ls, lf = m([k.late_start for k in kids], min), m([k.late_finish for k in kids], max)
        st, fi = m([k.start for k in kids], min), m([k.finish for k in kids], max)
        ts = min(cal.work_between(es, ls), cal.work_between(ef, lf))
        critical = ts <= limit and t.actual_finish is None
        dur = cal.work_between(st, fi)
        res = TaskResult(
            uid,
            t.name,
            from_minutes(st, tz),
            from_minutes(fi, tz),
            from_minutes(es, tz),
            from_minutes(ef, tz),
            from_minutes(ls, tz),
            from_minutes(lf, tz),
            dur,
            ts,
            max(ts, 0),
            critical,
            not critical and ts <= near,
            True,
            (),
            _variance(cal, t, st, fi, dur),
        )
        results[uid] = res
        return res

    for uid in children:
        visit(uid)


def _critical_paths(
    nodes: list[_Node],
    order: list[int],
    preds: dict[int, list[tuple[Link, int]]],
    results: dict[int, TaskResult],
    run: _Run,
    limit: int = 100,
) -> tuple[tuple[int, ...], ...]:
    crit = {i for i, n in enumerate(nodes) if results[n.task.uid].critical}
    nxt: dict[int, list[int]] = defaultdict(list)
    has_prev: set[int] = set()
    for i in order:
        if i not in crit:
            continue
        for lk, a in preds.get(i, ()):
            if a in crit and _relationship_slack(run, nodes[a], lk, nodes[i]) <= 0:
                nxt[a].append(i)
                has_prev.add(i)
    paths: list[tuple[int, ...]] = []

    def walk(i: int, path: list[int]) -> None:
        if len(paths) >= limit:
            return
        path.append(nodes[i].task.uid)
        if not nxt.get(i):
            paths.append(tuple(path))
        for j in nxt.get(i, ()):
            walk(j, path)
        path.pop()

    for i in order:
        if i in crit and i not in has_prev:
            walk(i, [])
    return tuple(paths)
