"""Loading a whole plan (a :class:`~pmo.interchange.document.PlanDocument`) into a project at once.

Used by imports: a new project gets every task, link, calendar, baseline and setting of the file;
an existing project is brought in line with the file: its tasks are matched to the file's (by the
file UID recorded at the previous import, then by unique name), matched tasks are updated in place
(so their history, progress entries and deliverable links stay), new ones created, the others
deleted. Everything runs in bulk (a 10,000-task plan is a few dozen queries), in one transaction
under the project lock, and ends with one recalculation: a cycle or an impossible date rolls the
whole load back. One audit record describes the load.

Task rows keep the file's identity in ``Task.extra``: ``uid`` (the file UID), ``format``, ``code``
(P6 activity ID), ``activity_type``, ``fixed_cost`` and ``fields`` (the file's unmodelled fields).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from pmo.accounts.choices import Role
from pmo.accounts.selectors import require_role
from pmo.core.audit import audit_log
from pmo.core.bulk import allocate_ids, insert_rows, new_row_defaults, update_rows
from pmo.core.choices import AuditAction
from pmo.core.errors import DomainRuleError
from pmo.engine.schedule import Calendar
from pmo.engine.schedule import Project as EngineProject
from pmo.engine.schedule import Task as EngineTask
from pmo.interchange.document import BaselineValues, PlanDocument
from pmo.projects.adapters import Recalculation, from_wall, recalculate, status_day
from pmo.projects.models import (
    Baseline,
    BaselineTask,
    CalendarException,
    Link,
    Project,
    Task,
    WorkCalendar,
)
from pmo.projects.outline import derive_outline
from pmo.projects.services.schedule import lock_project

BATCH = 1000
Progress = Callable[[float, str], None]

#: Task fields a load writes (besides the outline fields and ``project``).
TASK_FIELDS = (
    "name",
    "notes",
    "duration_minutes",
    "duration_elapsed",
    "estimated",
    "is_milestone",
    "is_manual",
    "manual_start",
    "manual_finish",
    "is_active",
    "constraint_type",
    "constraint_date",
    "deadline",
    "calendar_id",
    "priority",
    "percent_complete",
    "actual_start",
    "actual_finish",
    "remaining_minutes",
    "extra",
)
OUTLINE = ("position", "outline_level", "parent_id", "wbs", "is_summary")


@dataclass(frozen=True)
class PlanMatch:
    """How a file's tasks pair with a project's: file uid → task id, and the unmatched task ids."""

    matched: dict[int, int]
    removed: tuple[int, ...]


@dataclass(frozen=True)
class PlanLoad:
    """What :func:`plan_load` did."""

    created: int
    updated: int
    deleted: int
    links: int
    calendars: int
    baselines: tuple[int, ...]
    task_ids: dict[int, int] = field(default_factory=dict)
    recalculation: Recalculation | None = None


def _levels(engine: EngineProject) -> list[tuple[int, int]]:
    """``(uid, outline level)`` of the file's tasks in file order, levels from the parent chain."""
    parents = {t.uid: t.parent for t in engine.tasks}
    depth: dict[int, int] = {}

    def level(uid: int) -> int:
        if uid not in depth:
            chain: list[int] = []
            node: int | None = uid
            while node is not None and node not in depth:
                chain.append(node)
                node = parents.get(node)
            base = depth[node] if node is not None else 0
            for offset, item in enumerate(reversed(chain), start=1):
                depth[item] = base + offset
        return depth[uid]

    rows = [(t.uid, level(t.uid)) for t in engine.tasks]
    # A child listed before its parent cannot be drawn as an outline: refuse rather than guess.
    seen: set[int] = set()
    for t in engine.tasks:
        if t.parent is not None and t.parent not in seen:
            raise DomainRuleError(f"task {t.uid} is listed before its summary task {t.parent}", field="file")
        seen.add(t.uid)
    return rows


def plan_match(project: Project, doc: PlanDocument) -> PlanMatch:
    """Pair the file's tasks with the project's (see the module docstring); no writes."""
    existing = list(Task.objects.filter(project=project).values_list("id", "name", "extra"))
    by_uid: dict[int, int] = {}
    for pk, _, extra in existing:
        uid = (extra or {}).get("uid")
        if isinstance(uid, int) and uid not in by_uid:
            by_uid[uid] = pk
    matched: dict[int, int] = {}
    for t in doc.project.tasks:
        if t.uid in by_uid:
            matched[t.uid] = by_uid.pop(t.uid)
    taken = set(matched.values())
    names: dict[str, list[int]] = {}
    for pk, name, _ in existing:
        if pk not in taken:
            names.setdefault(name, []).append(pk)
    file_names: dict[str, int] = {}
    for t in doc.project.tasks:
        if t.uid not in matched:
            file_names[t.name] = file_names.get(t.name, 0) + 1
    for t in doc.project.tasks:
        if t.uid not in matched and len(names.get(t.name, ())) == 1 and file_names[t.name] == 1:
            matched[t.uid] = names[t.name][0]
    kept = set(matched.values())
    return PlanMatch(matched=matched, removed=tuple(pk for pk, _, _ in existing if pk not in kept))


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    return from_wall(value) if value is not None else None


def _calendars(project: Project, calendars: Mapping[str, Calendar]) -> dict[str, WorkCalendar]:
    """Create or update the project's calendars from the file's (matched by name); returns them by
    the file's calendar key."""
    existing = {c.name: c for c in WorkCalendar.objects.filter(project=project)}
    out: dict[str, WorkCalendar] = {}
    by_name: dict[str, WorkCalendar] = {}
    for key, cal in calendars.items():
        name = (cal.name or key)[:100]
        if name in by_name:  # two file calendars with one name: keep them apart
            name = f"{name} ({key})"[:100]
        week = [None if day is None else [list(p) for p in day] for day in cal.week]
        row = existing.get(name) or WorkCalendar(project=project, name=name)
        row.week = week
        row.base = None
        row.save()
        CalendarException.objects.filter(calendar=row).delete()
        CalendarException.objects.bulk_create(
            [
                CalendarException(
                    calendar=row,
                    name=exc.name[:100],
                    start=exc.start,
                    finish=exc.finish,
                    working_times=[list(p) for p in exc.working_times],
                    recurrence=_recurrence_json(exc.recurrence),
                )
                for exc in cal.exceptions
            ],
            batch_size=BATCH,
        )
        out[key] = by_name[name] = row
    for key, cal in calendars.items():
        if cal.base is not None:
            base = next((out[k] for k, c in calendars.items() if c is cal.base), None)
            if base is None:
                base = by_name.get(cal.base.name)
            if base is not None and base.pk != out[key].pk:
                WorkCalendar.objects.filter(pk=out[key].pk).update(base=base)
    return out


def _recurrence_json(rec: Any) -> dict[str, Any] | None:
    if rec is None:
        return None
    data: dict[str, Any] = {"type": str(rec.type), "period": rec.period}
    if rec.weekdays:
        data["weekdays"] = sorted(rec.weekdays)
    for name in ("day", "month", "position", "occurrences"):
        if getattr(rec, name) is not None:
            data[name] = getattr(rec, name)
    return data


def _task_values(t: EngineTask, doc: PlanDocument, calendars: Mapping[str, WorkCalendar]) -> dict[str, Any]:
    details = doc.detail(t.uid)
    extra: dict[str, Any] = {"uid": t.uid, "format": doc.format}
    if details.code:
        extra["code"] = details.code
    if details.activity_type:
        extra["activity_type"] = details.activity_type
    if details.fixed_cost is not None:
        extra["fixed_cost"] = str(details.fixed_cost)
    if details.extra:
        extra["fields"] = {key: list(values) for key, values in details.extra.items()}
    cal = calendars.get(t.calendar) if t.calendar else None
    return {
        "name": (t.name or f"Task {t.uid}")[:255],
        "notes": details.notes,
        "duration_minutes": max(0, int(t.duration)),
        "duration_elapsed": t.elapsed,
        "estimated": t.estimated,
        "is_milestone": t.milestone,
        "is_manual": t.manual,
        "manual_start": _aware(t.manual_start) if t.manual else None,
        "manual_finish": _aware(t.manual_finish) if t.manual else None,
        "is_active": t.active,
        "constraint_type": str(t.constraint),
        "constraint_date": _aware(t.constraint_date),
        "deadline": _aware(t.deadline),
        "calendar_id": cal.pk if cal is not None else None,
        "priority": min(1000, max(0, details.priority)),
        "percent_complete": min(100, max(0, round(t.percent_complete))),
        "actual_start": _aware(t.actual_start),
        "actual_finish": _aware(t.actual_finish),
        "remaining_minutes": None if t.remaining_duration is None else max(0, int(t.remaining_duration)),
        "extra": extra,
    }


def _baselines(doc: PlanDocument) -> dict[int, dict[int, BaselineValues]]:
    """Baseline values by number, then by file uid (baseline 0 also from the engine task)."""
    out: dict[int, dict[int, BaselineValues]] = {}
    for t in doc.project.tasks:
        values = dict(doc.detail(t.uid).baselines)
        if 0 not in values and (t.baseline_start or t.baseline_finish or t.baseline_duration is not None):
            values[0] = BaselineValues(t.baseline_start, t.baseline_finish, t.baseline_duration)
        for number, value in values.items():
            out.setdefault(number, {})[t.uid] = value
    return out


def _write_baselines(
    actor: Any, project: Project, doc: PlanDocument, ids: Mapping[int, int]
) -> tuple[int, ...]:
    numbers = _baselines(doc)
    now = timezone.now()
    user = actor if getattr(actor, "is_authenticated", False) else None
    for number, values in sorted(numbers.items()):
        baseline, _ = Baseline.objects.update_or_create(
            project=project,
            number=number,
            defaults={"saved_at": now, "saved_by": user, "name": f"Imported ({doc.format})"[:100]},
        )
        BaselineTask.objects.filter(baseline=baseline).delete()
        insert_rows(
            BaselineTask,
            [
                {
                    "baseline_id": baseline.pk,
                    "task_id": ids[uid],
                    "start": _aware(v.start),
                    "finish": _aware(v.finish),
                    "duration_minutes": None if v.duration is None else max(0, v.duration),
                    "work_minutes": None if v.work is None else max(0, v.work),
                    "cost": v.cost,
                }
                for uid, v in values.items()
                if uid in ids
            ],
        )
        starts = [v.start for v in values.values() if v.start]
        finishes = [v.finish for v in values.values() if v.finish]
        Baseline.objects.filter(pk=baseline.pk).update(
            project_start=_aware(min(starts)) if starts else None,
            project_finish=_aware(max(finishes)) if finishes else None,
        )
    return tuple(sorted(numbers))


def _settings(project: Project, doc: PlanDocument, calendars: Mapping[str, WorkCalendar]) -> None:
    engine = doc.project
    if engine.start is not None:
        project.start_date = engine.start.date()
    project.status_date = status_day(engine.status_date) if engine.status_date else None
    project.minutes_per_day = engine.minutes_per_day
    project.minutes_per_week = engine.minutes_per_week
    project.days_per_month = engine.days_per_month
    project.calendar = calendars.get(engine.calendar)
    project.extra = {
        "format": doc.format,
        "fields": {key: list(values) for key, values in doc.extra.items()},
        **({"start": engine.start.isoformat()} if engine.start is not None else {}),
        **({"status": engine.status_date.isoformat()} if engine.status_date is not None else {}),
    }
    project.save(
        update_fields=[
            "start_date",
            "status_date",
            "minutes_per_day",
            "minutes_per_week",
            "days_per_month",
            "calendar",
            "extra",
        ]
    )


def _chunks(items: list[Any], size: int = BATCH) -> Iterable[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def plan_load(
    *, actor: Any, project: Project, doc: PlanDocument, progress: Progress | None = None
) -> PlanLoad:
    """Bring ``project`` in line with ``doc`` (see the module docstring). Needs the manager role.

    Raises
    ------
    DomainRuleError
        The file's outline cannot be drawn, or the schedule cannot be computed (a cycle, a date
        out of range); nothing is written.
    """
    require_role(actor, project.scope, Role.MANAGER)
    report = progress or (lambda percent, message: None)
    rows = _levels(doc.project)
    with transaction.atomic():
        locked = lock_project(project)
        match = plan_match(locked, doc)
        report(5, "Writing calendars")
        calendars = _calendars(locked, doc.project.calendars)
        _settings(locked, doc, calendars)
        report(10, "Writing tasks")
        deleted = len(match.removed)
        # Detach every row first: deleting a removed summary must not cascade to kept subtasks.
        Task.objects.filter(project=locked).exclude(parent=None).update(parent=None)
        for chunk in _chunks(list(match.removed)):
            Task.objects.filter(project=locked, pk__in=chunk).delete()
        Link.objects.filter(project=locked).delete()
        by_uid = {t.uid: t for t in doc.project.tasks}
        derived = {row.task_id: row for row in derive_outline(rows)}
        fresh = [uid for uid, _ in rows if uid not in match.matched]
        ids = dict(match.matched)
        ids.update(zip(fresh, allocate_ids(Task, len(fresh)), strict=True))
        defaults = new_row_defaults(Task)
        stamp = defaults["updated_at"]
        new: list[dict[str, Any]] = []
        updated: list[dict[str, Any]] = []
        for uid, _level in rows:
            outline = derived[uid]
            values = _task_values(by_uid[uid], doc, calendars)
            values.update(
                id=ids[uid],
                position=outline.position,
                outline_level=outline.level,
                parent_id=ids[outline.parent] if outline.parent is not None else None,
                wbs=outline.wbs[:64],
                is_summary=outline.is_summary,
            )
            if uid in match.matched:
                updated.append(values)
            else:
                new.append({**defaults, "project_id": locked.pk, "uid": None, **values})
        # Matched rows keep their id (history, progress, deliverable links) and get a new version.
        versions = dict(Task.objects.filter(project=locked).values_list("id", "version"))
        for values in updated:
            values["version"] = versions[values["id"]] + 1
            values["updated_at"] = stamp
        report(30, "Writing tasks")
        update_rows(Task, [*TASK_FIELDS, *OUTLINE, "version", "updated_at"], updated)
        insert_rows(Task, new)
        report(60, "Writing links")
        links = [
            {
                "project_id": locked.pk,
                "predecessor_id": ids[link.predecessor],
                "successor_id": ids[link.successor],
                "type": link.type.name,
                "lag_minutes": link.lag.minutes,
                "lag_elapsed": link.lag.elapsed,
                "lag_percent": link.lag.percent,
            }
            for link in _unique_links(doc)
        ]
        insert_rows(Link, links)
        report(70, "Writing baselines")
        numbers = _write_baselines(actor, locked, doc, ids)
        report(80, "Scheduling")
        recalculation = recalculate(locked)
        result = PlanLoad(
            created=len(new),
            updated=len(updated),
            deleted=deleted,
            links=len(links),
            calendars=len(calendars),
            baselines=numbers,
            task_ids=ids,
            recalculation=recalculation,
        )
        audit_log(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=locked,
            scope=locked.scope,
            changes={
                "plan": [
                    None,
                    {
                        "format": doc.format,
                        "tasks_created": result.created,
                        "tasks_updated": result.updated,
                        "tasks_deleted": result.deleted,
                        "links": result.links,
                        "calendars": result.calendars,
                        "baselines": list(numbers),
                    },
                ]
            },
            note="plan imported",
        )
    report(90, "Tasks written and scheduled")
    return result


def _unique_links(doc: PlanDocument) -> list[Any]:
    """The file's links, one per predecessor-successor pair (the first wins, as MS Project keeps it)."""
    seen: set[tuple[int, int]] = set()
    out = []
    for link in doc.project.links:
        key = (link.predecessor, link.successor)
        if key not in seen and link.predecessor != link.successor:
            seen.add(key)
            out.append(link)
    return out
