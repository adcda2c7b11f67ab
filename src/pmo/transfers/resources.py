"""The resource side of an import: the file's resources joined to the portfolio's pool (matched by
name) and the project's assignments replaced by the file's, through the resources app's bulk services."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pmo.interchange.document import PlanDocument
from pmo.projects.adapters import from_wall
from pmo.projects.models import Project
from pmo.resources.services import assignments_replace, resources_merge


def _extra(doc: PlanDocument, fields: Mapping[str, tuple[str, ...]], uid: int) -> dict[str, Any]:
    out: dict[str, Any] = {"uid": uid, "format": doc.format}
    if fields:
        out["fields"] = {key: list(values) for key, values in fields.items()}
    return out


def load_resources(
    *, actor: Any, project: Project, doc: PlanDocument, task_ids: Mapping[int, int]
) -> tuple[int, int]:
    """Merge the file's resources into the pool and replace the project's assignments; returns
    ``(resources, assignments)`` written. Call inside the import's transaction."""
    if not doc.resources and not doc.assignments:
        return 0, 0
    rows = [
        {
            "name": r.name.strip()[:255] or f"Resource {r.uid}",
            "kind": str(r.kind),
            "code": r.code[:64],
            "initials": r.initials[:30],
            "email": r.email[:254],
            "group": r.group[:100],
            "is_generic": r.generic,
            "max_units": r.max_units,
            "standard_rate": r.standard_rate,
            "overtime_rate": r.overtime_rate,
            "cost_per_use": r.cost_per_use,
            "material_label": r.material_label[:30],
            "extra": _extra(doc, r.extra, r.uid),
        }
        for r in doc.resources
    ]
    # A file may name two resources alike (P6 short names differ, names not): the first one wins.
    unique_rows: dict[str, dict[str, Any]] = {}
    for row in rows:
        unique_rows.setdefault(row["name"].lower(), row)
    pool = resources_merge(
        actor=actor, scope=project.portfolio.scope, rows=list(unique_rows.values()), for_project=project
    )
    by_uid = {r.uid: pool[row["name"].lower()] for r, row in zip(doc.resources, rows, strict=True)}
    assignments = [
        {
            "task_id": task_ids[a.task],
            "resource_id": by_uid[a.resource].pk,
            "units": a.units,
            "work_minutes": a.work,
            "actual_work_minutes": a.actual_work,
            "remaining_work_minutes": a.remaining_work,
            "contour": int(a.contour),
            "start": from_wall(a.start) if a.start else None,
            "finish": from_wall(a.finish) if a.finish else None,
            "cost": a.cost,
            "extra": _extra(doc, a.extra, a.uid),
        }
        for a in doc.assignments
        if a.task in task_ids and a.resource in by_uid
    ]
    # One assignment per task and resource (a file may split one into several; keep the first).
    unique: dict[tuple[int, int], dict[str, Any]] = {}
    for row in assignments:
        unique.setdefault((row["task_id"], row["resource_id"]), row)
    written = assignments_replace(actor=actor, project=project, rows=list(unique.values()))
    return len(pool), written
