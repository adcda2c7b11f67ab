"""The scoping choke point: which scopes a user may see, and which role they hold there.

Every selector of every app filters its querysets with :func:`scope_filter` and checks actions
with :func:`require_role`. Outside the user's scope an object simply does not exist (404);
inside it, a role that is too small raises ``PermissionDenied`` (403).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from pmo.accounts.choices import ROLE_RANK, Role
from pmo.accounts.models import ApiToken, Membership, Team, User
from pmo.core.models import Scope

_CACHE_ATTR = "_pmo_membership_paths"


def is_pmo_admin(user: Any) -> bool:
    """True for an active PMO administrator."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_pmo_admin)


def membership_paths(user: Any) -> dict[str, str]:
    """``{scope path: best role}`` for the user's direct and team memberships (cached per user object)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return {}
    cached: dict[str, str] | None = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    rows = Membership.objects.filter(Q(user=user) | Q(team__members=user)).values_list("scope__path", "role")
    paths: dict[str, str] = {}
    for path, role in rows:
        if ROLE_RANK[role] > ROLE_RANK.get(paths.get(path, ""), 0):
            paths[path] = role
    setattr(user, _CACHE_ATTR, paths)
    return paths


def forget_memberships(user: Any) -> None:
    """Drop the per-object cache after memberships change."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def scope_filter(user: Any, path_lookup: str = "scope__path") -> Q | None:
    """A ``Q`` limiting a queryset to rows under the user's scopes.

    Returns ``None`` for a PMO administrator (no limit). For a user with no membership it
    returns a ``Q`` that matches nothing.
    """
    if is_pmo_admin(user):
        return None
    paths = membership_paths(user)
    if not paths:
        return Q(pk__in=[])
    query = Q()
    for path in _minimal_prefixes(paths):
        query |= Q(**{f"{path_lookup}__startswith": path})
    return query


def scoped(queryset: QuerySet[Any], user: Any, path_lookup: str = "scope__path") -> QuerySet[Any]:
    """Limit ``queryset`` to the rows the user may see."""
    condition = scope_filter(user, path_lookup)
    return queryset if condition is None else queryset.filter(condition)


def role_on(user: Any, scope: Scope | None) -> str | None:
    """The user's effective role on ``scope`` (inherited from ancestors), or ``None``."""
    if scope is None or not getattr(user, "is_authenticated", False):
        return None
    if is_pmo_admin(user):
        return Role.ADMIN
    best: str | None = None
    for path, role in membership_paths(user).items():
        if scope.path.startswith(path) and ROLE_RANK[role] > ROLE_RANK.get(best or "", 0):
            best = role
    return best


def has_role(user: Any, scope: Scope | None, minimum: str) -> bool:
    """True when the user's role on ``scope`` is at least ``minimum``."""
    role = role_on(user, scope)
    return role is not None and ROLE_RANK[role] >= ROLE_RANK[minimum]


def require_role(user: Any, scope: Scope | None, minimum: str) -> str:
    """Return the user's role, or raise ``PermissionDenied`` (403) when it is below ``minimum``."""
    role = role_on(user, scope)
    if role is None or ROLE_RANK[role] < ROLE_RANK[minimum]:
        raise PermissionDenied(
            f"this action needs the {Role(minimum).label.lower()} role on this "
            f"{scope.kind if scope else 'object'}"
        )
    return role


def visible_scopes(user: Any) -> QuerySet[Scope]:
    """Every scope the user may see."""
    return scoped(Scope.objects.all(), user, path_lookup="path")


def memberships_visible(user: Any) -> QuerySet[Membership]:
    """Memberships on scopes the user may see."""
    return scoped(Membership.objects.select_related("user", "team", "scope"), user)


def users_visible(user: Any) -> QuerySet[User]:
    """People the user may see: themselves and everyone holding a role in a scope they can see."""
    if is_pmo_admin(user):
        return User.objects.filter(is_active=True)
    scopes = visible_scopes(user)
    return User.objects.filter(
        Q(pk=user.pk) | Q(memberships__scope__in=scopes) | Q(teams__memberships__scope__in=scopes),
        is_active=True,
    ).distinct()


def teams_visible(user: Any) -> QuerySet[Team]:
    """Teams the user belongs to or that hold a role in a scope the user may see."""
    if is_pmo_admin(user):
        return Team.objects.all()
    return Team.objects.filter(Q(members=user) | Q(memberships__scope__in=visible_scopes(user))).distinct()


def api_tokens_of(user: Any) -> QuerySet[ApiToken]:
    """A user's own API tokens (never anyone else's)."""
    return ApiToken.objects.filter(user=user)


def _minimal_prefixes(paths: dict[str, str]) -> list[str]:
    """Drop paths already covered by an ancestor path (shorter OR chains)."""
    ordered = sorted(paths, key=len)
    kept: list[str] = []
    for path in ordered:
        if not any(path.startswith(prefix) for prefix in kept):
            kept.append(path)
    return kept
