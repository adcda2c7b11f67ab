"""Private iCalendar feeds of a project's milestones: create (the secret is shown once), revoke, use.

The feed URL carries a random token (256 bits); only its SHA-256 is stored, so a database leak
does not leak working feed URLs, and the secret cannot be shown again after creation.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from pmo.accounts.choices import Role
from pmo.accounts.selectors import require_role
from pmo.core.errors import DomainRuleError
from pmo.core.services import instance_create, instance_update
from pmo.projects.models import CalendarFeed, Project


@dataclass(frozen=True)
class NewFeed:
    """A feed just created and its secret token (never stored, never shown again)."""

    feed: CalendarFeed
    token: str


def token_digest(token: str) -> str:
    """The stored form of a feed token (hex SHA-256)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def feed_create(*, actor: Any, project: Project, name: str = "") -> NewFeed:
    """Create a feed of ``project``'s milestones; manager role. Returns the secret token once."""
    require_role(actor, project.scope, Role.MANAGER)
    name = (name or "").strip()
    if len(name) > 100:
        raise DomainRuleError("The feed name is longer than 100 characters.", field="name")
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed(
        project=project,
        name=name,
        token_digest=token_digest(token),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    with transaction.atomic():
        instance_create(actor=actor, instance=feed, scope=project.scope)
    return NewFeed(feed=feed, token=token)


def feed_revoke(*, actor: Any, feed: CalendarFeed, expected_version: int | None = None) -> CalendarFeed:
    """Revoke a feed (its URL answers 404 from now on); manager role. Revoking twice is a no-op."""
    project = feed.project
    require_role(actor, project.scope, Role.MANAGER)
    if feed.revoked_at is not None:
        return feed
    with transaction.atomic():
        saved, _ = instance_update(
            actor=actor,
            instance=feed,
            data={"revoked_at": timezone.now()},
            expected_version=expected_version,
            scope=project.scope,
            note="feed revoked",
        )
    return saved


def feed_use(token: str) -> CalendarFeed | None:
    """The live feed of ``token`` (``None`` when unknown or revoked), recording when it was used.

    ``last_used_at`` is bookkeeping, not a change of the feed: it is written without a version
    bump or an audit record (a calendar client polls every few minutes).
    """
    if not token or len(token) > 200:
        return None
    feed = (
        CalendarFeed.objects.select_related("project")
        .filter(token_digest=token_digest(token), revoked_at__isnull=True)
        .first()
    )
    if feed is not None:
        feed.last_used_at = timezone.now()
        CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=feed.last_used_at)
    return feed
