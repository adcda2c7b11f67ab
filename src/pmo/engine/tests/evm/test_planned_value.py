"""The planned-value curve: budgets spread over each task's baseline working time."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmo.engine.evm import EVProject, EVTask, Profile, evaluate, periods, time_phased
from pmo.engine.schedule import Calendar, CalendarException
from pmo.engine.schedule.calendars import TWENTY_FOUR_HOURS


def pv_at(task: EVTask, at: datetime, **project: object) -> float:
    return evaluate(EVProject((task,), **project), at).figures.pv  # type: ignore[arg-type]


def test_linear_spread_follows_working_time_not_clock_time() -> None:
    # Friday 5 January 08:00 to Monday 8 January 17:00 is 960 working minutes of the Standard calendar.
    task = EVTask(1, "Span the weekend", 960.0, datetime(2024, 1, 5, 8), datetime(2024, 1, 8, 17))
    assert pv_at(task, datetime(2024, 1, 5, 12)) == 240.0  # 08-12 Friday
    assert pv_at(task, datetime(2024, 1, 5, 12, 30)) == 240.0  # lunch is not working time
    assert pv_at(task, datetime(2024, 1, 6, 12)) == 480.0  # Saturday: Friday fully planned
    assert pv_at(task, datetime(2024, 1, 8, 8)) == 480.0
    assert pv_at(task, datetime(2024, 1, 8, 17)) == 960.0
    assert pv_at(task, datetime(2024, 1, 4)) == 0.0
    assert pv_at(task, datetime(2025, 1, 1)) == 960.0


def test_holidays_of_the_calendar_carry_no_planned_value() -> None:
    # Monday 1 January is a holiday: a Monday-Tuesday task plans everything on Tuesday.
    holiday = Calendar(exceptions=(CalendarException(date(2024, 1, 1), date(2024, 1, 1)),))
    task = EVTask(1, "After new year", 100.0, datetime(2024, 1, 1, 8), datetime(2024, 1, 2, 17))
    assert pv_at(task, datetime(2024, 1, 1, 17), calendars={"Standard": holiday}) == 0.0
    assert pv_at(task, datetime(2024, 1, 2, 12), calendars={"Standard": holiday}) == 50.0


def test_a_task_calendar_is_used_for_its_own_window() -> None:
    # A 24-hour task from Saturday 00:00 to Sunday 24:00 (2,880 minutes): at Saturday 12:00, 720/2880.
    nonstop = Calendar(name="Nonstop", week=(TWENTY_FOUR_HOURS,) * 7)
    task = EVTask(1, "Cure", 480.0, datetime(2024, 1, 6), datetime(2024, 1, 8), calendar="Nonstop")
    assert pv_at(task, datetime(2024, 1, 6, 12), calendars={"Nonstop": nonstop}) == 120.0


@pytest.mark.parametrize(
    ("profile", "at_half"),
    [
        (Profile.LINEAR, 500.0),  # x = 0.5
        (Profile.FRONT_LOADED, 750.0),  # 1 − 0.5²
        (Profile.BACK_LOADED, 250.0),  # 0.5²
        (Profile.BELL, 500.0),  # 3·0.25 − 2·0.125
        (Profile.START, 1000.0),  # all at the start
        (Profile.END, 0.0),  # nothing until the finish
    ],
)
def test_profiles_at_the_middle_of_the_window(profile: Profile, at_half: float) -> None:
    # Monday 08:00 to Tuesday 17:00: the middle is Monday 17:00 (480 of 960 minutes).
    task = EVTask(1, "Spread", 1000.0, datetime(2024, 1, 1, 8), datetime(2024, 1, 2, 17), profile=profile)
    assert pv_at(task, datetime(2024, 1, 1, 17)) == pytest.approx(at_half)
    assert pv_at(task, datetime(2024, 1, 2, 17)) == 1000.0
    assert pv_at(task, datetime(2024, 1, 1, 7)) == 0.0


def test_front_loaded_plans_more_early_and_back_loaded_less_at_a_quarter() -> None:
    # At x = 0.25: front 1 − 0.75² = 0.4375, back 0.0625, bell 3/16 − 2/64 = 0.15625
    at = datetime(2024, 1, 1, 12)
    expect = {Profile.FRONT_LOADED: 437.5, Profile.BACK_LOADED: 62.5, Profile.BELL: 156.25}
    for profile, value in expect.items():
        task = EVTask(1, "q", 1000.0, datetime(2024, 1, 1, 8), datetime(2024, 1, 2, 17), profile=profile)
        assert pv_at(task, at) == pytest.approx(value)


def test_a_milestone_plans_its_budget_at_its_date() -> None:
    m = EVTask(1, "Handover", 300.0, datetime(2024, 1, 3, 17), datetime(2024, 1, 3, 17))
    assert pv_at(m, datetime(2024, 1, 3, 16, 59)) == 0.0
    assert pv_at(m, datetime(2024, 1, 3, 17)) == 300.0


def test_a_window_without_working_time_plans_at_its_finish() -> None:
    weekend = EVTask(1, "Sat-Sun", 50.0, datetime(2024, 1, 6, 8), datetime(2024, 1, 7, 17))
    assert pv_at(weekend, datetime(2024, 1, 7, 12)) == 0.0
    assert pv_at(weekend, datetime(2024, 1, 7, 17)) == 50.0


tasks_strategy = st.lists(
    st.tuples(
        st.integers(0, 60),  # start offset in days
        st.integers(0, 40),  # duration in days (0: milestone)
        st.floats(0, 1e7, allow_nan=False),  # budget
        st.sampled_from(list(Profile)),
        st.booleans(),  # 24-hour calendar
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(tasks_strategy)
def test_time_phased_pv_is_cumulative_and_sums_to_bac(
    rows: list[tuple[int, int, float, Profile, bool]],
) -> None:
    # Given tasks of any window, budget, profile and calendar
    nonstop = Calendar(name="Nonstop", week=(TWENTY_FOUR_HOURS,) * 7)
    origin = datetime(2024, 1, 1, 8)
    tasks = tuple(
        EVTask(
            i,
            f"t{i}",
            budget,
            origin + timedelta(days=offset),
            origin + timedelta(days=offset + duration, hours=9 if duration else 0),
            profile=profile,
            calendar="Nonstop" if nonstop_cal else None,
        )
        for i, (offset, duration, budget, profile, nonstop_cal) in enumerate(rows)
    )
    project = EVProject(tasks, calendars={"Nonstop": nonstop})
    # When the PV curve is phased by day over the whole plan
    ends = periods(datetime(2024, 1, 1), origin + timedelta(days=102), every="day")  # covers the plan
    series = time_phased(project, ends)
    pv_per_day, _, _ = series.increments()
    bac = sum(t.budget for t in tasks)
    # Then it never decreases, and the periods add up to BAC
    assert np.all(pv_per_day >= -1e-6 * max(1.0, bac))
    assert float(pv_per_day.sum()) == pytest.approx(bac, rel=1e-9, abs=1e-6)
    assert series.pv[-1] == pytest.approx(bac, rel=1e-9, abs=1e-6)
