"""``/api/v1/`` endpoints of budget lines, fixed costs, cost entries and their attachments.

Reads come from :mod:`pmo.costs.selectors` (404 outside the caller's scope), writes from
:mod:`pmo.costs.services`; roles: see ``docs/authz/costs.yaml``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request

from pmo.accounts.choices import Role
from pmo.accounts.selectors import require_role
from pmo.core.api.viewsets import HistoryMixin, VersionedViewSet
from pmo.costs import selectors, services
from pmo.costs.api import serializers as s
from pmo.costs.models import BudgetLine, CostEntry, CostEntryAttachment, FixedCost
from pmo.costs.views.attachments import file_response


@extend_schema(tags=["costs"])
class BudgetLineViewSet(HistoryMixin, VersionedViewSet):
    """Budget (BAC) lines of the projects the caller may see. The project's managers add, change and
    remove lines while the budget is a draft; approving it happens in the Cost section."""

    serializer_class = s.BudgetLineSerializer
    filterset_fields = ("category",)
    input_serializer_classes = {
        "create": s.BudgetLineCreateSerializer,
        "update": s.BudgetLineUpdateSerializer,
        "partial_update": s.BudgetLineUpdateSerializer,
    }

    def visible(self) -> QuerySet[BudgetLine]:
        """Budget lines visible to the caller."""
        return selectors.budget_lines_visible(self.request.user)

    def fetch(self, uid: Any) -> BudgetLine:
        """One visible budget line, or 404."""
        return selectors.budget_line_get(self.request.user, uid)

    def require_writable(self, instance: BudgetLine) -> None:
        """Changing a line needs the manager role on its project."""
        require_role(self.request.user, instance.scope, Role.MANAGER)

    def perform_create(self, data: dict[str, Any]) -> BudgetLine:
        """Add the line to the project's draft budget (created on first use)."""
        project = data.pop("project")
        budget = services.budget_for(actor=self.request.user, project=project)
        return services.budget_line_create(actor=self.request.user, budget=budget, **data)

    def perform_update(self, instance: BudgetLine, data: dict[str, Any], version: int) -> BudgetLine:
        """Change through :func:`~pmo.costs.services.budget_line_update`."""
        return services.budget_line_update(
            actor=self.request.user, line=instance, data=data, expected_version=version
        )

    def perform_destroy(self, instance: BudgetLine, version: int) -> None:
        """Remove through :func:`~pmo.costs.services.budget_line_delete`."""
        services.budget_line_delete(actor=self.request.user, line=instance, expected_version=version)


@extend_schema(tags=["costs"])
class CostEntryViewSet(HistoryMixin, VersionedViewSet):
    """Cost entries (invoices, expenses) of the projects the caller may see. Contributors record and
    change them; managers delete them. A currency other than the project's must be a known ISO 4217
    code and comes with its exchange rate."""

    serializer_class = s.CostEntrySerializer
    filterset_fields = ("category", "kind", "currency")
    input_serializer_classes = {
        "create": s.CostEntryCreateSerializer,
        "update": s.CostEntryUpdateSerializer,
        "partial_update": s.CostEntryUpdateSerializer,
    }

    def visible(self) -> QuerySet[CostEntry]:
        """Cost entries visible to the caller."""
        return selectors.cost_entries_visible(self.request.user)

    def fetch(self, uid: Any) -> CostEntry:
        """One visible cost entry, or 404."""
        return selectors.cost_entry_get(self.request.user, uid)

    def require_writable(self, instance: CostEntry) -> None:
        """Changing an entry needs the contributor role on its project (deleting: manager, in the service)."""
        require_role(self.request.user, instance.scope, Role.CONTRIBUTOR)

    def perform_create(self, data: dict[str, Any]) -> CostEntry:
        """Record through :func:`~pmo.costs.services.cost_entry_create`."""
        return services.cost_entry_create(actor=self.request.user, **data)

    def perform_update(self, instance: CostEntry, data: dict[str, Any], version: int) -> CostEntry:
        """Change through :func:`~pmo.costs.services.cost_entry_update`."""
        return services.cost_entry_update(
            actor=self.request.user, entry=instance, data=data, expected_version=version
        )

    def perform_destroy(self, instance: CostEntry, version: int) -> None:
        """Delete through :func:`~pmo.costs.services.cost_entry_delete`."""
        services.cost_entry_delete(actor=self.request.user, entry=instance, expected_version=version)


@extend_schema(tags=["costs"])
class FixedCostViewSet(HistoryMixin, VersionedViewSet):
    """Fixed costs of tasks (a licence, a fee) in the projects the caller may see. The project's
    managers add, change and remove them; a fixed cost sits on a task that is not a summary."""

    serializer_class = s.FixedCostSerializer
    filterset_fields = ("category", "accrual")
    input_serializer_classes = {
        "create": s.FixedCostCreateSerializer,
        "update": s.FixedCostUpdateSerializer,
        "partial_update": s.FixedCostUpdateSerializer,
    }

    def visible(self) -> QuerySet[FixedCost]:
        """Fixed costs visible to the caller."""
        return selectors.fixed_costs_visible(self.request.user)

    def fetch(self, uid: Any) -> FixedCost:
        """One visible fixed cost, or 404."""
        return selectors.fixed_cost_get(self.request.user, uid)

    def require_writable(self, instance: FixedCost) -> None:
        """Changing a fixed cost needs the manager role on its project."""
        require_role(self.request.user, instance.scope, Role.MANAGER)

    def perform_create(self, data: dict[str, Any]) -> FixedCost:
        """Add through :func:`~pmo.costs.services.fixed_cost_create` (on the task's project)."""
        return services.fixed_cost_create(actor=self.request.user, **data)

    def perform_update(self, instance: FixedCost, data: dict[str, Any], version: int) -> FixedCost:
        """Change through :func:`~pmo.costs.services.fixed_cost_update`."""
        return services.fixed_cost_update(
            actor=self.request.user, cost=instance, data=data, expected_version=version
        )

    def perform_destroy(self, instance: FixedCost, version: int) -> None:
        """Remove through :func:`~pmo.costs.services.fixed_cost_delete`."""
        services.fixed_cost_delete(actor=self.request.user, cost=instance, expected_version=version)


@extend_schema(tags=["costs"])
class CostAttachmentViewSet(HistoryMixin, VersionedViewSet):
    """Receipt and invoice files of cost entries in the projects the caller may see. Contributors
    upload them (multipart: ``entry`` and ``file``; PDF, PNG, JPEG or plain text, recognised from
    the bytes, up to the size limit); managers delete them. ``download/`` sends the file as an
    attachment."""

    serializer_class = s.CostAttachmentSerializer
    parser_classes: Any = [MultiPartParser, FormParser, JSONParser]
    http_method_names = ["get", "post", "delete", "head", "options"]
    input_serializer_classes = {"create": s.CostAttachmentCreateSerializer}

    def visible(self) -> QuerySet[CostEntryAttachment]:
        """Attachments visible to the caller (without their bytes)."""
        return selectors.attachments_visible(self.request.user)

    def fetch(self, uid: Any) -> CostEntryAttachment:
        """One visible attachment, or 404."""
        return selectors.attachment_get(self.request.user, uid)

    def require_writable(self, instance: CostEntryAttachment) -> None:
        """Removing a file needs the manager role on its project."""
        require_role(self.request.user, instance.scope, Role.MANAGER)

    @extend_schema(request={"multipart/form-data": s.CostAttachmentCreateSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        """Upload a file for a cost entry (multipart/form-data); the role is checked before the body."""
        entry_field = s.CostAttachmentCreateSerializer(context=self.get_serializer_context()).fields["entry"]
        try:
            entry = entry_field.to_internal_value(request.data.get("entry"))
        except ValidationError:
            entry = None  # the body's validation names the field
        if entry is not None:
            require_role(request.user, entry.scope, Role.CONTRIBUTOR)
        return super().create(request, *args, **kwargs)

    def perform_create(self, data: dict[str, Any]) -> CostEntryAttachment:
        """Keep the file through :func:`~pmo.costs.services.cost_attachment_add`."""
        upload = data["file"]
        content = services.read_upload(upload)
        return services.cost_attachment_add(
            actor=self.request.user, entry=data["entry"], name=upload.name or "", content=content
        )

    def perform_destroy(self, instance: CostEntryAttachment, version: int) -> None:
        """Remove through :func:`~pmo.costs.services.cost_attachment_delete`."""
        services.cost_attachment_delete(
            actor=self.request.user, attachment=instance, expected_version=version
        )

    @extend_schema(
        summary="Download the file",
        description="The stored bytes as an attachment (nosniff, sandboxing CSP).",
        responses={200: OpenApiResponse(OpenApiTypes.BINARY, description="The file, as an attachment.")},
        filters=False,
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def download(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponse:
        """The file (404 outside the caller's scope)."""
        return file_response(selectors.attachment_get(request.user, kwargs["uid"], with_data=True))
