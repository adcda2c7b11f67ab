"""Serializers of people and access: users, teams, memberships, API tokens, audit records."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from pmo.accounts.api.fields import VisibleScopeField, VisibleUserField
from pmo.accounts.choices import MEMBERSHIP_ROLES
from pmo.accounts.models import ApiToken, Membership, Team, User
from pmo.core.api.serializers import StrictInputSerializer
from pmo.core.models import Scope

ROLE_CHOICES = [(role.value, role.label) for role in MEMBERSHIP_ROLES]
MAX_TOKEN_DAYS = 366


class UserSerializer(serializers.ModelSerializer):
    """A person as other people see them."""

    full_name = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ("username", "first_name", "last_name", "full_name")
        read_only_fields = fields

    def get_full_name(self, user: User) -> str:
        """First and last name, or the username when the name is empty."""
        return str(user)


class MeSerializer(UserSerializer):
    """The signed-in person, with what only they (and PMO administrators) see."""

    class Meta(UserSerializer.Meta):
        fields = (*UserSerializer.Meta.fields, "email", "is_pmo_admin")
        read_only_fields = fields


class ScopeRefSerializer(serializers.Serializer):
    """The portfolio, program or project a membership (or record) applies to."""

    kind = serializers.CharField(help_text="portfolio, program or project")
    uid = serializers.UUIDField()
    code = serializers.CharField()
    name = serializers.CharField()

    def to_representation(self, instance: Scope) -> dict[str, Any]:
        """Describe the scope by its owner object."""
        owner = instance.owner
        return {"kind": instance.kind, "uid": str(owner.uid), "code": owner.code, "name": owner.name}


class TeamSerializer(serializers.ModelSerializer):
    """A team and its members."""

    members = serializers.SlugRelatedField(slug_field="username", many=True, read_only=True)

    class Meta:
        model = Team
        fields = ("uid", "name", "description", "members", "version", "created_at", "updated_at")
        read_only_fields = fields


class TeamCreateSerializer(StrictInputSerializer):
    """Body of ``POST /teams/`` (PMO administrators)."""

    name = serializers.CharField(max_length=120)
    description = serializers.CharField(allow_blank=True, default="")
    members = serializers.ListField(child=VisibleUserField(), default=list, help_text="Usernames.")


class MembershipSerializer(serializers.ModelSerializer):
    """A role held by a user or a team on a portfolio, program or project."""

    user = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    team = serializers.SlugRelatedField(slug_field="uid", read_only=True, allow_null=True)
    scope = serializers.SerializerMethodField()
    etag = serializers.CharField(read_only=True)

    class Meta:
        model = Membership
        fields = ("uid", "user", "team", "scope", "role", "version", "etag", "created_at", "updated_at")
        read_only_fields = fields

    @extend_schema_field(ScopeRefSerializer)
    def get_scope(self, membership: Membership) -> dict[str, Any]:
        """The portfolio, program or project the role applies to."""
        return ScopeRefSerializer(membership.scope).data  # type: ignore[return-value]


class MembershipCreateSerializer(StrictInputSerializer):
    """Body of ``POST /memberships/``: grant ``role`` on ``scope`` to a user or a team."""

    user = VisibleUserField(required=False, allow_null=True)
    team = serializers.UUIDField(required=False, allow_null=True, help_text="Public id of a team.")
    scope = VisibleScopeField(help_text="Public id of the portfolio, program or project.")
    role = serializers.ChoiceField(choices=ROLE_CHOICES)

    read_only_fields = ("id", "uid", "version", "etag", "created_at", "updated_at")

    def validate_team(self, value: Any) -> Team | None:
        """Resolve the team among those the requester may see."""
        if value is None:
            return None
        from pmo.accounts.selectors import teams_visible

        team = teams_visible(self.context["request"].user).filter(uid=value).first()
        if team is None:
            raise serializers.ValidationError("No team with this id among those you can see.")
        return team

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """Exactly one of ``user`` and ``team``."""
        if (attrs.get("user") is None) == (attrs.get("team") is None):
            message = "Give either a user or a team."
            raise serializers.ValidationError({"user": [message], "team": [message]})
        return attrs


class MembershipUpdateSerializer(StrictInputSerializer):
    """Body of ``PATCH /memberships/{uid}/``: only the role changes."""

    read_only_hints = {
        "user": "A membership's user cannot change; revoke it and grant a new one.",
        "team": "A membership's team cannot change; revoke it and grant a new one.",
        "scope": "A membership's scope cannot change; revoke it and grant a new one.",
    }
    role = serializers.ChoiceField(choices=ROLE_CHOICES)


class ApiTokenSerializer(serializers.ModelSerializer):
    """One of the caller's API tokens (never the secret, which is shown once at creation)."""

    is_active = serializers.BooleanField(read_only=True)

    class Meta:
        model = ApiToken
        fields = (
            "uid",
            "name",
            "prefix",
            "created_at",
            "expires_at",
            "last_used_at",
            "revoked_at",
            "is_active",
        )
        read_only_fields = fields


class ApiTokenCreatedSerializer(ApiTokenSerializer):
    """A new token with its secret: store it now, it cannot be shown again."""

    secret = serializers.CharField(read_only=True, help_text="Send as `Authorization: Bearer <secret>`.")

    class Meta(ApiTokenSerializer.Meta):
        fields = (*ApiTokenSerializer.Meta.fields, "secret")
        read_only_fields = fields


class ApiTokenCreateSerializer(StrictInputSerializer):
    """Body of ``POST /tokens/``: a name and, optionally, when the token expires."""

    name = serializers.CharField(max_length=100)
    expires_at = serializers.DateTimeField(
        required=False, allow_null=True, help_text=f"Default 90 days from now; at most {MAX_TOKEN_DAYS} days."
    )

    def validate_expires_at(self, value: dt.datetime | None) -> dt.datetime | None:
        """In the future and at most a year ahead."""
        if value is None:
            return None
        now = timezone.now()
        if value <= now:
            raise serializers.ValidationError("The expiry must be in the future.")
        if value > now + dt.timedelta(days=MAX_TOKEN_DAYS):
            raise serializers.ValidationError(f"A token lives at most {MAX_TOKEN_DAYS} days.")
        return value
