"""``/api/v1/change-requests/``: read, draft, change, and the actions ``assess``, ``submit``,
``decide``, ``apply`` and ``withdraw`` of change requests; roles: see ``docs/authz/changes.yaml``."""

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
from pmo.changes import selectors, services
from pmo.changes.api import serializers as s
from pmo.changes.models import ChangeRequest
from pmo.changes.routing import require_decider
from pmo.core.api.concurrency import etag_headers, expected_version
from pmo.core.api.viewsets import HistoryMixin, VersionedViewSet


@extend_schema(tags=["changes"])
class ChangeRequestViewSet(HistoryMixin, VersionedViewSet):
    """Change requests of the projects the caller may see. Contributors draft, assess and submit
    them; only the authority the impact requires (project manager, change board or sponsor, by the
    project's thresholds) approves or rejects; managers apply approved ones to the plan. Requests
    are withdrawn, not deleted."""

    serializer_class = s.ChangeRequestSerializer
    filterset_fields = ("status", "category", "required_authority")
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    if_match_actions = ("assess", "submit", "decide", "apply", "withdraw")
    input_serializer_classes = {
        "create": s.ChangeRequestCreateSerializer,
        "update": s.ChangeRequestUpdateSerializer,
        "partial_update": s.ChangeRequestUpdateSerializer,
        "assess": s.EmptySerializer,
        "submit": s.EmptySerializer,
        "apply": s.EmptySerializer,
        "withdraw": s.EmptySerializer,
        "decide": s.ChangeRequestDecideSerializer,
    }

    def visible(self) -> QuerySet[ChangeRequest]:
        """Change requests visible to the caller."""
        return selectors.change_requests_visible(self.request.user).select_related("applied_by")

    def fetch(self, uid: Any) -> ChangeRequest:
        """One visible change request, or 404."""
        return selectors.change_request_get(self.request.user, uid)

    def require_writable(self, instance: ChangeRequest) -> None:
        """Changing a request needs the contributor role on its project."""
        require_role(self.request.user, instance.scope, Role.CONTRIBUTOR)

    def perform_create(self, data: dict[str, Any]) -> ChangeRequest:
        """Draft through :func:`~pmo.changes.services.change_request_create`."""
        return services.change_request_create(actor=self.request.user, **data)

    def perform_update(self, instance: ChangeRequest, data: dict[str, Any], version: int) -> ChangeRequest:
        """Change through :func:`~pmo.changes.services.change_request_update`."""
        return services.change_request_update(
            actor=self.request.user, request=instance, data=data, expected_version=version
        )

    def _state_change(
        self, request: Request, perform: Callable[[ChangeRequest, dict[str, Any], int], Any]
    ) -> Response:
        instance = self.get_object()
        version = expected_version(request, instance)
        data = self.validated_input(request)
        saved = perform(instance, data, version)
        return Response(self.output(saved), headers=etag_headers(saved))

    @extend_schema(
        summary="Assess the impact",
        description=(
            "Apply the operations to a copy of the plan and store the impact; the plan does not change."
        ),
        request=s.EmptySerializer,
        responses=s.ChangeRequestSerializer,
    )
    @action(detail=True, methods=["post"])
    def assess(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Work out the impact (contributor)."""
        self.require_writable(self.get_object())
        return self._state_change(
            request,
            lambda obj, data, version: services.change_request_assess(
                actor=request.user, request=obj, expected_version=version
            ),
        )

    @extend_schema(
        summary="Submit for a decision",
        description="Draft → submitted: assessed again and routed to the authority its impact requires.",
        request=s.EmptySerializer,
        responses=s.ChangeRequestSerializer,
    )
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Submit (contributor)."""
        self.require_writable(self.get_object())
        return self._state_change(
            request,
            lambda obj, data, version: services.change_request_submit(
                actor=request.user, request=obj, expected_version=version
            ),
        )

    @extend_schema(
        summary="Approve or reject",
        description=(
            "Only the required authority decides (see required_authority). Rejecting needs a comment; "
            "approving may choose to save the baseline over when the change is applied."
        ),
        request=s.ChangeRequestDecideSerializer,
        responses=s.ChangeRequestSerializer,
    )
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The required authority's decision."""
        require_decider(request.user, self.get_object())  # 403 before If-Match and the body
        return self._state_change(
            request,
            lambda obj, data, version: services.change_request_decide(
                actor=request.user, request=obj, expected_version=version, **data
            ),
        )

    @extend_schema(
        summary="Apply to the plan",
        description=(
            "Approved → applied: every operation changes the real plan, or none does (an operation that "
            "no longer applies is refused by number); the baseline is saved over when the decision chose it."
        ),
        request=s.EmptySerializer,
        responses=s.ChangeRequestSerializer,
    )
    @action(detail=True, methods=["post"])
    def apply(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Apply (manager)."""
        require_role(request.user, self.get_object().scope, Role.MANAGER)
        return self._state_change(
            request,
            lambda obj, data, version: services.change_request_apply(
                actor=request.user, request=obj, expected_version=version
            ),
        )

    @extend_schema(
        summary="Withdraw",
        description="Draft or submitted → withdrawn (the requester, or a manager).",
        request=s.EmptySerializer,
        responses=s.ChangeRequestSerializer,
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Withdraw (the requester or a manager)."""
        self.require_writable(self.get_object())
        return self._state_change(
            request,
            lambda obj, data, version: services.change_request_withdraw(
                actor=request.user, request=obj, expected_version=version
            ),
        )
