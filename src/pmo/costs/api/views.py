"""``/api/v1/`` endpoints of budget lines and cost entries.

Reads come from :mod:`pmo.costs.selectors` (404 outside the caller's scope), writes from
:mod:`pmo.costs.services`; roles: see ``docs/authz/costs.yaml``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema

from pmo.accounts.choices import Role
from pmo.accounts.selectors import require_role
from pmo.core.api.viewsets import HistoryMixin, VersionedViewSet
from pmo.costs import selectors, services
from pmo.costs.api import serializers as s
from pmo.costs.models import BudgetLine, CostEntry


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
