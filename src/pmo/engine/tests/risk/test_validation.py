"""Invalid input is refused before anything runs, with the field (and task or risk) named."""

from __future__ import annotations

from dataclasses import replace

import pytest

from pmo.engine.risk import (
    Correlation,
    Distribution,
    Estimate,
    ImpactUnit,
    RiskEvent,
    RiskInputError,
    RiskModel,
    RiskNetwork,
    Settings,
    TaskCost,
    ThreePoint,
    simulate,
)

DAY = 480
NET = RiskNetwork.from_arrays(duration=[DAY, DAY, DAY], pred=[0, 1], succ=[1, 2], uids=[10, 20, 30])
OK = RiskModel(NET, estimates=(Estimate(10, 400, 480, 900), Estimate(20, 400, 480, 900, Distribution.PERT)))

CASES = [
    (
        replace(OK, estimates=(Estimate(10, 500, 480, 900),)),
        "estimates[0] (task 10).minimum",
        "minimum 500 > most likely 480",
    ),
    (
        replace(OK, estimates=(Estimate(10, 400, 950, 900),)),
        "estimates[0] (task 10).maximum",
        "most likely 950 > maximum 900",
    ),
    (replace(OK, estimates=(Estimate(10, -5, 480, 900),)), "estimates[0] (task 10).minimum", "at least 0"),
    (replace(OK, estimates=(Estimate(99, 400, 480, 900),)), "estimates[0].task", "unknown task 99"),
    (
        replace(OK, estimates=(Estimate(10, float("nan"), 480, 900),)),
        "estimates[0] (task 10).minimum",
        "finite",
    ),
    (
        replace(OK, estimates=(Estimate(10, 400, 480, 900), Estimate(10, 400, 480, 900))),
        "estimates[1].task",
        "more than one estimate",
    ),
    (
        replace(OK, estimates=(Estimate(10, 480, 480, 900, Distribution.LOGNORMAL),)),
        "estimates[0] (task 10).most_likely",
        "lognormal",
    ),
    (
        replace(OK, estimates=(Estimate(10, 1, 2, 3, "gamma"),)),
        "estimates[0] (task 10).distribution",
        "gamma",
    ),  # type: ignore[arg-type]
    (
        replace(OK, risks=(RiskEvent("R1", 120, (10,), ThreePoint(1, 2, 3)),)),
        "risks[0] (R1).probability",
        "0-100 %",
    ),
    (
        replace(OK, risks=(RiskEvent("R1", -1, (10,), ThreePoint(1, 2, 3)),)),
        "risks[0] (R1).probability",
        "0-100 %",
    ),
    (
        replace(OK, risks=(RiskEvent("R1", 50, (), ThreePoint(1, 2, 3)),)),
        "risks[0] (R1).tasks",
        "at least one task",
    ),
    (
        replace(OK, risks=(RiskEvent("R1", 50, (77,), ThreePoint(1, 2, 3)),)),
        "risks[0] (R1).tasks[0]",
        "unknown task 77",
    ),
    (
        replace(OK, risks=(RiskEvent("R1", 50, (10, 10), ThreePoint(1, 2, 3)),)),
        "risks[0] (R1).tasks[1]",
        "twice",
    ),
    (
        replace(OK, risks=(RiskEvent("R1", 50, (10,), ThreePoint(-150, 2, 3), ImpactUnit.PERCENT),)),
        "risks[0] (R1).time.minimum",
        "at least -100",
    ),
    (
        replace(OK, risks=(RiskEvent("R1", 50, (10,), cost=ThreePoint(5, 2, 3)),)),
        "risks[0] (R1).cost.minimum",
        "5 > most likely 2",
    ),
    (replace(OK, risks=(RiskEvent("R1", 5), RiskEvent("R1", 5))), "risks[1].id", "duplicate"),
    (replace(OK, risks=(RiskEvent("", 5),)), "risks[0].id", "non-empty"),
    (replace(OK, correlations=(Correlation(10, 20, 1.5),)), "correlations[0].coefficient", "-1 to 1"),
    (
        replace(OK, correlations=(Correlation(10, 30, 0.5),)),
        "correlations[0]",
        "task 30 has no uncertain estimate",
    ),
    (replace(OK, correlations=(Correlation(10, 10, 0.5),)), "correlations[0].task_b", "itself"),
    (replace(OK, costs=(TaskCost(10, rate=float("inf")),)), "costs[0] (task 10).rate", "finite"),
    (replace(OK, costs=(TaskCost(40),)), "costs[0].task", "unknown task 40"),
]


@pytest.mark.parametrize(("model", "field", "words"), CASES, ids=[c[1] + ":" + c[2] for c in CASES])
def test_bad_model_is_refused_naming_the_field(model: RiskModel, field: str, words: str) -> None:
    with pytest.raises(RiskInputError) as info:
        simulate(model, Settings(iterations=10), rng=1)
    assert info.value.field == field
    assert words in str(info.value)
    assert str(info.value).startswith(field)


def test_inconsistent_correlations_are_refused() -> None:
    # Given three tasks where a~b and a~c strongly but b~c strongly negative: no such matrix exists
    est = tuple(Estimate(u, 400, 480, 900) for u in (10, 20, 30))
    corr = (Correlation(10, 20, 0.9), Correlation(10, 30, 0.9), Correlation(20, 30, -0.9))
    with pytest.raises(RiskInputError, match="tasks 10, 20, 30 are inconsistent") as info:
        simulate(RiskModel(NET, est, correlations=corr), Settings(iterations=10), rng=1)
    assert info.value.field == "correlations"


@pytest.mark.parametrize(
    ("settings", "field", "words"),
    [
        (Settings(iterations=0), "settings.iterations", "at least 1, got 0"),
        (Settings(iterations=-3), "settings.iterations", "at least 1"),
        (Settings(iterations=100_001), "settings.iterations", "over the configured cap of 100000"),
        (Settings(iterations=600, max_iterations=500), "settings.iterations", "cap of 500"),
        (Settings(max_iterations=0), "settings.max_iterations", "positive"),
        (Settings(percentiles=(50, 101)), "settings.percentiles[1]", "0-100"),
        (Settings(bins=0), "settings.bins", "positive"),
    ],
)
def test_bad_settings_are_refused(settings: Settings, field: str, words: str) -> None:
    with pytest.raises(RiskInputError) as info:
        simulate(OK, settings, rng=1)
    assert info.value.field == field and words in str(info.value)


def test_a_cycle_is_refused_naming_the_tasks() -> None:
    net = RiskNetwork.from_arrays(duration=[DAY] * 3, pred=[0, 1, 2], succ=[1, 2, 0], uids=[10, 20, 30])
    with pytest.raises(RiskInputError, match="cycle through tasks") as info:
        simulate(RiskModel(net), Settings(iterations=10), rng=1)
    assert info.value.field == "network.links"


def test_bad_arrays_are_refused() -> None:
    with pytest.raises(RiskInputError, match=r"network\.succ"):
        RiskNetwork.from_arrays(duration=[1, 2], pred=[0], succ=[1, 0])
    with pytest.raises(RiskInputError, match=r"network\.duration: must hold integers"):
        RiskNetwork.from_arrays(duration=[1.5, 2])
    with pytest.raises(RiskInputError, match=r"network\.uids: task uids must be unique"):
        RiskNetwork.from_arrays(duration=[1, 2], uids=[3, 3])
    net = RiskNetwork.from_arrays(duration=[1, -2])
    with pytest.raises(RiskInputError, match="negative duration"):
        simulate(RiskModel(net), Settings(iterations=1), rng=1)


def test_the_first_error_leaves_no_partial_result() -> None:
    # Input errors are raised before any draw: the generator is untouched
    import numpy as np

    gen = np.random.default_rng(3)
    state = gen.bit_generator.state
    with pytest.raises(RiskInputError):
        simulate(replace(OK, risks=(RiskEvent("R1", 120),)), Settings(iterations=10), rng=gen)
    assert gen.bit_generator.state == state
