"""The WBS outline: from rows in order with their levels, derive parents, WBS codes and summaries.

Structural edits (insert, delete, indent, outdent, move) change the ordered list of
``(task id, level)`` pairs; :func:`derive_outline` turns that list into every derived field, and
:func:`apply_outline` writes the rows whose derived fields changed in one ``bulk_update``.

Examples
--------
>>> rows = derive_outline([(10, 1), (11, 2), (12, 2), (13, 1)])
>>> [(o.position, o.parent, o.wbs, o.is_summary) for o in rows]
[(1, None, '1', True), (2, 10, '1.1', False), (3, 10, '1.2', False), (4, None, '2', False)]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pmo.core.errors import DomainRuleError
from pmo.projects.models import Task

OUTLINE_FIELDS = ("position", "outline_level", "parent", "wbs", "is_summary")


@dataclass(frozen=True)
class OutlineRow:
    """Derived outline fields of one task."""

    task_id: int
    position: int
    level: int
    parent: int | None
    wbs: str
    is_summary: bool


def check_levels(rows: Sequence[tuple[int, int]]) -> None:
    """Levels start at 1 and never jump by more than one from one row to the next."""
    previous = 0
    for position, (_, level) in enumerate(rows, start=1):
        if level < 1 or level > previous + 1:
            raise DomainRuleError(
                f"row {position} cannot be at outline level {level} below a row at level {previous}",
                field="outline_level",
            )
        previous = level


def derive_outline(rows: Sequence[tuple[int, int]]) -> list[OutlineRow]:
    """Positions (1..n), parents, WBS codes and summary flags of ``rows`` (``(task id, level)``)."""
    check_levels(rows)
    out: list[OutlineRow] = []
    stack: list[int] = []  # task ids of the open ancestors, one per level
    counters: list[int] = [0]
    for index, (task_id, level) in enumerate(rows):
        del stack[level - 1 :]
        del counters[level:]
        if len(counters) < level:
            counters.append(0)
        counters[level - 1] += 1
        next_level = rows[index + 1][1] if index + 1 < len(rows) else 0
        out.append(
            OutlineRow(
                task_id=task_id,
                position=index + 1,
                level=level,
                parent=stack[-1] if stack else None,
                wbs=".".join(str(c) for c in counters[:level]),
                is_summary=next_level > level,
            )
        )
        stack.append(task_id)
        counters.append(0)
    return out


def current_rows(project_id: int) -> list[tuple[int, int]]:
    """The project's rows in order as ``(task id, level)``."""
    return list(
        Task.objects.filter(project_id=project_id)
        .order_by("position", "id")
        .values_list("id", "outline_level")
    )


def subtree_end(rows: Sequence[tuple[int, int]], index: int) -> int:
    """Index one past the last descendant of the row at ``index``."""
    level = rows[index][1]
    end = index + 1
    while end < len(rows) and rows[end][1] > level:
        end += 1
    return end


def apply_outline(project_id: int, rows: Sequence[tuple[int, int]]) -> list[int]:
    """Write the derived outline of ``rows``; returns the ids of the tasks whose fields changed."""
    derived = {row.task_id: row for row in derive_outline(rows)}
    stored = Task.objects.filter(project_id=project_id).values_list(
        "id", "position", "outline_level", "parent_id", "wbs", "is_summary"
    )
    changed: list[Task] = []
    for task_id, position, level, parent_id, wbs, is_summary in stored:
        row = derived[task_id]
        if (position, level, parent_id, wbs, is_summary) != (
            row.position,
            row.level,
            row.parent,
            row.wbs,
            row.is_summary,
        ):
            changed.append(
                Task(
                    id=task_id,
                    position=row.position,
                    outline_level=row.level,
                    parent_id=row.parent,
                    wbs=row.wbs,
                    is_summary=row.is_summary,
                )
            )
    if changed:
        Task.objects.bulk_update(changed, list(OUTLINE_FIELDS), batch_size=500)
    return [task.id for task in changed]
