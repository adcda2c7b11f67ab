"""Writes for projects: create, update, move, delete. One transaction each, audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from pmo.accounts.choices import Role
from pmo.accounts.selectors import require_role
from pmo.core.choices import ScopeKind
from pmo.core.errors import DomainRuleError
from pmo.core.hierarchy import node_create, node_delete_scope, node_move, node_update
from pmo.core.models import Scope
from pmo.core.services import instance_delete
from pmo.projects.models import Project

#: A project's own editable fields beyond those every node has.
PROJECT_FIELDS = ("priority",)


def _parent_objects(parent: Scope) -> tuple[Any, Any]:
    """(portfolio, program or None) for a project placed under ``parent``."""
    if parent.kind == ScopeKind.PORTFOLIO:
        return parent.owner, None
    if parent.kind == ScopeKind.PROGRAM:
        program = parent.owner
        return program.portfolio, program
    raise DomainRuleError("a project belongs to a program or a portfolio", field="parent")


def project_create(
    *,
    actor: Any,
    parent: Scope,
    code: str,
    name: str,
    description: str = "",
    owner: Any = None,
    state: str = "proposed",
    start_date: dt.date | None = None,
    finish_date: dt.date | None = None,
    priority: int = 500,
) -> Project:
    """Create a project under a program or portfolio; needs the manager role there.

    ``priority`` (0–1000) is the project's leveling priority.
    """
    require_role(actor, parent, Role.MANAGER)
    portfolio, program = _parent_objects(parent)
    with transaction.atomic():
        project = Project(
            code=code,
            name=name,
            description=description,
            owner=owner,
            state=state,
            start_date=start_date,
            finish_date=finish_date,
            priority=priority,
            portfolio=portfolio,
            program=program,
        )
        return node_create(actor=actor, instance=project, kind=ScopeKind.PROJECT, parent_scope=parent)


def project_update(
    *, actor: Any, project: Project, data: dict[str, Any], expected_version: int | None
) -> Project:
    """Change a project's own fields (those of every node, and ``priority``); needs the manager
    role on it.

    A new start date moves the schedule: the project is rescheduled in the same transaction.
    """
    from pmo.projects.adapters import recalculate
    from pmo.projects.models import Task

    require_role(actor, project.scope, Role.MANAGER)
    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        updated = node_update(
            actor=actor,
            instance=locked,
            data=data,
            expected_version=expected_version,
            extra_fields=PROJECT_FIELDS,
        )
        if updated.start_date != locked.start_date and Task.objects.filter(project=updated).exists():
            recalculate(updated)
            updated.refresh_from_db()
        return updated


def project_move(
    *, actor: Any, project: Project, new_parent: Scope, expected_version: int | None, note: str = ""
) -> Project:
    """Move a project to another program or portfolio: a deliberate, audited action.

    Needs the manager role on the project and on the destination.
    """
    require_role(actor, project.scope, Role.MANAGER)
    require_role(actor, new_parent, Role.MANAGER)
    portfolio, program = _parent_objects(new_parent)
    # Assignments draw on the resource pool of the project's portfolio (``resources`` app, through
    # the reverse relation): moving to another portfolio would leave them pointing at the old pool.
    assigned = project.assignments.count()
    if portfolio.pk != project.portfolio_id and assigned:
        raise DomainRuleError(
            f"{project.code} has {assigned} resource assignment(s) from the pool of its portfolio; "
            "remove them before moving it to another portfolio.",
            field="parent",
        )
    with transaction.atomic():
        return node_move(
            actor=actor,
            instance=project,
            new_parent_scope=new_parent,
            field_changes={"portfolio": portfolio, "program": program},
            expected_version=expected_version,
            note=note,
        )


def project_delete(*, actor: Any, project: Project, expected_version: int | None) -> None:
    """Delete a project; needs the manager role on its parent."""
    parent = project.scope.parent
    require_role(actor, parent, Role.MANAGER)
    with transaction.atomic():
        scope = project.scope
        instance_delete(actor=actor, instance=project, expected_version=expected_version, scope=parent)
        node_delete_scope(scope)
