"""Writes for people and access. Each function is one transaction and writes the audit trail."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from pmo.accounts.choices import ROLE_RANK, Role
from pmo.accounts.models import ApiToken, Membership, Team, User
from pmo.accounts.selectors import forget_memberships, is_pmo_admin, require_role
from pmo.core.audit import audit_log
from pmo.core.choices import AuditAction
from pmo.core.errors import DomainRuleError
from pmo.core.models import Scope
from pmo.core.services import instance_create, instance_delete, instance_update

TOKEN_PREFIX = "pmo_"  # noqa: S105 - a public prefix, not a secret


def user_create(
    *,
    actor: Any,
    username: str,
    password: str | None,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    is_pmo_admin: bool = False,
) -> User:
    """Create a user; only a PMO administrator (or the system, ``actor=None``) may do so."""
    if actor is not None and not _is_admin(actor):
        raise DomainRuleError("only a PMO administrator can create users")
    with transaction.atomic():
        user = User(
            username=username,
            email=email,
            first_name=first_name,
            last_name=last_name,
            is_pmo_admin=is_pmo_admin,
        )
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        audit_log(
            actor=actor,
            action=AuditAction.CREATE,
            instance=user,
            scope=None,
            changes={
                "username": [None, username],
                "email": [None, email],
                "is_pmo_admin": [None, is_pmo_admin],
            },
        )
    return user


def team_create(*, actor: Any, name: str, description: str = "") -> Team:
    """Create a team (PMO administrators only)."""
    _require_admin(actor, "create teams")
    with transaction.atomic():
        return instance_create(actor=actor, instance=Team(name=name, description=description), scope=None)


def team_set_members(*, actor: Any, team: Team, members: list[User]) -> Team:
    """Replace a team's members (PMO administrators only)."""
    _require_admin(actor, "change team members")
    with transaction.atomic():
        before = sorted(str(user) for user in team.members.all())
        team.members.set(members)
        after = sorted(str(user) for user in members)
        if before != after:
            audit_log(
                actor=actor,
                action=AuditAction.UPDATE,
                instance=team,
                scope=None,
                changes={"members": [before, after]},
            )
    return team


def membership_grant(
    *, actor: Any, scope: Scope, role: str, user: User | None = None, team: Team | None = None
) -> Membership:
    """Give a user or a team a role on a scope.

    The requester needs the manager role on the scope and cannot grant more than they hold.
    """
    _check_grant(actor, scope, role)
    if (user is None) == (team is None):
        raise DomainRuleError("name either a user or a team", field="user")
    with transaction.atomic():
        membership = instance_create(
            actor=actor, instance=Membership(user=user, team=team, scope=scope, role=role), scope=scope
        )
    forget_memberships(actor)
    return membership


def membership_change_role(
    *, actor: Any, membership: Membership, role: str, expected_version: int | None
) -> Membership:
    """Change the role of a membership (same rules as granting; never one's own)."""
    _check_grant(actor, membership.scope, role)
    if membership.user_id == getattr(actor, "pk", None) and not _is_admin(actor):
        raise DomainRuleError("you cannot change your own role", field="role")
    with transaction.atomic():
        updated, _ = instance_update(
            actor=actor,
            instance=membership,
            data={"role": role},
            expected_version=expected_version,
            scope=membership.scope,
        )
    return updated


def membership_revoke(*, actor: Any, membership: Membership, expected_version: int | None) -> None:
    """Remove a membership. A manager may not remove a membership with a higher role than theirs."""
    _check_grant(actor, membership.scope, membership.role)
    with transaction.atomic():
        instance_delete(
            actor=actor, instance=membership, expected_version=expected_version, scope=membership.scope
        )


def token_create(*, user: User, name: str, expires_at: dt.datetime | None = None) -> tuple[ApiToken, str]:
    """Create a personal API token; returns the row and the secret, which is never stored."""
    if not name.strip():
        raise DomainRuleError("a token needs a name", field="name")
    now = timezone.now()
    expires = expires_at or now + dt.timedelta(days=settings.PMO_API_TOKEN_DEFAULT_DAYS)
    if expires <= now:
        raise DomainRuleError("the expiry must be in the future", field="expires_at")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            uid=uuid.uuid4(),
            user=user,
            name=name.strip(),
            prefix=secret[:12],
            digest=token_digest(secret),
            expires_at=expires,
        )
        audit_log(
            actor=user,
            action=AuditAction.CREATE,
            instance=token,
            scope=None,
            changes={"name": [None, token.name], "expires_at": [None, expires.isoformat()]},
        )
    return token, secret


def token_revoke(*, user: User, token: ApiToken) -> ApiToken:
    """Revoke one of the user's own tokens (idempotent)."""
    if token.user_id != user.pk:
        raise DomainRuleError("not your token")
    if token.revoked_at is None:
        with transaction.atomic():
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            audit_log(
                actor=user,
                action=AuditAction.UPDATE,
                instance=token,
                scope=None,
                changes={"revoked_at": [None, token.revoked_at.isoformat()]},
            )
    return token


def token_digest(secret: str) -> str:
    """SHA-256 hex digest of a token secret (tokens are random, so no salt is needed)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def _is_admin(actor: Any) -> bool:
    return is_pmo_admin(actor)


def _require_admin(actor: Any, what: str) -> None:
    if not _is_admin(actor):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(f"only a PMO administrator can {what}")


def _check_grant(actor: Any, scope: Scope, role: str) -> None:
    if role not in (Role.VIEWER, Role.CONTRIBUTOR, Role.MANAGER):
        raise DomainRuleError(f"'{role}' is not a role that can be granted on a scope", field="role")
    own = require_role(actor, scope, Role.MANAGER)
    if ROLE_RANK[role] > ROLE_RANK[own]:
        raise DomainRuleError("you cannot grant a role higher than your own", field="role")
