"""Runs against closed-form answers: worked example D, a chain of triangular tasks, parallel paths."""

from __future__ import annotations

import math

import numpy as np
import pytest

from pmo.engine.risk import Distribution, Estimate, RiskModel, RiskNetwork, Settings, simulate
from pmo.engine.risk.distributions import cdf, mean, variance

DAY = 480


def example_d(distribution: Distribution = Distribution.TRIANGULAR) -> RiskModel:
    """DOMAIN.md worked example D: A fixed 2 days, then B ~ triangular(2, 3, 6) days."""
    net = RiskNetwork.from_arrays(
        duration=[2 * DAY, 3 * DAY], pred=[0], succ=[1], uids=[1, 2], names=["A", "B"]
    )
    return RiskModel(net, estimates=(Estimate(2, 2 * DAY, 3 * DAY, 6 * DAY, distribution),))


def test_worked_example_d_within_monte_carlo_error() -> None:
    # Given worked example D, when it runs 10,000 seeded iterations
    res = simulate(example_d(), Settings(iterations=10_000), rng=20260101)
    # then the figures of DOMAIN.md come out within Monte Carlo error
    assert res.deterministic_finish == 5 * DAY
    assert res.probability_deterministic == pytest.approx(0.25, abs=0.02)
    assert res.finish.mean / DAY == pytest.approx(5.6667, abs=0.03)
    assert res.finish.percentile(50) / DAY == pytest.approx(5.5505, abs=0.03)
    assert res.finish.percentile(80) / DAY == pytest.approx(6.4508, abs=0.03)
    assert res.finish.percentile(90) / DAY == pytest.approx(6.9046, abs=0.03)
    assert res.tasks.criticality.tolist() == [1.0, 1.0]
    assert res.iterations == 10_000 and res.seed == 20260101


def test_worked_example_d_analytic_helpers_agree_with_domain() -> None:
    # The closed forms used below are themselves checked against DOMAIN.md's figures.
    b = (2.0, 3.0, 6.0)
    assert 2 + mean(Distribution.TRIANGULAR, *b) == pytest.approx(5.6667, abs=1e-4)
    assert cdf(Distribution.TRIANGULAR, *b, 3.0) == pytest.approx(0.25)
    assert cdf(Distribution.TRIANGULAR, *b, 4.4508) == pytest.approx(0.80, abs=1e-4)


@pytest.mark.parametrize(
    "distribution", [Distribution.TRIANGULAR, Distribution.PERT, Distribution.UNIFORM, Distribution.LOGNORMAL]
)
def test_chain_has_the_exact_mean_and_variance(distribution: Distribution) -> None:
    # Given a chain of five tasks with different three-point estimates (days)
    points = [(1, 2, 4), (2, 5, 6), (3, 3, 9), (0.5, 1, 3), (4, 6, 10)]
    n = len(points)
    net = RiskNetwork.from_arrays(duration=[p[1] * DAY for p in points], pred=range(n - 1), succ=range(1, n))
    estimates = tuple(
        Estimate(i, a * DAY, m * DAY, b * DAY, distribution) for i, (a, m, b) in enumerate(points)
    )
    if distribution is Distribution.LOGNORMAL:  # a lognormal needs min < most likely
        estimates = tuple(
            Estimate(
                e.task,
                e.minimum - DAY if e.minimum == e.most_likely else e.minimum,
                e.most_likely,
                e.maximum,
                distribution,
            )
            for e in estimates
        )
    # When it runs 40,000 iterations
    iterations = 40_000
    res = simulate(RiskModel(net, estimates), Settings(iterations=iterations), rng=11)
    # then the finish has the sum of the task means and variances (durations are independent)
    mu = sum(mean(distribution, e.minimum, e.most_likely, e.maximum) for e in estimates)
    var = (
        sum(variance(distribution, e.minimum, e.most_likely, e.maximum) for e in estimates) + n / 12
    )  # rounding
    sigma = math.sqrt(var)
    assert abs(res.finish.mean - mu) < 4 * sigma / math.sqrt(iterations)
    assert res.finish.std**2 == pytest.approx(var, rel=0.04)
    # and each task's reported mean and standard deviation match its own distribution
    for i, e in enumerate(estimates):
        task_sigma = math.sqrt(variance(distribution, e.minimum, e.most_likely, e.maximum))
        assert abs(
            res.tasks.mean[i] - mean(distribution, e.minimum, e.most_likely, e.maximum)
        ) < 5 * task_sigma / math.sqrt(iterations)
        assert res.tasks.std[i] == pytest.approx(task_sigma, rel=0.04)
    assert res.tasks.criticality.tolist() == [1.0] * n


@pytest.mark.parametrize("paths", [2, 5])
def test_identical_parallel_paths_have_cdf_f_to_the_n(paths: int) -> None:
    # Given n identical, independent tasks side by side (triangular 2, 3, 6 days)
    a, m, b = 2 * DAY, 3 * DAY, 6 * DAY
    net = RiskNetwork.from_arrays(duration=[m] * paths)
    estimates = tuple(Estimate(i, a, m, b) for i in range(paths))
    iterations = 20_000
    res = simulate(RiskModel(net, estimates), Settings(iterations=iterations), rng=5)
    # then P(finish <= x) = F(x)^n (F of the duration rounded to whole minutes)
    for x in np.linspace(a + 60, b - 60, 12):
        x = float(round(x))
        expected = cdf(Distribution.TRIANGULAR, a, m, b, x + 0.5) ** paths
        assert res.finish.probability_at_most(x) == pytest.approx(expected, abs=0.015)
    # and every path is critical about 1/n of the time (ties make the sum slightly over 1)
    assert res.tasks.criticality == pytest.approx(np.full(paths, 1 / paths), abs=0.02)
    assert res.tasks.criticality.sum() >= 1.0


def test_fixed_network_gives_the_deterministic_schedule() -> None:
    # Given no estimates at all, when it runs, then every iteration is the plan
    net = RiskNetwork.from_arrays(duration=[DAY, 2 * DAY, DAY], pred=[0, 0], succ=[1, 2])
    res = simulate(RiskModel(net), Settings(iterations=50), rng=1)
    assert res.finish.minimum == res.finish.maximum == res.deterministic_finish == 3 * DAY
    assert res.tasks.criticality.tolist() == [1.0, 1.0, 0.0]
    assert res.tasks.sensitivity.tolist() == [0.0, 0.0, 0.0]
    assert res.probability_deterministic == 1.0
