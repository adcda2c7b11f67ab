"""Writes for programs: create, update, move, delete. One transaction each, audited."""

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
from pmo.programs.models import Program
from pmo.projects.models import Project


def _require_portfolio_scope(scope: Scope) -> None:
    if scope.kind != ScopeKind.PORTFOLIO:
        raise DomainRuleError("a program belongs to a portfolio", field="portfolio")


def program_create(
    *,
    actor: Any,
    portfolio_scope: Scope,
    code: str,
    name: str,
    description: str = "",
    owner: Any = None,
    state: str = "proposed",
    start_date: dt.date | None = None,
    finish_date: dt.date | None = None,
) -> Program:
    """Create a program in a portfolio; needs the manager role on the portfolio."""
    _require_portfolio_scope(portfolio_scope)
    require_role(actor, portfolio_scope, Role.MANAGER)
    with transaction.atomic():
        program = Program(
            code=code,
            name=name,
            description=description,
            owner=owner,
            state=state,
            start_date=start_date,
            finish_date=finish_date,
            portfolio=portfolio_scope.owner,
        )
        return node_create(
            actor=actor, instance=program, kind=ScopeKind.PROGRAM, parent_scope=portfolio_scope
        )


def program_update(
    *, actor: Any, program: Program, data: dict[str, Any], expected_version: int | None
) -> Program:
    """Change a program's own fields; needs the manager role on it."""
    require_role(actor, program.scope, Role.MANAGER)
    return node_update(actor=actor, instance=program, data=data, expected_version=expected_version)


def program_move(
    *, actor: Any, program: Program, portfolio_scope: Scope, expected_version: int | None, note: str = ""
) -> Program:
    """Move a program (with its projects) to another portfolio; manager on both ends."""
    _require_portfolio_scope(portfolio_scope)
    require_role(actor, program.scope, Role.MANAGER)
    require_role(actor, portfolio_scope, Role.MANAGER)
    new_portfolio = portfolio_scope.owner
    with transaction.atomic():
        moved = node_move(
            actor=actor,
            instance=program,
            new_parent_scope=portfolio_scope,
            field_changes={"portfolio": new_portfolio},
            expected_version=expected_version,
            note=note,
        )
        Project.objects.filter(program=moved).update(portfolio=new_portfolio)
    return moved


def program_delete(*, actor: Any, program: Program, expected_version: int | None) -> None:
    """Delete an empty program; needs the manager role on its portfolio."""
    parent = program.scope.parent
    require_role(actor, parent, Role.MANAGER)
    if Project.objects.filter(program=program).exists():
        raise DomainRuleError("move or delete the program's projects first")
    with transaction.atomic():
        scope = program.scope
        instance_delete(actor=actor, instance=program, expected_version=expected_version, scope=parent)
        node_delete_scope(scope)
