"""``/api/v1/leveling-runs/``: list and read runs, create a preview, and the actions ``apply``,
``discard`` and ``undo``; roles: see ``docs/authz/leveling.yaml``."""

from __future__ import annotations

from collections.abc import Callable
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
from pmo.leveling import selectors, services
from pmo.leveling.api import serializers as s
from pmo.leveling.models import LevelingRun


@extend_schema(tags=["leveling"])
class LevelingRunViewSet(HistoryMixin, VersionedViewSet):
    """Leveling runs of the scopes the caller may see. Managers of a project, program or portfolio
    level it (POST: a preview, the plans unchanged), then apply, discard or undo the run."""

    serializer_class = s.LevelingRunSerializer
    filterset_fields = ("status",)
    http_method_names = ["get", "post", "head", "options"]
    if_match_actions = ("apply", "discard", "undo")
    input_serializer_classes = {
        "create": s.LevelingRunCreateSerializer,
        "apply": s.EmptySerializer,
        "discard": s.EmptySerializer,
        "undo": s.EmptySerializer,
    }

    def visible(self) -> QuerySet[LevelingRun]:
        """Runs visible to the caller."""
        return selectors.runs_visible(self.request.user)

    def fetch(self, uid: Any) -> LevelingRun:
        """One visible run, or 404."""
        return selectors.run_get(self.request.user, uid)

    def require_writable(self, instance: LevelingRun) -> None:
        """Acting on a run needs the manager role on its scope."""
        require_role(self.request.user, instance.scope, Role.MANAGER)

    def perform_create(self, data: dict[str, Any]) -> LevelingRun:
        """Preview through :func:`~pmo.leveling.services.leveling_preview`."""
        scope = selectors.node_scope(self.request.user, data.pop("node"))
        return services.leveling_preview(actor=self.request.user, scope=scope, **data)

    def _state_change(self, request: Request, perform: Callable[..., LevelingRun]) -> Response:
        instance = self.get_object()
        self.require_writable(instance)
        version = expected_version(request, instance)
        self.validated_input(request)
        saved = perform(actor=request.user, run=instance, expected_version=version)
        return Response(self.output(saved), headers=etag_headers(saved))

    @extend_schema(
        summary="Apply to the plans",
        description=(
            "Previewed → applied: each moved task gets a 'start no earlier than' constraint at its new "
            "start, in one transaction; refused when a plan changed since the preview."
        ),
        request=s.EmptySerializer,
        responses=s.LevelingRunSerializer,
    )
    @action(detail=True, methods=["post"])
    def apply(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Apply (manager)."""
        return self._state_change(request, services.leveling_apply)

    @extend_schema(
        summary="Discard the preview",
        description="Previewed → discarded; the plans were never changed.",
        request=s.EmptySerializer,
        responses=s.LevelingRunSerializer,
    )
    @action(detail=True, methods=["post"])
    def discard(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Discard (manager)."""
        return self._state_change(request, services.leveling_discard)

    @extend_schema(
        summary="Undo an applied run",
        description=(
            "Applied → undone: the tasks get back the constraints they had; refused when one changed since."
        ),
        request=s.EmptySerializer,
        responses=s.LevelingRunSerializer,
    )
    @action(detail=True, methods=["post"])
    def undo(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Undo (manager)."""
        return self._state_change(request, services.leveling_undo)
