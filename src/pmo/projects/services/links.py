"""Predecessors of a task: parse-level entries resolved to rows, checked, stored as links."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from pmo.core.audit import audit_log
from pmo.core.choices import AuditAction
from pmo.core.errors import DomainRuleError
from pmo.interchange.text import ParsedPredecessor, format_lag, format_predecessor, unit_minutes
from pmo.projects.models import Link, Project, Task


def predecessor_text(task: Task, project: Project) -> str:
    """The task's predecessors as typed in the grid (``3FS+2d, 5SS-1d``)."""
    links = (
        Link.objects.filter(successor=task).select_related("predecessor").order_by("predecessor__position")
    )
    return ", ".join(
        f"{link.predecessor.position}"
        + ("" if link.type == "FS" and not (link.lag_minutes or link.lag_percent) else link.type)
        + format_lag(
            link.lag_minutes,
            elapsed=link.lag_elapsed,
            percent=link.lag_percent,
            minutes_per_day=project.minutes_per_day,
        )
        for link in links
    )


def _ancestors(task_id: int, parents: Mapping[int, int | None]) -> set[int]:
    out: set[int] = set()
    parent = parents.get(task_id)
    while parent is not None and parent not in out:
        out.add(parent)
        parent = parents.get(parent)
    return out


def _path_between(start: int, goal: int, successors: dict[int, list[int]]) -> list[int] | None:
    """A path of links from ``start`` to ``goal`` (task ids), if there is one."""
    previous: dict[int, int] = {}
    frontier = [start]
    seen = {start}
    while frontier:
        node = frontier.pop()
        if node == goal:
            path = [goal]
            while path[-1] != start:
                path.append(previous[path[-1]])
            return path[::-1]
        for nxt in successors.get(node, ()):
            if nxt not in seen:
                seen.add(nxt)
                previous[nxt] = node
                frontier.append(nxt)
    return None


def set_predecessors(
    *, actor: Any, project: Project, task: Task, entries: Sequence[ParsedPredecessor]
) -> bool:
    """Replace ``task``'s predecessors by ``entries``; returns whether anything changed.

    Refuses, naming the row: a row that does not exist, the task itself, a summary task linked to
    one of its own subtasks, and a link that closes a cycle.
    """
    row = task.position
    by_position = dict(Task.objects.filter(project=project).values_list("position", "id"))
    parents: dict[int, int | None] = dict(Task.objects.filter(project=project).values_list("id", "parent_id"))
    ancestors = _ancestors(task.pk, parents)
    wanted: dict[int, dict[str, Any]] = {}
    lag: dict[str, Any]
    for entry in entries:
        pred_id = by_position.get(entry.row)
        if pred_id is None:
            raise DomainRuleError(
                f"Row {row}: predecessor row {entry.row} does not exist.", field="predecessors"
            )
        if pred_id == task.pk:
            raise DomainRuleError(f"Row {row}: a task cannot be its own predecessor.", field="predecessors")
        if pred_id in ancestors or task.pk in _ancestors(pred_id, parents):
            raise DomainRuleError(
                f"Row {row}: a summary task cannot be linked to one of its own subtasks (row {entry.row}).",
                field="predecessors",
            )
        if entry.lag_percent:
            lag = {"lag_minutes": 0, "lag_elapsed": False, "lag_percent": entry.lag_value}
        else:
            per = unit_minutes(
                entry.lag_unit,
                entry.lag_elapsed,
                minutes_per_day=project.minutes_per_day,
                minutes_per_week=project.minutes_per_week,
                days_per_month=project.days_per_month,
            )
            lag = {
                "lag_minutes": round(entry.lag_value * per),
                "lag_elapsed": entry.lag_elapsed,
                "lag_percent": None,
            }
        wanted[pred_id] = {"type": entry.type, **lag}

    existing = {link.predecessor_id: link for link in Link.objects.filter(successor=task)}
    # A new link closes a cycle when the successor already reaches the predecessor.
    successors: dict[int, list[int]] = defaultdict(list)
    for pred, succ in (
        Link.objects.filter(project=project)
        .exclude(successor=task)
        .values_list("predecessor_id", "successor_id")
    ):
        successors[pred].append(succ)
    positions = {pk: pos for pos, pk in by_position.items()}
    for pred_id in wanted:
        if pred_id in existing:
            continue
        path = _path_between(task.pk, pred_id, successors)
        if path is not None:
            rows = " → ".join(str(positions[pk]) for pk in [*path, task.pk])
            raise DomainRuleError(
                f"Row {row}: linking to row {positions[pred_id]} would make a cycle ({rows}).",
                field="predecessors",
            )

    before = predecessor_text(task, project)
    for pred_id, link in existing.items():
        if pred_id not in wanted:
            link.delete()
    for pred_id, values in wanted.items():
        current = existing.get(pred_id)
        if current is None:
            Link.objects.create(project=project, predecessor_id=pred_id, successor=task, **values)
        elif any(getattr(current, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(current, name, value)
            current.save()
    after = predecessor_text(task, project)
    if before != after:
        audit_log(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=task,
            scope=project.scope,
            changes={"predecessors": [before, after]},
        )
        return True
    return False


def format_entry(entry: ParsedPredecessor) -> str:
    """One parsed entry as text (for messages)."""
    return format_predecessor(
        entry.row,
        entry.type,
        lag_value=entry.lag_value,
        lag_unit=entry.lag_unit,
        lag_elapsed=entry.lag_elapsed,
        lag_percent=entry.lag_percent,
    )
