"""Writes of the WBS: create, update, delete, indent, outdent, move and paste tasks.

Each is one schedule write (:mod:`pmo.projects.services.schedule`): contributor role on the
project, the project locked, the rows written and audited, the outline re-derived, the schedule
recalculated, all in one transaction; any refusal names the row and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from pmo.core.audit import audit_log
from pmo.core.choices import AuditAction
from pmo.core.errors import DomainRuleError
from pmo.core.services import instance_create, instance_update, lock_for_update
from pmo.interchange.text import ParsedPredecessor
from pmo.projects.adapters import engine_project, run_engine, to_wall
from pmo.projects.choices import ConstraintType
from pmo.projects.models import Project, Task
from pmo.projects.outline import apply_outline, current_rows, subtree_end
from pmo.projects.services.links import set_predecessors
from pmo.projects.services.schedule import ScheduleChange, run_schedule_write

#: Fields a user edits on a task (``start``/``finish`` are set through constraints, as in MS Project).
TASK_EDITABLE_FIELDS = (
    "name",
    "notes",
    "duration_minutes",
    "duration_elapsed",
    "estimated",
    "is_milestone",
    "constraint_type",
    "constraint_date",
    "deadline",
    "calendar",
    "priority",
    "level_exempt",
)
HARD_CONSTRAINTS = {"MSO", "MFO", "SNLT", "FNLT"}
_START_SIDE = {"MSO", "SNLT"}


def _check_calendar(project: Project, data: Mapping[str, Any]) -> None:
    calendar = data.get("calendar")
    if calendar is not None and calendar.project_id != project.pk:
        raise DomainRuleError("The calendar must belong to the same project.", field="calendar")


def _with_dates(data: dict[str, Any], start: Any, finish: Any) -> dict[str, Any]:
    """Typing a start sets "start no earlier than" it; typing a finish, "finish no earlier than"."""
    if start is not None:
        data["constraint_type"] = ConstraintType.SNET
        data["constraint_date"] = start
    elif finish is not None:
        data["constraint_type"] = ConstraintType.FNET
        data["constraint_date"] = finish
    return data


def _check_constraint_conflict(project: Project, task: Task) -> None:
    """Refuse a hard constraint that its predecessors make impossible (MS Project's "scheduling
    conflict"): schedule once more with the task as soon as possible and compare."""
    if task.constraint_type not in HARD_CONSTRAINTS or task.constraint_date is None:
        return
    loaded = engine_project(
        project, overrides={task.pk: {"constraint": ConstraintType.ASAP, "constraint_date": None}}
    )
    if not loaded.engine.links:
        return
    result = {res.uid: res for res in run_engine(loaded).tasks}.get(task.pk)
    if result is None:
        return
    wanted = to_wall(task.constraint_date) or dt.datetime.min
    side = "start" if task.constraint_type in _START_SIDE else "finish"
    earliest = result.early_start if side == "start" else result.early_finish
    if earliest > wanted:
        label = ConstraintType(task.constraint_type).label
        raise DomainRuleError(
            f"Row {task.position}: {label.lower()} {wanted:%Y-%m-%d %H:%M} is impossible: its predecessors "
            f"allow the {side} no earlier than {earliest:%Y-%m-%d %H:%M}.",
            field="constraint_date",
        )


def _normalise(task: Task, data: dict[str, Any]) -> dict[str, Any]:
    """A zero duration makes a milestone (as MS Project); a summary's duration is computed."""
    if "duration_minutes" in data and task.is_summary and data["duration_minutes"] != task.duration_minutes:
        raise DomainRuleError(
            f"Row {task.position}: a summary task's duration comes from its subtasks.",
            field="duration_minutes",
        )
    if data.get("duration_minutes") == 0 and "is_milestone" not in data:
        data["is_milestone"] = True
    if data.get("constraint_type") in (ConstraintType.ASAP, ConstraintType.ALAP):
        data.setdefault("constraint_date", None)
    return data


def task_create(
    *,
    actor: Any,
    project: Project,
    name: str,
    before: Task | None = None,
    level: int | None = None,
    duration_minutes: int = 480,
    predecessors: Sequence[ParsedPredecessor] | None = None,
    start: dt.datetime | None = None,
    finish: dt.datetime | None = None,
    **fields: Any,
) -> ScheduleChange:
    """Insert a task above ``before`` (at its level) or at the end (at the last row's level)."""

    def body(locked: Project) -> tuple[list[Any], set[int]]:
        rows = current_rows(locked.pk)
        index = len(rows)
        if before is not None:
            index = next((i for i, (pk, _) in enumerate(rows) if pk == before.pk), None)  # type: ignore[assignment]
            if index is None:
                raise DomainRuleError("The row to insert above is not in this project.", field="before")
        new_level = level or (rows[index][1] if index < len(rows) else (rows[-1][1] if rows else 1))
        data = _with_dates({"duration_minutes": duration_minutes, **fields}, start, finish)
        task = Task(project=locked, name=name, position=index + 1, outline_level=new_level)
        _check_calendar(locked, data)
        for key, value in _normalise(task, data).items():
            setattr(task, key, value)
        instance_create(actor=actor, instance=task, scope=locked.scope)
        rows.insert(index, (task.pk, new_level))
        touched = set(apply_outline(locked.pk, rows))
        task.refresh_from_db()
        if predecessors:
            set_predecessors(actor=actor, project=locked, task=task, entries=predecessors)
        _check_constraint_conflict(locked, task)
        return [task], touched

    return run_schedule_write(actor, project, body)


def task_update(
    *,
    actor: Any,
    task: Task,
    data: Mapping[str, Any],
    expected_version: int | None,
    predecessors: Sequence[ParsedPredecessor] | None = None,
    start: dt.datetime | None = None,
    finish: dt.datetime | None = None,
) -> ScheduleChange:
    """Change a task's fields and/or its predecessors (``None``: leave them), then reschedule."""
    unknown = set(data) - set(TASK_EDITABLE_FIELDS)
    if unknown:
        raise DomainRuleError(f"These fields cannot be changed here: {', '.join(sorted(unknown))}.")

    def body(locked: Project) -> tuple[list[Any], set[int], set[int] | None]:
        changes = _with_dates(dict(data), start, finish)
        _check_calendar(locked, changes)
        current = lock_for_update(task, expected_version=expected_version)
        changes = _normalise(current, changes)
        saved, changed_fields = instance_update(
            actor=actor, instance=current, data=changes, expected_version=None, scope=locked.scope
        )
        links_changed = False
        if predecessors is not None:
            links_changed = set_predecessors(actor=actor, project=locked, task=saved, entries=predecessors)
            if links_changed and not changed_fields:
                Task.objects.filter(pk=saved.pk).update(version=saved.version + 1)
                saved.refresh_from_db()
        if {"constraint_type", "constraint_date"} & set(changed_fields) or links_changed:
            _check_constraint_conflict(locked, saved)
        # Only this row's own fields changed: the recalculation may reuse the rest of its input.
        return [saved], set(), None if links_changed else {saved.pk}

    return run_schedule_write(actor, task.project, body)


def task_delete(*, actor: Any, task: Task, expected_version: int | None) -> ScheduleChange:
    """Delete a task with its subtasks and their links; the rows below move up."""

    def body(locked: Project) -> tuple[list[Any], set[int]]:
        current = lock_for_update(task, expected_version=expected_version)
        rows = current_rows(locked.pk)
        index = next(i for i, (pk, _) in enumerate(rows) if pk == current.pk)
        end = subtree_end(rows, index)
        removed = [pk for pk, _ in rows[index + 1 : end]]
        audit_log(
            actor=actor,
            action=AuditAction.DELETE,
            instance=current,
            scope=locked.scope,
            changes={"name": [current.name, None], "position": [current.position, None]},
            note=f"with {len(removed)} subtask{'s' if len(removed) != 1 else ''}" if removed else "",
        )
        Task.objects.filter(pk__in=[current.pk, *removed]).delete()
        del rows[index:end]
        return [], set(apply_outline(locked.pk, rows))

    return run_schedule_write(actor, task.project, body)


def _structural(
    actor: Any, task: Task, expected_version: int | None, note: str, change: Any
) -> ScheduleChange:
    """Run an outline change ``change(rows, index) -> rows`` on ``task``; audited as a move."""

    def body(locked: Project) -> tuple[list[Any], set[int]]:
        current = lock_for_update(task, expected_version=expected_version)
        rows = current_rows(locked.pk)
        index = next(i for i, (pk, _) in enumerate(rows) if pk == current.pk)
        before = (current.position, current.outline_level, current.wbs)
        new_rows = change(rows, index)
        touched = set(apply_outline(locked.pk, new_rows))
        Task.objects.filter(pk=current.pk).update(version=current.version + 1, updated_at=timezone.now())
        current.refresh_from_db()
        audit_log(
            actor=actor,
            action=AuditAction.MOVE,
            instance=current,
            scope=locked.scope,
            changes={
                "position": [before[0], current.position],
                "outline_level": [before[1], current.outline_level],
                "wbs": [before[2], current.wbs],
            },
            note=note,
        )
        return [current], touched

    return run_schedule_write(actor, task.project, body)


def _shift(rows: list[tuple[int, int]], index: int, delta: int) -> list[tuple[int, int]]:
    end = subtree_end(rows, index)
    return [*rows[:index], *[(pk, lvl + delta) for pk, lvl in rows[index:end]], *rows[end:]]


def task_indent(*, actor: Any, task: Task, expected_version: int | None) -> ScheduleChange:
    """Make the task (and its subtasks) a subtask of the row above it."""

    def change(rows: list[tuple[int, int]], index: int) -> list[tuple[int, int]]:
        if index == 0 or rows[index - 1][1] < rows[index][1]:
            raise DomainRuleError(
                f"Row {index + 1} cannot be indented: no row above it is at its level.", field="outline_level"
            )
        return _shift(rows, index, +1)

    return _structural(actor, task, expected_version, "indented", change)


def task_outdent(*, actor: Any, task: Task, expected_version: int | None) -> ScheduleChange:
    """Move the task (and its subtasks) one level up; the rows below it at its old level become its
    subtasks, as in Microsoft Project."""

    def change(rows: list[tuple[int, int]], index: int) -> list[tuple[int, int]]:
        if rows[index][1] == 1:
            raise DomainRuleError(f"Row {index + 1} is already at the top level.", field="outline_level")
        return _shift(rows, index, -1)

    return _structural(actor, task, expected_version, "outdented", change)


def task_move(*, actor: Any, task: Task, before: Task | None, expected_version: int | None) -> ScheduleChange:
    """Move the task with its subtasks above ``before`` (taking its level), or to the end."""

    def change(rows: list[tuple[int, int]], index: int) -> list[tuple[int, int]]:
        end = subtree_end(rows, index)
        block = rows[index:end]
        rest = [*rows[:index], *rows[end:]]
        if before is None:
            target, level = len(rest), 1
        else:
            if before.pk in {pk for pk, _ in block}:
                raise DomainRuleError(f"Row {index + 1} cannot move inside its own subtasks.", field="before")
            target = next((i for i, (pk, _) in enumerate(rest) if pk == before.pk), None)  # type: ignore[assignment]
            if target is None:
                raise DomainRuleError("The row to move above is not in this project.", field="before")
            level = rest[target][1]
        delta = level - block[0][1]
        return [*rest[:target], *[(pk, lvl + delta) for pk, lvl in block], *rest[target:]]

    return _structural(actor, task, expected_version, "moved", change)


@dataclass(frozen=True)
class PastedRow:
    """One row pasted from a spreadsheet (already parsed by the form)."""

    name: str
    level: int = 1
    duration_minutes: int | None = None
    duration_elapsed: bool = False
    estimated: bool = False
    start: dt.datetime | None = None
    finish: dt.datetime | None = None
    predecessors: tuple[ParsedPredecessor, ...] = ()
    notes: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def tasks_paste(
    *, actor: Any, project: Project, rows: Sequence[PastedRow], before: Task | None = None
) -> ScheduleChange:
    """Insert many rows at once (above ``before`` or at the end): one transaction, one recalculation.

    Predecessor numbers refer to row numbers as they are after the paste.
    """
    if not rows:
        raise DomainRuleError("Nothing to paste.", field="rows")

    def body(locked: Project) -> tuple[list[Any], set[int]]:
        existing = current_rows(locked.pk)
        index = len(existing)
        if before is not None:
            index = next((i for i, (pk, _) in enumerate(existing) if pk == before.pk), None)  # type: ignore[assignment]
            if index is None:
                raise DomainRuleError("The row to paste above is not in this project.", field="before")
        base = existing[index][1] if index < len(existing) else 1
        created: list[Task] = []
        for offset, row in enumerate(rows):
            data = _with_dates(
                {
                    "duration_minutes": 480 if row.duration_minutes is None else row.duration_minutes,
                    "duration_elapsed": row.duration_elapsed,
                    "estimated": row.estimated,
                    "notes": row.notes,
                },
                row.start,
                row.finish,
            )
            task = Task(
                project=locked,
                name=row.name,
                position=index + offset + 1,
                outline_level=base + row.level - 1,
                extra=row.extra,
            )
            for key, value in _normalise(task, data).items():
                setattr(task, key, value)
            try:
                instance_create(actor=actor, instance=task, scope=locked.scope)
            except Exception as error:  # a model ValidationError: name the pasted row
                raise DomainRuleError(f"Pasted row {offset + 1}: {error}", field="rows") from error
            created.append(task)
        new_rows = [*existing[:index], *[(t.pk, t.outline_level) for t in created], *existing[index:]]
        try:
            touched = set(apply_outline(locked.pk, new_rows))
        except DomainRuleError as error:
            raise DomainRuleError(f"Pasted rows: {error.message}", field="rows") from error
        for task, row in zip(created, rows, strict=True):
            if row.predecessors:
                task.refresh_from_db()
                set_predecessors(actor=actor, project=locked, task=task, entries=row.predecessors)
        return created, touched

    return run_schedule_write(actor, project, body)


def project_recalculate(*, actor: Any, project: Project) -> ScheduleChange:
    """Reschedule the project without changing anything (after an engine upgrade, or on demand)."""
    return run_schedule_write(actor, project, lambda locked: ([], set()))
