"""``/api/v1/portfolios/``: list, read, create, change, delete, move and history of portfolios."""

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
from pmo.portfolios import services
from pmo.portfolios.api.serializers import (
    PortfolioCreateSerializer,
    PortfolioMoveSerializer,
    PortfolioSerializer,
    PortfolioUpdateSerializer,
)
from pmo.portfolios.filtersets import PortfolioFilterSet
from pmo.portfolios.models import Portfolio
from pmo.portfolios.selectors import portfolio_get, portfolios_visible


@extend_schema(tags=["portfolios"])
class PortfolioViewSet(HistoryMixin, VersionedViewSet):
    """Portfolios the caller may see. Managers of a portfolio change it and create sub-portfolios;
    top-level portfolios are created and deleted by PMO administrators."""

    serializer_class = PortfolioSerializer
    filterset_class = PortfolioFilterSet
    input_serializer_classes = {
        "create": PortfolioCreateSerializer,
        "update": PortfolioUpdateSerializer,
        "partial_update": PortfolioUpdateSerializer,
        "move": PortfolioMoveSerializer,
    }
    if_match_actions = ("move",)

    def visible(self) -> QuerySet[Portfolio]:
        """Portfolios visible to the caller."""
        return portfolios_visible(self.request.user)

    def fetch(self, uid: Any) -> Portfolio:
        """One visible portfolio, or 404."""
        return portfolio_get(self.request.user, uid)

    def require_writable(self, instance: Portfolio) -> None:
        """Changing a portfolio at all needs the manager role on it."""
        require_role(self.request.user, instance.scope, Role.MANAGER)

    def perform_create(self, data: dict[str, Any]) -> Portfolio:
        """Create through :func:`~pmo.portfolios.services.portfolio_create`."""
        parent = data.pop("parent")
        return services.portfolio_create(
            actor=self.request.user, parent=parent.owner if parent is not None else None, **data
        )

    def perform_update(self, instance: Portfolio, data: dict[str, Any], version: int) -> Portfolio:
        """Change through :func:`~pmo.portfolios.services.portfolio_update`."""
        return services.portfolio_update(
            actor=self.request.user, portfolio=instance, data=data, expected_version=version
        )

    def perform_destroy(self, instance: Portfolio, version: int) -> None:
        """Delete through :func:`~pmo.portfolios.services.portfolio_delete` (empty portfolios only)."""
        services.portfolio_delete(actor=self.request.user, portfolio=instance, expected_version=version)

    @extend_schema(
        summary="Move a portfolio under another portfolio",
        description="Needs the manager role on the portfolio and on the new parent; audited with the note.",
        request=PortfolioMoveSerializer,
        responses=PortfolioSerializer,
    )
    @action(detail=True, methods=["post"])
    def move(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Re-parent the portfolio (and everything below it)."""
        instance = self.get_object()
        self.require_writable(instance)
        version = expected_version(request, instance)
        data = self.validated_input(request)
        moved = services.portfolio_move(
            actor=request.user,
            portfolio=instance,
            new_parent=data["parent"].owner,
            expected_version=version,
            note=data["note"],
        )
        return Response(self.output(moved), headers=etag_headers(moved))
