"""Planned cost at the rates in effect when an assignment starts, and the actual labour cost of
approved timesheets priced at the rate of each day."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from pmo.costs.selectors import actual_labour_costs, labour_actuals, planned_cost_by_task, unpriced_minutes
from pmo.resources.models import Assignment, Resource
from pmo.resources.services import assignment_update, resource_rate_create, resource_update
from pmo.testing.personas import World
from pmo.testing.queries import assert_max_queries
from pmo.timesheets.services import entries_set, timesheet_approve, timesheet_submit

pytestmark = pytest.mark.django_db
MONDAY = dt.date(2026, 1, 19)
TUESDAY = MONDAY + dt.timedelta(days=1)


def _assigned(world: World) -> tuple[Resource, Assignment]:
    assignment = Assignment.objects.get(pk=world.a.obj("assignment").pk)
    return assignment.resource, assignment


def test_an_assignment_is_priced_at_the_rates_in_effect_at_its_start(world: World) -> None:
    # given the world's assignment: 960 min starting 2026-01-12, resource at 80/h; a 250 fixed cost
    manager = world.users["manager"]
    resource, assignment = _assigned(world)
    task = world.a.obj("task")
    assert planned_cost_by_task(world.a.project)[task.pk] == Decimal("1530.00")  # 16h x 80 + 250
    # when rates change before the start (100/h + 20 per use) and again after it (200/h)
    resource_rate_create(
        actor=manager,
        resource=resource,
        effective_from=dt.date(2026, 1, 1),
        standard_rate="100",
        cost_per_use="20",
    )
    resource_rate_create(
        actor=manager, resource=resource, effective_from=dt.date(2026, 1, 13), standard_rate="200"
    )
    # then the rate in effect on the start day (2026-01-12) prices the whole work
    assert planned_cost_by_task(world.a.project)[task.pk] == Decimal("1870.00")  # 16h x 100 + 20 + 250
    # when the assignment starts later, under the second row
    late = dt.datetime(2026, 1, 14, 8, tzinfo=dt.UTC)
    assignment_update(
        actor=manager,
        assignment=assignment,
        data={"start": late, "finish": late + dt.timedelta(days=2)},
        expected_version=assignment.version,
    )
    assert planned_cost_by_task(world.a.project)[task.pk] == Decimal("3450.00")  # 16h x 200 + 250


def test_without_its_own_start_an_assignment_takes_its_tasks_start(world: World) -> None:
    # given the assignment without a start of its own, on a task the schedule starts some day
    manager = world.users["manager"]
    resource, assignment = _assigned(world)
    assignment_update(
        actor=manager,
        assignment=assignment,
        data={"start": None, "finish": None},
        expected_version=assignment.version,
    )
    task = world.a.obj("task")
    task.refresh_from_db()
    assert task.start is not None
    day = timezone.localdate(task.start)
    # when a rate starts on the task's start day, and another the day after
    resource_rate_create(actor=manager, resource=resource, effective_from=day, standard_rate="10")
    resource_rate_create(
        actor=manager, resource=resource, effective_from=day + dt.timedelta(days=1), standard_rate="999"
    )
    # then the task's start picks the first
    assert planned_cost_by_task(world.a.project)[task.pk] == Decimal("410.00")  # 16h x 10 + 250


def _approved(world: World, persona: str, cells: list[tuple[dt.date, int]], approver: str) -> None:
    task = world.a.obj("task")
    sheet = entries_set(
        actor=world.users[persona],
        week_start=MONDAY,
        cells=[{"task": task, "date": day, "minutes": minutes} for day, minutes in cells],
    )
    sheet = timesheet_submit(actor=world.users[persona], timesheet=sheet, expected_version=sheet.version)
    timesheet_approve(actor=world.users[approver], timesheet=sheet, expected_version=sheet.version)


def test_actual_labour_is_approved_minutes_at_each_days_rate(world: World) -> None:
    # given the contributor linked to the 80/h resource, whose rate is 100/h from Tuesday
    manager = world.users["manager"]
    resource, _ = _assigned(world)
    resource = resource_update(
        actor=manager,
        resource=resource,
        data={"user": world.users["contributor"]},
        expected_version=resource.version,
    )
    resource_rate_create(actor=manager, resource=resource, effective_from=TUESDAY, standard_rate="100")
    # and approved time: contributor 60 min Monday, 90 min Tuesday; manager (no resource) 30 min
    _approved(world, "contributor", [(MONDAY, 60), (TUESDAY, 90)], approver="manager")
    _approved(world, "manager", [(MONDAY, 30)], approver="pmo_admin")
    # when the actual labour cost is read (the world's submitted, unapproved sheet does not count)
    with assert_max_queries(3):
        costs = actual_labour_costs(world.a.project)
    # then each day is priced at its own rate, and the manager's minutes are reported unpriced
    task = world.a.obj("task")
    assert costs == {task.pk: [(MONDAY, Decimal("80.00")), (TUESDAY, Decimal("150.00"))]}
    assert unpriced_minutes(world.a.project) == 30
    assert labour_actuals(world.a.project) == (costs, 30)


def test_minutes_on_a_day_without_a_standard_rate_are_unpriced(world: World) -> None:
    # given a linked resource with no rate before Tuesday
    manager = world.users["manager"]
    resource, _ = _assigned(world)
    resource = resource_update(
        actor=manager,
        resource=resource,
        data={"user": world.users["contributor"], "standard_rate": None},
        expected_version=resource.version,
    )
    resource_rate_create(actor=manager, resource=resource, effective_from=TUESDAY, standard_rate="45")
    _approved(world, "contributor", [(MONDAY, 20), (TUESDAY, 20)], approver="manager")
    # then Monday is unpriced and Tuesday's 20 min at 45/h is 15.00
    task = world.a.obj("task")
    assert actual_labour_costs(world.a.project) == {task.pk: [(TUESDAY, Decimal("15.00"))]}
    assert unpriced_minutes(world.a.project) == 20


def test_a_project_without_approved_time_has_no_labour_cost(world: World) -> None:
    assert actual_labour_costs(world.a.project) == {}
    assert unpriced_minutes(world.a.project) == 0
