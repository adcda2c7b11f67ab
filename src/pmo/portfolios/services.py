"""Writes for portfolios: create, update, move, delete. One transaction each, audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from pmo.accounts.choices import Role
from pmo.accounts.selectors import is_pmo_admin, require_role
from pmo.core.choices import ScopeKind
from pmo.core.errors import DomainRuleError
from pmo.core.hierarchy import node_create, node_delete_scope, node_move, node_update
from pmo.core.services import instance_delete
from pmo.portfolios.models import Portfolio
from pmo.programs.models import Program
from pmo.projects.models import Project


def _require_manager_of_parent(actor: Any, parent: Portfolio | None) -> None:
    if parent is None:
        if not is_pmo_admin(actor):
            raise PermissionDenied("only a PMO administrator can manage top-level portfolios")
    else:
        require_role(actor, parent.scope, Role.MANAGER)


def portfolio_create(
    *,
    actor: Any,
    parent: Portfolio | None,
    code: str,
    name: str,
    description: str = "",
    owner: Any = None,
    state: str = "proposed",
    start_date: dt.date | None = None,
    finish_date: dt.date | None = None,
) -> Portfolio:
    """Create a portfolio (top level: PMO administrators; sub-portfolio: managers of the parent)."""
    _require_manager_of_parent(actor, parent)
    with transaction.atomic():
        portfolio = Portfolio(
            code=code,
            name=name,
            description=description,
            owner=owner,
            state=state,
            start_date=start_date,
            finish_date=finish_date,
            parent=parent,
        )
        return node_create(
            actor=actor,
            instance=portfolio,
            kind=ScopeKind.PORTFOLIO,
            parent_scope=parent.scope if parent else None,
        )


def portfolio_update(
    *, actor: Any, portfolio: Portfolio, data: dict[str, Any], expected_version: int | None
) -> Portfolio:
    """Change a portfolio's own fields; needs the manager role on it."""
    require_role(actor, portfolio.scope, Role.MANAGER)
    return node_update(actor=actor, instance=portfolio, data=data, expected_version=expected_version)


def portfolio_move(
    *,
    actor: Any,
    portfolio: Portfolio,
    new_parent: Portfolio,
    expected_version: int | None,
    note: str = "",
) -> Portfolio:
    """Make a portfolio a sub-portfolio of another; manager on both ends, never under itself."""
    _require_manager_of_parent(actor, portfolio.parent)
    require_role(actor, new_parent.scope, Role.MANAGER)
    if new_parent.scope.path.startswith(portfolio.scope.path):
        raise DomainRuleError("a portfolio cannot be moved under itself", field="parent")
    with transaction.atomic():
        return node_move(
            actor=actor,
            instance=portfolio,
            new_parent_scope=new_parent.scope,
            field_changes={"parent": new_parent},
            expected_version=expected_version,
            note=note,
        )


def portfolio_delete(*, actor: Any, portfolio: Portfolio, expected_version: int | None) -> None:
    """Delete an empty portfolio."""
    _require_manager_of_parent(actor, portfolio.parent)
    if (
        Portfolio.objects.filter(parent=portfolio).exists()
        or Program.objects.filter(portfolio=portfolio).exists()
        or Project.objects.filter(portfolio=portfolio).exists()
    ):
        raise DomainRuleError("move or delete the portfolio's contents first")
    with transaction.atomic():
        scope = portfolio.scope
        instance_delete(
            actor=actor,
            instance=portfolio,
            expected_version=expected_version,
            scope=portfolio.parent.scope if portfolio.parent else None,
        )
        node_delete_scope(scope)
