"""``/api/v1/projects/``: list, read, create, change, delete, move and history of projects."""

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
from pmo.projects import services
from pmo.projects.api.serializers import (
    ProjectCreateSerializer,
    ProjectMoveSerializer,
    ProjectSerializer,
    ProjectUpdateSerializer,
)
from pmo.projects.filtersets import ProjectFilterSet
from pmo.projects.models import Project
from pmo.projects.selectors import project_get, projects_visible


@extend_schema(tags=["projects"])
class ProjectViewSet(HistoryMixin, VersionedViewSet):
    """Projects the caller may see. Managers of a program or portfolio create projects in it;
    managers of a project change and move it; deleting needs the manager role on its parent."""

    serializer_class = ProjectSerializer
    filterset_class = ProjectFilterSet
    input_serializer_classes = {
        "create": ProjectCreateSerializer,
        "update": ProjectUpdateSerializer,
        "partial_update": ProjectUpdateSerializer,
        "move": ProjectMoveSerializer,
    }
    if_match_actions = ("move",)

    def visible(self) -> QuerySet[Project]:
        """Projects visible to the caller."""
        return projects_visible(self.request.user)

    def fetch(self, uid: Any) -> Project:
        """One visible project, or 404."""
        return project_get(self.request.user, uid)

    def require_writable(self, instance: Project) -> None:
        """Changing a project at all needs the manager role on it."""
        require_role(self.request.user, instance.scope, Role.MANAGER)

    def perform_create(self, data: dict[str, Any]) -> Project:
        """Create through :func:`~pmo.projects.services.project_create`."""
        return services.project_create(actor=self.request.user, **data)

    def perform_update(self, instance: Project, data: dict[str, Any], version: int) -> Project:
        """Change through :func:`~pmo.projects.services.project_update`."""
        return services.project_update(
            actor=self.request.user, project=instance, data=data, expected_version=version
        )

    def perform_destroy(self, instance: Project, version: int) -> None:
        """Delete through :func:`~pmo.projects.services.project_delete`."""
        services.project_delete(actor=self.request.user, project=instance, expected_version=version)

    @extend_schema(
        summary="Move a project to another program or portfolio",
        description=(
            "A deliberate, audited action: needs the manager role on the project and on the "
            "destination; the note is kept in the project's history."
        ),
        request=ProjectMoveSerializer,
        responses=ProjectSerializer,
    )
    @action(detail=True, methods=["post"])
    def move(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Move the project under the destination program or portfolio."""
        instance = self.get_object()
        self.require_writable(instance)
        version = expected_version(request, instance)
        data = self.validated_input(request)
        moved = services.project_move(
            actor=request.user,
            project=instance,
            new_parent=data["parent"],
            expected_version=version,
            note=data["note"],
        )
        return Response(self.output(moved), headers=etag_headers(moved))
