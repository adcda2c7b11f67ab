"""Permission-scoped reads of budgets, fixed costs and cost entries, and the planned cost of a
project's tasks (read from assignments, resources and fixed costs, worked by :mod:`pmo.costs.planning`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet, Sum

from pmo.accounts.selectors import scoped
from pmo.core.selectors import get_visible
from pmo.costs.choices import Accrual
from pmo.costs.models import Budget, BudgetBaseline, BudgetLine, CostEntry, FixedCost
from pmo.costs.planning import PlannedAssignment, PlannedFixedCost, assignment_cost, planned_costs
from pmo.projects.models import Project, Task
from pmo.resources.models import Assignment


def budgets_visible(user: Any) -> QuerySet[Budget]:
    """Budgets of the projects the user may see."""
    return scoped(Budget.objects.select_related("project__scope", "scope", "approved_by"), user)


def budget_of(user: Any, project: Project) -> Budget | None:
    """The budget of a project the caller has fetched through ``project_get`` (``None``: none yet)."""
    return budgets_visible(user).filter(project=project).first()


def budget_lines_visible(user: Any) -> QuerySet[BudgetLine]:
    """Budget lines of the projects the user may see."""
    return scoped(BudgetLine.objects.select_related("budget__project", "scope"), user)


def budget_line_get(user: Any, uid: Any, *, project: Project | None = None) -> BudgetLine:
    """One visible budget line (of ``project`` when given), or 404."""
    queryset = budget_lines_visible(user)
    if project is not None:
        queryset = queryset.filter(budget__project=project)
    return get_visible(queryset, uid=uid)


def baselines_of(budget: Budget) -> QuerySet[BudgetBaseline]:
    """The approved baselines of a budget the caller may see, newest first."""
    return BudgetBaseline.objects.filter(budget=budget).select_related("approved_by").order_by("-number")


def fixed_costs_visible(user: Any) -> QuerySet[FixedCost]:
    """Fixed costs of the projects the user may see."""
    return scoped(FixedCost.objects.select_related("project__scope", "scope", "task"), user)


def fixed_cost_get(user: Any, uid: Any, *, project: Project | None = None) -> FixedCost:
    """One visible fixed cost (of ``project`` when given), or 404."""
    queryset = fixed_costs_visible(user)
    if project is not None:
        queryset = queryset.filter(project=project)
    return get_visible(queryset, uid=uid)


def cost_entries_visible(user: Any) -> QuerySet[CostEntry]:
    """Cost entries of the projects the user may see."""
    return scoped(CostEntry.objects.select_related("project__scope", "scope", "task"), user)


def cost_entry_get(user: Any, uid: Any, *, project: Project | None = None) -> CostEntry:
    """One visible cost entry (of ``project`` when given), or 404."""
    queryset = cost_entries_visible(user)
    if project is not None:
        queryset = queryset.filter(project=project)
    return get_visible(queryset, uid=uid)


def budget_total(budget: Budget | None) -> Decimal:
    """The sum of a budget's lines (the BAC), 0 without a budget."""
    if budget is None:
        return Decimal("0.00")
    total = BudgetLine.objects.filter(budget=budget).aggregate(total=Sum("amount"))["total"]
    return Decimal("0.00") if total is None else Decimal(total).quantize(Decimal("0.01"))


def _assignments(project: Project) -> list[PlannedAssignment]:
    rows = Assignment.objects.filter(project=project).values_list(
        "task_id", "work_minutes", "resource__standard_rate", "resource__cost_per_use"
    )
    return [PlannedAssignment(task, work, rate, per_use) for task, work, rate, per_use in rows]


def _fixed(project: Project, accruals: tuple[str, ...] | None = None) -> list[PlannedFixedCost]:
    queryset = FixedCost.objects.filter(project=project)
    if accruals is not None:
        queryset = queryset.filter(accrual__in=accruals)
    return [PlannedFixedCost(task, amount) for task, amount in queryset.values_list("task_id", "amount")]


def planned_cost_by_task(project: Project) -> dict[int, Decimal]:
    """Planned cost by task id of a project the caller has fetched (two queries); see
    :func:`pmo.costs.planning.planned_costs`."""
    return planned_costs(_assignments(project), _fixed(project))


def planned_cost_parts(project: Project) -> dict[int, dict[str, Decimal]]:
    """Planned cost by task id split by when it is planned: ``prorated`` (assignments and prorated
    fixed costs, spread over the task), ``start`` and ``end`` (fixed costs accrued then)."""
    parts: dict[int, dict[str, Decimal]] = {}

    def add(task_id: int, accrual: str, amount: Decimal) -> None:
        bucket = parts.setdefault(task_id, {})
        bucket[accrual] = bucket.get(accrual, Decimal("0.00")) + amount

    for assignment in _assignments(project):
        add(assignment.task_id, Accrual.PRORATED, assignment_cost(assignment))
    for accrual in Accrual.values:
        for fixed in _fixed(project, (accrual,)):
            add(fixed.task_id, accrual, fixed.amount)
    return parts


def top_planned_tasks(project: Project, limit: int = 10) -> list[tuple[Task, Decimal]]:
    """The ``limit`` tasks of the project with the highest planned cost, highest first."""
    costs = planned_cost_by_task(project)
    ranked = sorted(costs.items(), key=lambda item: (-item[1], item[0]))[:limit]
    tasks = Task.objects.in_bulk([task_id for task_id, _ in ranked])
    return [(tasks[task_id], cost) for task_id, cost in ranked if task_id in tasks]
