"""``/api/v1/charters/``: read, create, change, submit, decide and the history of charters."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from pmo.accounts.choices import Role
from pmo.accounts.selectors import require_role
from pmo.charters import selectors, services
from pmo.charters.api.serializers import (
    CharterCreateSerializer,
    CharterDecideSerializer,
    CharterSerializer,
    CharterSubmitSerializer,
    CharterUpdateSerializer,
)
from pmo.charters.filtersets import CharterFilterSet
from pmo.charters.models import Charter, CharterDecision
from pmo.core.api.concurrency import etag_headers, expected_version
from pmo.core.api.viewsets import HistoryMixin, VersionedViewSet
from pmo.quality.models import Deliverable


@extend_schema(tags=["charters"])
class CharterViewSet(HistoryMixin, VersionedViewSet):
    """Charters of the projects the caller may see (one per project). Managers create, change and
    submit them; only the named sponsor approves or returns one. Charters are not deleted."""

    serializer_class = CharterSerializer
    filterset_class = CharterFilterSet
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    if_match_actions = ("submit", "decide")
    input_serializer_classes = {
        "create": CharterCreateSerializer,
        "update": CharterUpdateSerializer,
        "partial_update": CharterUpdateSerializer,
        "submit": CharterSubmitSerializer,
        "decide": CharterDecideSerializer,
    }

    def visible(self) -> QuerySet[Charter]:
        """Charters visible to the caller, with what the output shows."""
        return selectors.charters_visible(self.request.user).prefetch_related(
            "objectives",
            Prefetch("decisions", queryset=CharterDecision.objects.select_related("actor")),
            Prefetch(
                "project__deliverables", queryset=Deliverable.objects.order_by("due_date", "name", "id")
            ),
        )

    def fetch(self, uid: Any) -> Charter:
        """One visible charter, or 404."""
        return selectors.charter_get(self.request.user, uid)

    def require_writable(self, instance: Charter) -> None:
        """Changing a charter needs the manager role on its project."""
        require_role(self.request.user, instance.scope, Role.MANAGER)

    def perform_create(self, data: dict[str, Any]) -> Charter:
        """Create through :func:`~pmo.charters.services.charter_create`."""
        project = data.pop("project")
        return services.charter_create(actor=self.request.user, project=project, data=data)

    def perform_update(self, instance: Charter, data: dict[str, Any], version: int) -> Charter:
        """Change through :func:`~pmo.charters.services.charter_update`."""
        return services.charter_update(
            actor=self.request.user, charter=instance, data=data, expected_version=version
        )

    def _state_change(self, request: Request, perform: Any) -> Response:
        instance = self.get_object()
        version = expected_version(request, instance)
        data = self.validated_input(request)
        saved = perform(instance, data, version)
        return Response(self.output(saved), headers=etag_headers(saved))

    @extend_schema(
        summary="Submit a charter for approval",
        description="Draft or returned → submitted. Needs the manager role and a named sponsor.",
        request=CharterSubmitSerializer,
        responses=CharterSerializer,
    )
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Submit the charter to its sponsor."""
        self.require_writable(self.get_object())
        return self._state_change(
            request,
            lambda obj, data, version: services.charter_submit(
                actor=request.user, charter=obj, expected_version=version, comment=data["comment"]
            ),
        )

    @extend_schema(
        summary="Approve or return a submitted charter",
        description=(
            "Only the charter's named sponsor may decide, whatever their role (a PMO administrator "
            "cannot decide on their behalf). Returning needs a comment. The decision and comment are "
            "kept in the charter's history and its decision list."
        ),
        request=CharterDecideSerializer,
        responses=CharterSerializer,
    )
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The named sponsor's decision."""
        services.require_sponsor(request.user, self.get_object())  # 403 before If-Match and the body
        return self._state_change(
            request,
            lambda obj, data, version: services.charter_decide(
                actor=request.user,
                charter=obj,
                decision=data["decision"],
                comment=data["comment"],
                expected_version=version,
            ),
        )

    def output(self, instance: Any) -> Any:
        """Re-read through the prefetching queryset so the answer shows fresh objectives and decisions."""
        fresh = self.visible().filter(pk=instance.pk).first() or instance
        return super().output(fresh)
