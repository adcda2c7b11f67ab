"""Figures of the heat map worked by hand: overlapping tasks, contours, partial windows, grouping,
resource plans, and a query count that does not grow with the number of projects."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pmo.capacity.heatmap import bucket_edges, demand_matrix, shares
from pmo.capacity.selectors import Grid, Window, capacity_grid
from pmo.capacity.tests.conftest import WINDOW, Plan, assign, make_task
from pmo.projects.services import project_create
from pmo.resources.choices import Contour
from pmo.resources.services import resource_create, resource_demand_create
from pmo.testing.personas import World

pytestmark = pytest.mark.django_db


def row(grid: Grid, label: str) -> tuple[list[float], list[float], list[bool]]:
    """Capacity hours, demand hours and over flags of the row ``label``."""
    i = grid.labels.index(label)
    return grid.hours(grid.capacity)[i], grid.hours(grid.demand)[i], grid.over[i].tolist()


def test_two_overlapping_tasks_overallocate_exactly_the_first_week(plan: Plan) -> None:
    # Given Ada on Build (40 h, week 1) and Test (64 h, Wednesday of week 1 to Friday of week 2)
    # When the manager of A reads the weekly heat map of three weeks
    grid = capacity_grid(plan.world.users["manager"], WINDOW, pool=plan.world.a.portfolio.scope)
    # Then week 1 is 64 h against 40 (over), week 2 exactly full, week 3 empty
    assert row(grid, "Ada") == ([40.0, 40.0, 40.0], [64.0, 40.0, 0.0], [True, False, False])


def test_a_window_starting_mid_week_counts_only_its_days(plan: Plan) -> None:
    # Given the same plan, when the window starts on Thursday 5 March
    grid = capacity_grid(
        plan.world.users["manager"], Window(dt.date(2026, 3, 5), dt.date(2026, 3, 11), "week")
    )
    # Then capacity and demand of week 1 count Thursday and Friday only: 2 × 8 capacity, 2 × (8 + 8) demand
    capacity, demand, over = row(grid, "Ada")
    assert capacity == [16.0, 24.0] and demand == [32.0, 24.0] and over == [True, False]


def test_monthly_and_quarterly_buckets_add_up(plan: Plan) -> None:
    for bucket in ("month", "quarter"):
        grid = capacity_grid(
            plan.world.users["manager"], Window(dt.date(2026, 3, 1), dt.date(2026, 3, 31), bucket)
        )
        capacity, demand, over = row(grid, "Ada")
        assert capacity == [22 * 8.0] and demand == [104.0] and over == [False]  # 22 weekdays in March 2026


@pytest.mark.parametrize(
    ("contour", "first_week"),
    [(Contour.FLAT, 50.0), (Contour.FRONT_LOADED, 75.0), (Contour.BACK_LOADED, 25.0), (Contour.BELL, 50.0)],
)
def test_contours_spread_work_as_in_ms_project(world: World, contour: int, first_week: float) -> None:
    # Given 100 h over two weeks (ten equal parts of one working day each)
    admin = world.users["pmo_admin"]
    bob = resource_create(actor=admin, pool=world.a.portfolio.scope, name="Bob", max_units=Decimal("3"))
    task = make_task(admin, world.a.project, "Shaped")
    assign(admin, world.a.project, task, bob, 100, "2026-03-02", "2026-03-13", contour=contour)
    # When the heat map is read
    grid = capacity_grid(admin, WINDOW)
    # Then the first week carries the contour's first five parts (front: 100+100+100+75+75 of 600)
    capacity, demand, _ = row(grid, "Bob")
    assert demand == [first_week, 100.0 - first_week, 0.0]
    assert capacity == [120.0, 120.0, 120.0]  # max units 3


def test_pure_spread_puts_a_weekend_only_span_on_its_first_day() -> None:
    edges = bucket_edges([dt.date(2026, 3, 2), dt.date(2026, 3, 9)], "week")
    demand = demand_matrix(
        resource_index=np.array([0]),
        first=np.array(["2026-03-07"], dtype="datetime64[D]"),
        last=np.array(["2026-03-08"], dtype="datetime64[D]"),
        minutes=np.array([120.0]),
        contour=np.array([0]),
        edges=edges,
        rows=1,
    )
    assert demand.tolist() == [[120.0, 0.0]]


def test_group_dimension_sums_its_members(plan: Plan) -> None:
    admin = plan.admin
    eve = resource_create(actor=admin, pool=plan.world.a.portfolio.scope, name="Eve", group="Developers")
    assign(admin, plan.world.a.project, plan.build, eve, 20, "2026-03-09", "2026-03-13")
    grid = capacity_grid(admin, WINDOW, pool=plan.world.a.portfolio.scope, dimension="group")
    assert row(grid, "Developers") == ([80.0, 80.0, 80.0], [64.0, 60.0, 0.0], [False, False, False])


def test_proposed_projects_count_only_in_a_scenario_and_planning_lines_fill_empty_projects(
    world: World,
) -> None:
    # Given Ada on a task of A's proposed project, and a resource plan line of the active project
    admin = world.users["pmo_admin"]
    ada = resource_create(actor=admin, pool=world.a.portfolio.scope, name="Ada", is_generic=True)
    task = make_task(admin, world.a.project_direct, "Proposed work")
    assign(admin, world.a.project_direct, task, ada, 40, "2026-03-02", "2026-03-06")
    empty = project_create(
        actor=admin, parent=world.a.portfolio.scope, code="CAP-PLAN", name="Plan", state="active"
    )
    resource_demand_create(
        actor=admin,
        project=empty,
        role=ada,
        period="week",
        period_start=dt.date(2026, 3, 9),
        hours=30,
    )
    # When the real heat map is read, then the proposed project is left out, the plan line counts
    grid = capacity_grid(admin, WINDOW)
    assert row(grid, "Ada")[1] == [0.0, 30.0, 0.0]


def test_the_query_count_does_not_grow_with_the_number_of_projects(plan: Plan) -> None:
    admin = plan.admin

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            capacity_grid(admin, WINDOW, dimension="team")
        return len(queries)

    before = count()
    for n in range(3):
        project = project_create(
            actor=admin, parent=plan.world.a.portfolio.scope, code=f"CAP-{n}", name=f"Cap {n}", state="active"
        )
        task = make_task(admin, project, "More")
        assign(admin, project, task, plan.ada, 8, "2026-03-16", "2026-03-16")
    assert count() == before
    assert row(capacity_grid(admin, WINDOW), "Ada")[1] == [64.0, 40.0, 24.0]


def test_the_fast_sum_agrees_with_every_bucket_computed_for_every_assignment() -> None:
    # Given random spans, some before, across and after a 10-week window, with every contour
    rng = np.random.default_rng(8)
    edges = bucket_edges([dt.date(2026, 3, 2) + dt.timedelta(weeks=k) for k in range(10)], "week")
    first = np.datetime64("2026-01-20") + rng.integers(0, 140, 300).astype("timedelta64[D]")
    last = first + rng.integers(0, 60, 300).astype("timedelta64[D]")
    contour, minutes, who = (
        rng.integers(0, 9, 300),
        rng.integers(1, 5000, 300).astype(float),
        rng.integers(0, 7, 300),
    )
    # When summed by the fast path, then it equals the plain sum of every assignment's shares
    fast = demand_matrix(
        resource_index=who, first=first, last=last, minutes=minutes, contour=contour, edges=edges, rows=7
    )
    plain = np.zeros((7, 10))
    np.add.at(plain, who, shares(first, last, contour, edges) * minutes[:, None])
    assert np.allclose(fast, plain) and fast.sum() > 0
