"""Deterministic risk models on the scheduling benchmark's generated networks.

The network is ``bench.generate.generate(n, seed)`` (layered DAG, four link types, lags). On top:

- durations: 40% triangular, 40% BetaPERT, 20% uniform (tasks drawn at random); the planned
  duration is the most likely value; minimum 60-95% of it, maximum 110-200% of it (whole minutes);
- risk events (30 by default): probability 5-50%, 1 to 3 tasks each; half of them a percent
  impact (three-point, about 10/25/50%), half an absolute one (1/2/5 days, PERT); every event
  has a three-point cost impact;
- task costs: a fixed part and a rate per working minute for every task;
- no correlations (``correlated`` pairs of tasks can be added for the correlation case).

Examples
--------
>>> model = risk_model(1000, risks=30)
>>> model.network.n_tasks, len(model.estimates), len(model.risks)
(1000, 1000, 30)
"""

from __future__ import annotations

import numpy as np

from bench.generate import MINUTES_PER_DAY, Network, generate
from pmo.engine.risk import (
    Correlation,
    Distribution,
    Estimate,
    ImpactUnit,
    RiskEvent,
    RiskModel,
    RiskNetwork,
    TaskCost,
    ThreePoint,
)

SHARES = {Distribution.TRIANGULAR: 0.4, Distribution.PERT: 0.4, Distribution.UNIFORM: 0.2}


def risk_model(n: int, *, risks: int = 30, seed: int = 20260101, correlated: int = 0) -> RiskModel:
    """A risk model of ``n`` tasks (see the module docstring)."""
    net = generate(n, seed)
    return model_for(net, risks=risks, correlated=correlated)


def model_for(net: Network, *, risks: int = 30, correlated: int = 0) -> RiskModel:
    """The risk model on an already generated network."""
    rng = np.random.default_rng([net.seed, 7])
    n = net.n_tasks
    kinds = rng.choice(np.array(list(SHARES)), size=n, p=list(SHARES.values()))
    ml = net.duration
    lo = np.floor(ml * rng.uniform(0.6, 0.95, n)).astype(np.int64)
    hi = np.ceil(ml * rng.uniform(1.1, 2.0, n)).astype(np.int64)
    estimates = tuple(
        Estimate(i, int(a), int(m), int(b), Distribution(k))
        for i, (a, m, b, k) in enumerate(
            zip(lo.tolist(), ml.tolist(), hi.tolist(), kinds.tolist(), strict=True)
        )
    )
    events = []
    for r in range(risks):
        tasks = tuple(int(t) for t in rng.choice(n, size=int(rng.integers(1, 4)), replace=False))
        if r % 2 == 0:
            time = ThreePoint(10, 25, 50)
            unit = ImpactUnit.PERCENT
        else:
            time = ThreePoint(MINUTES_PER_DAY, 2 * MINUTES_PER_DAY, 5 * MINUTES_PER_DAY, Distribution.PERT)
            unit = ImpactUnit.MINUTES
        base = float(rng.uniform(5_000, 50_000))
        events.append(
            RiskEvent(
                id=f"R{r + 1:03d}",
                probability=float(np.round(rng.uniform(5, 50), 1)),
                tasks=tasks,
                time=time,
                time_unit=unit,
                cost=ThreePoint(0.5 * base, base, 3 * base),
            )
        )
    costs = tuple(
        TaskCost(i, fixed=float(f), rate=float(r))
        for i, (f, r) in enumerate(
            zip(rng.uniform(0, 10_000, n).round(2), rng.uniform(0.5, 3.0, n).round(3), strict=True)
        )
    )
    correlations = tuple(Correlation(int(2 * i), int(2 * i + 1), 0.6) for i in range(correlated))
    network = RiskNetwork.from_arrays(net.duration, net.pred, net.succ, net.link_type, net.lag)
    return RiskModel(network, estimates, tuple(events), correlations, costs)
