"""Impact assessment: the proposed operations applied to an in-memory copy of the plan.

The project is loaded into the engine (:func:`pmo.projects.adapters.engine_project`), the
operations change the engine's frozen task and link tuples (never a row), both plans are
scheduled, and the two answers are compared: project finish (and the delay in working days of
the project calendar), planned cost (:func:`pmo.costs.selectors.planned_cost_by_task` plus the
operations' cost deltas), the critical path (which tasks join or leave it) and every task whose
finish moves. A duration change alone does not change a task's cost: change the assignment's work
too when the cost should follow.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Any

from django.utils import timezone

from pmo.changes.choices import OperationKind
from pmo.changes.operations import PlanRefs, describe
from pmo.costs.planning import PlannedAssignment, assignment_cost
from pmo.costs.selectors import planned_cost_by_task
from pmo.engine.schedule.network import Lag, Link, LinkType
from pmo.engine.schedule.network import Project as EngineProject
from pmo.engine.schedule.network import Task as EngineTask
from pmo.engine.schedule.results import ScheduleResult
from pmo.projects.adapters import engine_project, run_engine
from pmo.projects.models import Project
from pmo.resources.selectors import rate_tables

#: Engine ids of tasks an operation adds (far above any row id).
NEW_TASK_BASE = 10**15


def _descendants(tasks: Sequence[EngineTask], root: int) -> set[int]:
    out = {root}
    changed = True
    while changed:
        changed = False
        for task in tasks:
            if task.parent in out and task.uid not in out:
                out.add(task.uid)
                changed = True
    return out


def _set_link(links: list[Link], pred: int, succ: int, kind: str, lag: int) -> list[Link]:
    kept = [link for link in links if (link.predecessor, link.successor) != (pred, succ)]
    return [*kept, Link(predecessor=pred, successor=succ, type=LinkType[kind], lag=Lag(minutes=lag))]


def proposed_engine(
    engine: EngineProject, operations: Sequence[Mapping[str, Any]], refs: PlanRefs
) -> tuple[EngineProject, dict[int, str]]:
    """``engine`` with the operations' schedule changes; also the names of the tasks they add."""
    tasks = list(engine.tasks)
    links = list(engine.links)
    added: dict[int, str] = {}
    for op in operations:
        kind = op["op"]
        if kind == OperationKind.SET_DURATION:
            pk = refs.tasks[op["task"]].pk
            minutes = op["duration_minutes"]
            tasks = [
                replace(t, duration=minutes, milestone=t.milestone or minutes == 0) if t.uid == pk else t
                for t in tasks
            ]
        elif kind == OperationKind.ADD_TASK:
            uid = NEW_TASK_BASE + len(added)
            added[uid] = op["name"]
            minutes = op["duration_minutes"]
            tasks.append(EngineTask(uid=uid, name=op["name"], duration=minutes, milestone=minutes == 0))
            for pred in op["predecessors"]:
                links = _set_link(links, refs.tasks[pred].pk, uid, "FS", 0)
            for succ in op["successors"]:
                links = _set_link(links, uid, refs.tasks[succ].pk, "FS", 0)
        elif kind == OperationKind.REMOVE_TASK:
            gone = _descendants(tasks, refs.tasks[op["task"]].pk)
            tasks = [t for t in tasks if t.uid not in gone]
            links = [link for link in links if link.predecessor not in gone and link.successor not in gone]
        elif kind == OperationKind.SET_LINK:
            pred, succ = refs.tasks[op["predecessor"]].pk, refs.tasks[op["successor"]].pk
            links = _set_link(links, pred, succ, op["type"], op["lag_minutes"])
        elif kind == OperationKind.REMOVE_LINK:
            pair = (refs.tasks[op["predecessor"]].pk, refs.tasks[op["successor"]].pk)
            links = [link for link in links if (link.predecessor, link.successor) != pair]
    return replace(engine, tasks=tuple(tasks), links=tuple(links)), added


def cost_delta(
    project: Project, operations: Sequence[Mapping[str, Any]], refs: PlanRefs, planned: Mapping[int, Decimal]
) -> Decimal:
    """What the operations add to the planned cost (removed tasks take their planned cost away)."""
    delta = Decimal("0.00")
    tables = rate_tables({a.resource_id for a in refs.assignments.values()})
    today = timezone.localdate()
    for op in operations:
        kind = op["op"]
        if kind == OperationKind.REMOVE_TASK:
            task = refs.tasks[op["task"]]
            ids = set(
                type(task)
                .objects.filter(project=project, wbs__startswith=f"{task.wbs}.")
                .values_list("id", flat=True)
            )
            delta -= sum((planned.get(pk, Decimal(0)) for pk in ids | {task.pk}), Decimal(0))
        elif kind == OperationKind.ADD_FIXED_COST:
            delta += Decimal(op["amount"])
        elif kind == OperationKind.SET_FIXED_COST:
            delta += Decimal(op["amount"]) - refs.fixed_costs[op["fixed_cost"]].amount
        elif kind == OperationKind.SET_ASSIGNMENT_WORK:
            assignment = refs.assignments[op["assignment"]]
            day = timezone.localdate(assignment.start) if assignment.start else today
            table = tables.get(assignment.resource_id)
            rates = table.on(day) if table is not None else None
            standard = rates.standard if rates else None
            per_use = rates.per_use if rates else None
            old = assignment_cost(PlannedAssignment(0, assignment.work_minutes, standard, per_use))
            new = assignment_cost(PlannedAssignment(0, op["work_minutes"], standard, per_use))
            delta += new - old
    return delta


def _working_days(engine: EngineProject, first: dt.date, last: dt.date) -> int:
    """Working days of the project calendar after ``first`` up to ``last`` (negative when earlier)."""
    calendar = engine.calendars.get(engine.calendar)
    sign = 1 if last >= first else -1
    low, high = (first, last) if sign == 1 else (last, first)
    days = 0
    day = low + dt.timedelta(days=1)
    while day <= high:
        working = bool(calendar.working_times_on(day)) if calendar is not None else day.weekday() < 5
        days += working
        day += dt.timedelta(days=1)
    return sign * days


def _critical(result: ScheduleResult) -> dict[int, str]:
    return {t.uid: t.name for t in result.tasks if t.critical and not t.summary}


def assess(project: Project, operations: Sequence[Mapping[str, Any]], refs: PlanRefs) -> dict[str, Any]:
    """The impact of ``operations`` on ``project``'s plan, as JSON-ready values (see the module)."""
    loaded = engine_project(project, with_stored=False)
    current = run_engine(loaded)
    engine, added = proposed_engine(loaded.engine, operations, refs)
    proposed = run_engine(replace(loaded, engine=engine))
    planned = planned_cost_by_task(project)
    cost_now = sum(planned.values(), Decimal("0.00"))
    delta = cost_delta(project, operations, refs, planned)
    crit_now, crit_new = _critical(current), _critical(proposed)
    now_by_id = {t.uid: t for t in current.tasks}
    moved = []
    for task in proposed.tasks:
        before = now_by_id.get(task.uid)
        if before is not None and before.finish != task.finish:
            moved.append(
                {
                    "task": task.name,
                    "current": before.finish.isoformat(sep=" ", timespec="minutes"),
                    "proposed": task.finish.isoformat(sep=" ", timespec="minutes"),
                    "days": _working_days(engine, before.finish.date(), task.finish.date()),
                }
            )
    kept = {t.uid for t in proposed.tasks}
    finish_now, finish_new = current.project_finish, proposed.project_finish
    return {
        "operations": [describe(op, refs, minutes_per_day=project.minutes_per_day) for op in operations],
        "current": {
            "finish": finish_now.isoformat(sep=" ", timespec="minutes"),
            "cost": str(cost_now),
            "critical": sorted(crit_now.values()),
        },
        "proposed": {
            "finish": finish_new.isoformat(sep=" ", timespec="minutes"),
            "cost": str(cost_now + delta),
            "critical": sorted(crit_new.values()),
        },
        "delay_days": _working_days(engine, finish_now.date(), finish_new.date()),
        "cost_delta": str(delta),
        "critical_joined": sorted(name for uid, name in crit_new.items() if uid not in crit_now),
        "critical_left": sorted(name for uid, name in crit_now.items() if uid not in crit_new),
        "moved": moved,
        "added": sorted(added.values()),
        "removed": sorted(t.name for t in current.tasks if t.uid not in kept),
        "versions": refs.versions(),
    }
