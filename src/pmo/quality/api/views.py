"""``/api/v1/`` endpoints of deliverables, quality reviews, defects and checklist templates.

Reads come from :mod:`pmo.quality.selectors` (404 outside the caller's scope), writes from
:mod:`pmo.quality.services`; roles: see ``docs/authz/quality.yaml``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from pmo.accounts.choices import Role
from pmo.accounts.selectors import require_role
from pmo.core.api.concurrency import etag_headers, expected_version
from pmo.core.api.problems import PROBLEM_CONTENT_TYPE
from pmo.core.api.serializers import ProblemSerializer
from pmo.core.api.viewsets import HistoryMixin, VersionedViewSet
from pmo.projects.selectors import project_get
from pmo.quality import selectors, services
from pmo.quality.api import serializers as s
from pmo.quality.filtersets import (
    ChecklistTemplateFilterSet,
    DefectFilterSet,
    DeliverableFilterSet,
    QualityReviewFilterSet,
)
from pmo.quality.models import ChecklistTemplate, Defect, Deliverable, QualityReview


class _QualityViewSet(HistoryMixin, VersionedViewSet):
    """Shared plumbing: the object goes into the serializer context (nested references resolve in it)."""

    context_key = ""

    def get_serializer_context(self) -> dict[str, Any]:
        """Add the object named in the URL (``project`` or ``deliverable``) for input validation."""
        context = dict(super().get_serializer_context())
        if self.context_key and self.kwargs.get("uid") and self.action in ("update", "partial_update"):
            context[self.context_key] = getattr(self.get_object(), self.context_key)
        return context

    def state_change(self, request: Request, role: str | None, perform: Any) -> Response:
        """A POST that moves an object's state: role check, If-Match, body, service, new ETag."""
        instance = self.get_object()
        if role is not None:
            require_role(request.user, instance.scope, role)
        version = expected_version(request, instance)
        data = self.validated_input(request)
        saved = perform(instance, data, version)
        return Response(self.output(saved), headers=etag_headers(saved))


@extend_schema(tags=["deliverables"])
class DeliverableViewSet(_QualityViewSet):
    """Deliverables of the projects the caller may see. Managers create, change, delete and submit
    them; only the named acceptor accepts or rejects one."""

    serializer_class = s.DeliverableSerializer
    filterset_class = DeliverableFilterSet
    context_key = "project"
    if_match_actions = ("submit", "decide")
    input_serializer_classes = {
        "create": s.DeliverableCreateSerializer,
        "update": s.DeliverableUpdateSerializer,
        "partial_update": s.DeliverableUpdateSerializer,
        "submit": s.DeliverableSubmitSerializer,
        "decide": s.DeliverableDecideSerializer,
    }

    def visible(self) -> QuerySet[Deliverable]:
        """Deliverables visible to the caller."""
        return selectors.deliverables_visible(self.request.user).prefetch_related("tasks")

    def fetch(self, uid: Any) -> Deliverable:
        """One visible deliverable, or 404."""
        return selectors.deliverable_get(self.request.user, uid)

    def require_writable(self, instance: Deliverable) -> None:
        """Changing a deliverable needs the manager role on its project."""
        require_role(self.request.user, instance.scope, Role.MANAGER)

    def perform_create(self, data: dict[str, Any]) -> Deliverable:
        """Create through :func:`~pmo.quality.services.deliverable_create`."""
        return services.deliverable_create(actor=self.request.user, **data)

    def perform_update(self, instance: Deliverable, data: dict[str, Any], version: int) -> Deliverable:
        """Change through :func:`~pmo.quality.services.deliverable_update`."""
        return services.deliverable_update(
            actor=self.request.user, deliverable=instance, data=data, expected_version=version
        )

    def perform_destroy(self, instance: Deliverable, version: int) -> None:
        """Delete through :func:`~pmo.quality.services.deliverable_delete`."""
        services.deliverable_delete(actor=self.request.user, deliverable=instance, expected_version=version)

    @extend_schema(
        summary="Submit a deliverable for acceptance",
        description="Planned or rejected → in review. Needs the manager role and a named acceptor.",
        request=s.DeliverableSubmitSerializer,
        responses=s.DeliverableSerializer,
    )
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Submit the deliverable to its acceptor."""
        return self.state_change(
            request,
            Role.MANAGER,
            lambda obj, data, version: services.deliverable_submit(
                actor=request.user, deliverable=obj, expected_version=version, note=data["note"]
            ),
        )

    @extend_schema(
        summary="Accept or reject a deliverable (the acceptance sign-off)",
        description=(
            "Only the deliverable's named acceptor may decide, whatever their role (a PMO "
            "administrator cannot sign off on their behalf). A rejection needs a comment."
        ),
        request=s.DeliverableDecideSerializer,
        responses=s.DeliverableSerializer,
    )
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The named acceptor's decision."""
        deliverable = self.get_object()
        services.require_acceptor(request.user, deliverable)  # 403 before If-Match and the body
        return self.state_change(
            request,
            None,
            lambda obj, data, version: services.deliverable_decide(
                actor=request.user,
                deliverable=obj,
                decision=data["decision"],
                comment=data["comment"],
                expected_version=version,
            ),
        )

    @extend_schema(
        summary="Quality figures of a project",
        description="Defects open and closed, and the first-pass acceptance rate of the deliverables.",
        parameters=[
            OpenApiParameter(
                "project", OpenApiTypes.UUID, required=True, description="Public id of the project."
            )
        ],
        responses={
            200: s.QualitySummarySerializer,
            (404, PROBLEM_CONTENT_TYPE): OpenApiResponse(
                ProblemSerializer, description="No such visible project."
            ),
        },
        filters=False,
    )
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def summary(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The quality figures of one visible project (404 outside the caller's scope)."""
        project = project_get(request.user, request.query_params.get("project", ""))
        summary = selectors.quality_summary(project)
        body = {
            "project": project.uid,
            "deliverables": summary.deliverables,
            "accepted": summary.accepted,
            "defects_open": summary.defects_open,
            "defects_closed": summary.defects_closed,
            "reviewed": summary.reviewed,
            "first_pass": summary.first_pass,
            "first_pass_rate": summary.first_pass_rate,
        }
        return Response(s.QualitySummarySerializer(body).data)


@extend_schema(tags=["deliverables"])
class QualityReviewViewSet(_QualityViewSet):
    """Quality reviews of deliverables. Contributors record and change them (with their checklist
    results); managers delete them."""

    serializer_class = s.QualityReviewSerializer
    filterset_class = QualityReviewFilterSet
    input_serializer_classes = {
        "create": s.QualityReviewCreateSerializer,
        "update": s.QualityReviewUpdateSerializer,
        "partial_update": s.QualityReviewUpdateSerializer,
    }

    def visible(self) -> QuerySet[QualityReview]:
        """Reviews visible to the caller."""
        return selectors.reviews_visible(self.request.user).prefetch_related("checklist_items")

    def fetch(self, uid: Any) -> QualityReview:
        """One visible review, or 404."""
        return selectors.review_get(self.request.user, uid)

    def require_writable(self, instance: QualityReview) -> None:
        """Changing a review needs the contributor role (deleting one: the manager role)."""
        role = Role.MANAGER if self.action == "destroy" else Role.CONTRIBUTOR
        require_role(self.request.user, instance.scope, role)

    def perform_create(self, data: dict[str, Any]) -> QualityReview:
        """Record through :func:`~pmo.quality.services.review_create`."""
        return services.review_create(actor=self.request.user, **data)

    def perform_update(self, instance: QualityReview, data: dict[str, Any], version: int) -> QualityReview:
        """Change through :func:`~pmo.quality.services.review_update`."""
        return services.review_update(
            actor=self.request.user, review=instance, data=data, expected_version=version
        )

    def perform_destroy(self, instance: QualityReview, version: int) -> None:
        """Delete through :func:`~pmo.quality.services.review_delete`."""
        services.review_delete(actor=self.request.user, review=instance, expected_version=version)


@extend_schema(tags=["deliverables"])
class DefectViewSet(_QualityViewSet):
    """Defects of deliverables. Contributors open, change, close and reopen them; managers delete them."""

    serializer_class = s.DefectSerializer
    filterset_class = DefectFilterSet
    context_key = "deliverable"
    if_match_actions = ("close", "reopen")
    input_serializer_classes = {
        "create": s.DefectCreateSerializer,
        "update": s.DefectUpdateSerializer,
        "partial_update": s.DefectUpdateSerializer,
        "close": s.DefectCloseSerializer,
        "reopen": s.EmptySerializer,
    }

    def visible(self) -> QuerySet[Defect]:
        """Defects visible to the caller."""
        return selectors.defects_visible(self.request.user)

    def fetch(self, uid: Any) -> Defect:
        """One visible defect, or 404."""
        return selectors.defect_get(self.request.user, uid)

    def require_writable(self, instance: Defect) -> None:
        """Changing a defect needs the contributor role (deleting one: the manager role)."""
        role = Role.MANAGER if self.action == "destroy" else Role.CONTRIBUTOR
        require_role(self.request.user, instance.scope, role)

    def perform_create(self, data: dict[str, Any]) -> Defect:
        """Open through :func:`~pmo.quality.services.defect_create`."""
        return services.defect_create(actor=self.request.user, **data)

    def perform_update(self, instance: Defect, data: dict[str, Any], version: int) -> Defect:
        """Change through :func:`~pmo.quality.services.defect_update`."""
        return services.defect_update(
            actor=self.request.user, defect=instance, data=data, expected_version=version
        )

    def perform_destroy(self, instance: Defect, version: int) -> None:
        """Delete through :func:`~pmo.quality.services.defect_delete`."""
        services.defect_delete(actor=self.request.user, defect=instance, expected_version=version)

    @extend_schema(summary="Close a defect", request=s.DefectCloseSerializer, responses=s.DefectSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Close the defect (contributor)."""
        return self.state_change(
            request,
            Role.CONTRIBUTOR,
            lambda obj, data, version: services.defect_close(
                actor=request.user, defect=obj, expected_version=version, closed_date=data["closed_date"]
            ),
        )

    @extend_schema(summary="Reopen a defect", request=s.EmptySerializer, responses=s.DefectSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Reopen the defect (contributor)."""
        return self.state_change(
            request,
            Role.CONTRIBUTOR,
            lambda obj, data, version: services.defect_reopen(
                actor=request.user, defect=obj, expected_version=version
            ),
        )


@extend_schema(tags=["deliverables"])
class ChecklistTemplateViewSet(_QualityViewSet):
    """Checklist templates attached to portfolios, programs and projects (each applies below its
    node). Managers of that node create, change and delete them."""

    serializer_class = s.ChecklistTemplateSerializer
    filterset_class = ChecklistTemplateFilterSet
    input_serializer_classes = {
        "create": s.ChecklistTemplateCreateSerializer,
        "update": s.ChecklistTemplateUpdateSerializer,
        "partial_update": s.ChecklistTemplateUpdateSerializer,
    }

    def visible(self) -> QuerySet[ChecklistTemplate]:
        """Templates visible to the caller."""
        return selectors.checklist_templates_visible(self.request.user).select_related(
            "scope__portfolio", "scope__program", "scope__project"
        )

    def fetch(self, uid: Any) -> ChecklistTemplate:
        """One visible template, or 404."""
        return selectors.checklist_template_get(self.request.user, uid)

    def require_writable(self, instance: ChecklistTemplate) -> None:
        """Changing a template needs the manager role on the node it is attached to."""
        require_role(self.request.user, instance.scope, Role.MANAGER)

    def perform_create(self, data: dict[str, Any]) -> ChecklistTemplate:
        """Create through :func:`~pmo.quality.services.checklist_template_create`."""
        return services.checklist_template_create(actor=self.request.user, **data)

    def perform_update(
        self, instance: ChecklistTemplate, data: dict[str, Any], version: int
    ) -> ChecklistTemplate:
        """Change through :func:`~pmo.quality.services.checklist_template_update`."""
        return services.checklist_template_update(
            actor=self.request.user, template=instance, data=data, expected_version=version
        )

    def perform_destroy(self, instance: ChecklistTemplate, version: int) -> None:
        """Delete through :func:`~pmo.quality.services.checklist_template_delete`."""
        services.checklist_template_delete(
            actor=self.request.user, template=instance, expected_version=version
        )
