"""What the governance services share: who sets a scope's tolerances, who decides its exceptions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied

from pmo.accounts.choices import Role
from pmo.accounts.selectors import has_role
from pmo.core.choices import ScopeKind
from pmo.core.errors import DomainRuleError
from pmo.core.models import Scope

#: The levels that carry tolerances (a portfolio has no level above it inside pmo).
TOLERANCE_KINDS: tuple[str, ...] = (ScopeKind.PROJECT, ScopeKind.PROGRAM)


def level_above(scope: Scope) -> Scope:
    """The scope one level up (a project's program or portfolio, a program's portfolio)."""
    if scope.kind not in TOLERANCE_KINDS or scope.parent is None:
        raise DomainRuleError("Tolerances are set on projects and programs only.", field="scope")
    return scope.parent


def require_level_above(actor: Any, scope: Scope, *, doing: str) -> Scope:
    """403 unless ``actor`` manages the level above ``scope`` (the project manager alone may not)."""
    above = level_above(scope)
    if not has_role(actor, above, Role.MANAGER):
        raise PermissionDenied(f"{doing} needs the manager role on the {above.kind} above this {scope.kind}")
    return above


def may_govern(actor: Any, scope: Scope) -> bool:
    """Whether ``actor`` manages the level above ``scope`` (pages use it to show the forms)."""
    if scope.kind not in TOLERANCE_KINDS or scope.parent is None:
        return False
    return has_role(actor, scope.parent, Role.MANAGER)


def refuse_unknown(data: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
    """Refuse keys outside ``allowed`` by name, so nothing is silently ignored."""
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise DomainRuleError(f"read-only or unknown field: {', '.join(unknown)}", field=unknown[0])
