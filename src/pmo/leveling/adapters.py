"""ORM rows → :class:`pmo.engine.leveling.LevelingProblem` → proposed moves (the only engine contact).

The time unit is the **working minute of one reference calendar**: the project calendar of the
first project levelled (the Standard calendar when it has none). Every task's current scheduled
start and finish (the live schedule) are turned into working minutes from the earliest start; the
engine divides all times by their greatest common divisor, so whole hours or days level on an hour
or day grid. A task's current start is its *release*: leveling only ever delays (as Microsoft
Project). Links keep their type and lag (working minutes; a percentage lag of the predecessor's
duration; elapsed lags are read as working minutes). Demands are assignment units in percent
(1.00 = 100) of work resources; capacity is the resource's maximum units in percent, zero on the
whole days off of the resource (its pool's holidays and its whole-day time off), and lower in
proportion on days of part-day time off (4 hours off an 8-hour day: half the units that day).

A resource that follows a **pool calendar** (``Resource.calendar``: minutes of work per weekday)
has, each day, its units times the minutes it works that day over the reference calendar's working
minutes that day, never more than its units: zero on a day its week gives 0 minutes (Fridays of a
4-day week), half on a day of 240 minutes against 480 (half time). Part-day time off comes off its
own day (2 hours off a half-time day leave 2 of 8 hours: 25%), as in the capacity heat map
(:mod:`pmo.resources.capacity`). A resource without a pool calendar works the reference calendar's
days, and a calendar that gives at least the reference minutes every weekday changes nothing: they
cost nothing per day. Capacities are steps in working minutes from time 0 (adjacent equal days
merged: a half-time person is one step down and one back up at the end of the horizon), computed
for the whole horizon at once with numpy, in :mod:`pmo.leveling.availability`.

Leveling only delays a task; it never stretches it. So a levelled task is refused by name when it
needs more of a resource than the resource ever has: more than its maximum units, more than its
pool calendar gives it on any day (100% of a half-time person), or that much for longer than its
calendar gives it in a row (a 5-day task of someone working Monday to Thursday).

Which tasks take part: leaf tasks (not summaries) that are active and not finished. A task that
has started, is manually scheduled, is "do not level" (``level_exempt`` or priority 1000, its own or
its project's) or has a hard constraint (must start/finish on, start/finish no later than) is fixed
(``level=False``): it is never delayed for a resource but still consumes it. A started task also
ignores its predecessors (it stays put). Each project goes to the engine with its priority: when
projects share people, the tasks of the higher-priority project are served first.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from pmo.core.errors import DomainRuleError
from pmo.core.models import Scope
from pmo.engine.leveling import LevelingProblem, LevelingResult, Link, Project, Resource, Task
from pmo.engine.schedule.calendars import Calendar, CompiledCalendar, from_minutes, to_minutes
from pmo.leveling.availability import (
    Calendars,
    Week,
    availability_versions,
    capacity_steps,
    days_off,
    week_of,
)
from pmo.projects.adapters import engine_calendars, to_wall
from pmo.projects.choices import DO_NOT_LEVEL
from pmo.projects.models import Link as LinkRow
from pmo.projects.models import Project as ProjectRow
from pmo.projects.models import Task as TaskRow
from pmo.resources.models import Assignment

#: Lifecycle states whose projects are levelled (proposed, completed and cancelled ones are not).
LEVELLED_STATES = ("planning", "active", "on_hold")
#: Constraints that pin a task: such tasks are not delayed (they still use their resources).
PINNING_CONSTRAINTS = {"MSO", "MFO", "SNLT", "FNLT"}


def projects_in(scope: Scope) -> QuerySet[ProjectRow]:
    """The projects levelled for ``scope``: itself (a project) or every project under it."""
    return (
        ProjectRow.objects.filter(scope__path__startswith=scope.path, state__in=LEVELLED_STATES)
        .select_related("scope")
        .order_by("code")
    )


def signature(projects: Sequence[ProjectRow]) -> dict[str, str]:
    """A fingerprint per project of what leveling reads: the project, its tasks, links and
    assignments, and of each assigned resource its version, its pool calendar's version, its time
    off and its pool's holidays. Any edit in between changes it."""
    ids = [p.pk for p in projects]
    parts: dict[int, list[Any]] = {p.pk: [p.version, str(p.start_date)] for p in projects}
    for row in (
        TaskRow.objects.filter(project_id__in=ids).order_by("pk").values_list("project_id", "pk", "version")
    ):
        parts[row[0]].append(("t", row[1], row[2]))
    link_fields = ("project_id", "predecessor_id", "successor_id", "type", "lag_minutes", "lag_percent")
    for row in LinkRow.objects.filter(project_id__in=ids).order_by("pk").values_list(*link_fields):
        parts[row[0]].append(("l", *row[1:]))
    assignment_fields = ("project_id", "pk", "version", "resource__version", "resource__calendar__version")
    pools: dict[int, int] = {}
    resources_of: dict[int, set[int]] = {pk: set() for pk in ids}
    for row in (
        Assignment.objects.filter(project_id__in=ids)
        .order_by("pk")
        .values_list(*assignment_fields, "resource_id", "resource__scope_id")
    ):
        parts[row[0]].append(("a", *row[1:5]))
        pools[row[5]] = row[6]
        resources_of[row[0]].add(row[5])
    availability = availability_versions(pools)
    for pk, resources in resources_of.items():
        parts[pk].extend(item for resource in sorted(resources) for item in availability[resource])
    return {
        str(pk): hashlib.sha256(json.dumps(value, default=str).encode()).hexdigest()[:32]
        for pk, value in parts.items()
    }


@dataclass
class Plan:
    """A levelling problem with what is needed to read its answer back."""

    problem: LevelingProblem
    calendar: CompiledCalendar
    origin: int
    """Working minute of the reference calendar at time 0."""
    tasks: dict[int, dict[str, Any]] = field(default_factory=dict)
    """Task rows by id (name, project, start, finish, constraint...)."""
    projects: dict[int, ProjectRow] = field(default_factory=dict)
    resources: dict[str, str] = field(default_factory=dict)
    """Engine resource key → resource name."""

    def instant(self, work: int, *, finish: bool = False) -> dt.datetime:
        """The aware datetime ``work`` working minutes after time 0."""
        w = self.origin + work
        minute = self.calendar.finish_at(w) if finish else self.calendar.start_at(w)
        return from_minutes(minute).replace(tzinfo=timezone.get_default_timezone())


def _reference_calendar(project: ProjectRow) -> Calendar:
    calendars = engine_calendars(project)
    if project.calendar_id and str(project.calendar_id) in calendars:
        return calendars[str(project.calendar_id)]
    return calendars.get("Standard") or Calendar(name="Standard")


def _wall(value: dt.datetime) -> int:
    return to_minutes(value.astimezone(timezone.get_default_timezone()))


def _iso(value: dt.datetime) -> str:
    """An aware datetime in the site's time zone, to the minute."""
    return timezone.localtime(value).isoformat(timespec="minutes")


def _percent(value: Any) -> int:
    return round(float(value) * 100)


def build_plan(projects: Iterable[ProjectRow]) -> Plan:
    """Read the tasks, links and assignments of ``projects`` into a :class:`Plan` (a few queries).

    Raises :class:`DomainRuleError` when there is nothing to level or a levelled task needs more
    of a resource than it has (its maximum units, or what its pool calendar gives: see the module
    docstring).
    """
    rows = list(projects)
    if not rows:
        raise DomainRuleError("There is no planning, active or on-hold project to level here.", field="scope")
    fields = (
        "pk", "uid", "name", "project_id", "position", "start", "finish", "priority", "level_exempt",
        "constraint_type", "constraint_date", "actual_start", "is_manual", "version",
    )  # fmt: skip
    tasks = {
        row["pk"]: row
        for row in TaskRow.objects.filter(
            project__in=rows,
            is_summary=False,
            is_active=True,
            actual_finish__isnull=True,
            start__isnull=False,
            finish__isnull=False,
        ).values(*fields)
    }
    if not tasks:
        raise DomainRuleError("No scheduled task is left to level.", field="scope")
    first = min(t["start"] for t in tasks.values())
    last = max(t["finish"] for t in tasks.values())
    span = sum(max((t["finish"] - t["start"]).days, 1) for t in tasks.values())
    horizon = (
        (to_wall(first) or first).date() - dt.timedelta(days=7),
        (to_wall(last) or last).date() + dt.timedelta(days=2 * span + 366),
    )
    calendar = _reference_calendar(rows[0]).compile(*horizon)
    origin = calendar.to_work(_wall(first))
    starts = {pk: calendar.to_work(_wall(t["start"])) - origin for pk, t in tasks.items()}
    durations = {
        pk: max(calendar.to_work(_wall(t["finish"])) - origin - starts[pk], 0) for pk, t in tasks.items()
    }

    resources: dict[str, tuple[str, int]] = {}
    demands: dict[int, list[tuple[str, int]]] = {}
    pools: dict[int, int] = {}
    weeks: dict[str, tuple[Week, str]] = {}
    query = Assignment.objects.filter(task_id__in=list(tasks), resource__kind="work").values_list(
        "task_id", "resource_id", "resource__name", "resource__max_units", "units", "resource__scope_id",
        "resource__calendar_id", "resource__calendar__week_minutes", "resource__calendar__name",
    )  # fmt: skip
    for task_id, resource_id, name, max_units, raw_units, pool_id, calendar_id, week, calendar_name in query:
        key = f"r{resource_id}"
        resources[key] = (name, _percent(max_units))
        pools[resource_id] = pool_id
        if calendar_id is not None:
            weeks[key] = (week_of(week), calendar_name)
        if _percent(raw_units) > 0:
            demands.setdefault(task_id, []).append((key, _percent(raw_units)))
    days = (horizon[0], horizon[1] - dt.timedelta(days=1))
    calendars = Calendars.of(calendar, origin, days, weeks)

    project_priority = {p.pk: min(int(p.priority), DO_NOT_LEVEL) for p in rows}
    engine_tasks = []
    for pk, t in tasks.items():
        fixed = bool(
            t["level_exempt"]
            or t["actual_start"]
            or t["is_manual"]
            or t["constraint_type"] in PINNING_CONSTRAINTS
            or t["priority"] >= DO_NOT_LEVEL
            or project_priority[t["project_id"]] >= DO_NOT_LEVEL
        )
        for key, units in demands.get(pk, ()):
            name, capacity = resources[key]
            if fixed:
                continue
            if units > capacity:
                raise DomainRuleError(
                    f"Task {t['name']!r} needs {units}% of {name}, who has {capacity}% at most: "
                    "lower the assignment's units or raise the resource's maximum units.",
                    field="scope",
                )
            refusal = (
                calendars.refusal(t["name"], name, key, capacity, units, durations[pk]) if calendars else ""
            )
            if refusal:
                raise DomainRuleError(refusal, field="scope")
        engine_tasks.append(
            Task(
                pk,
                durations[pk],
                demands=tuple(demands.get(pk, ())),
                release=starts[pk],
                priority=min(int(t["priority"]), DO_NOT_LEVEL),
                project=str(t["project_id"]),
                level=not fixed,
            )
        )
    off = days_off(pools, *days)
    links = []
    link_fields = ("predecessor_id", "successor_id", "type", "lag_minutes", "lag_percent")
    for pred, succ, kind, lag, percent in LinkRow.objects.filter(project__in=rows).values_list(*link_fields):
        if pred not in tasks or succ not in tasks or tasks[succ]["actual_start"]:
            continue
        if percent is not None:
            lag = round(durations[pred] * percent / 100)
        links.append(Link(pred, succ, kind, int(lag)))
    return Plan(
        problem=LevelingProblem(
            tasks=tuple(engine_tasks),
            resources=tuple(
                Resource(
                    key,
                    cap,
                    capacity_steps(calendar, origin, calendars, key, cap, off.get(int(key[1:]), {})),
                )
                for key, (_, cap) in resources.items()
            ),
            links=tuple(links),
            projects=tuple(Project(str(p.pk), priority=project_priority[p.pk]) for p in rows),
        ),
        calendar=calendar,
        origin=origin,
        tasks=tasks,
        projects={p.pk: p for p in rows},
        resources={key: name for key, (name, _) in resources.items()},
    )


def _reason(plan: Plan, explained: Any, delay: int) -> tuple[str, dict[str, Any] | None]:
    """A sentence for people, and the conflict as data."""
    names = {pk: t["name"] for pk, t in plan.tasks.items()}
    hours = f"{delay / 60:g} working hours"
    conflict = explained.conflict
    if conflict is not None:
        resource = plan.resources.get(conflict.resource, conflict.resource)
        when = plan.instant(int(conflict.period))
        holders = [names.get(h, str(h)) for h in conflict.holders]
        held = (
            f", held by {', '.join(repr(h) for h in holders)}"
            if holders
            else ", its working week, time off or holiday"
        )
        text = (
            f"Delayed {hours}: {resource} was over-allocated at {when:%Y-%m-%d %H:%M} "
            f"(needs {conflict.needed}%, {conflict.free}% free{held})."
        )
        data = {
            "resource": resource,
            "at": _iso(when),
            "needed": conflict.needed,
            "free": conflict.free,
            "holders": holders,
        }
        if explained.driver is not None:
            text = (
                f"{text[:-1]}; and its predecessor {names.get(explained.driver, explained.driver)!r} moved."
            )
        return text, data
    if explained.driver is not None:
        return (
            f"Delayed {hours}: its predecessor {names.get(explained.driver, explained.driver)!r} moved.",
            None,
        )
    return f"Delayed {hours}: placed later by the optimizer.", None


def proposals(plan: Plan, result: LevelingResult) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The moved tasks (in project and row order) and the before/after finish of each project."""
    starts = result.starts
    changes = []
    finish_before: dict[int, dt.datetime] = {}
    finish_after: dict[int, dt.datetime] = {}
    for task in plan.problem.tasks:
        row = plan.tasks[int(task.key)]  # type: ignore[call-overload]
        new_start = int(starts[task.key])
        new_finish = plan.instant(new_start + task.duration, finish=True) if task.duration else None
        project_id = row["project_id"]
        finish_before[project_id] = max(finish_before.get(project_id, row["finish"]), row["finish"])
        delay = new_start - task.release
        after = row["finish"] if delay <= 0 else (new_finish or plan.instant(new_start))
        finish_after[project_id] = max(finish_after.get(project_id, after), after)
        if delay <= 0:
            continue
        reason, conflict = _reason(plan, result.explain(task.key), delay)
        changes.append(
            {
                "task": row["pk"],
                "task_uid": str(row["uid"]),
                "name": row["name"],
                "position": row["position"],
                "project": project_id,
                "project_name": str(plan.projects[project_id]),
                "old_start": _iso(row["start"]),
                "old_finish": _iso(row["finish"]),
                "new_start": _iso(plan.instant(new_start)),
                "new_finish": _iso(after),
                "delay_minutes": delay,
                "reason": reason,
                "conflict": conflict,
                "version": row["version"],
            }
        )
    changes.sort(key=lambda c: (str(plan.projects[c["project"]].code), c["position"]))
    finishes = [
        {
            "project": p.pk,
            "uid": str(p.uid),
            "name": str(p),
            "finish_before": _iso(finish_before[p.pk]) if p.pk in finish_before else None,
            "finish_after": _iso(finish_after[p.pk]) if p.pk in finish_after else None,
        }
        for p in plan.projects.values()
    ]
    return changes, finishes
