"""rustworkx peers.

rustworkx knows nothing of link types, so the network is mapped to one
``PyDiGraph`` whose node ``i`` stands for task ``i``'s *start* and whose edge
weights are the smallest gap between the two starts that each link allows
(``d`` is a duration, ``p`` the predecessor, ``s`` the successor):

====  =====================
FS    ``d(p) + lag``
SS    ``lag``
FF    ``d(p) + lag - d(s)``
SF    ``lag - d(s)``
====  =====================

plus a source node with a 0-weight edge to every task without predecessors
(and, as MS Project clamps FF bounds at the project start, to every task with an
FF predecessor), and an edge of weight ``d(i)`` from every task to a sink node.
Then ``ES(i)`` is the longest path from the source to ``i``, the project finish
the longest path from source to sink, and ``LS(i) = PF - longest(i -> sink)``,
which is exactly the rule set of ``bench.peers.common`` (the per-link clamp of a
late finish at the project finish is the sink edge).  Weights can be negative,
and stored as Python floats (exact below 2**53).

Two peers use that graph:

- ``rustworkx longest path``: ``rx.dag_weighted_longest_path_length`` (native,
  topological order inside rustworkx; the integer version wants unsigned
  weights).  It returns the project finish only, no per-task dates: it is the
  lower bound of what rustworkx can do, not a CPM.  (Its longest path over *all*
  pairs of nodes equals the source-to-sink one because every early start is
  >= 0 on the generated networks.)
- ``rustworkx Bellman-Ford``: every task's dates from two native
  ``digraph_bellman_ford_shortest_path_lengths`` calls with negated weights
  (source forward; sink on a reversed copy built with the graph), then EF, LF,
  total and free slack with numpy.  rustworkx has no per-node DAG longest
  path, so this is the natively computed full schedule it offers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

import numpy as np
import rustworkx as rx

from bench.peers.common import CpmResult, IntArray

if TYPE_CHECKING:
    from bench.generate import Network


@dataclass
class RxModel:
    """The start-to-start graph, its reverse (for the full peer) and durations."""

    graph: rx.PyDiGraph
    reverse: rx.PyDiGraph | None
    n: int
    duration: IntArray
    pred: IntArray
    succ: IntArray
    link_type: IntArray
    lag: IntArray


def _cost(w: float) -> float:
    return -w


def build_graph(net: Network, duration: IntArray, lag: IntArray, *, with_reverse: bool) -> RxModel:
    """The graph described in the module docstring."""
    n = net.n_tasks
    t = net.link_type
    d_p = duration[net.pred]
    d_s = duration[net.succ]
    weight = np.select([t == 0, t == 1, t == 2], [d_p + lag, lag, d_p + lag - d_s], default=lag - d_s)
    source, sink = n, n + 1
    has_pred = np.zeros(n, dtype=bool)
    has_pred[net.succ] = True
    has_ff = np.zeros(n, dtype=bool)
    has_ff[net.succ[t == 2]] = True
    roots = np.flatnonzero(~has_pred | has_ff)
    edges = list(zip(net.pred.tolist(), net.succ.tolist(), weight.astype(float).tolist(), strict=True))
    edges += [(source, r, 0.0) for r in roots.tolist()]
    edges += [(i, sink, float(x)) for i, x in enumerate(duration.tolist())]
    graph = rx.PyDiGraph(node_count_hint=n + 2, edge_count_hint=len(edges))
    graph.add_nodes_from(range(n + 2))
    graph.add_edges_from(edges)
    reverse = None
    if with_reverse:  # built directly: PyDiGraph.reverse() on a copy is far slower
        reverse = rx.PyDiGraph(node_count_hint=n + 2, edge_count_hint=len(edges))
        reverse.add_nodes_from(range(n + 2))
        reverse.add_edges_from([(b, a, w) for a, b, w in edges])
    return RxModel(graph, reverse, n, duration, net.pred, net.succ, net.link_type.astype(np.int64), lag)


class RustworkxLongestPathPeer:
    """``rx.dag_weighted_longest_path_length``: project finish only."""

    name = "rustworkx longest path (finish only)"
    full = False
    slow = False

    def build(self, net: Network, duration: IntArray, lag: IntArray) -> object:
        """Build the graph."""
        return build_graph(net, duration, lag, with_reverse=False)

    def schedule(self, model: object) -> object:
        """Longest path length."""
        return rx.dag_weighted_longest_path_length(cast("RxModel", model).graph, lambda _s, _t, w: w)

    def result(self, model: object, raw: object) -> CpmResult:
        """Project finish only."""
        return CpmResult(project_finish=round(cast("float", raw)))


class RustworkxBellmanFordPeer:
    """Per-task dates from two native Bellman-Ford calls (see module docstring)."""

    name = "rustworkx Bellman-Ford"
    full = True
    slow = True

    def build(self, net: Network, duration: IntArray, lag: IntArray) -> object:
        """Build the graph and its reverse."""
        return build_graph(net, duration, lag, with_reverse=True)

    def schedule(self, model: object) -> object:
        """Two Bellman-Ford runs, then numpy for the rest."""
        m = cast("RxModel", model)
        n = m.n
        fwd = rx.digraph_bellman_ford_shortest_path_lengths(m.graph, n, _cost)
        bwd = rx.digraph_bellman_ford_shortest_path_lengths(cast("rx.PyDiGraph", m.reverse), n + 1, _cost)
        es = -np.fromiter(map(fwd.__getitem__, range(n)), dtype=np.float64, count=n)
        pf = -fwd[n + 1]
        to_sink = -np.fromiter(map(bwd.__getitem__, range(n)), dtype=np.float64, count=n)
        es_i = np.rint(es).astype(np.int64)
        pf_i = round(pf)
        ls_i = pf_i - np.rint(to_sink).astype(np.int64)
        ef_i = es_i + m.duration
        lf_i = ls_i + m.duration
        ts = lf_i - ef_i
        p, s, t, lag = m.pred, m.succ, m.link_type, m.lag
        cand = np.select(
            [t == 0, t == 1, t == 2],
            [es_i[s] - lag - ef_i[p], es_i[s] - lag - es_i[p], ef_i[s] - lag - ef_i[p]],
            default=ef_i[s] - lag - es_i[p],
        )
        has_succ = np.zeros(n, dtype=bool)
        has_succ[p] = True
        fs = np.where(has_succ, np.iinfo(np.int64).max, ts)
        np.minimum.at(fs, p, cand)
        np.maximum(fs, 0, out=fs)
        return pf_i, es_i, ef_i, ls_i, lf_i, ts, fs

    def result(self, model: object, raw: object) -> CpmResult:
        """Already arrays."""
        pf, es, ef, ls, lf, ts, fs = cast(
            "tuple[int, IntArray, IntArray, IntArray, IntArray, IntArray, IntArray]", raw
        )
        return CpmResult(pf, es, ef, ls, lf, ts, fs)
