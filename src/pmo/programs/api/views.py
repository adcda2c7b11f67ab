"""``/api/v1/programs/``: list, read, create, change, delete, move and history of programs."""

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
from pmo.programs import services
from pmo.programs.api.serializers import (
    ProgramCreateSerializer,
    ProgramMoveSerializer,
    ProgramSerializer,
    ProgramUpdateSerializer,
)
from pmo.programs.filtersets import ProgramFilterSet
from pmo.programs.models import Program
from pmo.programs.selectors import program_get, programs_visible


@extend_schema(tags=["programs"])
class ProgramViewSet(HistoryMixin, VersionedViewSet):
    """Programs the caller may see. Managers of a portfolio create programs in it; managers of a
    program change it; deleting needs the manager role on the portfolio."""

    serializer_class = ProgramSerializer
    filterset_class = ProgramFilterSet
    input_serializer_classes = {
        "create": ProgramCreateSerializer,
        "update": ProgramUpdateSerializer,
        "partial_update": ProgramUpdateSerializer,
        "move": ProgramMoveSerializer,
    }
    if_match_actions = ("move",)

    def visible(self) -> QuerySet[Program]:
        """Programs visible to the caller."""
        return programs_visible(self.request.user)

    def fetch(self, uid: Any) -> Program:
        """One visible program, or 404."""
        return program_get(self.request.user, uid)

    def require_writable(self, instance: Program) -> None:
        """Changing a program at all needs the manager role on it."""
        require_role(self.request.user, instance.scope, Role.MANAGER)

    def perform_create(self, data: dict[str, Any]) -> Program:
        """Create through :func:`~pmo.programs.services.program_create`."""
        portfolio = data.pop("portfolio")
        return services.program_create(actor=self.request.user, portfolio_scope=portfolio, **data)

    def perform_update(self, instance: Program, data: dict[str, Any], version: int) -> Program:
        """Change through :func:`~pmo.programs.services.program_update`."""
        return services.program_update(
            actor=self.request.user, program=instance, data=data, expected_version=version
        )

    def perform_destroy(self, instance: Program, version: int) -> None:
        """Delete through :func:`~pmo.programs.services.program_delete` (programs without projects)."""
        services.program_delete(actor=self.request.user, program=instance, expected_version=version)

    @extend_schema(
        summary="Move a program to another portfolio",
        description=(
            "Moves the program and its projects. Needs the manager role on the program and on the "
            "destination portfolio; audited with the note."
        ),
        request=ProgramMoveSerializer,
        responses=ProgramSerializer,
    )
    @action(detail=True, methods=["post"])
    def move(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Move the program (with its projects) to another portfolio."""
        instance = self.get_object()
        self.require_writable(instance)
        version = expected_version(request, instance)
        data = self.validated_input(request)
        moved = services.program_move(
            actor=request.user,
            program=instance,
            portfolio_scope=data["portfolio"],
            expected_version=version,
            note=data["note"],
        )
        return Response(self.output(moved), headers=etag_headers(moved))
