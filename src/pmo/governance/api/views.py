"""``/api/v1/tolerances/`` and ``/api/v1/exceptions/``.

Reads come from :mod:`pmo.governance.selectors` (404 outside the caller's scope), writes from
:mod:`pmo.governance.services`; roles: see ``docs/authz/governance.yaml``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from pmo.core.api.concurrency import etag_headers, expected_version
from pmo.core.api.viewsets import HistoryMixin, ScopedViewSet, VersionedViewSet
from pmo.core.errors import DomainRuleError
from pmo.governance import selectors, services
from pmo.governance.api import serializers as s
from pmo.governance.models import Tolerance, ToleranceException
from pmo.governance.services.common import require_level_above


@extend_schema(tags=["governance"])
class ToleranceViewSet(HistoryMixin, VersionedViewSet):
    """Tolerances of the projects and programs the caller may see. The managers of the level above
    (a project's program or portfolio, a program's portfolio) set, change and remove them; the
    project's own manager may not."""

    serializer_class = s.ToleranceSerializer
    filterset_fields = ("dimension", "active")
    input_serializer_classes = {
        "create": s.ToleranceCreateSerializer,
        "update": s.ToleranceUpdateSerializer,
        "partial_update": s.ToleranceUpdateSerializer,
    }

    def visible(self) -> QuerySet[Tolerance]:
        """Tolerances visible to the caller."""
        return selectors.tolerances_visible(self.request.user)

    def fetch(self, uid: Any) -> Tolerance:
        """One visible tolerance, or 404."""
        return selectors.tolerance_get(self.request.user, uid)

    def require_writable(self, instance: Tolerance) -> None:
        """Changing a tolerance needs the manager role on the level above."""
        require_level_above(self.request.user, instance.scope, doing="changing a tolerance")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        """Create a tolerance; the role on the level above is checked before the rest of the body."""
        field = s.ToleranceCreateSerializer(context=self.get_serializer_context()).fields["scope"]
        body = request.data if isinstance(request.data, dict) else {}
        try:
            scope = field.to_internal_value(body.get("scope"))
        except ValidationError:
            scope = None  # the body's validation names the field
        if scope is not None:
            require_level_above(request.user, scope, doing="setting a tolerance")
        return super().create(request, *args, **kwargs)

    def perform_create(self, data: dict[str, Any]) -> Tolerance:
        """Create through :func:`~pmo.governance.services.tolerance_set` (refused when one exists)."""
        scope = data.pop("scope")
        dimension = data.pop("dimension")
        require_level_above(self.request.user, scope, doing="setting a tolerance")
        if Tolerance.objects.filter(scope=scope, dimension=dimension).exists():
            raise DomainRuleError(
                f"This {scope.kind} already has a {dimension} tolerance; change that one.", field="dimension"
            )
        return services.tolerance_set(actor=self.request.user, scope=scope, dimension=dimension, data=data)

    def perform_update(self, instance: Tolerance, data: dict[str, Any], version: int) -> Tolerance:
        """Change through :func:`~pmo.governance.services.tolerance_set`."""
        return services.tolerance_set(
            actor=self.request.user,
            scope=instance.scope,
            dimension=instance.dimension,
            data=data,
            expected_version=version,
        )

    def perform_destroy(self, instance: Tolerance, version: int) -> None:
        """Remove through :func:`~pmo.governance.services.tolerance_delete`."""
        services.tolerance_delete(actor=self.request.user, tolerance=instance, expected_version=version)


@extend_schema(tags=["governance"])
class ExceptionViewSet(HistoryMixin, ScopedViewSet):
    """Exceptions of the projects and programs the caller may see, newest first. They are raised by
    the checks; the managers of the level above acknowledge, decide and close them (``If-Match``)."""

    serializer_class = s.ToleranceExceptionSerializer
    filterset_fields = ("dimension", "status")
    http_method_names = ["get", "post", "head", "options"]
    versioned = True
    if_match_actions = ("acknowledge", "decide", "close")
    input_serializer_classes = {
        "acknowledge": s.ToleranceExceptionStepSerializer,
        "decide": s.ToleranceExceptionDecideSerializer,
        "close": s.ToleranceExceptionStepSerializer,
    }

    def visible(self) -> QuerySet[ToleranceException]:
        """Exceptions visible to the caller."""
        return selectors.exceptions_visible(self.request.user)

    def fetch(self, uid: Any) -> ToleranceException:
        """One visible exception, or 404."""
        return selectors.exception_get(self.request.user, uid)

    def _step(self, request: Request, doing: str, perform: Callable[..., ToleranceException]) -> Response:
        instance = self.get_object()
        require_level_above(request.user, instance.scope, doing=doing)  # 403 before If-Match and the body
        version = expected_version(request, instance)
        data = self.validated_input(request)
        saved = perform(instance, data, version)
        return Response(self.output(saved), headers=etag_headers(saved))

    @extend_schema(
        summary="Acknowledge an open exception",
        request=s.ToleranceExceptionStepSerializer,
        responses=s.ToleranceExceptionSerializer,
    )
    @action(detail=True, methods=["post"])
    def acknowledge(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Open → acknowledged; managers of the level above."""
        return self._step(
            request,
            "acknowledging an exception",
            lambda obj, data, version: services.exception_acknowledge(
                actor=request.user, exception=obj, expected_version=version
            ),
        )

    @extend_schema(
        summary="Record the decision on an exception",
        description=(
            "Approving the exception plan leaves it decided (tracked until closed); adjusting the "
            "tolerance, stopping and no action close it at once."
        ),
        request=s.ToleranceExceptionDecideSerializer,
        responses=s.ToleranceExceptionSerializer,
    )
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Open or acknowledged → decided or closed; managers of the level above."""
        return self._step(
            request,
            "deciding an exception",
            lambda obj, data, version: services.exception_decide(
                actor=request.user,
                exception=obj,
                kind=data["decision_kind"],
                decision=data["decision"],
                expected_version=version,
            ),
        )

    @extend_schema(
        summary="Close a decided exception",
        request=s.ToleranceExceptionStepSerializer,
        responses=s.ToleranceExceptionSerializer,
    )
    @action(detail=True, methods=["post"])
    def close(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Decided → closed; managers of the level above."""
        return self._step(
            request,
            "closing an exception",
            lambda obj, data, version: services.exception_close(
                actor=request.user, exception=obj, expected_version=version
            ),
        )
