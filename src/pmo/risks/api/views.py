"""``/api/v1/risks/``, ``/api/v1/risk-actions/`` and ``/api/v1/risk-matrices/``.

Reads come from :mod:`pmo.risks.selectors` (404 outside the caller's scope), writes from
:mod:`pmo.risks.services`; roles: see ``docs/authz/risks.yaml``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from pmo.accounts.choices import Role
from pmo.accounts.selectors import require_role
from pmo.core.api.concurrency import etag_headers, expected_version
from pmo.core.api.viewsets import HistoryMixin, VersionedViewSet
from pmo.core.errors import DomainRuleError
from pmo.core.models import Scope
from pmo.risks import selectors, services
from pmo.risks.api import serializers as s
from pmo.risks.filtersets import RiskFilterSet
from pmo.risks.models import Risk, RiskAction, RiskMatrix

NODES = ("scope__portfolio", "scope__program", "scope__project")


def with_owner(data: dict[str, Any], scope: Scope) -> dict[str, Any]:
    """``owner`` (a username) resolved among the people who may own things on ``scope``; the same
    refusal for an unknown user and one without a role there, so usernames are not probed."""
    if data.get("owner") is None:
        return data
    owner = selectors.owner_choices(scope).filter(username=data["owner"]).first()
    if owner is None:
        raise DomainRuleError(f"The owner must hold a role on this {scope.kind}.", field="owner")
    return data | {"owner": owner}


@extend_schema(tags=["risks"])
class RiskViewSet(HistoryMixin, VersionedViewSet):
    """Risks (threats and opportunities) of the portfolios, programs and projects the caller may see.
    Contributors raise, change, close and reopen them; managers delete them. Scores are computed
    from the levels on the node's matrix; ``?probability=&impact=&map=`` lists a heat-map cell."""

    serializer_class = s.RiskSerializer
    filterset_class = RiskFilterSet
    if_match_actions = ("close", "reopen")
    input_serializer_classes = {
        "create": s.RiskCreateSerializer,
        "update": s.RiskUpdateSerializer,
        "partial_update": s.RiskUpdateSerializer,
        "close": s.RiskCloseSerializer,
        "reopen": s.RiskReopenSerializer,
    }

    def visible(self) -> QuerySet[Risk]:
        """Risks visible to the caller."""
        return (
            selectors.risks_visible(self.request.user)
            .select_related(*NODES)
            .order_by("-score", "title", "id")
        )

    def fetch(self, uid: Any) -> Risk:
        """One visible risk, or 404."""
        return selectors.risk_get(self.request.user, uid)

    def require_writable(self, instance: Risk) -> None:
        """Changing a risk needs the contributor role (deleting one: the manager role)."""
        require_role(
            self.request.user, instance.scope, Role.MANAGER if self.action == "destroy" else Role.CONTRIBUTOR
        )

    def perform_create(self, data: dict[str, Any]) -> Risk:
        """Raise through :func:`~pmo.risks.services.risk_create`."""
        scope = data.pop("node")
        require_role(self.request.user, scope, Role.CONTRIBUTOR)  # 403 before judging the owner
        return services.risk_create(actor=self.request.user, scope=scope, **with_owner(data, scope))

    def perform_update(self, instance: Risk, data: dict[str, Any], version: int) -> Risk:
        """Change through :func:`~pmo.risks.services.risk_update`."""
        return services.risk_update(
            actor=self.request.user,
            risk=instance,
            data=with_owner(data, instance.scope),
            expected_version=version,
        )

    def perform_destroy(self, instance: Risk, version: int) -> None:
        """Delete through :func:`~pmo.risks.services.risk_delete`."""
        services.risk_delete(actor=self.request.user, risk=instance, expected_version=version)

    @extend_schema(
        summary="Close a risk",
        description="Open → closed with its reason. Needs the contributor role and If-Match.",
        request=s.RiskCloseSerializer,
        responses=s.RiskSerializer,
    )
    @action(detail=True, methods=["post"])
    def close(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Close the risk."""
        instance = self.get_object()
        self.require_writable(instance)
        version = expected_version(request, instance)
        body = self.validated_input(request)
        saved = services.risk_close(
            actor=request.user, risk=instance, reason=body["close_reason"], expected_version=version
        )
        return Response(self.output(saved), headers=etag_headers(saved))

    @extend_schema(
        summary="Reopen a risk",
        description="Closed → open. Needs the contributor role and If-Match.",
        request=s.RiskReopenSerializer,
        responses=s.RiskSerializer,
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Reopen the risk."""
        instance = self.get_object()
        self.require_writable(instance)
        version = expected_version(request, instance)
        self.validated_input(request)
        saved = services.risk_reopen(actor=request.user, risk=instance, expected_version=version)
        return Response(self.output(saved), headers=etag_headers(saved))


@extend_schema(tags=["risks"])
class RiskActionViewSet(HistoryMixin, VersionedViewSet):
    """Response actions of the risks the caller may see: contributors add and change them (mark
    them done), managers delete them. ``overdue``: open and past the due date."""

    serializer_class = s.RiskActionSerializer
    filterset_fields = ("status",)
    input_serializer_classes = {
        "create": s.RiskActionCreateSerializer,
        "update": s.RiskActionUpdateSerializer,
        "partial_update": s.RiskActionUpdateSerializer,
    }

    def visible(self) -> QuerySet[RiskAction]:
        """Actions visible to the caller."""
        return selectors.actions_visible(self.request.user).order_by("due_date", "id")

    def fetch(self, uid: Any) -> RiskAction:
        """One visible action, or 404."""
        return selectors.action_get(self.request.user, uid)

    def require_writable(self, instance: RiskAction) -> None:
        """Changing an action needs the contributor role (deleting one: the manager role)."""
        require_role(
            self.request.user, instance.scope, Role.MANAGER if self.action == "destroy" else Role.CONTRIBUTOR
        )

    def perform_create(self, data: dict[str, Any]) -> RiskAction:
        """Add through :func:`~pmo.risks.services.action_create`."""
        require_role(self.request.user, data["risk"].scope, Role.CONTRIBUTOR)  # 403 before judging the owner
        return services.action_create(actor=self.request.user, **with_owner(data, data["risk"].scope))

    def perform_update(self, instance: RiskAction, data: dict[str, Any], version: int) -> RiskAction:
        """Change through :func:`~pmo.risks.services.action_update`."""
        return services.action_update(
            actor=self.request.user,
            action=instance,
            data=with_owner(data, instance.scope),
            expected_version=version,
        )

    def perform_destroy(self, instance: RiskAction, version: int) -> None:
        """Delete through :func:`~pmo.risks.services.action_delete`."""
        services.action_delete(actor=self.request.user, action=instance, expected_version=version)


@extend_schema(tags=["risks"])
class RiskMatrixViewSet(HistoryMixin, VersionedViewSet):
    """The risk matrices nodes set for themselves and everything below them (size 3-10, the scores
    where medium, high and critical begin). A node without one inherits its nearest ancestor's,
    else the default 5×5. Managers of the node create and change it; it is not deleted."""

    serializer_class = s.RiskMatrixSerializer
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    input_serializer_classes = {
        "create": s.RiskMatrixCreateSerializer,
        "update": s.RiskMatrixUpdateSerializer,
        "partial_update": s.RiskMatrixUpdateSerializer,
    }

    def visible(self) -> QuerySet[RiskMatrix]:
        """Matrices visible to the caller."""
        return selectors.matrices_visible(self.request.user).select_related(*NODES).order_by("scope__path")

    def fetch(self, uid: Any) -> RiskMatrix:
        """One visible matrix, or 404."""
        return selectors.matrix_get(self.request.user, uid)

    def require_writable(self, instance: RiskMatrix) -> None:
        """Changing a matrix needs the manager role on its node."""
        require_role(self.request.user, instance.scope, Role.MANAGER)

    def perform_create(self, data: dict[str, Any]) -> RiskMatrix:
        """Set through :func:`~pmo.risks.services.matrix_set` (refused when the node has one)."""
        scope = data.pop("node")
        if RiskMatrix.objects.filter(scope=scope).exists():
            require_role(self.request.user, scope, Role.MANAGER)
            raise DomainRuleError("This node already has a matrix; change it instead.", field="node")
        return services.matrix_set(actor=self.request.user, scope=scope, data=data)

    def perform_update(self, instance: RiskMatrix, data: dict[str, Any], version: int) -> RiskMatrix:
        """Change through :func:`~pmo.risks.services.matrix_set`."""
        return services.matrix_set(
            actor=self.request.user, scope=instance.scope, data=data, expected_version=version
        )
