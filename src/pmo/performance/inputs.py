"""Gather a project's earned-value inputs from the database into an engine :class:`EVProject`.

A work package is a leaf task (not a summary, active) that has a budget or actual costs:

- **budget**: the task's cost in the compared baseline when that baseline recorded costs, else its
  current planned cost (assignments and fixed costs, :func:`pmo.costs.selectors.planned_cost_parts`);
  the parts accrued at start, prorated and at end keep their own profile;
- **baseline window**: the compared baseline's start and finish, else the current schedule (the
  figures then say ``has_baseline: False``: without a baseline, SV only compares with today's plan);
- **progress**: % complete at the status date, actual start and finish, the earning rule's method;
- **actual cost**: cost entries (in the project currency, at the end of their day) and approved
  timesheet hours at the resource's rate of the day (:func:`pmo.costs.selectors.actual_labour_costs`).
  Costs not charged to a task (or to a task without dates) sit on a zero-budget package.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from pmo.costs.choices import Accrual
from pmo.costs.models import CostEntry
from pmo.costs.selectors import actual_labour_costs, planned_cost_parts
from pmo.engine.evm import CostEntry as EngineCost
from pmo.engine.evm import EVMethod, EVProject, EVTask, Profile, ProgressPoint, WeightedMilestone
from pmo.performance.models import EarningRule
from pmo.projects.adapters import engine_calendars, status_instant, to_wall
from pmo.projects.models import BaselineTask, Project, Task

PROFILES = {Accrual.PRORATED: Profile.LINEAR, Accrual.START: Profile.START, Accrual.END: Profile.END}
#: Uid of the package that holds costs charged to no task (task uids are positive database ids).
UNCHARGED = 0


@dataclass
class Inputs:
    """An engine project plus what the page needs to map its packages back to tasks."""

    engine: EVProject
    status: dt.datetime
    status_date: dt.date
    has_baseline: bool
    package_task: dict[int, int] = field(default_factory=dict)
    """Engine uid → task id (a task with costs accrued at start and end has several packages)."""
    unscheduled_budget: Decimal = Decimal("0.00")
    """Budget of tasks that have no dates at all (not on the curve)."""


def project_status(project: Project) -> dt.datetime:
    """The status instant: the project's status date (end of day), else the end of today."""
    instant = status_instant(project)
    if instant is not None:
        return instant
    today = timezone.localdate() + dt.timedelta(days=1)
    return dt.datetime(today.year, today.month, today.day)


def _end_of(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 23, 59)


def _baseline_rows(
    project: Project,
) -> dict[int, tuple[dt.datetime | None, dt.datetime | None, Decimal | None]]:
    rows = BaselineTask.objects.filter(
        baseline__project=project, baseline__number=project.compare_baseline
    ).values_list("task_id", "start", "finish", "cost")
    return {task_id: (start, finish, cost) for task_id, start, finish, cost in rows}


def _costs(project: Project) -> dict[int | None, list[EngineCost]]:
    """Actual costs by task id (``None``: charged to no task)."""
    out: dict[int | None, list[EngineCost]] = defaultdict(list)
    for entry in CostEntry.objects.filter(project=project).only("task_id", "date", "amount", "exchange_rate"):
        out[entry.task_id].append(EngineCost(_end_of(entry.date), float(entry.project_amount)))
    for task_id, items in actual_labour_costs(project).items():
        out[task_id].extend(EngineCost(_end_of(day), float(amount)) for day, amount in items)
    return out


def _milestones(raw: object) -> tuple[WeightedMilestone, ...]:
    steps = raw if isinstance(raw, list) else []
    out = []
    for step in steps:
        achieved = step.get("achieved")
        when = _end_of(dt.date.fromisoformat(achieved)) if achieved else None
        out.append(WeightedMilestone(str(step.get("name", "")), float(step.get("weight", 0)), when))
    return tuple(out)


def gather(project: Project) -> Inputs:
    """The earned-value inputs of a project the caller has fetched (a fixed number of queries)."""
    status = project_status(project)
    baseline = _baseline_rows(project)
    has_baseline = any(start is not None for start, _, _ in baseline.values())
    baseline_costs = any(cost is not None for _, _, cost in baseline.values())
    parts = planned_cost_parts(project)
    costs = _costs(project)
    rules = {
        task_id: (method, milestones)
        for task_id, method, milestones in EarningRule.objects.filter(project=project).values_list(
            "task_id", "method", "milestones"
        )
    }
    tasks = Task.objects.filter(project=project, is_summary=False, is_active=True).values_list(
        "id", "name", "start", "finish", "calendar_id", "percent_complete", "actual_start", "actual_finish"
    )
    calendars = engine_calendars(project)
    packages: list[EVTask] = []
    package_task: dict[int, int] = {}
    unscheduled = Decimal("0.00")
    stray: list[EngineCost] = list(costs.pop(None, []))
    for task_id, name, start, finish, calendar_id, percent, actual_start, actual_finish in tasks:
        planned = parts.get(task_id, {})
        b_start, b_finish, b_cost = baseline.get(task_id, (None, None, None))
        window = (b_start, b_finish) if has_baseline else (start, finish)
        task_costs = tuple(costs.pop(task_id, []))
        if window[0] is None or window[1] is None:
            unscheduled += (
                b_cost if baseline_costs and b_cost is not None else sum(planned.values(), Decimal(0))
            )
            stray.extend(task_costs)
            continue
        budgets = _split(planned, b_cost if baseline_costs else None)
        if not budgets and not task_costs:
            continue
        method, steps = rules.get(task_id, (EVMethod.PERCENT_COMPLETE.value, []))
        common = {
            "name": name,
            "baseline_start": to_wall(window[0]),
            "baseline_finish": to_wall(window[1]),
            "method": EVMethod(method),
            "calendar": str(calendar_id)
            if calendar_id is not None and str(calendar_id) in calendars
            else None,
            "actual_start": to_wall(actual_start),
            "actual_finish": to_wall(actual_finish),
            "progress": (ProgressPoint(status, float(percent)),) if percent else (),
            "milestones": _milestones(steps) if method == EVMethod.WEIGHTED_MILESTONES else (),
        }
        for index, (accrual, amount) in enumerate(budgets or [(Accrual.PRORATED, Decimal(0))]):
            uid = task_id * 4 + index + 1
            packages.append(
                EVTask(
                    uid=uid,
                    budget=float(amount),
                    profile=PROFILES[Accrual(accrual)],
                    costs=task_costs if index == 0 else (),
                    **common,
                )
            )
            package_task[uid] = task_id
    for leftover in costs.values():  # costs on summary or inactive tasks count as uncharged
        stray.extend(leftover)
    if stray and packages:
        first = min(p.baseline_start for p in packages if p.baseline_start is not None)
        packages.append(
            EVTask(UNCHARGED, "Costs charged to no scheduled task", 0.0, first, first, costs=tuple(stray))
        )
    engine = EVProject(
        tuple(packages),
        calendars=calendars,
        calendar=str(project.calendar_id) if project.calendar_id else "Standard",
        minutes_per_day=project.minutes_per_day,
        name=project.name,
    )
    day = (status - dt.timedelta(minutes=1)).date() if status.time() == dt.time(0) else status.date()
    return Inputs(engine, status, day, has_baseline, package_task, unscheduled)


def _split(planned: dict[str, Decimal], baseline_cost: Decimal | None) -> list[tuple[str, Decimal]]:
    """The task's budget by accrual: the planned parts, scaled to the baseline cost when there is one."""
    items = [(accrual, amount) for accrual, amount in sorted(planned.items()) if amount]
    if baseline_cost is None:
        return items
    total = sum((amount for _, amount in items), Decimal(0))
    if total <= 0:
        return [(Accrual.PRORATED, baseline_cost)] if baseline_cost else []
    return [(accrual, baseline_cost * amount / total) for accrual, amount in items]
