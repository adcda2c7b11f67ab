"""Indices and forecasts against the worked examples of DOMAIN.md section 2, and undefined ratios."""

from __future__ import annotations

import math

import pytest

from pmo.engine.evm import EACMethod, EVMInputError, indices


def test_example_a_fence_reproduces_every_figure() -> None:
    # Given the fence at the end of day 3 (Mulcahy): PV 3,000, EV 2,500, AC 2,800, BAC 4,000
    f = indices(bac=4000, pv=3000, ev=2500, ac=2800)
    # Then every figure of DOMAIN.md example A holds
    assert (f.cv, f.sv) == (-300.0, -500.0)
    assert f.cpi == pytest.approx(0.892857, abs=5e-7)
    assert f.spi == pytest.approx(0.833333, abs=5e-7)
    # EAC(1) is 4,480 exactly: the book's 4,479 comes from rounding CPI to .893 first.
    assert f.eac == 4480.0
    assert round(4000 / 0.893) == 4479
    assert f.etc == 1680.0
    assert f.vac == -480.0
    assert f.forecast(EACMethod.BUDGET_RATE).eac == 4300.0
    assert f.forecast(EACMethod.COMPOSITE).eac == 4816.0
    assert f.tcpi_bac == 1.25
    assert f.tcpi_eac == pytest.approx(0.892857, abs=5e-7)


def test_example_b_microsoft_tcpi() -> None:
    # Given BAC 200, EV 125, AC 150: TCPI(BAC) = 75 / 50
    assert indices(bac=200, pv=125, ev=125, ac=150).tcpi_bac == 1.5


def test_example_c_pra_vignette() -> None:
    # Given BAC 100,000, PV 40,000, 35 % complete, AC 9,000 + 18,000 + 36,000
    f = indices(bac=100_000, pv=40_000, ev=35_000, ac=9_000 + 18_000 + 36_000)
    assert (f.pv, f.ev, f.ac) == (40_000.0, 35_000.0, 63_000.0)
    assert (f.sv, f.cv) == (-5_000.0, -28_000.0)
    assert f.spi == 0.875
    assert f.cpi == pytest.approx(0.555556, abs=5e-7)
    assert f.eac == 180_000.0
    assert f.forecast(EACMethod.BUDGET_RATE).eac == 128_000.0
    assert f.forecast(EACMethod.COMPOSITE).eac == pytest.approx(196_714.29, abs=0.005)
    assert f.etc == 117_000.0
    assert f.vac == -80_000.0
    assert f.tcpi_bac == pytest.approx(1.756757, abs=5e-7)


def test_bottom_up_eac_is_ac_plus_the_estimate() -> None:
    f = indices(bac=4000, pv=3000, ev=2500, ac=2800, bottom_up_etc=1500, method=EACMethod.BOTTOM_UP)
    assert (f.eac, f.etc, f.vac) == (4300.0, 1500.0, -300.0)
    assert f.tcpi_eac == 1.0
    assert indices(bac=4000, pv=3000, ev=2500, ac=2800).forecast(EACMethod.BOTTOM_UP).eac is None


def test_method_selects_what_eac_etc_vac_and_tcpi_report() -> None:
    f = indices(bac=4000, pv=3000, ev=2500, ac=2800, method=EACMethod.COMPOSITE)
    assert (f.eac, f.etc, f.vac) == (4816.0, 2016.0, -816.0)
    assert f.tcpi_eac == pytest.approx(1500 / 2016)


def test_nothing_spent_or_planned_gives_none_not_an_error() -> None:
    # Given a project that has not started: every ratio is undefined, none raises
    f = indices(bac=1000, pv=0, ev=0, ac=0)
    assert f.cpi is None and f.spi is None and f.cv_percent is None and f.sv_percent is None
    assert f.forecast(EACMethod.CPI).eac is None
    assert f.forecast(EACMethod.COMPOSITE).eac is None
    assert f.forecast(EACMethod.BUDGET_RATE).eac == 1000.0
    assert f.tcpi_bac == 1.0


def test_zero_earned_with_cost_gives_cpi_zero_and_no_cpi_forecast() -> None:
    f = indices(bac=1000, pv=100, ev=0, ac=50)
    assert f.cpi == 0.0
    assert f.eac is None and f.etc is None and f.vac is None and f.tcpi_eac is None


def test_budget_fully_spent_gives_no_tcpi_bac_and_zero_budget_no_percentages() -> None:
    assert indices(bac=1000, pv=1000, ev=800, ac=1000).tcpi_bac is None
    f = indices(bac=0, pv=0, ev=0, ac=0)
    assert f.percent_complete is None and f.percent_spent is None


def test_eac_equal_to_ac_gives_no_tcpi_eac() -> None:
    # EV = BAC with AC spent: EAC(2) = AC, so (BAC − EV) / (EAC − AC) is 0 / 0
    f = indices(bac=1000, pv=1000, ev=1000, ac=1200, method=EACMethod.BUDGET_RATE)
    assert f.eac == 1200.0 and f.tcpi_eac is None


@pytest.mark.parametrize("name", ["bac", "pv", "ev", "ac", "bottom_up_etc"])
def test_a_non_finite_input_is_refused_naming_the_field(name: str) -> None:
    values = {"bac": 1.0, "pv": 1.0, "ev": 1.0, "ac": 1.0, "bottom_up_etc": 1.0, name: math.nan}
    with pytest.raises(EVMInputError, match=name) as err:
        indices(**values)
    assert err.value.field == name
