"""ORM → Monte Carlo engine: a project's plan, estimates, risks and costs as a frozen snapshot, and
the snapshot as a :class:`pmo.engine.risk.RiskModel`.

A run stores the snapshot (:func:`model_inputs`) when it starts and the background task builds
the engine model from that snapshot only (:func:`model_from_inputs`), so running again with the
same seed gives identical results whatever changed in the plan since.

The engine works on one working-minute time line (the project calendar). What it cannot
represent is approximated here, and each approximation is listed in the snapshot's ``notes``:
date constraints and task calendars are ignored, elapsed durations and lags count as working
minutes, percent lags become minutes of the predecessor's duration, links to summary tasks are
left out; a started task keeps its remaining duration and a finished one takes no time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.apps import apps as django_apps

from pmo.costs.selectors import planned_cost_parts
from pmo.engine.risk import (
    Correlation,
    Distribution,
    Estimate,
    ImpactUnit,
    RiskEvent,
    RiskModel,
    RiskNetwork,
    TaskCost,
    ThreePoint,
)
from pmo.engine.schedule.calendars import Calendar, CompiledCalendar, from_minutes, to_minutes
from pmo.engine.schedule.network import LinkType
from pmo.projects.adapters import engine_calendars, project_start
from pmo.projects.models import Link, Project, Task
from pmo.simulations.models import TaskEstimate

#: Prefix of the engine events that carry a task's cost range (left out of the risk tornado).
COST_RANGE_PREFIX = "cost-range:"
#: Largest correlation group used (pairs grow with the square of the size).
MAX_GROUP_SIZE = 60


def _load_quantified_risks(project: Project) -> list[Any]:
    """The register's quantified threats of ``project`` (``pmo.risks``; none while it is absent)."""
    if not django_apps.is_installed("pmo.risks"):
        return []  # the risk register is optional
    try:
        from pmo.risks.selectors import quantified_risks
    except ImportError:  # installed, but without the contract yet
        return []
    return list(quantified_risks(project))


#: What :func:`model_inputs` reads the risk events from; tests replace it with a fake register.
risk_source: Callable[[Project], list[Any]] = _load_quantified_risks


def _leaf_duration(task: dict[str, Any]) -> int:
    """Working minutes still to go: the plan, the remaining duration of a started task, 0 when done."""
    if task["actual_finish"] is not None or task["percent_complete"] >= 100:
        return 0
    if task["percent_complete"] > 0 or task["actual_start"] is not None:
        if task["remaining_minutes"] is not None:
            return int(task["remaining_minutes"])
        remaining: int = round(task["duration_minutes"] * (100 - task["percent_complete"]) / 100)
        return remaining
    return int(task["duration_minutes"])


def _network(project: Project, notes: list[str]) -> tuple[list[dict[str, Any]], list[list[int]]]:
    """Active leaf tasks (in outline order) and the links between them, as plain lists."""
    fields = (
        "id", "position", "name", "duration_minutes", "duration_elapsed", "percent_complete",
        "actual_start", "actual_finish", "remaining_minutes", "constraint_type", "calendar_id",
    )  # fmt: skip
    rows = list(
        Task.objects.filter(project=project, is_summary=False, is_active=True)
        .order_by("position")
        .values(*fields)
    )
    tasks = [
        {"id": r["id"], "position": r["position"], "name": r["name"], "duration": _leaf_duration(r)}
        for r in rows
    ]
    if any(r["constraint_type"] not in ("ASAP", "ALAP") for r in rows):
        notes.append("Date constraints are ignored: every task starts as soon as its predecessors allow.")
    if any(r["calendar_id"] for r in rows):
        notes.append("Task calendars are ignored: every task works on the project calendar.")
    if any(r["duration_elapsed"] for r in rows):
        notes.append("Elapsed durations are counted as working minutes.")
    index = {r["id"]: i for i, r in enumerate(rows)}
    links: list[list[int]] = []
    skipped = 0
    for link in Link.objects.filter(project=project).values(
        "predecessor_id", "successor_id", "type", "lag_minutes", "lag_percent"
    ):
        pred, succ = index.get(link["predecessor_id"]), index.get(link["successor_id"])
        if pred is None or succ is None:
            skipped += 1
            continue
        lag = link["lag_minutes"]
        if link["lag_percent"] is not None:
            lag = round(link["lag_percent"] / 100 * rows[pred]["duration_minutes"])
        links.append([pred, succ, int(LinkType[link["type"]]), int(lag)])
    if skipped:
        notes.append(f"{skipped} link(s) to summary or inactive tasks are left out.")
    return tasks, links


def _risk_events(project: Project, leaf_ids: set[int], notes: list[str]) -> list[dict[str, Any]]:
    """The register's quantified threats as plain events (probability in percent)."""
    events: list[dict[str, Any]] = []
    names: set[str] = set()
    for risk in risk_source(project):
        tasks = [task for task in risk.task_ids if task in leaf_ids]
        if not tasks and risk.cost_impact is None:
            notes.append(
                f"The risk {risk.title!r} is left out: none of its tasks is a leaf task of the plan."
            )
            continue
        name, n = str(risk.title)[:80] or "Risk", 2
        while name in names:
            name, n = f"{str(risk.title)[:80]} ({n})", n + 1
        names.add(name)
        time = [float(v) for v in risk.time_impact] if risk.time_impact and tasks else None
        events.append(
            {
                "id": name,
                "uid": str(risk.uid),
                "probability": round(float(risk.probability) * 100, 6),
                "tasks": tasks,
                "time": time,
                "time_unit": "%" if risk.time_impact_percent else "m",
                "cost": [float(v) for v in risk.cost_impact] if risk.cost_impact else None,
            }
        )
    return events


def _costs(project: Project, tasks: list[dict[str, Any]]) -> list[list[float]]:
    """``[task id, fixed, rate per working minute]``: assignments and prorated fixed costs scale with
    the duration, fixed costs accrued at the start or end do not."""
    parts = planned_cost_parts(project)
    out: list[list[float]] = []
    for task in tasks:
        bucket = parts.get(task["id"])
        if not bucket:
            continue
        prorated = float(bucket.get("prorated", Decimal(0)))
        fixed = float(sum((v for k, v in bucket.items() if k != "prorated"), Decimal(0)))
        if task["duration"] > 0:
            out.append([task["id"], fixed, prorated / task["duration"]])
        else:
            out.append([task["id"], fixed + prorated, 0.0])
    return out


def _planned_cost(task_id: int, costs: dict[int, list[float]], duration: int) -> float:
    entry = costs.get(task_id)
    return entry[1] + entry[2] * duration if entry else 0.0


def model_inputs(project: Project, *, deadline: dt.date | None = None) -> dict[str, Any]:
    """Everything a run needs, read now, as JSON-ready lists (the run stores it)."""
    notes: list[str] = []
    tasks, links = _network(project, notes)
    by_id = {t["id"]: t for t in tasks}
    estimates: list[list[Any]] = []
    groups: dict[int, tuple[float, list[int]]] = {}
    cost_rows = _costs(project, tasks)
    costs = {int(row[0]): row for row in cost_rows}
    ranges: list[dict[str, Any]] = []
    for est in (
        TaskEstimate.objects.filter(project=project).select_related("group").order_by("task__position")
    ):
        task = by_id.get(est.task_id)
        if task is None or task["duration"] == 0:
            continue  # a summary, inactive or finished task
        estimates.append(
            [est.task_id, est.minimum_minutes, est.most_likely_minutes, est.maximum_minutes, est.distribution]
        )
        if est.group_id is not None and est.group is not None:
            groups.setdefault(est.group_id, (float(est.group.coefficient), []))[1].append(est.task_id)
        planned = _planned_cost(est.task_id, costs, task["duration"])
        if est.has_cost_range and planned:
            points = (est.cost_minimum_percent, est.cost_most_likely_percent, est.cost_maximum_percent)
            ranges.append(
                {
                    "id": f"{COST_RANGE_PREFIX}{task['position']}",
                    "probability": 100.0,
                    "tasks": [],
                    "time": None,
                    "time_unit": "m",
                    "cost": [planned * (float(p or 0) - 100) / 100 for p in points],
                }
            )
    correlations: list[list[Any]] = []
    for coefficient, members in groups.values():
        members = members[:MAX_GROUP_SIZE]
        correlations += [
            [a, b, coefficient] for i, a in enumerate(members) for b in members[i + 1 :] if coefficient
        ]
    return {
        "start": project_start(project).isoformat(),
        "tasks": tasks,
        "links": links,
        "estimates": estimates,
        "risks": _risk_events(project, set(by_id), notes),
        "cost_ranges": ranges,
        "correlations": correlations,
        "costs": cost_rows,
        "deadline": deadline.isoformat() if deadline else None,
        "notes": notes,
    }


def _three(values: list[float] | None) -> ThreePoint | None:
    if values is None:
        return None
    low, likely, high = values
    kind = Distribution.FIXED if low == high else Distribution.TRIANGULAR
    return ThreePoint(low, likely, high, kind)


def model_from_inputs(inputs: dict[str, Any]) -> RiskModel:
    """The engine model of a stored snapshot."""
    tasks = inputs["tasks"]
    links = inputs["links"]
    network = RiskNetwork.from_arrays(
        [t["duration"] for t in tasks],
        [link[0] for link in links],
        [link[1] for link in links],
        [link[2] for link in links],
        [link[3] for link in links],
        uids=[t["id"] for t in tasks],
        names=[t["name"] for t in tasks],
    )
    events = [
        RiskEvent(
            id=e["id"],
            probability=e["probability"],
            tasks=tuple(e["tasks"]),
            time=_three(e["time"]),
            time_unit=ImpactUnit(e["time_unit"]),
            cost=_three(e["cost"]),
        )
        for e in [*inputs["risks"], *inputs["cost_ranges"]]
    ]
    return RiskModel(
        network,
        estimates=tuple(
            Estimate(int(t), lo, ml, hi, Distribution(d)) for t, lo, ml, hi, d in inputs["estimates"]
        ),
        risks=tuple(events),
        correlations=tuple(Correlation(int(a), int(b), float(c)) for a, b, c in inputs["correlations"]),
        costs=tuple(TaskCost(int(t), fixed=f, rate=r) for t, f, r in inputs["costs"]),
    )


class Timeline:
    """Working minutes after the project start ↔ dates, on the project calendar."""

    def __init__(self, project: Project, start: dt.datetime, longest: int) -> None:
        calendars = engine_calendars(project)
        calendar = calendars.get(str(project.calendar_id), Calendar()) if project.calendar_id else Calendar()
        per_day = max(60, project.minutes_per_week // 7)
        days = int(longest / per_day * 1.5) + 60
        self.compiled: CompiledCalendar = calendar.compile(
            start.date() - dt.timedelta(days=7), start.date() + dt.timedelta(days=days)
        )
        self.origin = self.compiled.to_work(to_minutes(start))

    def date_of(self, minutes: float) -> dt.datetime | None:
        """The instant ``minutes`` working minutes after the start (``None`` past the horizon)."""
        w = self.origin + round(minutes)
        if not 0 <= w <= self.compiled.total:
            return None
        return from_minutes(self.compiled.finish_at(w))

    def minutes_until(self, day: dt.date) -> int | None:
        """Working minutes from the start to the end of ``day`` (``None`` outside the horizon)."""
        end = to_minutes(dt.datetime(day.year, day.month, day.day) + dt.timedelta(days=1))
        if not self.compiled.horizon_start <= end <= self.compiled.horizon_end:
            return None
        return self.compiled.to_work(end) - self.origin
