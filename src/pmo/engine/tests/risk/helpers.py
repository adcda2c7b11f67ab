"""Small random networks and models for the risk tests (seeded, all four link types, lags)."""

from __future__ import annotations

import numpy as np

from pmo.engine.risk import (
    Distribution,
    Estimate,
    ImpactUnit,
    RiskEvent,
    RiskModel,
    RiskNetwork,
    TaskCost,
    ThreePoint,
)

DAY = 480
KINDS = (
    Distribution.TRIANGULAR,
    Distribution.PERT,
    Distribution.UNIFORM,
    Distribution.LOGNORMAL,
    Distribution.FIXED,
)


def random_network(n: int, seed: int, *, links_per_task: float = 1.8) -> RiskNetwork:
    """A random DAG: each link joins a lower index to a higher one, then the indices are shuffled."""
    rng = np.random.default_rng(seed)
    m = int(n * links_per_task)
    a = rng.integers(0, n, m)
    b = rng.integers(0, n, m)
    keep = a != b
    lo, hi = np.minimum(a, b)[keep], np.maximum(a, b)[keep]
    pairs = np.unique(np.stack([lo, hi], axis=1), axis=0) if lo.size else np.zeros((0, 2), dtype=np.int64)
    perm = rng.permutation(n)
    types = rng.choice(4, size=pairs.shape[0], p=[0.6, 0.15, 0.15, 0.1]).astype(np.int8)
    lags = np.where(rng.random(pairs.shape[0]) < 0.3, rng.integers(-2, 6, pairs.shape[0]) * 60, 0)
    duration = rng.integers(0, 10, n) * DAY
    uids = rng.permutation(np.arange(100, 100 + n))
    return RiskNetwork.from_arrays(
        duration, perm[pairs[:, 0]], perm[pairs[:, 1]], types, lags.astype(np.int64), uids=uids
    )


def random_model(n: int, seed: int, *, risks: int = 4, costs: bool = True) -> RiskModel:
    """A random network with mixed estimates, risk events (both units, opportunities) and costs."""
    net = random_network(n, seed)
    rng = np.random.default_rng([seed, 1])
    estimates = []
    for i, uid in enumerate(net.uids.tolist()):
        ml = int(net.duration[i])
        kind = KINDS[int(rng.integers(0, len(KINDS)))]
        if ml == 0 and kind is Distribution.LOGNORMAL:
            kind = Distribution.TRIANGULAR
        lo = int(ml * rng.uniform(0.5, 1.0))
        hi = int(ml * rng.uniform(1.0, 2.0)) + (DAY if kind is Distribution.LOGNORMAL else 0)
        if kind is Distribution.LOGNORMAL and lo == ml:
            lo = ml - 1 if ml > 0 else 0
        estimates.append(Estimate(uid, lo, ml, hi, kind))
    events = []
    for r in range(risks):
        tasks = tuple(
            int(t) for t in rng.choice(net.uids, size=min(n, int(rng.integers(1, 4))), replace=False)
        )
        percent = r % 2 == 0
        time = ThreePoint(-20, 30, 80) if percent else ThreePoint(-DAY, 2 * DAY, 6 * DAY, Distribution.PERT)
        events.append(
            RiskEvent(
                id=f"R{r}",
                probability=float(rng.uniform(10, 60)),
                tasks=tasks,
                time=time,
                time_unit=ImpactUnit.PERCENT if percent else ImpactUnit.MINUTES,
                cost=ThreePoint(1000, 2000, 5000) if costs else None,
            )
        )
    cost_rows = tuple(
        TaskCost(u, fixed=100.0 * (i % 7), rate=0.25 * (i % 5)) for i, u in enumerate(net.uids.tolist())
    )
    return RiskModel(net, tuple(estimates), tuple(events), (), cost_rows if costs else ())
