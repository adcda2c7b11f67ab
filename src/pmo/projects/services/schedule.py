"""The frame of every schedule write: role check, project lock, one transaction, recalculation.

A schedule write changes rows, then the whole project is rescheduled inside the same transaction;
an engine refusal (a cycle, a date out of range) raises :class:`DomainRuleError` and rolls the
write back, so a bad change is never stored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import transaction

from pmo.accounts.choices import Role
from pmo.accounts.selectors import require_role
from pmo.projects.adapters import Recalculation, recalculate
from pmo.projects.models import Project

T = TypeVar("T")


@dataclass(frozen=True)
class ScheduleChange:
    """The outcome of a schedule write: the rows written, the recalculation, the changed ids.

    ``touched`` holds the ids of every task whose row a page must redraw: the ones written by the
    user's change, the ones whose outline moved and the ones the recalculation moved.
    """

    tasks: tuple[Any, ...]
    recalculation: Recalculation
    touched: frozenset[int]

    @property
    def task(self) -> Any:
        """The (first) task the change was about."""
        return self.tasks[0] if self.tasks else None


def lock_project(project: Project) -> Project:
    """Re-read the project under a row lock: schedule writes of one project run one at a time."""
    return Project.objects.select_for_update().get(pk=project.pk)


@contextmanager
def schedule_write(actor: Any, project: Project, role: str = Role.CONTRIBUTOR) -> Iterator[Project]:
    """``with schedule_write(actor, project) as locked:`` — checks the role, opens the transaction,
    locks the project. Recalculate before leaving the block (see :func:`finish_write`)."""
    require_role(actor, project.scope, role)
    with transaction.atomic():
        yield lock_project(project)


def finish_write(
    project: Project, tasks: list[Any], touched: set[int], updated: set[int] | None = None
) -> ScheduleChange:
    """Recalculate and describe the change (call as the last step inside :func:`schedule_write`).

    ``updated``: when only these tasks' own fields changed (no links, outline, calendars or
    project settings), the recalculation re-reads just their rows.
    """
    recalculation = recalculate(project, updated=updated)
    for task in tasks:
        if task is not None and task.pk is not None:
            task.refresh_from_db()
    touched |= {task.pk for task in tasks if task is not None and task.pk is not None}
    return ScheduleChange(
        tasks=tuple(tasks),
        recalculation=recalculation,
        touched=frozenset(touched | set(recalculation.changed)),
    )


def run_schedule_write(
    actor: Any,
    project: Project,
    body: Callable[[Project], tuple[Any, ...]],
    role: str = Role.CONTRIBUTOR,
) -> ScheduleChange:
    """Run ``body(locked_project) -> (tasks, touched ids[, updated ids])`` as one schedule write
    (``updated``: see :func:`finish_write`)."""
    with schedule_write(actor, project, role) as locked:
        outcome = body(locked)
        tasks, touched = outcome[0], outcome[1]
        updated = outcome[2] if len(outcome) > 2 else None
        return finish_write(locked, tasks, touched, updated)
