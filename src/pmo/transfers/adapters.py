"""A project as a plan document (ORM to :mod:`pmo.interchange`), for exports.

Task UIDs in the file are the ones the project's tasks were imported with (``Task.extra["uid"]``),
so a plan exported, edited in Microsoft Project and imported again matches task for task; tasks
created in pmo get the next free UIDs in row order. Resources are written with their pool ids.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from pmo.engine.schedule import Link
from pmo.interchange.document import (
    Assignment,
    BaselineValues,
    Contour,
    PlanDocument,
    Resource,
    ResourceKind,
    TaskDetails,
)
from pmo.projects.adapters import engine_project, to_wall
from pmo.projects.models import BaselineTask, Project, Task
from pmo.resources.models import Assignment as AssignmentRow


@dataclass(frozen=True)
class StoredDates:
    """The stored schedule of one task, as the MSPDI writer takes it (naive wall-clock)."""

    start: datetime | None
    finish: datetime | None


def file_uids(rows: Mapping[int, Mapping[str, Any]], extras: Mapping[int, Any]) -> dict[int, int]:
    """Task id → file UID: the imported UID when present and unique, else the next free ones."""
    out: dict[int, int] = {}
    used: set[int] = set()
    ordered = sorted(rows, key=lambda pk: rows[pk]["position"])
    for pk in ordered:
        uid = (extras.get(pk) or {}).get("uid")
        if isinstance(uid, int) and uid > 0 and uid not in used:
            out[pk] = uid
            used.add(uid)
    following = max(used, default=0)
    for pk in ordered:
        if pk not in out:
            following += 1
            out[pk] = following
    return out


def _decimal(value: Any) -> Decimal | None:
    try:
        return None if value in (None, "") else Decimal(str(value))
    except InvalidOperation:
        return None


def _fields(extra: Any) -> dict[str, tuple[str, ...]]:
    fields = (extra or {}).get("fields") or {}
    return {str(k): tuple(str(v) for v in values) for k, values in fields.items() if isinstance(values, list)}


def document_from_project(project: Project) -> PlanDocument:
    """The project's plan as a document (tasks in row order), with its stored schedule dates."""
    loaded = engine_project(project, with_stored=True)
    info = {
        row["id"]: row
        for row in Task.objects.filter(project=project).values("id", "notes", "priority", "extra")
    }
    uids = file_uids(loaded.rows, {pk: row["extra"] for pk, row in info.items()})
    ordered = sorted(loaded.engine.tasks, key=lambda t: loaded.rows[t.uid]["position"])
    tasks = tuple(
        replace(t, uid=uids[t.uid], parent=uids[t.parent] if t.parent is not None else None) for t in ordered
    )
    links = tuple(
        Link(uids[lk.predecessor], uids[lk.successor], lk.type, lk.lag) for lk in loaded.engine.links
    )
    baselines: dict[int, dict[int, BaselineValues]] = {}
    for row in BaselineTask.objects.filter(baseline__project=project).values(
        "task_id", "baseline__number", "start", "finish", "duration_minutes", "work_minutes", "cost"
    ):
        baselines.setdefault(row["task_id"], {})[row["baseline__number"]] = BaselineValues(
            to_wall(row["start"]),
            to_wall(row["finish"]),
            row["duration_minutes"],
            row["work_minutes"],
            row["cost"],
        )
    details: dict[int, TaskDetails] = {}
    for pk, row in info.items():
        extra = row["extra"] or {}
        details[uids[pk]] = TaskDetails(
            notes=row["notes"],
            baselines=baselines.get(pk, {}),
            priority=row["priority"],
            code=str(extra.get("code", "")),
            activity_type=str(extra.get("activity_type", "")),
            fixed_cost=_decimal(extra.get("fixed_cost")),
            extra=_fields(extra),
        )
    pk_by_uid = {uid: pk for pk, uid in uids.items()}
    tasks = tuple(
        replace(t, baseline_start=b.start, baseline_finish=b.finish, baseline_duration=b.duration)
        if (b := baselines.get(pk_by_uid[t.uid], {}).get(0)) is not None
        else t
        for t in tasks
    )
    stored = {
        uids[pk]: StoredDates(to_wall(row.get("start")), to_wall(row.get("finish")))
        for pk, row in loaded.rows.items()
    }
    resources, assignments = _resources(project, uids)
    engine = replace(loaded.engine, tasks=tasks, links=links, name=project.name)
    return PlanDocument(
        project=engine,
        details=details,
        resources=resources,
        assignments=assignments,
        extra=_fields(project.extra),
        format="pmo",
        stored=stored,
    )


def _resources(
    project: Project, uids: Mapping[int, int]
) -> tuple[tuple[Resource, ...], tuple[Assignment, ...]]:
    rows = list(AssignmentRow.objects.filter(project=project).select_related("resource").order_by("id"))
    pool: dict[int, Resource] = {}
    out: list[Assignment] = []
    for row in rows:
        r = row.resource
        if r.pk not in pool:
            pool[r.pk] = Resource(
                uid=r.pk,
                name=r.name,
                kind=ResourceKind(r.kind),
                code=r.code,
                initials=r.initials,
                email=r.email,
                group=r.group,
                generic=r.is_generic,
                max_units=float(r.max_units),
                standard_rate=r.standard_rate,
                overtime_rate=r.overtime_rate,
                cost_per_use=r.cost_per_use,
                material_label=r.material_label,
                extra=_fields(r.extra),
            )
        if row.task_id in uids:
            out.append(
                Assignment(
                    uid=row.pk,
                    task=uids[row.task_id],
                    resource=r.pk,
                    units=float(row.units),
                    work=row.work_minutes,
                    actual_work=row.actual_work_minutes,
                    remaining_work=row.remaining_work_minutes,
                    contour=Contour(row.contour),
                    start=to_wall(row.start),
                    finish=to_wall(row.finish),
                    cost=row.cost,
                    extra=_fields(row.extra),
                )
            )
    return tuple(pool.values()), tuple(out)
