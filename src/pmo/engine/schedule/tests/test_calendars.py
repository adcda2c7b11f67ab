"""Calendars: working-time arithmetic, exceptions (recurring too), derivation, vectorised forms."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmo.engine.schedule.calendars import (
    STANDARD_DAY,
    TWENTY_FOUR_HOURS,
    Calendar,
    CalendarException,
    Recurrence,
    RecurrenceType,
    from_minutes,
    to_minutes,
)
from pmo.engine.schedule.errors import CalendarError, HorizonError

FIRST, LAST = date(2024, 1, 1), date(2024, 12, 31)  # 2024-01-01 is a Monday


def m(*args: int) -> int:
    return to_minutes(datetime(*args))  # type: ignore[arg-type]


@pytest.fixture
def standard() -> Calendar:
    return Calendar()


def test_add_lands_on_finish_form_and_subtract_on_start_form(standard: Calendar) -> None:
    cal = standard.compile(FIRST, LAST)
    friday_17 = cal.add(m(2024, 1, 1, 8), 5 * 480)
    assert from_minutes(friday_17) == datetime(2024, 1, 5, 17)
    assert from_minutes(cal.add(friday_17, 1)) == datetime(2024, 1, 8, 8, 1)
    assert from_minutes(cal.add(m(2024, 1, 8, 8), -480)) == datetime(2024, 1, 5, 8)
    assert cal.add(friday_17, 0) == friday_17
    assert from_minutes(cal.next_start(friday_17)) == datetime(2024, 1, 8, 8)
    assert from_minutes(cal.previous_finish(m(2024, 1, 8, 8))) == datetime(2024, 1, 5, 17)
    assert from_minutes(cal.next_start(m(2024, 1, 2, 12, 30))) == datetime(2024, 1, 2, 13)


def test_work_between_counts_lunch_and_weekend(standard: Calendar) -> None:
    cal = standard.compile(FIRST, LAST)
    assert cal.work_between(m(2024, 1, 5, 11), m(2024, 1, 8, 14)) == 60 + 240 + 240 + 60
    assert cal.work_between(m(2024, 1, 8, 14), m(2024, 1, 5, 11)) == -600
    assert cal.is_working(m(2024, 1, 1, 8)) and not cal.is_working(m(2024, 1, 1, 12, 30))


def test_non_working_and_working_exceptions() -> None:
    cal = Calendar(
        exceptions=(
            CalendarException(date(2024, 1, 2), date(2024, 1, 2), name="holiday"),
            CalendarException(
                date(2024, 1, 6), date(2024, 1, 6), ((8 * 60, 12 * 60),), name="Saturday morning"
            ),
        )
    ).compile(FIRST, LAST)
    assert from_minutes(cal.add(m(2024, 1, 1, 8), 960)) == datetime(2024, 1, 3, 17)
    assert from_minutes(cal.add(m(2024, 1, 5, 8), 720)) == datetime(2024, 1, 6, 12)


def test_recurring_weekly_and_monthly_exceptions() -> None:
    wednesdays = CalendarException(
        date(2024, 1, 1), date(2024, 12, 31), recurrence=Recurrence(RecurrenceType.WEEKLY, 1, frozenset({2}))
    )
    cal = Calendar(exceptions=(wednesdays,)).compile(FIRST, LAST)
    assert from_minutes(cal.add(m(2024, 1, 1, 8), 3 * 480)) == datetime(2024, 1, 4, 17)
    first_monday = Recurrence(RecurrenceType.MONTHLY, 2, frozenset({0}), position=1, occurrences=3)
    assert list(first_monday.dates(date(2002, 1, 1), date(2002, 12, 31))) == [
        date(2002, 1, 7),
        date(2002, 3, 4),
        date(2002, 5, 6),
    ]
    last_friday = Recurrence(RecurrenceType.YEARLY, 1, frozenset({4}), month=11, position=5)
    assert list(last_friday.dates(date(2024, 1, 1), date(2025, 12, 31))) == [
        date(2024, 11, 29),
        date(2025, 11, 28),
    ]
    every_third_day = Recurrence(RecurrenceType.DAILY, 3, occurrences=4)
    assert [d.day for d in every_third_day.dates(date(2000, 2, 1), date(2000, 2, 28))] == [1, 4, 7, 10]
    fifteenth = Recurrence(RecurrenceType.MONTHLY, 1, day=31)
    assert list(fifteenth.dates(date(2024, 2, 1), date(2024, 3, 31))) == [
        date(2024, 2, 29),
        date(2024, 3, 31),
    ]


def test_derived_calendar_inherits_and_overrides() -> None:
    base = Calendar(exceptions=(CalendarException(date(2024, 1, 2), date(2024, 1, 2)),))
    night = ((22 * 60, 24 * 60),)
    derived = Calendar("resource", week=(None, None, None, None, None, night, ()), base=base)
    assert derived.working_times_on(date(2024, 1, 1)) == STANDARD_DAY
    assert derived.working_times_on(date(2024, 1, 2)) == ()
    assert derived.working_times_on(date(2024, 1, 6)) == night


def test_twenty_four_hour_calendar_merges_midnight() -> None:
    cal = Calendar("24h", week=(TWENTY_FOUR_HOURS,) * 7).compile(FIRST, LAST)
    assert cal.starts.size == 1
    assert from_minutes(cal.add(m(2024, 1, 1, 20), 600)) == datetime(2024, 1, 2, 6)


def test_errors() -> None:
    with pytest.raises(CalendarError):
        Calendar(week=(((600, 500),),) * 7)
    with pytest.raises(CalendarError):
        Calendar(week=((),) * 7).compile(FIRST, LAST)
    cal = Calendar().compile(FIRST, date(2024, 1, 31))
    with pytest.raises(HorizonError):
        cal.add(m(2024, 1, 30, 8), 480 * 30)
    with pytest.raises(HorizonError):
        cal.to_work(m(2023, 1, 1))


@settings(max_examples=60, derandomize=True, deadline=None)
@given(
    st.lists(st.integers(min_value=m(2024, 2, 1), max_value=m(2024, 11, 30)), min_size=1, max_size=20),
    st.lists(st.integers(min_value=-5000, max_value=5000), min_size=20, max_size=20),
)
def test_vectorised_equals_scalar(instants: list[int], deltas: list[int]) -> None:
    cal = Calendar().compile(FIRST, LAST)
    t = np.array(instants, dtype=np.int64)
    d = np.array(deltas[: len(instants)], dtype=np.int64)
    assert cal.to_work_array(t).tolist() == [cal.to_work(x) for x in instants]
    assert cal.add_array(t, d).tolist() == [cal.add(x, int(y)) for x, y in zip(instants, d, strict=True)]
    for x, y in zip(instants, d.tolist(), strict=True):
        assert cal.work_between(x, cal.add(x, y)) == y  # adding then counting gives the amount back
