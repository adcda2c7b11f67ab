"""Planned cost of tasks, worked in ``Decimal`` from plain values (no database, no Django).

The planned cost of a task is the sum of its assignments' cost, ``work × standard rate + cost per
use`` (work in minutes, the rate per hour), plus the task's fixed costs; half a cent rounds up.
The selectors read the rows and pick the rates in effect on the day each assignment starts (the
resource's rate table); this module only computes, so every figure can be checked by hand.

Examples
--------
>>> a = PlannedAssignment(task_id=1, work_minutes=960, standard_rate=Decimal("80"),
...                       cost_per_use=Decimal("50"))
>>> planned_costs([a], [PlannedFixedCost(task_id=1, amount=Decimal("100"))])
{1: Decimal('1430.00')}
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

__all__ = ["PlannedAssignment", "PlannedFixedCost", "assignment_cost", "planned_costs"]

CENT = Decimal("0.01")
MINUTES_PER_HOUR = Decimal(60)


@dataclass(frozen=True)
class PlannedAssignment:
    """A resource on a task: its planned work (minutes) and the resource's rates (per hour, per use).

    Missing values count as zero (a resource without a rate costs nothing yet).
    """

    task_id: int
    work_minutes: int | None
    standard_rate: Decimal | None
    cost_per_use: Decimal | None = None


@dataclass(frozen=True)
class PlannedFixedCost:
    """A fixed cost of a task."""

    task_id: int
    amount: Decimal


def assignment_cost(assignment: PlannedAssignment) -> Decimal:
    """``work hours × standard rate + cost per use``, rounded to the cent.

    >>> assignment_cost(PlannedAssignment(1, 90, Decimal("40"), None))
    Decimal('60.00')
    """
    hours = Decimal(assignment.work_minutes or 0) / MINUTES_PER_HOUR
    cost = hours * (assignment.standard_rate or Decimal(0)) + (assignment.cost_per_use or Decimal(0))
    return cost.quantize(CENT, rounding=ROUND_HALF_UP)


def planned_costs(
    assignments: Iterable[PlannedAssignment], fixed_costs: Iterable[PlannedFixedCost]
) -> dict[int, Decimal]:
    """Planned cost by task id: its assignments' cost plus its fixed costs (tasks with neither are absent).

    >>> planned_costs([], [PlannedFixedCost(7, Decimal("12.5")), PlannedFixedCost(7, Decimal("1"))])
    {7: Decimal('13.50')}
    """
    totals: dict[int, Decimal] = {}
    for assignment in assignments:
        totals[assignment.task_id] = totals.get(assignment.task_id, Decimal(0)) + assignment_cost(assignment)
    for fixed in fixed_costs:
        totals[fixed.task_id] = totals.get(fixed.task_id, Decimal(0)) + fixed.amount
    return {task_id: amount.quantize(CENT, rounding=ROUND_HALF_UP) for task_id, amount in totals.items()}
