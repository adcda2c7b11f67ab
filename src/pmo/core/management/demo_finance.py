"""Money for the tracked demo project: a resource pool with rates, assignments, fixed costs, an
approved budget (before baseline 0, so the baseline records each task's cost), then invoices and
approved timesheets up to the status date, so Cost, Timesheets and Earned value have something real
to show. Called by :mod:`pmo.core.management.commands.demo`, through the services only.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from pmo.costs.choices import Accrual, CostCategory, EntryKind
from pmo.costs.selectors import planned_cost_by_task
from pmo.costs.services import (
    budget_approve,
    budget_for,
    budget_line_create,
    cost_entry_create,
    fixed_cost_create,
)
from pmo.projects.models import Project, Task
from pmo.resources.models import Resource
from pmo.resources.selectors import pool_of
from pmo.resources.services import assignment_create, resource_create
from pmo.timesheets.models import Timesheet
from pmo.timesheets.services import entries_set, timesheet_approve, timesheet_submit

#: (name, linked username or None, standard rate per hour, generic role?)
RESOURCES: tuple[tuple[str, str | None, str, bool], ...] = (
    ("Tom Becker", "tom", "85", False),
    ("UX designer", None, "95", True),
    ("Backend developer", None, "100", True),
    ("Test analyst", None, "80", True),
)
#: Which resource does each task of the portal project.
WORK: dict[str, str] = {
    "Stakeholder interviews": "Tom Becker",
    "Current-state journey maps": "UX designer",
    "Information architecture": "Tom Becker",
    "Visual design": "UX designer",
    "Accessibility review": "UX designer",
    "Identity and sign-in": "Backend developer",
    "Invoices and payments": "Backend developer",
    "Contract changes": "Backend developer",
    "Service requests": "Backend developer",
    "API gateway hardening": "Backend developer",
    "System integration test": "Test analyst",
    "User acceptance test": "Test analyst",
    "Go-live readiness review": "Tom Becker",
}
#: (task, name, amount, accrual, category)
FIXED_COSTS: tuple[tuple[str, str, str, str, str], ...] = (
    ("Accessibility review", "External accessibility audit", "4000", Accrual.END, CostCategory.SUBCONTRACT),
    (
        "Security penetration test",
        "Penetration test contract",
        "12000",
        Accrual.PRORATED,
        CostCategory.SUBCONTRACT,
    ),
    ("API gateway hardening", "Gateway licence", "2500", Accrual.START, CostCategory.EQUIPMENT),
)
#: Invoices and expenses up to the status date: (task, category, kind, amount, reference, description).
INVOICES: tuple[tuple[str, str, str, str, str, str], ...] = (
    (
        "Stakeholder interviews",
        CostCategory.TRAVEL,
        EntryKind.EXPENSE,
        "640",
        "EXP-118",
        "Travel to the regional offices",
    ),
    (
        "Current-state journey maps",
        CostCategory.SUBCONTRACT,
        EntryKind.INVOICE,
        "3100",
        "AG-2277",
        "Design agency: journey mapping",
    ),
    (
        "Visual design",
        CostCategory.SUBCONTRACT,
        EntryKind.INVOICE,
        "6800",
        "AG-2291",
        "Design agency: visual design",
    ),
    (
        "Accessibility review",
        CostCategory.SUBCONTRACT,
        EntryKind.INVOICE,
        "4400",
        "A11Y-77",
        "External accessibility audit (one extra retest)",
    ),
    (
        "Accessibility review",
        CostCategory.LABOUR,
        EntryKind.INVOICE,
        "2450",
        "CTR-0412",
        "Contract UX designer, accessibility fixes",
    ),
)
#: Contingency on top of the planned cost, as a share (an "other" line in the last month).
CONTINGENCY = Decimal("0.10")
#: Tom's hours per working day on his tasks: a little over the plan, so CPI is below 1.
TOM_MINUTES_PER_DAY = 540


def plan_costs(project: Project, owner: Any, users: dict[str, Any]) -> None:
    """Pool resources, assignments, fixed costs and an approved budget (call before baseline 0)."""
    pool = pool_of(project)
    keeper = users["priya"]  # the portfolio manager keeps the pool
    resources: dict[str, Resource] = {}
    for name, username, rate, generic in RESOURCES:
        existing = Resource.objects.filter(scope=pool, name__iexact=name).first()
        resources[name] = existing or resource_create(
            actor=keeper,
            pool=pool,
            name=name,
            standard_rate=Decimal(rate),
            is_generic=generic,
            user=users.get(username) if username else None,
        )
    tasks = {t.name: t for t in Task.objects.filter(project=project, is_summary=False)}
    for task_name, resource_name in WORK.items():
        task = tasks[task_name]
        assignment_create(
            actor=owner,
            project=project,
            task=task,
            resource=resources[resource_name],
            work_minutes=task.scheduled_minutes or task.duration_minutes,
        )
    for task_name, name, amount, accrual, category in FIXED_COSTS:
        fixed_cost_create(
            actor=owner,
            task=tasks[task_name],
            name=name,
            amount=Decimal(amount),
            accrual=accrual,
            category=category,
        )
    _budget(project, owner, tasks)


def _month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _budget(project: Project, owner: Any, tasks: dict[str, Task]) -> None:
    """Labour and other costs by the month each task finishes, plus contingency; approved."""
    costs = planned_cost_by_task(project)
    subcontract = {name for name, *_ in FIXED_COSTS}
    lines: dict[tuple[str, dt.date], Decimal] = defaultdict(Decimal)
    for task in tasks.values():
        amount = costs.get(task.pk)
        if not amount or task.finish is None:
            continue
        category = CostCategory.SUBCONTRACT if task.name in subcontract else CostCategory.LABOUR
        lines[(category, _month(task.finish.date()))] += amount
    budget = budget_for(actor=owner, project=project)
    for (category, month), amount in sorted(lines.items()):
        budget_line_create(actor=owner, budget=budget, category=category, period=month, amount=amount)
    last = max(month for _, month in lines)
    total = sum(lines.values(), Decimal(0))
    budget_line_create(
        actor=owner,
        budget=budget,
        category=CostCategory.OTHER,
        period=last,
        amount=(total * CONTINGENCY).quantize(Decimal("0.01")),
        note="Contingency (10%)",
    )
    budget.refresh_from_db()
    budget_approve(actor=owner, budget=budget, expected_version=budget.version)


def record_actuals(project: Project, owner: Any, users: dict[str, Any], status: dt.date) -> None:
    """Tom's approved timesheets and the invoices, up to the status date (call after progress)."""
    tom = users["tom"]
    mine = [
        t
        for t in Task.objects.filter(project=project, is_summary=False)
        if WORK.get(t.name) == "Tom Becker" and t.start is not None
    ]
    by_week: dict[dt.date, list[dict[str, Any]]] = defaultdict(list)
    for task in mine:
        day = task.start.date()
        end = min(task.finish.date() if task.finish else status, status)
        while day <= end:
            if day.weekday() < 5:
                by_week[day - dt.timedelta(days=day.weekday())].append(
                    {"task": task, "date": day, "minutes": TOM_MINUTES_PER_DAY}
                )
            day += dt.timedelta(days=1)
    for week, cells in sorted(by_week.items()):
        per_day: dict[dt.date, list[dict[str, Any]]] = defaultdict(list)
        for cell in cells:
            per_day[cell["date"]].append(cell)
        split = [  # two tasks on one day share the day
            {**cell, "minutes": TOM_MINUTES_PER_DAY // len(day_cells)}
            for day_cells in per_day.values()
            for cell in day_cells
        ]
        if Timesheet.objects.filter(user=tom, week_start=week).exists():
            continue
        sheet = entries_set(actor=tom, week_start=week, cells=split)
        sheet = timesheet_submit(actor=tom, timesheet=sheet, expected_version=sheet.version)
        timesheet_approve(actor=owner, timesheet=sheet, expected_version=sheet.version)
    tasks = {t.name: t for t in Task.objects.filter(project=project)}
    for task_name, category, kind, amount, reference, description in INVOICES:
        task = tasks[task_name]
        day = min(task.finish.date(), status) if task.finish else status
        cost_entry_create(
            actor=owner,
            project=project,
            date=day,
            category=category,
            amount=Decimal(amount),
            task=task,
            kind=kind,
            reference=reference,
            description=description,
        )
