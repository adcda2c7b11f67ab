"""Pages of projects: list, workspace, create (in a program or portfolio), edit, delete, move,
History and Members tabs. Generic behaviour lives in ``pmo.core.views`` and ``pmo.accounts.views``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse

from pmo.accounts.selectors import visible_scopes
from pmo.accounts.views import (
    NodeMemberEditView,
    NodeMemberRevokeView,
    NodeMembersView,
    ScopeRoleMixin,
    destination_label,
    node_url,
)
from pmo.core.choices import ScopeKind
from pmo.core.models import Scope
from pmo.core.selectors import get_visible
from pmo.core.views import (
    Crumb,
    NodeCreateView,
    NodeDeleteView,
    NodeDetailView,
    NodeEditView,
    NodeHistoryView,
    NodeListView,
    NodeMoveView,
)
from pmo.projects.filtersets import ProjectFilterSet
from pmo.projects.forms import ProjectForm
from pmo.projects.models import Project
from pmo.projects.selectors import project_get, projects_visible
from pmo.projects.services import project_create, project_delete, project_move, project_update
from pmo.projects.workspace import workspace_links


def project_parent(project: Project) -> Any:
    """The program holding the project, else its portfolio."""
    return project.program or project.portfolio


class ProjectMixin(ScopeRoleMixin):
    """The project named by ``uid``, through the scoped selector (404 outside the user's scope)."""

    namespace = "projects"
    verbose_name = "project"
    kwargs: dict[str, Any]

    def get_object(self) -> Project:
        """The project, or 404."""
        return project_get(self.request.user, self.kwargs["uid"])

    def page_context(self, obj: Any, tab: str) -> dict[str, Any]:
        """The node context plus the workspace sections (Charter, Tasks, Gantt, ...)."""
        context: dict[str, Any] = super().page_context(obj, tab)  # type: ignore[misc]
        return context | {"workspace_sections": workspace_links(obj), "project": obj}


class ProjectListView(ScopeRoleMixin, NodeListView):
    """Every project the user can see, filtered, searched, sorted and paginated."""

    namespace = "projects"
    verbose_name = "project"
    verbose_name_plural = "projects"
    filterset_class = ProjectFilterSet
    parent_heading = "Program or portfolio"

    def get_queryset(self) -> QuerySet[Project]:
        """Visible projects."""
        return projects_visible(self.request.user)

    def parent_of(self, obj: Any) -> Crumb | None:
        """The program or portfolio, when visible."""
        return self.parent_crumb(obj, project_parent(obj))


class ProjectDetailView(ProjectMixin, NodeDetailView):
    """The project workspace."""

    def overview_context(self, obj: Any) -> dict[str, Any]:
        """Where the project sits and its own facts; it has no children (tasks have their pages)."""
        return {
            "parent": self.parent_crumb(obj, project_parent(obj)),
            "sections": [],
            "rollup": None,
            "facts": [("Leveling priority", obj.priority)],
        }


class ProjectHistoryView(ProjectMixin, NodeHistoryView):
    """The project's History tab."""


class ProjectMembersView(ProjectMixin, NodeMembersView):
    """The project's Members tab."""


class ProjectMemberEditView(ProjectMixin, NodeMemberEditView):
    """Change a role on the project."""


class ProjectMemberRevokeView(ProjectMixin, NodeMemberRevokeView):
    """Remove a membership from the project."""


class ProjectCreateView(ScopeRoleMixin, NodeCreateView):
    """Create a project in the program or portfolio named by ``uid`` (managers there)."""

    namespace = "projects"
    verbose_name = "project"
    form_class = ProjectForm
    kwargs: dict[str, Any]

    def get_parent(self) -> Any:
        """The visible program or portfolio with that uid, or 404."""
        uid = self.kwargs["uid"]
        scopes = visible_scopes(self.request.user).filter(
            Q(kind=ScopeKind.PROGRAM, program__uid=uid) | Q(kind=ScopeKind.PORTFOLIO, portfolio__uid=uid)
        )
        scope: Scope = get_visible(scopes.select_related("portfolio", "program"))
        return scope.owner

    def check_create(self, parent: Any) -> None:
        """Manager of the program or portfolio."""
        self.check_create_under(parent.scope)

    def create(self, parent: Any, data: dict[str, Any]) -> Project:
        """Through ``project_create``."""
        return project_create(actor=self.request.user, parent=parent.scope, **data)

    def cancel_url(self, parent: Any) -> str:
        """Back to the parent's workspace."""
        return node_url(parent)


class ProjectEditView(ProjectMixin, NodeEditView):
    """Edit the project's fields."""

    form_class = ProjectForm

    def update(self, obj: Any, data: dict[str, Any], expected_version: int) -> Project:
        """Through ``project_update``."""
        return project_update(
            actor=self.request.user, project=obj, data=data, expected_version=expected_version
        )


class ProjectDeleteView(ProjectMixin, NodeDeleteView):
    """Delete the project (managers of its program or portfolio)."""

    def perform_delete(self, obj: Any, expected_version: int) -> None:
        """Through ``project_delete``."""
        project_delete(actor=self.request.user, project=obj, expected_version=expected_version)

    def after_delete_url(self, obj: Any) -> str:
        """The parent's workspace when visible, else the list."""
        parent = self.parent_crumb(obj, project_parent(obj))
        return parent.url if parent else reverse("projects:list")


class ProjectMoveView(ProjectMixin, NodeMoveView):
    """Move the project to another program or portfolio the user manages."""

    def destinations(self, obj: Any) -> dict[str, tuple[str, Any]]:
        """Managed programs and portfolios other than the current parent."""
        return {
            str(scope.owner.uid): (destination_label(scope), scope)
            for scope in self.managed_scopes((ScopeKind.PORTFOLIO, ScopeKind.PROGRAM))
            if scope.pk != obj.scope.parent_id
        }

    def move(self, obj: Any, target: Any, expected_version: int, note: str) -> Project:
        """Through ``project_move`` (audited)."""
        return project_move(
            actor=self.request.user,
            project=obj,
            new_parent=target,
            expected_version=expected_version,
            note=note,
        )
