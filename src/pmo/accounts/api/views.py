"""``/api/v1/`` endpoints of people and access: users, teams, memberships, tokens, audit.

Every queryset comes from :mod:`pmo.accounts.selectors` (users, teams and memberships the caller
may see, the caller's own tokens, audit records on visible scopes); every write calls
:mod:`pmo.accounts.services`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from pmo.accounts import selectors, services
from pmo.accounts.api.serializers import (
    ApiTokenCreatedSerializer,
    ApiTokenCreateSerializer,
    ApiTokenSerializer,
    MembershipCreateSerializer,
    MembershipSerializer,
    MembershipUpdateSerializer,
    MeSerializer,
    TeamCreateSerializer,
    TeamSerializer,
    UserSerializer,
)
from pmo.accounts.choices import Role
from pmo.accounts.filtersets import MembershipFilterSet, TeamFilterSet, UserFilterSet
from pmo.accounts.models import ApiToken, Membership, Team, User
from pmo.core.api.idempotency import HEADER as IDEMPOTENCY_HEADER
from pmo.core.api.serializers import AuditRecordSerializer
from pmo.core.api.viewsets import ScopedListViewSet, ScopedViewSet, VersionedViewSet
from pmo.core.filtersets import AuditRecordFilterSet
from pmo.core.models import AuditRecord
from pmo.core.selectors import get_visible

SCOPE_OWNERS = ("scope__portfolio", "scope__program", "scope__project")


@extend_schema(tags=["people"])
class UserViewSet(ScopedViewSet):
    """People the caller may see: themselves and everyone with a role in a scope they can see."""

    serializer_class = UserSerializer
    filterset_class = UserFilterSet
    lookup_field = "username"
    lookup_url_kwarg = "username"
    lookup_value_regex = r"[\w.@+-]+"
    http_method_names = ["get", "head", "options"]

    def visible(self) -> QuerySet[User]:
        """Users visible to the caller."""
        return selectors.users_visible(self.request.user).order_by("username")

    def fetch(self, uid: Any) -> User:
        """One visible user by username, or 404."""
        return get_visible(selectors.users_visible(self.request.user), username=uid)

    @extend_schema(summary="The signed-in user", responses=MeSerializer, filters=False)
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def me(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Who the caller is, with e-mail and whether they are a PMO administrator."""
        return Response(MeSerializer(request.user).data)


@extend_schema(tags=["people"])
class TeamViewSet(VersionedViewSet):
    """Teams the caller belongs to or that hold a role in a scope they can see.

    PMO administrators create teams; a membership can then be granted to a team.
    """

    serializer_class = TeamSerializer
    filterset_class = TeamFilterSet
    input_serializer_classes = {"create": TeamCreateSerializer}
    http_method_names = ["get", "post", "head", "options"]

    def visible(self) -> QuerySet[Team]:
        """Teams visible to the caller."""
        return selectors.teams_visible(self.request.user).prefetch_related("members")

    def fetch(self, uid: Any) -> Team:
        """One visible team, or 404."""
        return get_visible(self.visible(), uid=uid)

    def perform_create(self, data: dict[str, Any]) -> Team:
        """Create through :func:`~pmo.accounts.services.team_create` and set its members."""
        members = data.pop("members")
        team = services.team_create(actor=self.request.user, **data)
        if members:
            services.team_set_members(actor=self.request.user, team=team, members=members)
        return team


@extend_schema(tags=["people"])
class MembershipViewSet(VersionedViewSet):
    """Roles on portfolios, programs and projects, on the scopes the caller can see.

    Granting, changing and revoking need the manager role on the scope, and nobody grants more
    than they hold. Changing a role and revoking need ``If-Match``.
    """

    serializer_class = MembershipSerializer
    filterset_class = MembershipFilterSet
    input_serializer_classes = {
        "create": MembershipCreateSerializer,
        "partial_update": MembershipUpdateSerializer,
    }
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def visible(self) -> QuerySet[Membership]:
        """Memberships on scopes visible to the caller."""
        return (
            selectors.memberships_visible(self.request.user)
            .select_related(*SCOPE_OWNERS)
            .order_by("scope__path", "pk")
        )

    def fetch(self, uid: Any) -> Membership:
        """One visible membership, or 404."""
        return get_visible(self.visible(), uid=uid)

    def require_writable(self, instance: Membership) -> None:
        """Managing members needs the manager role on the membership's scope."""
        selectors.require_role(self.request.user, instance.scope, Role.MANAGER)

    def perform_create(self, data: dict[str, Any]) -> Membership:
        """Grant through :func:`~pmo.accounts.services.membership_grant`."""
        membership = services.membership_grant(actor=self.request.user, **data)
        return self.fetch(membership.uid)

    def perform_update(self, instance: Membership, data: dict[str, Any], version: int) -> Membership:
        """Change the role through :func:`~pmo.accounts.services.membership_change_role`."""
        services.membership_change_role(
            actor=self.request.user, membership=instance, role=data["role"], expected_version=version
        )
        return self.fetch(instance.uid)

    def perform_destroy(self, instance: Membership, version: int) -> None:
        """Revoke through :func:`~pmo.accounts.services.membership_revoke`."""
        services.membership_revoke(actor=self.request.user, membership=instance, expected_version=version)


@extend_schema(tags=["tokens"])
class ApiTokenViewSet(ScopedViewSet):
    """The caller's own personal API tokens. Anyone else's token is simply not found (404)."""

    serializer_class = ApiTokenSerializer
    input_serializer_classes = {"create": ApiTokenCreateSerializer}
    filter_backends: Any = []
    http_method_names = ["get", "post", "delete", "head", "options"]

    def visible(self) -> QuerySet[ApiToken]:
        """The caller's tokens."""
        return selectors.api_tokens_of(self.request.user)

    def fetch(self, uid: Any) -> ApiToken:
        """One of the caller's tokens, or 404."""
        return get_visible(self.visible(), uid=uid)

    @extend_schema(
        summary="Create a token",
        description=(
            "The answer holds the secret, shown this once. Not idempotent on purpose: the secret "
            "is never stored, so a retry cannot return it; `Idempotency-Key` is refused."
        ),
        responses={201: ApiTokenCreatedSerializer},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Create a personal token; the secret is in this answer only."""
        if IDEMPOTENCY_HEADER in request.headers:
            raise serializers.ValidationError(
                {IDEMPOTENCY_HEADER: ["Token creation cannot be replayed (the secret is shown once)."]}
            )
        data = self.validated_input(request)
        token, secret = services.token_create(
            user=request.user, name=data["name"], expires_at=data.get("expires_at")
        )
        body = ApiTokenCreatedSerializer(token).data
        body["secret"] = secret
        location = self.reverse_action("detail", kwargs={"uid": token.uid})
        return Response(body, status=201, headers={"Location": location})

    @extend_schema(summary="Revoke a token", responses={204: None})
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Revoke the token (it stays listed, with ``revoked_at`` set)."""
        services.token_revoke(user=request.user, token=self.get_object())
        return Response(status=204)

    @extend_schema(summary="Revoke a token", request=None, responses=ApiTokenSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Revoke the token and show it (idempotent)."""
        token = services.token_revoke(user=request.user, token=self.get_object())
        return Response(self.output(token))


@extend_schema(tags=["audit"])
class AuditRecordViewSet(ScopedListViewSet):
    """Audit records on the portfolios, programs and projects the caller can see, newest first.

    Records about users, teams and tokens have no scope and are listed for PMO administrators only.
    """

    serializer_class = AuditRecordSerializer
    filterset_class = AuditRecordFilterSet
    http_method_names = ["get", "head", "options"]

    def visible(self) -> QuerySet[AuditRecord]:
        """Audit records on scopes visible to the caller."""
        return selectors.scoped(
            AuditRecord.objects.select_related("actor", "content_type"), self.request.user
        )
