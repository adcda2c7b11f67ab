"""Helpers of the import/export tests: import a file as a new project, compare two plans."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

from pmo.engine.schedule import Project as EngineProject
from pmo.engine.schedule import schedule
from pmo.projects.models import Project
from pmo.transfers.services import import_apply, import_prepare

_codes = itertools.count(1)


def import_new(desk: Any, data: bytes, file_name: str, **options: Any) -> Project:
    """Import ``data`` as a new project of the desk's portfolio (inline); returns the project."""
    run = import_prepare(
        actor=desk.admin,
        data=data,
        file_name=file_name,
        parent=desk.portfolio.scope,
        code=f"IMP-{next(_codes)}",
        name=Path(file_name).stem[:200],
        options=options or None,
    )
    run = import_apply(actor=desk.admin, run=run, background=False)
    assert run.project is not None, run.error
    return run.project


def plan_signature(engine: EngineProject) -> dict[str, Any]:
    """What must survive a round trip, keyed by task name + row (uids may be renumbered)."""
    order = {t.uid: i for i, t in enumerate(engine.tasks)}
    key = {t.uid: (i, t.name) for i, t in enumerate(engine.tasks)}
    tasks = {
        key[t.uid]: (
            t.duration,
            t.elapsed,
            t.milestone,
            key.get(t.parent) if t.parent else None,
            str(t.constraint),
            t.constraint_date,
            t.deadline,
            t.actual_start,
            t.actual_finish,
            round(t.percent_complete),
            t.remaining_duration,
            t.manual,
            t.active,
            t.estimated,
        )
        for t in engine.tasks
    }
    links = sorted((order[lk.predecessor], order[lk.successor], lk.type.name, lk.lag) for lk in engine.links)
    return {"tasks": tasks, "links": links}


def schedule_signature(engine: EngineProject) -> list[tuple[Any, ...]]:
    """Start and finish of every task in row order."""
    if not engine.tasks:
        return []
    result = {r.uid: r for r in schedule(engine).tasks}
    return [(i, result[t.uid].start, result[t.uid].finish) for i, t in enumerate(engine.tasks)]
