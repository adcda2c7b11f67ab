"""The project's time-phased planned value (the PV S-curve) from its stored schedule.

Each task's planned cost is spread over its scheduled working time (start to finish, on the
task's calendar) by :func:`pmo.engine.evm.time_phased`: assignments and prorated fixed costs
linearly, fixed costs accrued at start or end at that instant. Tasks without scheduled dates are
left out and reported as ``unscheduled``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from pmo.costs.choices import Accrual
from pmo.costs.planning import CENT
from pmo.costs.selectors import planned_cost_parts
from pmo.engine.evm import EVProject, EVTask, Profile, periods, time_phased
from pmo.projects.adapters import engine_calendars, to_wall
from pmo.projects.models import Project, Task

PROFILES = {Accrual.PRORATED: Profile.LINEAR, Accrual.START: Profile.START, Accrual.END: Profile.END}


@dataclass(frozen=True)
class PlannedValueCurve:
    """Cumulative planned value at the end of each period (wall-clock instants of the site's zone)."""

    period_ends: tuple[dt.datetime, ...]
    cumulative: tuple[Decimal, ...]
    total: Decimal
    """Planned cost of the scheduled tasks (the curve's last value)."""
    unscheduled: Decimal
    """Planned cost of tasks without scheduled dates (not on the curve)."""

    @property
    def increments(self) -> tuple[Decimal, ...]:
        """Planned value of each period (the first collects everything up to its end)."""
        previous = Decimal("0.00")
        out = []
        for value in self.cumulative:
            out.append(value - previous)
            previous = value
        return tuple(out)


def pv_curve(project: Project, *, every: str = "week") -> PlannedValueCurve:
    """The PV curve of a project the caller has fetched, by ``every`` ("day", "week", "month")."""
    parts = planned_cost_parts(project)
    rows = Task.objects.filter(pk__in=parts).values_list("id", "name", "start", "finish", "calendar_id")
    calendars = engine_calendars(project)
    tasks: list[EVTask] = []
    unscheduled = Decimal("0.00")
    for task_id, name, start, finish, calendar_id in rows:
        amounts = parts[task_id]
        if start is None or finish is None:
            unscheduled += sum(amounts.values(), Decimal("0.00"))
            continue
        for accrual, amount in amounts.items():
            if amount == 0:
                continue
            tasks.append(
                EVTask(
                    uid=len(tasks) + 1,
                    name=name,
                    budget=float(amount),
                    baseline_start=to_wall(start),
                    baseline_finish=to_wall(finish),
                    profile=PROFILES[Accrual(accrual)],
                    calendar=str(calendar_id) if calendar_id is not None else None,
                )
            )
    if not tasks:
        return PlannedValueCurve((), (), Decimal("0.00"), unscheduled)
    engine = EVProject(
        tuple(tasks),
        calendars=calendars,
        calendar=str(project.calendar_id) if project.calendar_id else "Standard",
        minutes_per_day=project.minutes_per_day,
        name=project.name,
    )
    first = min(task.baseline_start for task in tasks if task.baseline_start is not None)
    last = max(task.baseline_finish for task in tasks if task.baseline_finish is not None)
    ends = periods(first, last, every=every)
    phased = time_phased(engine, ends)
    cumulative = tuple(
        Decimal(repr(float(value))).quantize(CENT, rounding=ROUND_HALF_UP) for value in phased.pv
    )
    return PlannedValueCurve(ends, cumulative, cumulative[-1], unscheduled)
