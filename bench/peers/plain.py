"""Plain-Python CPM: lists and tuples, no numpy inside the timed code.

``build`` turns the arrays into Python lists (``tolist``), groups the links by
successor and by predecessor and finds a topological order (Kahn).
``schedule`` runs the forward pass, the backward pass and the free-slack pass
with the rules stated in ``bench.peers.common``.  It is also the reference the
other peers are checked against.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from bench.peers.common import CpmResult, IntArray, as_int64

if TYPE_CHECKING:
    from bench.generate import Network

Link = tuple[int, int, int]  # (other task, link type, lag)
_NEG = -(1 << 62)
_POS = 1 << 62


@dataclass
class PlainModel:
    """Adjacency lists and a topological order."""

    duration: list[int]
    preds: list[list[Link]]
    succs: list[list[Link]]
    order: list[int]


class CycleInNetworkError(ValueError):
    """The links form a cycle."""


def build_model(
    duration: IntArray, pred: IntArray, succ: IntArray, link_type: object, lag: IntArray
) -> PlainModel:
    """Lists, adjacency and a topological order (Kahn's algorithm)."""
    dur: list[int] = duration.tolist()
    n = len(dur)
    preds: list[list[Link]] = [[] for _ in range(n)]
    succs: list[list[Link]] = [[] for _ in range(n)]
    types: list[int] = cast("IntArray", link_type).tolist()
    for p, s, t, lg in zip(pred.tolist(), succ.tolist(), types, lag.tolist(), strict=True):
        preds[s].append((p, t, lg))
        succs[p].append((s, t, lg))
    indegree = [len(x) for x in preds]
    order = [i for i in range(n) if indegree[i] == 0]
    for i in order:  # the list grows while we walk it
        for s, _, _ in succs[i]:
            indegree[s] -= 1
            if indegree[s] == 0:
                order.append(s)
    if len(order) != n:
        msg = "the links form a cycle"
        raise CycleInNetworkError(msg)
    return PlainModel(dur, preds, succs, order)


def cpm(model: PlainModel) -> tuple[int, list[int], list[int], list[int], list[int], list[int], list[int]]:
    """Forward, backward and free-slack passes; returns PF, ES, EF, LS, LF, TS, FS."""
    dur, preds, succs, order = model.duration, model.preds, model.succs, model.order
    n = len(dur)
    es = [0] * n
    ef = [0] * n
    for j in order:
        d = dur[j]
        links = preds[j]
        if links:
            start = _NEG
            for i, t, lag in links:
                if t == 0:
                    c = ef[i] + lag
                elif t == 1:
                    c = es[i] + lag
                elif t == 2:
                    c = ef[i] + lag - d
                    if c < 0:
                        c = 0
                else:
                    c = es[i] + lag - d
                if c > start:
                    start = c
            es[j] = start
            ef[j] = start + d
        else:
            ef[j] = d
    pf = max(ef)
    ls = [0] * n
    lf = [0] * n
    for i in reversed(order):
        d = dur[i]
        f = pf
        for j, t, lag in succs[i]:
            if t == 0:
                c = ls[j] - lag
            elif t == 1:
                c = ls[j] - lag + d
            elif t == 2:
                c = lf[j] - lag
            else:
                c = lf[j] - lag + d
            if c < f:
                f = c
        lf[i] = f
        ls[i] = f - d
    ts = [lf[i] - ef[i] for i in range(n)]
    fs = [0] * n
    for i in range(n):
        links = succs[i]
        if not links:
            fs[i] = max(ts[i], 0)
            continue
        best = _POS
        for j, t, lag in links:
            if t == 0:
                c = es[j] - lag - ef[i]
            elif t == 1:
                c = es[j] - lag - es[i]
            elif t == 2:
                c = ef[j] - lag - ef[i]
            else:
                c = ef[j] - lag - es[i]
            if c < best:
                best = c
        fs[i] = max(best, 0)
    return pf, es, ef, ls, lf, ts, fs


def to_result(raw: tuple[int, list[int], list[int], list[int], list[int], list[int], list[int]]) -> CpmResult:
    """Lists to a ``CpmResult``."""
    pf, es, ef, ls, lf, ts, fs = raw
    return CpmResult(
        project_finish=pf,
        early_start=as_int64(es),
        early_finish=as_int64(ef),
        late_start=as_int64(ls),
        late_finish=as_int64(lf),
        total_slack=as_int64(ts),
        free_slack=as_int64(fs),
    )


class PlainPythonPeer:
    """Plain-Python CPM over lists (see module docstring)."""

    name = "plain Python"
    full = True
    slow = True

    def build(self, net: Network, duration: IntArray, lag: IntArray) -> object:
        """Lists, adjacency and order."""
        return build_model(duration, net.pred, net.succ, net.link_type, lag)

    def schedule(self, model: object) -> object:
        """The three passes."""
        return cpm(cast("PlainModel", model))

    def result(self, model: object, raw: object) -> CpmResult:
        """Lists to arrays."""
        return to_result(
            cast("tuple[int, list[int], list[int], list[int], list[int], list[int], list[int]]", raw)
        )


def reference(net: Network, duration: IntArray | None = None, lag: IntArray | None = None) -> CpmResult:
    """The reference results for ``net`` (plain-Python CPM)."""
    d = net.duration if duration is None else duration
    lg = net.lag if lag is None else lag
    return to_result(cpm(build_model(d, net.pred, net.succ, net.link_type, lg)))
