"""Permission-scoped reads of budgets, fixed costs and cost entries, the planned cost of a
project's tasks (read from assignments, resource rate tables and fixed costs, worked by
:mod:`pmo.costs.planning`), and the actual labour cost from approved timesheets."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, NamedTuple

from django.db.models import Prefetch, QuerySet, Sum
from django.utils import timezone

from pmo.accounts.selectors import scoped
from pmo.core.selectors import get_visible
from pmo.costs.choices import Accrual
from pmo.costs.models import Budget, BudgetBaseline, BudgetLine, CostEntry, CostEntryAttachment, FixedCost
from pmo.costs.planning import (
    CENT,
    MINUTES_PER_HOUR,
    PlannedAssignment,
    PlannedFixedCost,
    assignment_cost,
    planned_costs,
)
from pmo.projects.models import Project, Task
from pmo.resources.models import Assignment, Resource
from pmo.resources.selectors import rate_tables
from pmo.timesheets.choices import SheetStatus
from pmo.timesheets.models import TimeEntry


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


def attachments_visible(user: Any) -> QuerySet[CostEntryAttachment]:
    """Cost entry attachments of the projects the user may see (without their bytes)."""
    queryset = CostEntryAttachment.objects.select_related("entry__project", "scope", "uploaded_by")
    return scoped(queryset.defer("data"), user)


def attachment_get(
    user: Any, uid: Any, *, project: Project | None = None, with_data: bool = False
) -> CostEntryAttachment:
    """One visible attachment (of ``project`` when given), or 404; ``with_data`` loads its bytes."""
    queryset = attachments_visible(user)
    if with_data:
        queryset = queryset.defer(None)
    if project is not None:
        queryset = queryset.filter(entry__project=project)
    return get_visible(queryset, uid=uid)


def attachments_prefetch() -> Prefetch[Any]:
    """Prefetch an entry list's attachments (names and sizes, not bytes) in one more query."""
    return Prefetch(
        "attachments",
        queryset=CostEntryAttachment.objects.defer("data").order_by("created_at", "id"),
    )


def budget_total(budget: Budget | None) -> Decimal:
    """The sum of a budget's lines (the BAC), 0 without a budget."""
    if budget is None:
        return Decimal("0.00")
    total = BudgetLine.objects.filter(budget=budget).aggregate(total=Sum("amount"))["total"]
    return Decimal("0.00") if total is None else Decimal(total).quantize(Decimal("0.01"))


def _day(value: dt.datetime | None) -> dt.date | None:
    """The site-local day of a stored instant."""
    return None if value is None else timezone.localdate(value)


def _assignments(project: Project) -> list[PlannedAssignment]:
    """The project's assignments priced at the rates in effect when each starts (two queries).

    The day is the assignment's start, else its task's start, else today (site time zone); the
    resource's rate table (:func:`pmo.resources.selectors.rate_tables`) gives the standard rate
    and the cost per use in effect that day. The whole work is priced at that one rate.
    """
    rows = list(
        Assignment.objects.filter(project=project).values_list(
            "task_id", "work_minutes", "resource_id", "start", "task__start"
        )
    )
    tables = rate_tables(resource_id for _, _, resource_id, _, _ in rows)
    today = timezone.localdate()
    planned = []
    for task_id, work, resource_id, start, task_start in rows:
        day = _day(start) or _day(task_start) or today
        rates = tables[resource_id].on(day)
        planned.append(PlannedAssignment(task_id, work, rates.standard, rates.per_use))
    return planned


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


class LabourActuals(NamedTuple):
    """The actual labour cost of a project (see :func:`actual_labour_costs`) and what was not priced."""

    costs: dict[int, list[tuple[dt.date, Decimal]]]
    """By task id: ``[(day, amount)]`` in day order, amounts rounded to the cent."""
    unpriced_minutes: int
    """Approved minutes of people without a linked resource or without a standard rate that day."""


def labour_actuals(project: Project) -> LabourActuals:
    """Both :func:`actual_labour_costs` and :func:`unpriced_minutes` of a project in one pass
    (three queries, whatever the number of entries)."""
    return _labour(project)


def _labour(project: Project) -> LabourActuals:
    """Actual labour cost by task and day, and the minutes that could not be priced (three queries)."""
    entries = TimeEntry.objects.filter(project=project, timesheet__status=SheetStatus.APPROVED).values_list(
        "task_id", "date", "minutes", "timesheet__user_id"
    )
    rows = list(entries)
    if not rows:
        return LabourActuals({}, 0)
    # The person's resource in the pool of the project's portfolio (the first, by id, if several).
    linked: dict[int, int] = {}
    pool = Resource.objects.filter(scope__portfolio=project.portfolio_id, user__isnull=False).order_by("id")
    for pool_resource_id, pool_user_id in pool.values_list("id", "user_id"):
        linked.setdefault(pool_user_id, pool_resource_id)
    tables = rate_tables(linked.values())
    amounts: dict[tuple[int, dt.date], Decimal] = {}
    unpriced = 0
    for task_id, day, minutes, user_id in rows:
        table = tables.get(linked.get(user_id, 0))
        rate = table.on(day).standard if table is not None else None
        if rate is None:
            unpriced += minutes
            continue
        key = (task_id, day)
        amounts[key] = amounts.get(key, Decimal(0)) + Decimal(minutes) / MINUTES_PER_HOUR * rate
    costs: dict[int, list[tuple[dt.date, Decimal]]] = {}
    for (task_id, day), amount in sorted(amounts.items()):
        costs.setdefault(task_id, []).append((day, amount.quantize(CENT, rounding=ROUND_HALF_UP)))
    return LabourActuals(costs, unpriced)


def actual_labour_costs(project: Project) -> dict[int, list[tuple[dt.date, Decimal]]]:
    """Actual labour cost of a project the caller has fetched, by task id: ``[(day, amount)]`` by day.

    Approved timesheet minutes × the standard rate on that day of the resource linked to the
    entry's person (``Resource.user``) in the pool of the project's portfolio; each task and day
    summed, then rounded to the cent. Minutes of a person without a linked resource, or whose
    resource has no standard rate that day, count 0 here and are counted by
    :func:`unpriced_minutes` (:func:`labour_actuals` gives both in one pass). A constant number of
    queries (three), whatever the number of entries.
    """
    return _labour(project).costs


def unpriced_minutes(project: Project) -> int:
    """Approved timesheet minutes of the project that :func:`actual_labour_costs` could not price
    (no resource linked to the person in the portfolio's pool, or no standard rate on that day)."""
    return _labour(project).unpriced_minutes
