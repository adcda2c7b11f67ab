"""Deterministic generator of scheduling networks for the engine benchmark.

A network is a layered DAG whose task ids are shuffled, so that index order says
nothing about topological order.  It is returned as the plain numpy arrays of the
``pmo.engine.schedule.fast.ArrayNetwork.build`` contract:

- ``duration``: int64 working minutes per task (task ``i`` is index ``i``);
- ``pred``, ``succ``: int64 task indices, one entry per link;
- ``link_type``: int8, 0=FS 1=SS 2=FF 3=SF;
- ``lag``: int64 working minutes, may be negative.

The recipe (the issue's "generated networks"):

- about ``sqrt(n) / 2`` layers; each task outside the first layer gets 1 to 3
  predecessors (mean 2) from earlier layers, 80% from the layer just before;
- link types 70% FS, 15% SS, 10% FF, 5% SF;
- about 25% of the links carry a lag, a whole number of working hours from
  -2 days to +5 days; a negative lag is only drawn for FS links and is kept
  shorter than the predecessor, so no link ever asks a successor to start before
  its predecessor starts;
- FF and SF lags are raised where needed so that no link asks a task to start
  before the project start (see ``_neutralise_forward_clamps``);
- durations are 1 to 20 working days of 480 minutes (one project calendar: the
  time line is continuous working minutes, 480 per working day).

Everything derives from ``seed``: the same ``(n, seed)`` always gives the same arrays.

Examples
--------
>>> net = generate(1000, seed=1)
>>> net.n_tasks, net.duration.dtype.name, net.link_type.dtype.name
(1000, 'int64', 'int8')
>>> bool((generate(1000, seed=1).pred == net.pred).all())
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

MINUTES_PER_DAY = 480
FS, SS, FF, SF = 0, 1, 2, 3
LINK_TYPE_NAMES = ("FS", "SS", "FF", "SF")
LINK_TYPE_SHARES = (0.70, 0.15, 0.10, 0.05)
LAG_SHARE = 0.25

# Per-task calendar variant: (name, working minutes per day, working days per week).
CALENDARS: tuple[tuple[str, int, int], ...] = (
    ("standard 5x8", 480, 5),
    ("six-day 6x8", 480, 6),
    ("24 hours 7x24", 1440, 7),
)
CALENDAR_SHARES = (0.6, 0.25, 0.15)

IntArray = NDArray[np.int64]


@dataclass(frozen=True)
class Network:
    """One generated network: the engine's array contract plus what made it."""

    duration: IntArray
    pred: IntArray
    succ: IntArray
    link_type: NDArray[np.int8]
    lag: IntArray
    seed: int
    layer: IntArray = field(repr=False)
    calendar: NDArray[np.int8] | None = field(default=None, repr=False)

    @property
    def n_tasks(self) -> int:
        """Number of tasks."""
        return int(self.duration.shape[0])

    @property
    def n_links(self) -> int:
        """Number of links."""
        return int(self.pred.shape[0])

    def describe(self) -> dict[str, object]:
        """Summary figures, for the results file."""
        types = np.bincount(self.link_type, minlength=4)
        return {
            "tasks": self.n_tasks,
            "links": self.n_links,
            "layers": int(self.layer.max()) + 1,
            "links_per_task": round(self.n_links / self.n_tasks, 3),
            "link_types": {
                name: round(int(c) / self.n_links, 3) for name, c in zip(LINK_TYPE_NAMES, types, strict=True)
            },
            "lagged_links": round(float(np.count_nonzero(self.lag)) / self.n_links, 3),
            "negative_lags": round(float(np.count_nonzero(self.lag < 0)) / self.n_links, 3),
            "seed": self.seed,
        }


def n_layers_for(n: int) -> int:
    """Number of layers used for ``n`` tasks (about ``sqrt(n) / 2``, at least 3)."""
    return max(3, round(math.sqrt(n) / 2))


def generate(n: int, seed: int = 20260101, *, task_calendars: bool = False) -> Network:
    """Generate a network of ``n`` tasks.

    Parameters
    ----------
    n
        Number of tasks (at least 10).
    seed
        Seed of the ``numpy.random.Generator``; the arrays depend on nothing else.
    task_calendars
        When true, also draw a calendar per task (``Network.calendar``, an index
        into ``CALENDARS``: 60% standard 5x8, 25% six-day, 15% 24 hours).  The
        links and durations are the same as without it.
    """
    if n < 10:
        msg = f"need at least 10 tasks, got {n}"
        raise ValueError(msg)
    rng = np.random.default_rng(seed)
    n_layers = n_layers_for(n)

    # Position p (0..n-1) in layer order; layers of near-equal width.
    bounds = np.linspace(0, n, n_layers + 1).round().astype(np.int64)
    layer_of_pos = np.repeat(np.arange(n_layers, dtype=np.int64), np.diff(bounds))

    # Predecessors per non-first-layer position: 1, 2 or 3 (mean 2).
    first = int(bounds[1])
    k = rng.choice(np.array([1, 2, 3]), size=n - first, p=[0.3, 0.4, 0.3])
    succ_pos = np.repeat(np.arange(first, n, dtype=np.int64), k)
    succ_layer = layer_of_pos[succ_pos]
    m = succ_pos.shape[0]
    # 80% from the previous layer, otherwise 2 to 5 layers back (clipped at layer 0).
    back = np.where(rng.random(m) < 0.8, 1, rng.integers(2, 6, size=m))
    pred_layer = np.maximum(succ_layer - back, 0)
    lo = bounds[pred_layer]
    hi = bounds[pred_layer + 1]
    pred_pos = lo + (rng.random(m) * (hi - lo)).astype(np.int64)

    # Drop duplicate (pred, succ) pairs.
    key = pred_pos * n + succ_pos
    _, keep = np.unique(key, return_index=True)
    keep.sort()
    pred_pos, succ_pos = pred_pos[keep], succ_pos[keep]
    m = pred_pos.shape[0]

    duration_pos = rng.integers(1, 21, size=n, dtype=np.int64) * MINUTES_PER_DAY

    link_type = rng.choice(np.arange(4, dtype=np.int8), size=m, p=list(LINK_TYPE_SHARES)).astype(np.int8)
    lag = np.zeros(m, dtype=np.int64)
    lagged = rng.random(m) < LAG_SHARE
    hours = rng.integers(-16, 41, size=m, dtype=np.int64)
    hours[hours == 0] = 8
    lag[lagged] = hours[lagged] * 60
    # Negative lags only on FS links, and shorter than the predecessor (see docstring).
    negative = lag < 0
    lag[negative & (link_type != FS)] *= -1
    pred_dur = duration_pos[pred_pos]
    too_long = (lag < 0) & (-lag >= pred_dur)
    lag[too_long] = -(pred_dur[too_long] // 2)

    _neutralise_forward_clamps(duration_pos, pred_pos, succ_pos, link_type, lag, layer_of_pos)

    # Shuffle task ids: perm[p] is the task id of position p.
    perm = rng.permutation(n).astype(np.int64)
    duration = np.empty(n, dtype=np.int64)
    duration[perm] = duration_pos
    layer = np.empty(n, dtype=np.int64)
    layer[perm] = layer_of_pos
    # Shuffle link order too.
    order = rng.permutation(m)
    pred = perm[pred_pos][order]
    succ = perm[succ_pos][order]
    link_type = link_type[order]
    lag = lag[order]

    calendar: NDArray[np.int8] | None = None
    if task_calendars:
        cal_rng = np.random.default_rng([seed, 1])
        calendar = cal_rng.choice(
            np.arange(len(CALENDARS), dtype=np.int8), size=n, p=list(CALENDAR_SHARES)
        ).astype(np.int8)

    return Network(
        duration=duration,
        pred=np.ascontiguousarray(pred),
        succ=np.ascontiguousarray(succ),
        link_type=np.ascontiguousarray(link_type),
        lag=np.ascontiguousarray(lag),
        seed=seed,
        layer=layer,
        calendar=calendar,
    )


def perturb(net: Network, seed: int, share: float = 0.1) -> tuple[IntArray, IntArray]:
    """New ``(duration, lag)`` arrays for a warm recalculation.

    About ``share`` of the durations are redrawn (1 to 20 days) and about
    ``share`` of the lags are scaled by one of 0.5, 1.5 or 2 (keeping the
    negative-lag and no-start-before-the-project rules).  The network itself is unchanged.
    """
    rng = np.random.default_rng([net.seed, seed])
    duration = net.duration.copy()
    pick = rng.random(net.n_tasks) < share
    duration[pick] = rng.integers(1, 21, size=int(pick.sum()), dtype=np.int64) * MINUTES_PER_DAY
    lag = net.lag.copy()
    pick_lag = (rng.random(net.n_links) < share) & (lag != 0)
    factor = rng.choice(np.array([0.5, 1.5, 2.0]), size=net.n_links)
    lag[pick_lag] = (lag[pick_lag] * factor[pick_lag]).astype(np.int64) // 60 * 60
    pred_dur = duration[net.pred]
    too_long = (lag < 0) & (-lag >= pred_dur)
    lag[too_long] = -(pred_dur[too_long] // 2)
    _neutralise_forward_clamps(duration, net.pred, net.succ, net.link_type, lag, net.layer)
    return duration, lag


def _neutralise_forward_clamps(
    duration: IntArray,
    pred: IntArray,
    succ: IntArray,
    link_type: NDArray[np.int8],
    lag: IntArray,
    layer: IntArray,
) -> None:
    """Raise FF and SF lags (in place) so that every link's start bound is >= 0.

    Schedulers differ on a link that would start its successor before the
    project start: MS Project (and MPXJ's ``MicrosoftScheduler``) moves an FF
    successor to the project start but lets an SF successor start earlier;
    textbook CPM clamps both or neither.  A benchmark must not depend on such a
    choice, so the generator makes it moot: one forward pass in layer order
    (links only go to later layers) and, for each FF or SF link whose bound is
    negative, the smallest lag that makes it zero.
    """
    n_layers = int(layer.max()) + 1
    es = np.zeros(duration.shape[0], dtype=np.int64)
    succ_layer = layer[succ]
    order = np.argsort(succ_layer, kind="stable")
    cuts = np.searchsorted(succ_layer[order], np.arange(n_layers + 1))
    for lay in range(1, n_layers):
        idx = order[cuts[lay] : cuts[lay + 1]]
        if idx.shape[0] == 0:
            continue
        p, s, t = pred[idx], succ[idx], link_type[idx]
        es_p = es[p]
        ef_p = es_p + duration[p]
        d_s = duration[s]
        base = np.select(
            [t == FS, t == SS, t == FF],
            [ef_p, es_p, ef_p - d_s],
            default=es_p - d_s,
        )
        cand = base + lag[idx]
        fix = (cand < 0) & ((t == FF) | (t == SF))
        if fix.any():
            lag[idx[fix]] = -base[fix]
            cand[fix] = 0
        np.maximum.at(es, s, cand)
