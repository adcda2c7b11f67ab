"""What an import will do, computed before anything is written (stored on the import as JSON).

For a new project: what the file holds. Over an existing project: also which tasks are added,
changed (with the fields that differ) and removed, so the manager sees the effect before applying.
For a table (xlsx/csv): its headers, the column mapping in use and the first rows, so the mapping
can be corrected.
"""

from __future__ import annotations

from typing import Any

from pmo.engine.schedule import ScheduleResult
from pmo.interchange.document import PlanDocument
from pmo.projects.models import Project, Task
from pmo.projects.services.plan import plan_match
from pmo.transfers.limits import import_limits

SHOWN = 50
#: Fields compared for "changed" (database field, label, value from the file's task).
COMPARED: tuple[tuple[str, str], ...] = (
    ("name", "name"),
    ("duration_minutes", "duration"),
    ("is_milestone", "milestone"),
    ("constraint_type", "constraint"),
    ("percent_complete", "% complete"),
    ("notes", "notes"),
)


def _file_values(task: Any, doc: PlanDocument) -> dict[str, Any]:
    return {
        "name": task.name,
        "duration_minutes": int(task.duration),
        "is_milestone": task.milestone,
        "constraint_type": str(task.constraint),
        "percent_complete": round(task.percent_complete),
        "notes": doc.detail(task.uid).notes,
    }


def build_preview(
    project: Project | None,
    doc: PlanDocument,
    *,
    data: bytes,
    file_name: str,
    result: ScheduleResult | None = None,
) -> dict[str, Any]:
    """The preview of importing ``doc`` into ``project`` (None: a new project); ``result`` is the
    file's plan as our engine schedules it (its finish is shown)."""
    engine = doc.project
    baselines = sorted(
        {n for d in doc.details.values() for n in d.baselines}
        | ({0} if any(t.baseline_start or t.baseline_finish for t in engine.tasks) else set())
    )
    parents = {t.parent for t in engine.tasks if t.parent is not None}
    preview: dict[str, Any] = {
        "format": doc.format,
        "name": engine.name,
        "start": engine.start.isoformat() if engine.start else None,
        "status_date": engine.status_date.isoformat() if engine.status_date else None,
        "finish": result.project_finish.isoformat() if result is not None else None,
        "tasks": len(engine.tasks),
        "summaries": len(parents),
        "milestones": sum(1 for t in engine.tasks if t.milestone),
        "links": len(engine.links),
        "calendars": sorted({c.name for c in engine.calendars.values()}),
        "resources": len(doc.resources),
        "assignments": len(doc.assignments),
        "baselines": baselines,
        "warnings": list(doc.warnings[:SHOWN]),
        "more_warnings": max(0, len(doc.warnings) - SHOWN),
    }
    if doc.format in ("xlsx", "csv"):
        preview["table"] = _table_preview(data, file_name, doc)
    if doc.format in ("xer", "pmxml"):
        preview["projects"] = _p6_projects(data, doc.format)
    if project is not None:
        preview["changes"] = _changes(project, doc)
    return preview


def _changes(project: Project, doc: PlanDocument) -> dict[str, Any]:
    match = plan_match(project, doc)
    matched_ids = set(match.matched.values())
    stored = {
        row["id"]: row
        for row in Task.objects.filter(project=project).values("id", *(name for name, _ in COMPARED))
    }
    changed: list[dict[str, Any]] = []
    changed_count = 0
    added: list[str] = []
    for task in doc.project.tasks:
        pk = match.matched.get(task.uid)
        if pk is None:
            added.append(task.name)
            continue
        values = _file_values(task, doc)
        fields = [label for name, label in COMPARED if stored[pk][name] != values[name]]
        if fields:
            changed_count += 1
            if len(changed) < SHOWN:
                changed.append({"name": task.name, "fields": fields})
    removed = [stored[pk]["name"] for pk in match.removed][:SHOWN]
    return {
        "added": len(added),
        "added_names": added[:SHOWN],
        "updated": len(matched_ids),
        "changed": changed_count,
        "changed_tasks": changed,
        "removed": len(match.removed),
        "removed_names": removed,
    }


def _table_preview(data: bytes, file_name: str, doc: PlanDocument) -> dict[str, Any]:
    from pmo.interchange.tabular import FIELDS, read_table, suggest_mapping

    table = read_table(data, file_name, import_limits())
    return {
        "headers": list(table.headers),
        "suggested": suggest_mapping(table.headers),
        "fields": [[f.key, f.label] for f in FIELDS],
        "sample": [list(row) for row in table.rows[:5]],
    }


def _p6_projects(data: bytes, fmt: str) -> list[list[str]]:
    from pmo.interchange import p6

    listing = p6.xer_projects(data) if fmt == "xer" else p6.pmxml_projects(data)
    return [list(item) for item in listing]
