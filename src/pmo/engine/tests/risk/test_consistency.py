"""Every iteration is a real CPM run; the tornado is an exact leave-one-out; both code paths agree."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmo.engine.risk import RiskResult, Settings, simulate
from pmo.engine.risk import montecarlo as mc
from pmo.engine.schedule.fast import ArrayNetwork
from pmo.engine.tests.risk.helpers import random_model


@contextmanager
def fallback() -> Iterator[None]:
    """Run the numpy fallback in this block (what PMO_ENGINE_ACCELERATOR=off does for a process)."""
    before = mc._force_fallback
    mc._force_fallback = True
    try:
        yield
    finally:
        mc._force_fallback = before


def check_against_cpm(res: RiskResult, model_net: ArrayNetwork, iterations: int) -> None:
    assert res.durations is not None
    critical = np.zeros(res.durations.shape[0])
    for k in range(iterations):
        out = model_net.schedule(duration=res.durations[:, k].astype(np.int64))
        assert out.project_finish == res.finish.values[k], f"iteration {k}"
        critical += out.critical
    assert np.array_equal(critical / iterations, res.tasks.criticality)


@settings(max_examples=25, deadline=None)
@given(n=st.integers(1, 40), seed=st.integers(0, 10_000), risks=st.integers(0, 4))
def test_each_iteration_equals_the_scheduling_engine(n: int, seed: int, risks: int) -> None:
    # Given a random network with all link types, lags, every distribution and risk events
    model = random_model(n, seed, risks=risks)
    res = simulate(model, Settings(iterations=60, keep_durations=True), rng=seed)
    # then each iteration's finish and critical flags are the scheduling engine's on its durations
    net = model.network
    cpm = ArrayNetwork.build(net.duration, net.pred, net.succ, net.link_type, net.lag)
    check_against_cpm(res, cpm, 60)
    # and the deterministic finish is the plan's
    assert res.deterministic_finish == cpm.schedule(duration=net.duration).project_finish


@settings(max_examples=15, deadline=None)
@given(n=st.integers(2, 40), seed=st.integers(0, 10_000))
def test_tornado_is_the_run_without_the_risk(n: int, seed: int) -> None:
    # Given a model with risk events
    model = random_model(n, seed, risks=4)
    full = simulate(model, Settings(iterations=300), rng=seed)
    bars = {bar.risk: bar for bar in full.tornado}
    for r, risk in enumerate(model.risks):
        # when the same run is repeated with that risk made impossible (the draws stay the same)
        off = replace(model, risks=(*model.risks[:r], replace(risk, probability=0.0), *model.risks[r + 1 :]))
        without = simulate(off, Settings(iterations=300), rng=seed)
        # then its bar is exactly the difference
        bar = bars[risk.id]
        assert bar.finish_mean == pytest.approx(full.finish.mean - without.finish.mean, abs=1e-9)
        assert bar.finish_p50 == full.finish.percentile(50) - without.finish.percentile(50)
        assert bar.finish_p80 == full.finish.percentile(80) - without.finish.percentile(80)
        assert full.cost is not None and without.cost is not None
        assert bar.cost_mean == pytest.approx(full.cost.mean - without.cost.mean, rel=1e-9, abs=1e-6)
        assert bar.cost_p80 == pytest.approx(
            full.cost.percentile(80) - without.cost.percentile(80), rel=1e-9, abs=1e-6
        )


@settings(max_examples=10, deadline=None)
@given(n=st.integers(1, 30), seed=st.integers(0, 10_000))
def test_fallback_gives_identical_results(n: int, seed: int) -> None:
    model = random_model(n, seed, risks=3)
    run = Settings(iterations=700, keep_durations=True)  # more than one block of iterations
    fast = simulate(model, run, rng=seed)
    with fallback():
        slow = simulate(model, run, rng=seed)
    assert not slow.accelerated
    assert fast.durations is not None and slow.durations is not None
    assert np.array_equal(fast.durations, slow.durations)
    assert np.array_equal(fast.finish.values, slow.finish.values)
    assert fast.cost is not None and slow.cost is not None
    assert np.array_equal(fast.cost.values, slow.cost.values)
    for name in ("criticality", "sensitivity", "cruciality", "ssi", "mean", "std"):
        assert np.array_equal(getattr(fast.tasks, name), getattr(slow.tasks, name)), name
    assert fast.tornado == slow.tornado


def test_costs_add_up() -> None:
    # Given a model with task costs and risk cost impacts
    model = random_model(12, 4, risks=3)
    res = simulate(model, Settings(iterations=200, keep_durations=True), rng=2)
    assert res.durations is not None and res.cost is not None
    fixed = sum(c.fixed for c in model.costs)
    rate = np.array([c.rate for c in model.costs])
    task_part = fixed + rate @ res.durations.astype(np.float64)
    # then each iteration's cost is the task costs plus the occurring risks' cost draws
    extra = res.cost.values - task_part
    assert np.all(extra >= -1e-6)
    assert np.all((extra < 1e-6) | (extra >= 1000 - 1e-6))  # each cost draw is at least 1,000
    assert res.deterministic_cost == pytest.approx(fixed + rate @ model.network.duration)
