"""Earned schedule on curves worked by hand (the arithmetic is in each test)."""

from __future__ import annotations

import pytest

from pmo.engine.evm import EVMInputError, earned_schedule, schedule_figures


def test_fence_on_a_daily_axis() -> None:
    # PV cumulative by day: 0, 1000, 2000, 3000, 4000. EV 2,500 lies between day 2 (2,000) and
    # day 3 (3,000): ES = 2 + (2500 − 2000) / (3000 − 2000) = 2.5 days. AT = 3.
    # SV(t) = 2.5 − 3 = −0.5 day; SPI(t) = 2.5 / 3 = 0.8333; IEAC(t) = PD / SPI(t) = 4 / 0.8333 = 4.8 days.
    r = earned_schedule([0, 1, 2, 3, 4], [0, 1000, 2000, 3000, 4000], ev=2500, at=3)
    assert r.es == 2.5
    assert r.sv_t == -0.5
    assert r.spi_t == pytest.approx(2.5 / 3)
    assert r.pd == 4.0
    assert r.ieac_t == pytest.approx(4.8)


def test_example_c_on_periods() -> None:
    # Cumulative PV by period: 10k, 20k, 40k, 70k, 100k. EV 35k: C = 2 (PV_2 = 20k ≤ 35k < 40k),
    # ES = 2 + (35 − 20) / (40 − 20) = 2.75 periods; AT 3 → SV(t) −0.25, SPI(t) 0.916667,
    # IEAC(t) = 5 / 0.916667 = 5.454545 periods.
    r = earned_schedule([0, 1, 2, 3, 4, 5], [0, 10e3, 20e3, 40e3, 70e3, 100e3], ev=35e3, at=3)
    assert r.es == 2.75
    assert r.sv_t == -0.25
    assert r.spi_t == pytest.approx(0.916667, abs=5e-7)
    assert r.ieac_t == pytest.approx(5.454545, abs=5e-7)


def test_late_project_keeps_losing_spi_t_after_the_planned_finish() -> None:
    # The fence at the end of day 6 with EV 3,500: SPI = EV / PV = 3500 / 4000 = 0.875 (PV stopped
    # growing at day 4), but ES = 3 + 500 / 1000 = 3.5 and SPI(t) = 3.5 / 6 = 0.583333;
    # IEAC(t) = 4 / 0.583333 = 6.857143 days.
    r = earned_schedule([0, 1, 2, 3, 4], [0, 1000, 2000, 3000, 4000], ev=3500, at=6)
    assert r.es == 3.5
    assert r.sv_t == -2.5
    assert r.spi_t == pytest.approx(0.583333, abs=5e-7)
    assert r.ieac_t == pytest.approx(6.857143, abs=5e-7)


def test_first_reach_on_a_flat_stretch() -> None:
    # PV 0, 100, 100, 100, 200: EV 100 was first planned at t = 1 (not 2 or 3); EV 150 is half-way
    # through the last step: ES = 3 + 50 / 100 = 3.5.
    times, pv = [0, 1, 2, 3, 4], [0, 100, 100, 100, 200]
    assert earned_schedule(times, pv, ev=100, at=2).es == 1.0
    assert earned_schedule(times, pv, ev=150, at=4).es == 3.5


def test_ahead_of_schedule_and_the_ends_of_the_curve() -> None:
    # EV 3,000 at day 2: ES 3 > AT 2, SPI(t) 1.5. EV 0: ES 0. EV ≥ BAC: ES = PD = 4.
    times, pv = [0, 1, 2, 3, 4], [0, 1000, 2000, 3000, 4000]
    ahead = earned_schedule(times, pv, ev=3000, at=2)
    assert (ahead.es, ahead.sv_t, ahead.spi_t) == (3.0, 1.0, 1.5)
    assert earned_schedule(times, pv, ev=0, at=2).es == 0.0
    assert earned_schedule(times, pv, ev=4000, at=5).es == 4.0
    assert earned_schedule(times, pv, ev=4100, at=5).es == 4.0


def test_planned_duration_is_when_pv_first_reaches_its_end_value() -> None:
    # The curve is flat after t = 3: PD = 3, not 5.
    r = earned_schedule([0, 1, 2, 3, 4, 5], [0, 10, 20, 30, 30, 30], ev=15, at=2)
    assert (r.es, r.pd) == (1.5, 3.0)
    assert r.ieac_t == pytest.approx(3 / 0.75)


def test_zero_actual_time_gives_undefined_spi_t() -> None:
    r = schedule_figures(es=0.0, at=0.0, pd=4.0)
    assert r.spi_t is None and r.ieac_t is None
    assert schedule_figures(es=0.0, at=2.0, pd=4.0).ieac_t is None  # SPI(t) = 0


@pytest.mark.parametrize(
    ("times", "pv", "field"),
    [
        ([0, 1, 1], [0, 1, 2], "times"),
        ([0, 1, 2], [0, 2, 1], "pv"),
        ([0, 1], [0, 1, 2], "pv"),
        ([], [], "pv"),
    ],
)
def test_invalid_curves_are_refused_naming_the_field(times: list[float], pv: list[float], field: str) -> None:
    with pytest.raises(EVMInputError) as err:
        earned_schedule(times, pv, ev=1, at=1)
    assert err.value.field == field
