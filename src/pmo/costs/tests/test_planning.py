"""Planned cost per task, worked by hand (pure: no database)."""

from __future__ import annotations

from decimal import Decimal

from pmo.costs.planning import PlannedAssignment, PlannedFixedCost, assignment_cost, planned_costs


def test_assignment_cost_is_hours_times_rate_plus_cost_per_use() -> None:
    # 2h30 at 44.00/h = 110.00, plus 15.50 per use = 125.50
    assert assignment_cost(PlannedAssignment(1, 150, Decimal("44"), Decimal("15.50"))) == Decimal("125.50")


def test_missing_rates_and_work_cost_nothing() -> None:
    assert assignment_cost(PlannedAssignment(1, None, None, None)) == Decimal("0.00")
    assert assignment_cost(PlannedAssignment(1, 600, None, Decimal("30"))) == Decimal("30.00")


def test_cost_is_rounded_to_the_cent() -> None:
    # 20 minutes at 10.00/h = 3.333... -> 3.33
    assert assignment_cost(PlannedAssignment(1, 20, Decimal("10"), None)) == Decimal("3.33")


def test_planned_costs_sum_assignments_and_fixed_costs_per_task() -> None:
    assignments = [
        PlannedAssignment(1, 960, Decimal("80"), None),  # 16h x 80 = 1280
        PlannedAssignment(1, 480, Decimal("50"), Decimal("25")),  # 8h x 50 + 25 = 425
        PlannedAssignment(2, 240, Decimal("60"), None),  # 4h x 60 = 240
    ]
    fixed = [PlannedFixedCost(2, Decimal("1000")), PlannedFixedCost(3, Decimal("99.99"))]
    assert planned_costs(assignments, fixed) == {
        1: Decimal("1705.00"),
        2: Decimal("1240.00"),
        3: Decimal("99.99"),
    }


def test_no_inputs_give_no_tasks() -> None:
    assert planned_costs([], []) == {}
