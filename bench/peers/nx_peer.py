"""networkx CPM "the usual way".

``build`` makes an ``nx.DiGraph``: one node per task with a ``duration``
attribute, one edge per link with ``type`` and ``lag`` attributes.
``schedule`` walks ``nx.topological_sort(G)`` forward reading ``G.pred``, then
the reversed order backward reading ``G.succ``, then the free-slack pass over
``G.succ``; dates go into dicts keyed by task id.  The rules are those of
``bench.peers.common``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

import networkx as nx

from bench.peers.common import CpmResult, IntArray, as_int64

if TYPE_CHECKING:
    from bench.generate import Network

Raw = tuple[
    int, dict[int, int], dict[int, int], dict[int, int], dict[int, int], dict[int, int], dict[int, int]
]


def build_graph(net: Network, duration: IntArray, lag: IntArray) -> nx.DiGraph[int]:
    """A DiGraph with ``duration`` on nodes and ``type``/``lag`` on edges."""
    graph: nx.DiGraph[int] = nx.DiGraph()
    graph.add_nodes_from((i, {"duration": d}) for i, d in enumerate(duration.tolist()))
    graph.add_edges_from(
        (p, s, {"type": t, "lag": lg})
        for p, s, t, lg in zip(
            net.pred.tolist(), net.succ.tolist(), net.link_type.tolist(), lag.tolist(), strict=True
        )
    )
    return graph


def cpm(graph: nx.DiGraph[int]) -> Raw:
    """Forward, backward and free-slack passes over the graph."""
    nodes = graph.nodes
    order = list(nx.topological_sort(graph))
    es: dict[int, int] = {}
    ef: dict[int, int] = {}
    for j in order:
        d = nodes[j]["duration"]
        start = 0
        first = True
        for i, attrs in graph.pred[j].items():
            t = attrs["type"]
            lag = attrs["lag"]
            if t == 0:
                c = ef[i] + lag
            elif t == 1:
                c = es[i] + lag
            elif t == 2:
                c = max(ef[i] + lag - d, 0)
            else:
                c = es[i] + lag - d
            if first or c > start:
                start = c
                first = False
        es[j] = start
        ef[j] = start + d
    pf = max(ef.values())
    ls: dict[int, int] = {}
    lf: dict[int, int] = {}
    for i in reversed(order):
        d = nodes[i]["duration"]
        f = pf
        for j, attrs in graph.succ[i].items():
            t = attrs["type"]
            lag = attrs["lag"]
            if t == 0:
                c = ls[j] - lag
            elif t == 1:
                c = ls[j] - lag + d
            elif t == 2:
                c = lf[j] - lag
            else:
                c = lf[j] - lag + d
            f = min(f, c)
        lf[i] = f
        ls[i] = f - d
    ts = {i: lf[i] - ef[i] for i in order}
    fs: dict[int, int] = {}
    for i in order:
        best = ts[i]
        first = True
        for j, attrs in graph.succ[i].items():
            t = attrs["type"]
            lag = attrs["lag"]
            if t == 0:
                c = es[j] - lag - ef[i]
            elif t == 1:
                c = es[j] - lag - es[i]
            elif t == 2:
                c = ef[j] - lag - ef[i]
            else:
                c = ef[j] - lag - es[i]
            if first or c < best:
                best = c
                first = False
        fs[i] = max(best, 0)
    return pf, es, ef, ls, lf, ts, fs


class NetworkxPeer:
    """networkx DiGraph + topological_sort + G.pred / G.succ passes."""

    name = "networkx"
    full = True
    slow = True

    def build(self, net: Network, duration: IntArray, lag: IntArray) -> object:
        """Build the DiGraph."""
        return build_graph(net, duration, lag)

    def schedule(self, model: object) -> object:
        """Run the passes."""
        return cpm(cast("nx.DiGraph[int]", model))

    def result(self, model: object, raw: object) -> CpmResult:
        """Dicts to arrays."""
        n = cast("nx.DiGraph[int]", model).number_of_nodes()
        pf, *maps = cast("Raw", raw)
        arrays: list[Any] = [as_int64([m[i] for i in range(n)]) for m in maps]
        return CpmResult(pf, *arrays)
