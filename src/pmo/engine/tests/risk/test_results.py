"""Seeds, risk events, correlation, sensitivity indices, progress, and the summary figures."""

from __future__ import annotations

import math

import numpy as np
import pytest

from pmo.engine.risk import (
    ENGINE_VERSION,
    Correlation,
    Distribution,
    Estimate,
    ImpactUnit,
    RiskEvent,
    RiskModel,
    RiskNetwork,
    Settings,
    TaskCost,
    ThreePoint,
    simulate,
)
from pmo.engine.tests.risk.helpers import random_model

DAY = 480


def spearman(x: np.ndarray, y: np.ndarray) -> float:
    """Spearman's rho with average ranks for ties (independent of the engine's code)."""

    def ranks(v: np.ndarray) -> np.ndarray:
        order = np.argsort(v, kind="stable")
        r = np.empty(len(v))
        r[order] = np.arange(1, len(v) + 1)
        for value in np.unique(v):
            same = v == value
            r[same] = r[same].mean()
        return r

    return float(np.corrcoef(ranks(x), ranks(y))[0, 1])


def test_same_seed_gives_identical_results_and_another_seed_does_not() -> None:
    model = random_model(25, 3, risks=3)
    run = Settings(iterations=500)
    a, b, c = simulate(model, run, rng=42), simulate(model, run, rng=42), simulate(model, run, rng=43)
    assert np.array_equal(a.finish.values, b.finish.values) and a.cost is not None and b.cost is not None
    assert np.array_equal(a.cost.values, b.cost.values)
    assert np.array_equal(a.tasks.sensitivity, b.tasks.sensitivity) and a.tornado == b.tornado
    assert not np.array_equal(a.finish.values, c.finish.values)
    assert (a.seed, a.iterations, a.settings, a.engine_version) == (42, 500, run, ENGINE_VERSION)


def test_without_a_seed_one_is_drawn_and_stored() -> None:
    model = random_model(10, 1)
    first = simulate(model, Settings(iterations=100))
    assert isinstance(first.seed, int)
    again = simulate(model, Settings(iterations=100), rng=first.seed)
    assert np.array_equal(first.finish.values, again.finish.values)
    given_generator = simulate(model, Settings(iterations=100), rng=np.random.default_rng(1))
    assert given_generator.seed is None


def test_a_risk_event_delays_its_task_in_the_share_of_iterations_it_occurs() -> None:
    # Given one fixed 10-day task and a 30% risk of +50% (and 2,000 of cost per occurrence)
    net = RiskNetwork.from_arrays(duration=[10 * DAY], uids=[7])
    risk = RiskEvent(
        "late permit", 30, (7,), ThreePoint.fixed(50), ImpactUnit.PERCENT, ThreePoint.fixed(2000)
    )
    model = RiskModel(net, risks=(risk,), costs=(TaskCost(7, fixed=1000, rate=1.0),))
    res = simulate(model, Settings(iterations=10_000, deadline=12 * DAY), rng=9)
    # then the finish is 10 or 15 days, 15 in about 30% of the iterations
    assert set(np.unique(res.finish.values).tolist()) == {10 * DAY, 15 * DAY}
    late = res.finish.values == 15 * DAY
    assert late.mean() == pytest.approx(0.30, abs=0.015)
    assert res.probability_deadline == pytest.approx(1 - late.mean())
    # and its cost is fixed + rate x duration + the risk's cost when it occurs
    assert res.cost is not None
    assert np.array_equal(res.cost.values, np.where(late, 1000 + 15 * DAY + 2000, 1000 + 10 * DAY))
    # and the tornado says what it adds
    (bar,) = res.tornado
    assert bar.occurrences == int(late.sum())
    assert bar.finish_mean == pytest.approx(late.mean() * 5 * DAY)
    assert bar.finish_p50 == 0 and bar.finish_p80 == 5 * DAY
    assert bar.cost_mean == pytest.approx(late.mean() * (5 * DAY + 2000))


def test_an_opportunity_shortens_but_never_below_zero() -> None:
    net = RiskNetwork.from_arrays(duration=[DAY])
    model = RiskModel(
        net, risks=(RiskEvent("O1", 100, (0,), ThreePoint.fixed(-2 * DAY), ImpactUnit.MINUTES),)
    )
    res = simulate(model, Settings(iterations=20), rng=1)
    assert res.finish.maximum == 0.0
    assert res.tornado[0].finish_mean == -DAY


def test_rank_correlation_is_induced_and_marginals_kept() -> None:
    # Given three uncertain tasks in parallel with target rank correlations
    net = RiskNetwork.from_arrays(duration=[5 * DAY] * 3, uids=[1, 2, 3])
    est = (
        Estimate(1, 3 * DAY, 5 * DAY, 9 * DAY, Distribution.PERT),
        Estimate(2, 2 * DAY, 5 * DAY, 6 * DAY),
        Estimate(3, 4 * DAY, 5 * DAY, 12 * DAY, Distribution.LOGNORMAL),
    )
    corr = (Correlation(1, 2, 0.8), Correlation(1, 3, -0.4))
    run = Settings(iterations=10_000, keep_durations=True)
    plain = simulate(RiskModel(net, est), run, rng=3)
    tied = simulate(RiskModel(net, est, correlations=corr), run, rng=3)
    assert tied.durations is not None and plain.durations is not None
    d = tied.durations
    # then the rank correlations are near the targets (the unspecified pair follows from them)
    assert spearman(d[0], d[1]) == pytest.approx(0.8, abs=0.03)
    assert spearman(d[0], d[2]) == pytest.approx(-0.4, abs=0.03)
    # and each task has the same draws as without correlation, only in another order
    assert np.array_equal(np.sort(d, axis=1), np.sort(plain.durations, axis=1))


def test_sensitivity_is_spearman_and_the_indices_follow_their_formulas() -> None:
    model = random_model(30, 8, risks=3)
    res = simulate(model, Settings(iterations=3000, keep_durations=True), rng=8)
    assert res.durations is not None
    t = res.tasks
    finish = res.finish.values
    for i in range(0, 30, 3):
        row = res.durations[i]
        expected = 0.0 if row.min() == row.max() else spearman(row, finish)
        assert t.sensitivity[i] == pytest.approx(expected, abs=1e-9)
        assert t.std[i] == pytest.approx(row.std(ddof=1), rel=1e-9, abs=1e-9)
        assert t.mean[i] == pytest.approx(row.mean(), rel=1e-12)
    assert np.allclose(t.cruciality, t.criticality * t.sensitivity)
    assert np.allclose(t.ssi, t.criticality * t.std / res.finish.std)


def test_a_dominant_task_has_the_highest_indices() -> None:
    # Given A (wide spread) in parallel with B (narrow) after a fixed start task S
    net = RiskNetwork.from_arrays(duration=[DAY, 10 * DAY, 9 * DAY], pred=[0, 0], succ=[1, 2], uids=[0, 1, 2])
    est = (Estimate(1, 5 * DAY, 10 * DAY, 20 * DAY), Estimate(2, 8 * DAY, 9 * DAY, 10 * DAY))
    res = simulate(RiskModel(net, est), Settings(iterations=5000), rng=4)
    t = res.tasks
    assert t.criticality[0] == 1.0 and t.sensitivity[0] == 0.0
    assert t.criticality[1] > 0.7 and t.criticality[2] < 0.3  # P(A > B) is about 0.78
    assert t.sensitivity[1] > 0.8 and abs(t.sensitivity[2]) < 0.2
    assert t.ssi[1] > t.ssi[2] and t.cruciality[1] > t.cruciality[2]


def test_percentiles_histogram_s_curve_and_joint_confidence() -> None:
    model = random_model(20, 6, risks=2)
    res = simulate(model, Settings(iterations=2000, bins=20, percentiles=(10, 50, 80, 90)), rng=6)
    finish = np.sort(res.finish.values)
    for p, f, c in res.percentiles:
        # the smallest outcome that at least p% of iterations do not exceed
        k = max(math.ceil(p / 100 * 2000) - 1, 0)
        assert f == finish[k]
        assert res.cost is not None and c == np.sort(res.cost.values)[k]
    assert [p for p, _, _ in res.percentiles] == [10, 50, 80, 90]
    assert sum(res.finish.histogram.counts) == 2000 and len(res.finish.histogram.edges) == 21
    probs = [p for _, p in res.finish.s_curve]
    assert probs == sorted(probs) and probs[-1] == 1.0
    for p, joint in res.joint_confidence:
        assert joint <= p / 100 + 1e-12  # never above either marginal
    assert res.joint_probability(math.inf, math.inf) == 1.0
    f80, c80 = res.percentiles[2][1], res.percentiles[2][2]
    assert res.joint_probability(f80, c80) == dict(res.joint_confidence)[80]


def test_progress_is_reported_and_can_cancel() -> None:
    model = random_model(10, 2)
    seen: list[float] = []
    simulate(model, Settings(iterations=2000), rng=1, progress=seen.append)
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) >= 4

    def cancel(share: float) -> None:
        if share > 0.5:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        simulate(model, Settings(iterations=2000), rng=1, progress=cancel)


def test_result_arrays_are_read_only() -> None:
    res = simulate(random_model(5, 1), Settings(iterations=10), rng=1)
    with pytest.raises(ValueError, match="read-only"):
        res.finish.values[0] = 0
    with pytest.raises(ValueError, match="read-only"):
        res.tasks.criticality[0] = 0.5


def test_huge_spreads_take_the_float_path_for_the_standard_deviation() -> None:
    # Given a task whose durations span most of the int32 range (integer sums would overflow)
    net = RiskNetwork.from_arrays(duration=[10**9])
    est = (Estimate(0, 0, 10**9, 2 * 10**9, Distribution.UNIFORM),)
    res = simulate(RiskModel(net, est), Settings(iterations=500, keep_durations=True), rng=1)
    assert res.durations is not None
    assert res.tasks.std[0] == pytest.approx(res.durations[0].astype(float).std(ddof=1), rel=1e-9)
    assert res.tasks.sensitivity[0] == pytest.approx(1.0)


def test_a_cost_only_risk_moves_the_cost_not_the_finish() -> None:
    net = RiskNetwork.from_arrays(duration=[DAY, DAY], pred=[0], succ=[1])
    est = (Estimate(0, DAY // 2, DAY, 2 * DAY),)
    model = RiskModel(net, est, risks=(RiskEvent("fine", 50, cost=ThreePoint(100, 200, 400)),))
    res = simulate(model, Settings(iterations=4000), rng=12)
    (bar,) = res.tornado
    assert bar.finish_mean == bar.finish_p80 == 0.0
    assert res.cost is not None
    assert bar.cost_mean == pytest.approx(res.cost.mean, rel=1e-12)  # the only cost there is
    assert bar.cost_mean == pytest.approx(0.5 * (100 + 200 + 400) / 3, rel=0.06)
    assert 1800 < bar.occurrences < 2200
