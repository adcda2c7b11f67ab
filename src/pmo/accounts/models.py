"""People and access: users, teams, memberships (role on a scope), API tokens, login attempts."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone

from pmo.accounts.choices import MEMBERSHIP_ROLES, Role
from pmo.core.models import VersionedModel


class User(AbstractUser):
    """A person who signs in. ``is_pmo_admin`` grants every role on every scope."""

    is_pmo_admin = models.BooleanField(
        default=False, help_text="PMO administrator: manager rights on the whole installation."
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Team(VersionedModel):
    """A named group of users; a membership may be given to a team instead of a user."""

    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    members = models.ManyToManyField(User, related_name="teams", blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(VersionedModel):
    """A role for a user or a team on a portfolio, program or project scope, inherited downwards."""

    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )
    scope = models.ForeignKey("core.Scope", on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(
        max_length=16, choices=[(r.value, r.label) for r in MEMBERSHIP_ROLES], default=Role.VIEWER
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(team__isnull=True))
                | (Q(user__isnull=True) & Q(team__isnull=False)),
                name="accounts_membership_user_xor_team",
            ),
            models.UniqueConstraint(
                fields=["user", "scope"],
                condition=Q(user__isnull=False),
                name="accounts_membership_unique_user_scope",
            ),
            models.UniqueConstraint(
                fields=["team", "scope"],
                condition=Q(team__isnull=False),
                name="accounts_membership_unique_team_scope",
            ),
        ]

    def __str__(self) -> str:
        who = self.user if self.user_id else self.team
        return f"{who} as {self.get_role_display()}"


class ApiToken(models.Model):
    """A personal API token. Only a SHA-256 digest is stored; the secret is shown once."""

    uid = models.UUIDField(unique=True, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        """True while neither revoked nor expired."""
        return self.revoked_at is None and self.expires_at > timezone.now()


class LoginAttempt(models.Model):
    """A failed login, kept in the database so the throttle holds across processes."""

    username = models.CharField(max_length=150, db_index=True)
    address = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"{self.username} from {self.address} at {self.at:%Y-%m-%d %H:%M}"
