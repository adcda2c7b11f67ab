"""Capacity in working minutes per bucket (holidays, time off, calendars, max units) and resource
plan demand per bucket, worked by hand; time off that overlaps is refused by name."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from pmo.core.errors import DomainRuleError
from pmo.core.selectors import history_of
from pmo.resources.capacity import bucket_starts
from pmo.resources.selectors import resource_capacity_minutes, resource_plan_demand
from pmo.resources.services import (
    calendar_create,
    holiday_create,
    resource_calendar_set,
    resource_create,
    resource_demand_create,
    resource_demand_set,
    skill_create,
    time_off_create,
    time_off_update,
)
from pmo.testing.doctests import run_examples
from pmo.testing.fingerprint import assert_fingerprint_unchanged, db_fingerprint
from pmo.testing.personas import World
from pmo.testing.queries import assert_max_queries

pytestmark = pytest.mark.django_db
MON = dt.date(2026, 3, 2)  # a Monday
PLAN_MON = dt.date(2027, 3, 1)  # a Monday; the world plans nothing in 2027


def test_the_module_examples_hold() -> None:
    result = run_examples("pmo.resources.capacity")
    assert result.attempted > 0
    assert result.failed == 0


def test_buckets_start_on_monday_first_of_month_and_quarter() -> None:
    assert bucket_starts(dt.date(2026, 2, 15), dt.date(2026, 4, 2), "month") == [
        dt.date(2026, 2, 1),
        dt.date(2026, 3, 1),
        dt.date(2026, 4, 1),
    ]
    assert bucket_starts(dt.date(2026, 11, 30), dt.date(2027, 1, 1), "quarter") == [
        dt.date(2026, 10, 1),
        dt.date(2027, 1, 1),
    ]


def test_capacity_with_a_holiday_and_half_day_time_off_worked_by_hand(world: World, r: Any) -> None:
    # given a 1.5-unit resource on the standard week (8 h Monday to Friday), a pool holiday on
    # Wednesday 4 March, and half a day off (240 min) on Thursday 5 and Friday 6 March
    manager = world.users["manager"]
    holiday_create(actor=manager, pool=r.pool, name="Founders' day", start=dt.date(2026, 3, 4))
    time_off_create(
        actor=manager,
        resource=r.resource,
        start=dt.date(2026, 3, 5),
        end=dt.date(2026, 3, 6),
        minutes_per_day=240,
    )
    # when the capacity of the weeks of 2 and 9 March is read
    with assert_max_queries(3):
        capacity = resource_capacity_minutes([r.resource.pk], MON, dt.date(2026, 3, 15), "week")
    # then week 1: 5 days × 480 = 2400, less the holiday 480, less 2 × 240 = 1440; × 1.5 = 2160
    # and week 2 is full: 2400 × 1.5 = 3600
    assert capacity == {r.resource.pk: [2160, 3600]}


def test_whole_day_time_off_on_a_holiday_counts_once_and_a_calendar_changes_the_week(
    world: World, r: Any
) -> None:
    # given a 4-day week of 10 h (Monday to Thursday), a holiday on Monday and a week off
    manager = world.users["manager"]
    calendar = calendar_create(actor=manager, pool=r.pool, name="4x10", week_minutes=[600] * 4 + [0] * 3)
    resource_calendar_set(
        actor=manager, resource=r.spare, calendar=calendar, expected_version=r.spare.version
    )
    holiday_create(actor=manager, pool=r.pool, name="Holiday", start=MON)
    time_off_create(actor=manager, resource=r.spare, start=MON, end=dt.date(2026, 3, 8), reason="Leave")
    # when the capacity of March is read by month and by week
    month = resource_capacity_minutes([r.spare.pk], dt.date(2026, 3, 1), dt.date(2026, 3, 31), "month")
    weeks = resource_capacity_minutes([r.spare.pk], MON, dt.date(2026, 3, 15), "week")
    # then March has 18 working days of 600 min (Mon-Thu), less the first week's 4 = 14 × 600
    assert month == {r.spare.pk: [8400]}
    assert weeks == {r.spare.pk: [0, 2400]}


def test_material_resources_have_no_capacity_and_unknown_ids_are_absent(world: World, r: Any) -> None:
    sand = resource_create(actor=world.users["manager"], pool=r.pool, name="Sand", kind="material")
    capacity = resource_capacity_minutes([sand.pk, 999_999], MON, dt.date(2026, 3, 8), "week")
    assert capacity == {sand.pk: [0]}


def test_the_query_count_does_not_grow_with_the_resources(world: World, r: Any) -> None:
    manager = world.users["manager"]
    ids = [resource_create(actor=manager, pool=r.pool, name=f"Person {n}").pk for n in range(12)]
    time_off_create(actor=manager, resource=r.resource, start=MON)
    with assert_max_queries(3):
        capacity = resource_capacity_minutes([*ids, r.resource.pk], MON, dt.date(2026, 12, 31), "quarter")
    assert len(capacity) == 13
    assert capacity[ids[0]][0] == 22 * 480  # 2 March to 31 March: 22 weekdays


def test_overlapping_time_off_is_refused_by_name_and_nothing_changes(world: World, r: Any) -> None:
    # given time off from 2 to 6 March
    manager = world.users["manager"]
    time_off_create(actor=manager, resource=r.resource, start=MON, end=dt.date(2026, 3, 6), reason="Ski trip")
    before = db_fingerprint()
    # when more time off overlapping it is recorded
    with pytest.raises(DomainRuleError) as error:
        time_off_create(
            actor=manager, resource=r.resource, start=dt.date(2026, 3, 6), end=dt.date(2026, 3, 9)
        )
    # then the refusal names the other time off and nothing is written
    assert error.value.field == "start"
    assert "Ski trip" in str(error.value) and "2026-03-02" in str(error.value)
    assert_fingerprint_unchanged(before)


def test_time_off_dates_are_checked_and_only_managers_record_it(world: World, r: Any) -> None:
    manager = world.users["manager"]
    with pytest.raises(DomainRuleError) as error:
        time_off_create(actor=manager, resource=r.resource, start=dt.date(1983, 12, 31))
    assert error.value.field == "start"
    with pytest.raises(DomainRuleError) as error:
        time_off_create(actor=manager, resource=r.resource, start=MON, end=dt.date(2026, 3, 1))
    assert error.value.field == "end"
    with pytest.raises(DomainRuleError) as error:
        time_off_create(actor=manager, resource=r.resource, start=MON, minutes_per_day=0)
    assert error.value.field == "minutes_per_day"
    with pytest.raises(PermissionDenied):
        time_off_create(actor=world.users["contributor"], resource=r.resource, start=MON)


def test_moving_time_off_onto_another_is_refused_and_changes_are_audited(world: World, r: Any) -> None:
    manager = world.users["manager"]
    first = time_off_create(actor=manager, resource=r.resource, start=MON)
    second = time_off_create(actor=manager, resource=r.resource, start=dt.date(2026, 3, 10))
    with pytest.raises(DomainRuleError):
        time_off_update(actor=manager, time_off=second, data={"start": MON}, expected_version=second.version)
    moved = time_off_update(
        actor=manager, time_off=first, data={"end": dt.date(2026, 3, 3)}, expected_version=first.version
    )
    assert moved.version == first.version + 1
    assert [entry.action for entry in history_of(moved)][:1] == ["update"]


def test_plan_demand_is_spread_over_weekdays_into_buckets(world: World, r: Any) -> None:
    # given a plan: 40 h of the generic role in the week of 1 March 2027, 92 h of a skill in March
    manager = world.users["manager"]
    project = world.a.project
    python = skill_create(actor=manager, pool=r.pool, name="Python")
    resource_demand_create(
        actor=manager,
        project=project,
        role=r.spare,
        period="week",
        period_start=PLAN_MON,
        hours=Decimal("40"),
    )
    resource_demand_create(
        actor=manager,
        project=project,
        skill=python,
        period="month",
        period_start=dt.date(2027, 3, 1),
        hours=92,
    )
    # when the demand is read by week for 1 to 14 March and by month for March
    with assert_max_queries(1):
        weeks = resource_plan_demand([project.pk], PLAN_MON, dt.date(2027, 3, 14), "week")
    months = resource_plan_demand([project.pk], dt.date(2027, 3, 1), dt.date(2027, 3, 31), "month")
    # then the week line lands in its week; March 2027 has 23 weekdays: 92 h / 23 = 4 h a weekday
    assert weeks[(project.pk, r.spare.pk, None)] == [2400, 0]
    assert weeks[(project.pk, None, python.pk)] == [5 * 240, 5 * 240]
    assert months == {(project.pk, r.spare.pk, None): [2400], (project.pk, None, python.pk): [23 * 240]}


def test_plan_lines_name_a_generic_role_or_a_skill_and_a_period_start(world: World, r: Any) -> None:
    manager = world.users["manager"]
    project = world.a.project
    cases = [
        ({"role": r.resource, "period": "week", "period_start": PLAN_MON}, "role"),  # not generic
        ({"role": r.spare, "period": "week", "period_start": dt.date(2027, 3, 2)}, "period_start"),
        ({"role": r.spare, "period": "month", "period_start": dt.date(2027, 3, 8)}, "period_start"),
        ({"period": "week", "period_start": PLAN_MON}, "role"),
    ]
    before = db_fingerprint()
    for kwargs, field in cases:
        with pytest.raises(DomainRuleError) as error:
            resource_demand_create(actor=manager, project=project, hours=8, **kwargs)
        assert error.value.field == field, kwargs
    assert_fingerprint_unchanged(before)


def test_setting_a_cell_creates_changes_and_removes_its_line(world: World, r: Any) -> None:
    manager = world.users["manager"]
    project = world.a.project
    cell = {"actor": manager, "project": project, "role": r.spare, "period": "week", "period_start": PLAN_MON}
    line = resource_demand_set(**cell, hours=10)
    assert line is not None and line.hours == Decimal("10.00")
    line = resource_demand_set(**cell, hours=12)
    assert line is not None and line.hours == Decimal("12.00") and line.version == 2
    assert resource_demand_set(**cell, hours=0) is None
    assert resource_plan_demand([project.pk], PLAN_MON, dt.date(2027, 3, 7), "week") == {}
