"""Writes of leveling: preview, apply, discard and undo a :class:`LevelingRun`.

Managers of the scope level (a project, or a program/portfolio with all its projects). Applying
writes each delayed task's new start into the plan as a "start no earlier than" constraint
through the projects' schedule write (one transaction: project locked, rows audited, schedule
recalculated); the constraint it replaces is kept in the run, and undo puts it back. A preview
whose plans changed since (any task, link or assignment) is refused by name, and so is an undo
of a task edited after the apply. Every refusal writes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db import transaction

from pmo.accounts.choices import Role
from pmo.accounts.selectors import require_role
from pmo.core.errors import DomainRuleError
from pmo.core.models import Scope
from pmo.core.services import instance_create, instance_update, lock_for_update
from pmo.engine.leveling import LevelingError, level
from pmo.leveling.adapters import build_plan, projects_in, proposals, signature
from pmo.leveling.choices import LevelingMode, RunStatus
from pmo.leveling.models import LevelingRun
from pmo.projects.choices import ConstraintType
from pmo.projects.models import Project, Task
from pmo.projects.services.schedule import finish_write, schedule_write

#: The longest "improve for N seconds" run, and the limit when none is given.
MAX_TIME_LIMIT = 60
DEFAULT_TIME_LIMIT = 5
#: Audit note on the tasks a leveling writes.
NOTE = "leveling"


def check_settings(mode: str, time_limit: int | None) -> tuple[str, int | None]:
    """The mode and time limit checked (the heuristic takes no limit); refusals name the field."""
    if mode not in LevelingMode.values:
        raise DomainRuleError(f"Unknown mode {mode!r}: use heuristic or optimize.", field="mode")
    if mode == LevelingMode.HEURISTIC:
        return mode, None
    if time_limit is None:
        time_limit = DEFAULT_TIME_LIMIT
    if not 1 <= int(time_limit) <= MAX_TIME_LIMIT:
        raise DomainRuleError(f"The time limit is 1 to {MAX_TIME_LIMIT} seconds.", field="time_limit")
    return mode, int(time_limit)


def leveling_preview(
    *, actor: Any, scope: Scope, mode: str = LevelingMode.HEURISTIC, time_limit: int | None = None
) -> LevelingRun:
    """Level the projects under ``scope`` and keep the proposal as a previewed run (plans unchanged)."""
    require_role(actor, scope, Role.MANAGER)
    mode, time_limit = check_settings(mode, time_limit)
    projects = list(projects_in(scope))
    plan = build_plan(projects)
    try:
        result = level(plan.problem, mode=mode, time_limit=time_limit)  # type: ignore[arg-type]
    except LevelingError as error:
        raise DomainRuleError(f"The plan cannot be levelled: {error}", field="scope") from error
    changes, finishes = proposals(plan, result)
    summary = {
        "projects": finishes,
        "tasks": len(plan.problem.tasks),
        "resources": len(plan.problem.resources),
        "moved": len(changes),
        "method": result.method,
        "optimal": bool(result.optimal),
        "seconds": round(result.seconds, 3),
        "overallocations": [
            {"resource": plan.resources.get(o.resource, o.resource), "excess": o.excess}
            for o in result.overallocations
        ],
    }
    with transaction.atomic():
        run = LevelingRun(
            scope=scope,
            mode=mode,
            time_limit=time_limit,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            signature=signature(projects),
            changes=changes,
            summary=summary,
        )
        return instance_create(actor=actor, instance=run, scope=scope)


def _set_status(actor: Any, run: LevelingRun, status: str, **data: Any) -> LevelingRun:
    updated, _ = instance_update(
        actor=actor, instance=run, data={"status": status, **data}, expected_version=None, scope=run.scope
    )
    return updated


def _locked_run(run: LevelingRun, expected_version: int | None, wanted: str, verb: str) -> LevelingRun:
    current = lock_for_update(run, expected_version=expected_version)
    if current.status != wanted:
        raise DomainRuleError(
            f"This run is {current.get_status_display().lower()}; only a {wanted} run can be {verb}.",
            field="status",
        )
    return current


def _by_project(changes: list[dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    grouped: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for change in changes:
        grouped[int(change["project"])].append(change)
    return grouped


def _write_constraints(
    actor: Any, project: Project, entries: list[tuple[dict[str, Any], dict[str, Any]]]
) -> None:
    """Set each task's constraint (``(change, values)`` pairs) in one schedule write of ``project``."""
    with schedule_write(actor, project, Role.CONTRIBUTOR) as locked:
        written = []
        for change, values in entries:
            task = Task.objects.get(pk=change["task"])
            saved, _ = instance_update(
                actor=actor, instance=task, data=values, expected_version=None, scope=locked.scope, note=NOTE
            )
            written.append(saved)
        finish_write(locked, written, set())


def leveling_apply(*, actor: Any, run: LevelingRun, expected_version: int | None = None) -> LevelingRun:
    """Write the previewed delays into the plans (as "start no earlier than" constraints)."""
    require_role(actor, run.scope, Role.MANAGER)
    with transaction.atomic():
        current = _locked_run(run, expected_version, RunStatus.PREVIEWED, "applied")
        projects = list(projects_in(current.scope))
        now = signature(projects)
        for project in projects:
            if now.get(str(project.pk)) != current.signature.get(str(project.pk)):
                raise DomainRuleError(
                    f"The plan of {project} changed since this preview: discard it and level again.",
                    field="version",
                )
        if set(now) != set(current.signature):
            raise DomainRuleError(
                "The projects here changed since this preview: level again.", field="version"
            )
        by_pk = {p.pk: p for p in projects}
        tasks = Task.objects.in_bulk([c["task"] for c in current.changes])
        changes = []
        for project_id, group in _by_project(current.changes).items():
            entries = []
            for change in group:
                task = tasks[change["task"]]
                previous = {
                    "constraint_type": task.constraint_type,
                    "constraint_date": task.constraint_date.isoformat() if task.constraint_date else None,
                }
                new_start = dt.datetime.fromisoformat(change["new_start"])
                changes.append({**change, "previous": previous})
                entries.append(
                    (change, {"constraint_type": ConstraintType.SNET, "constraint_date": new_start})
                )
            _write_constraints(actor, by_pk[project_id], entries)
        versions = dict(Task.objects.filter(pk__in=[c["task"] for c in changes]).values_list("pk", "version"))
        for change in changes:
            change["applied_version"] = versions.get(change["task"])
        return _set_status(actor, current, RunStatus.APPLIED, changes=changes)


def leveling_discard(*, actor: Any, run: LevelingRun, expected_version: int | None = None) -> LevelingRun:
    """Drop a preview: the run is kept as discarded; the plans were never changed."""
    require_role(actor, run.scope, Role.MANAGER)
    with transaction.atomic():
        current = _locked_run(run, expected_version, RunStatus.PREVIEWED, "discarded")
        return _set_status(actor, current, RunStatus.DISCARDED)


def leveling_undo(*, actor: Any, run: LevelingRun, expected_version: int | None = None) -> LevelingRun:
    """Put back the constraints an applied run replaced (refused when a task was edited since)."""
    require_role(actor, run.scope, Role.MANAGER)
    with transaction.atomic():
        current = _locked_run(run, expected_version, RunStatus.APPLIED, "undone")
        ids = [c["task"] for c in current.changes]
        versions = dict(Task.objects.filter(pk__in=ids).values_list("pk", "version"))
        for change in current.changes:
            if versions.get(change["task"]) != change.get("applied_version"):
                raise DomainRuleError(
                    f"Task {change['name']!r} of {change['project_name']} changed after the leveling "
                    "was applied: undo would overwrite that change.",
                    field="version",
                )
        projects = Project.objects.in_bulk([int(c["project"]) for c in current.changes])
        for project_id, group in _by_project(current.changes).items():
            entries = []
            for change in group:
                previous = change["previous"]
                date = previous["constraint_date"]
                entries.append(
                    (
                        change,
                        {
                            "constraint_type": previous["constraint_type"],
                            "constraint_date": dt.datetime.fromisoformat(date) if date else None,
                        },
                    )
                )
            _write_constraints(actor, projects[project_id], entries)
        return _set_status(actor, current, RunStatus.UNDONE)
