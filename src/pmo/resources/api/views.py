"""``/api/v1/`` endpoints of resources (the pools of portfolios) and assignments (of projects).

Reads come from :mod:`pmo.resources.selectors` (404 outside the caller's scope), writes from
:mod:`pmo.resources.services`; roles: see ``docs/authz/resources.yaml``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema

from pmo.accounts.choices import Role
from pmo.accounts.selectors import require_role
from pmo.core.api.viewsets import HistoryMixin, VersionedViewSet
from pmo.resources import selectors, services
from pmo.resources.api import serializers as s
from pmo.resources.api.pool_views import ResourceCalendarMixin
from pmo.resources.filtersets import AssignmentFilterSet, ResourceFilterSet
from pmo.resources.models import Assignment, Resource, ResourceRate


@extend_schema(tags=["resources"])
class ResourceViewSet(ResourceCalendarMixin, HistoryMixin, VersionedViewSet):
    """Resources of the pools the caller may see (a portfolio's pool is seen by the members of the
    portfolio and of anything inside it). The portfolio's managers create, change and delete them;
    a resource still assigned to tasks cannot be deleted."""

    serializer_class = s.ResourceSerializer
    if_match_actions = ("calendar",)
    filterset_class = ResourceFilterSet
    input_serializer_classes = {
        "create": s.ResourceCreateSerializer,
        "update": s.ResourceUpdateSerializer,
        "partial_update": s.ResourceUpdateSerializer,
    }

    def visible(self) -> QuerySet[Resource]:
        """Resources visible to the caller."""
        return selectors.resources_visible(self.request.user)

    def fetch(self, uid: Any) -> Resource:
        """One visible resource, or 404."""
        return selectors.resource_get(self.request.user, uid)

    def require_writable(self, instance: Resource) -> None:
        """Changing a resource needs the manager role on the pool's portfolio."""
        require_role(self.request.user, instance.scope, Role.MANAGER)

    def perform_create(self, data: dict[str, Any]) -> Resource:
        """Create through :func:`~pmo.resources.services.resource_create`."""
        pool = data.pop("portfolio")
        return services.resource_create(actor=self.request.user, pool=pool, **data)

    def perform_update(self, instance: Resource, data: dict[str, Any], version: int) -> Resource:
        """Change through :func:`~pmo.resources.services.resource_update`."""
        return services.resource_update(
            actor=self.request.user, resource=instance, data=data, expected_version=version
        )

    def perform_destroy(self, instance: Resource, version: int) -> None:
        """Delete through :func:`~pmo.resources.services.resource_delete`."""
        services.resource_delete(actor=self.request.user, resource=instance, expected_version=version)


@extend_schema(tags=["resources"])
class AssignmentViewSet(HistoryMixin, VersionedViewSet):
    """Assignments of resources to tasks, in the projects the caller may see. The project's managers
    create, change and delete them; the resource must come from the pool of the project's portfolio."""

    serializer_class = s.AssignmentSerializer
    filterset_class = AssignmentFilterSet
    input_serializer_classes = {
        "create": s.AssignmentCreateSerializer,
        "update": s.AssignmentUpdateSerializer,
        "partial_update": s.AssignmentUpdateSerializer,
    }

    def visible(self) -> QuerySet[Assignment]:
        """Assignments visible to the caller."""
        return selectors.assignments_visible(self.request.user)

    def fetch(self, uid: Any) -> Assignment:
        """One visible assignment, or 404."""
        return selectors.assignment_get(self.request.user, uid)

    def require_writable(self, instance: Assignment) -> None:
        """Changing an assignment needs the manager role on its project."""
        require_role(self.request.user, instance.project.scope, Role.MANAGER)

    def perform_create(self, data: dict[str, Any]) -> Assignment:
        """Create through :func:`~pmo.resources.services.assignment_create` (in the task's project)."""
        project = data["task"].project
        return services.assignment_create(actor=self.request.user, project=project, **data)

    def perform_update(self, instance: Assignment, data: dict[str, Any], version: int) -> Assignment:
        """Change through :func:`~pmo.resources.services.assignment_update`."""
        return services.assignment_update(
            actor=self.request.user, assignment=instance, data=data, expected_version=version
        )

    def perform_destroy(self, instance: Assignment, version: int) -> None:
        """Delete through :func:`~pmo.resources.services.assignment_delete`."""
        services.assignment_delete(actor=self.request.user, assignment=instance, expected_version=version)


@extend_schema(tags=["resources"])
class ResourceRateViewSet(HistoryMixin, VersionedViewSet):
    """Dated rates of the resources the caller may see (cost rate table A): each row holds from
    ``effective_from`` until the next; before the first row the resource's own rates hold. The
    managers of the pool's portfolio add, change and remove them (one row per resource and day)."""

    serializer_class = s.ResourceRateSerializer
    filterset_fields = ("effective_from",)
    input_serializer_classes = {
        "create": s.ResourceRateCreateSerializer,
        "update": s.ResourceRateUpdateSerializer,
        "partial_update": s.ResourceRateUpdateSerializer,
    }

    def visible(self) -> QuerySet[ResourceRate]:
        """Dated rates visible to the caller."""
        return selectors.rates_visible(self.request.user)

    def fetch(self, uid: Any) -> ResourceRate:
        """One visible dated rate, or 404."""
        return selectors.rate_get(self.request.user, uid)

    def require_writable(self, instance: ResourceRate) -> None:
        """Changing a rate needs the manager role on the pool's portfolio."""
        require_role(self.request.user, instance.scope, Role.MANAGER)

    def perform_create(self, data: dict[str, Any]) -> ResourceRate:
        """Add through :func:`~pmo.resources.services.resource_rate_create`."""
        return services.resource_rate_create(actor=self.request.user, **data)

    def perform_update(self, instance: ResourceRate, data: dict[str, Any], version: int) -> ResourceRate:
        """Change through :func:`~pmo.resources.services.resource_rate_update`."""
        return services.resource_rate_update(
            actor=self.request.user, rate=instance, data=data, expected_version=version
        )

    def perform_destroy(self, instance: ResourceRate, version: int) -> None:
        """Remove through :func:`~pmo.resources.services.resource_rate_delete`."""
        services.resource_rate_delete(actor=self.request.user, rate=instance, expected_version=version)
