"""The two peers of the risk benchmark: straightforward numpy, and networkx CPM per iteration.

Both use the same rules as the engine (``bench/peers/common.py``; integer working minutes, a task
critical when its total slack is at most 0) and report the same figures, so they can be checked
against ours on identical draws (``analyse_numpy`` accepts the engine's own draws).

- **numpy, vectorised over iterations** (what one would write first): draw a tasks x iterations
  float matrix with ``Generator.triangular`` / ``beta`` / ``uniform``, apply the risk events,
  run the forward and backward passes with one numpy operation per link over all iterations,
  percentiles with ``np.percentile``, Spearman with a double ``argsort`` and ``np.corrcoef``, and
  the tornado by re-running the forward pass once per risk with its impacts taken out.
- **networkx CPM per iteration**: the same draws and statistics in numpy, but the schedule of
  each iteration computed on an ``nx.DiGraph`` (``bench.peers.nx_peer.cpm``: forward pass over
  ``nx.topological_sort`` reading ``G.pred``, backward pass reading ``G.succ``). No tornado (it
  would re-run the forward pass for every occurring risk: several times slower still).
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np
from numpy.typing import NDArray

from bench.peers.nx_peer import cpm as nx_cpm
from pmo.engine.risk import Distribution, ImpactUnit, RiskModel
from pmo.engine.risk.sampling import sample_three_point
from pmo.engine.schedule.fast import ArrayNetwork

I64 = NDArray[np.int64]
F64 = NDArray[np.float64]


@dataclass
class Draws:
    """Base durations (tasks x iterations), risk occurrence and severities (risks x iterations)."""

    durations: I64
    occurs: NDArray[np.bool_]
    severity: F64
    cost_severity: F64


@dataclass
class PeerResult:
    """What a peer computes (for the agreement check)."""

    finish: I64
    cost: F64
    criticality: F64
    sensitivity: F64
    tornado_mean: F64 | None


def draw_numpy(model: RiskModel, iterations: int, seed: int) -> Draws:
    """Straightforward draws: one generator call per distribution over a float matrix."""
    rng = np.random.default_rng(seed)
    net = model.network
    n = net.n_tasks
    x = np.repeat(net.duration.astype(np.float64)[:, None], iterations, axis=1)
    by_kind: dict[Distribution, list[int]] = {}
    lo, ml, hi = np.zeros(n), np.zeros(n), np.zeros(n)
    index = {int(u): i for i, u in enumerate(net.uids.tolist())}
    for e in model.estimates:
        i = index[e.task]
        by_kind.setdefault(e.distribution, []).append(i)
        lo[i], ml[i], hi[i] = e.minimum, e.most_likely, e.maximum
    for kind, tasks in by_kind.items():
        t = np.array(tasks)
        a, m, b = lo[t, None], ml[t, None], hi[t, None]
        shape = (t.shape[0], iterations)
        if kind is Distribution.TRIANGULAR:
            x[t] = rng.triangular(a, m, b, shape)
        elif kind is Distribution.PERT:
            x[t] = a + (b - a) * rng.beta(1 + 4 * (m - a) / (b - a), 1 + 4 * (b - m) / (b - a), shape)
        elif kind is Distribution.UNIFORM:
            x[t] = rng.uniform(a, b, shape)
        else:  # pragma: no cover - the benchmark models use the three above
            raise NotImplementedError(kind)
    r = len(model.risks)
    occurs = np.zeros((r, iterations), dtype=bool)
    severity = np.zeros((r, iterations))
    cost_severity = np.zeros((r, iterations))
    for i, risk in enumerate(model.risks):
        occurs[i] = rng.random(iterations) < risk.probability / 100
        if risk.time is not None:
            severity[i] = sample_three_point(risk.time, iterations, rng)
        if risk.cost is not None:
            cost_severity[i] = sample_three_point(risk.cost, iterations, rng)
    return Draws(np.rint(x).astype(np.int64), occurs, severity, cost_severity)


class _Network:
    """Topological order and predecessor / successor lists (built once, not timed per iteration)."""

    def __init__(self, model: RiskModel) -> None:
        net = model.network
        arr = ArrayNetwork.build(net.duration, net.pred, net.succ, net.link_type, net.lag)
        self.order = arr.order.tolist()
        n = net.n_tasks
        self.preds: list[list[tuple[int, int, int]]] = [[] for _ in range(n)]
        self.succs: list[list[tuple[int, int, int]]] = [[] for _ in range(n)]
        for p, s, t, g in zip(
            net.pred.tolist(), net.succ.tolist(), net.link_type.tolist(), net.lag.tolist(), strict=True
        ):
            self.preds[s].append((p, t, g))
            self.succs[p].append((s, t, g))


def _impacts(model: RiskModel, draws: Draws) -> tuple[I64, list[tuple[int, int, I64]]]:
    """Durations after the risk events, and each (risk, task, delta) for the tornado."""
    index = {int(u): i for i, u in enumerate(model.network.uids.tolist())}
    base = draws.durations
    total: I64 = np.zeros_like(base)
    parts: list[tuple[int, int, I64]] = []
    for r, risk in enumerate(model.risks):
        if risk.time is None:
            continue
        for uid in risk.tasks:
            t = index[uid]
            if risk.time_unit is ImpactUnit.PERCENT:
                d = np.rint(draws.severity[r] * base[t] / 100.0).astype(np.int64)
            else:
                d = np.rint(draws.severity[r]).astype(np.int64)
            d = np.where(draws.occurs[r], d, 0)
            total[t] += d
            parts.append((r, t, d))
    hit = np.flatnonzero(np.any(total != 0, axis=1))
    dur = base.copy()
    dur[hit] = np.maximum(base[hit] + total[hit], 0)
    return dur, parts


def _forward(g: _Network, dur: I64) -> tuple[I64, I64]:
    es = np.zeros_like(dur)
    ef = np.zeros_like(dur)
    for q in g.order:
        start = np.zeros(dur.shape[1], dtype=np.int64)
        for p, t, lag in g.preds[q]:
            c = (ef[p] if t in (0, 2) else es[p]) + lag
            if t >= 2:
                c = c - dur[q]
            np.maximum(start, c, out=start)
        es[q] = start
        ef[q] = start + dur[q]
    return es, ef


def _ranks(x: NDArray[np.generic]) -> F64:
    return np.argsort(np.argsort(x, axis=-1), axis=-1).astype(np.float64)


def _statistics(model: RiskModel, dur: I64, finish: I64, critical: F64) -> tuple[F64, F64, F64]:
    cost = np.zeros(dur.shape[1])
    rate = np.zeros(dur.shape[0])
    fixed = 0.0
    index = {int(u): i for i, u in enumerate(model.network.uids.tolist())}
    for c in model.costs:
        rate[index[c.task]] = c.rate
        fixed += c.fixed
    cost = fixed + rate @ dur
    np.percentile(finish, np.arange(10, 100, 10))
    rf = _ranks(finish)
    rd = _ranks(dur)
    rd -= rd.mean(axis=1, keepdims=True)
    rf -= rf.mean()
    with np.errstate(invalid="ignore", divide="ignore"):
        sens = (rd @ rf) / np.sqrt((rd * rd).sum(axis=1) * (rf @ rf))
    return cost, np.nan_to_num(sens), critical


def analyse_numpy(model: RiskModel, draws: Draws, *, tornado: bool = True) -> PeerResult:
    """Passes vectorised over iterations, statistics, and the tornado by re-running per risk."""
    g = _Network(model)
    dur, parts = _impacts(model, draws)
    es, ef = _forward(g, dur)
    finish = ef.max(axis=0)
    lf = np.empty_like(ef)
    critical = np.zeros(dur.shape[0])
    for q in reversed(g.order):
        late = finish.copy()
        for s, t, lag in g.succs[q]:
            if t == 0:
                c = lf[s] - dur[s] - lag
            elif t == 1:
                c = lf[s] - dur[s] - lag + dur[q]
            elif t == 2:
                c = lf[s] - lag
            else:
                c = lf[s] - lag + dur[q]
            np.minimum(late, c, out=late)
        lf[q] = late
        critical[q] = np.count_nonzero(late - dur[q] - es[q] <= 0) / dur.shape[1]
    cost, sens, crit = _statistics(model, dur, finish, critical)
    cost = cost + (draws.cost_severity * draws.occurs).sum(axis=0)
    tornado_mean = None
    if tornado:
        tornado_mean = np.zeros(len(model.risks))
        for r in range(len(model.risks)):
            mine = [(t, d) for rr, t, d in parts if rr == r]
            if not mine:
                continue
            base = draws.durations
            total = dur - base  # impacts of all risks (before the clip at zero)
            dur2 = dur.copy()
            for t, d in mine:
                dur2[t] = np.maximum(base[t] + total[t] - d, 0)
            _, ef2 = _forward(g, dur2)
            tornado_mean[r] = finish.mean() - ef2.max(axis=0).mean()
    return PeerResult(finish, cost, crit, sens, tornado_mean)


def run_numpy(model: RiskModel, iterations: int, seed: int) -> PeerResult:
    """The numpy peer, end to end (timed)."""
    return analyse_numpy(model, draw_numpy(model, iterations, seed))


def run_networkx(model: RiskModel, iterations: int, seed: int) -> PeerResult:
    """The networkx peer, end to end: numpy draws and statistics, one nx CPM per iteration."""
    draws = draw_numpy(model, iterations, seed)
    return analyse_networkx(model, draws)


def analyse_networkx(model: RiskModel, draws: Draws) -> PeerResult:
    """One networkx CPM per iteration on the drawn durations."""
    net = model.network
    dur, _ = _impacts(model, draws)
    graph: nx.DiGraph[int] = nx.DiGraph()
    graph.add_nodes_from(range(net.n_tasks))
    graph.add_edges_from(
        (p, s, {"type": t, "lag": g})
        for p, s, t, g in zip(
            net.pred.tolist(), net.succ.tolist(), net.link_type.tolist(), net.lag.tolist(), strict=True
        )
    )
    nodes = graph.nodes
    n_iter = dur.shape[1]
    finish = np.empty(n_iter, dtype=np.int64)
    critical = np.zeros(net.n_tasks)
    columns = dur.T.tolist()
    for k in range(n_iter):
        for i, d in enumerate(columns[k]):
            nodes[i]["duration"] = d
        pf, _es, _ef, _ls, _lf, ts, _fs = nx_cpm(graph)
        finish[k] = pf
        for i, slack in ts.items():
            if slack <= 0:
                critical[i] += 1
    cost, sens, crit = _statistics(model, dur, finish, critical / n_iter)
    cost = cost + (draws.cost_severity * draws.occurs).sum(axis=0)
    return PeerResult(finish, cost, crit, sens, None)
