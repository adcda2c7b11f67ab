"""Roll-ups sum PV, EV, AC and BAC before taking ratios; averaging indices gives other answers."""

from __future__ import annotations

from datetime import datetime
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from pmo.engine.evm import (
    EACMethod,
    EVMInputError,
    EVProject,
    EVTask,
    evaluate,
    indices,
    periods,
    roll_up,
    roll_up_series,
    time_phased,
)
from pmo.engine.tests.evm.test_evaluate import example_c, fence

money = st.integers(min_value=1, max_value=10**7)
project_values = st.tuples(money, money, money, money)  # bac, pv, ev, ac


@given(st.lists(project_values, min_size=1, max_size=8))
def test_rolled_up_indices_equal_the_indices_of_the_summed_values(rows: list[tuple[int, ...]]) -> None:
    projects = [indices(bac=b, pv=p, ev=e, ac=a, bottom_up_etc=b - e) for b, p, e, a in rows]
    rolled = roll_up(projects)
    bac, pv, ev, ac = (sum(r[k] for r in rows) for k in range(4))
    direct = indices(bac=bac, pv=pv, ev=ev, ac=ac, bottom_up_etc=bac - ev)
    for name in (
        "bac",
        "pv",
        "ev",
        "ac",
        "cv",
        "sv",
        "cpi",
        "spi",
        "tcpi_bac",
        "eac",
        "etc",
        "vac",
        "tcpi_eac",
    ):
        _same(getattr(rolled, name), getattr(direct, name), name)
    for method in EACMethod:
        _same(rolled.forecast(method).eac, direct.forecast(method).eac, method.value)


def _same(ours: float | None, expected: float | None, name: str) -> None:
    if expected is None:
        assert ours is None, name
    else:
        assert ours == pytest.approx(expected, rel=1e-12), name


@given(project_values, project_values)
def test_rolled_up_cpi_and_spi_differ_from_the_average_of_the_projects(
    a: tuple[int, ...], b: tuple[int, ...]
) -> None:
    # The summed CPI is the AC-weighted mean of the CPIs; it equals the plain mean only when the ACs
    # or the CPIs are equal. Keep the cases where the exact values differ clearly.
    exact_cpi = Fraction(a[2] + b[2], a[3] + b[3])
    mean_cpi = (Fraction(a[2], a[3]) + Fraction(b[2], b[3])) / 2
    assume(abs(exact_cpi - mean_cpi) > Fraction(1, 10**6) * mean_cpi)
    rolled = roll_up([indices(bac=x[0], pv=x[1], ev=x[2], ac=x[3]) for x in (a, b)])
    assert rolled.cpi == pytest.approx(float(exact_cpi), rel=1e-12)
    assert rolled.cpi != pytest.approx(float(mean_cpi), rel=1e-7)


def test_a_program_of_a_big_overrun_and_a_small_saving_is_over_budget() -> None:
    big = indices(bac=2e6, pv=1e6, ev=1e6, ac=2e6)  # CPI 0.5
    small = indices(bac=3000, pv=1000, ev=1500, ac=1000)  # CPI 1.5
    assert (big.cpi + small.cpi) / 2 == 1.0  # the wrong answer
    assert roll_up([big, small]).cpi == pytest.approx(1_001_500 / 2_001_000)


def test_roll_up_of_engine_results_and_of_their_time_phased_series() -> None:
    # Given the fence and example C evaluated at their own status dates
    a, c = evaluate(fence(), datetime(2024, 1, 3, 17)), evaluate(example_c(), datetime(2024, 1, 22))
    rolled = roll_up([a, c])
    assert (rolled.bac, rolled.pv, rolled.ev, rolled.ac) == (104_000.0, 43_000.0, 37_500.0, 65_800.0)
    assert rolled.cpi == pytest.approx(37_500 / 65_800)
    # And their weekly series on the same periods sum period by period
    ends = periods(datetime(2024, 1, 1), datetime(2024, 2, 2, 17), every="week")
    sa = time_phased(fence(), ends, status_date=datetime(2024, 1, 29))
    sc = time_phased(example_c(), ends, status_date=datetime(2024, 1, 22))
    total = roll_up_series([sa, sc])
    assert total.bac == 104_000.0
    np.testing.assert_array_equal(total.pv, sa.pv + sc.pv)
    assert total.status_date == datetime(2024, 1, 22)
    assert total.ev[2] == sa.ev[2] + sc.ev[2] and np.isnan(total.ev[3])
    assert total.figures(2).cpi == pytest.approx((sa.ev[2] + sc.ev[2]) / (sa.ac[2] + sc.ac[2]))


def test_roll_up_series_refuses_different_periods_and_an_empty_list() -> None:
    p = EVProject((EVTask(1, "A", 1.0, datetime(2024, 1, 1, 8), datetime(2024, 1, 1, 17)),))
    weekly = time_phased(p, periods(datetime(2024, 1, 1), datetime(2024, 1, 10), every="week"))
    daily = time_phased(p, periods(datetime(2024, 1, 1), datetime(2024, 1, 10), every="day"))
    with pytest.raises(EVMInputError) as err:
        roll_up_series([weekly, daily])
    assert err.value.field == "period_ends"
    with pytest.raises(EVMInputError):
        roll_up_series([])


def test_roll_up_of_nothing_is_zero_with_undefined_ratios() -> None:
    r = roll_up([])
    assert r.bac == 0.0 and r.cpi is None and r.bottom_up_etc is None
