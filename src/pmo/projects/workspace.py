"""The project workspace: its sections (Charter, Tasks, Gantt, ...) and the base of their pages.

Every app that adds a page to the workspace registers a :class:`WorkspaceSection` in its
``AppConfig.ready()``; the project's Overview tabs and every section page show them in ``order``.
A section page is a view built on :class:`ProjectSectionView`: it reads the project through the
scoped selector (404 outside the user's scope), knows the user's role, and renders inside
``projects/workspace_page.html`` (crumbs, heading, the section navigation).

Example::

    register_section(WorkspaceSection("tasks", "Tasks", "projects:tasks", order=20))
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views import View

from pmo.accounts.choices import Role
from pmo.accounts.selectors import has_role, require_role, role_on
from pmo.accounts.views import ScopeRoleMixin
from pmo.core.views import render_page
from pmo.projects.models import Project
from pmo.projects.selectors import project_get


@dataclass(frozen=True)
class WorkspaceSection:
    """One entry of the workspace navigation: ``url_name`` takes the project's ``uid``."""

    key: str
    label: str
    url_name: str
    order: int


_SECTIONS: dict[str, WorkspaceSection] = {}


def register_section(section: WorkspaceSection) -> None:
    """Add (or replace) a section of the project workspace."""
    _SECTIONS[section.key] = section


def workspace_links(project: Project) -> list[dict[str, str]]:
    """The registered sections as ``{"key", "label", "url"}``, in order."""
    return [
        {"key": s.key, "label": s.label, "url": reverse(s.url_name, kwargs={"uid": project.uid})}
        for s in sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))
    ]


class ProjectSectionView(ScopeRoleMixin, LoginRequiredMixin, View):
    """Base of a workspace section page about the project named by ``uid``.

    ``section`` is the registered key (marks the navigation), ``template_name`` the section's
    template (which extends ``projects/workspace_page.html``). ``read_role`` is the least role to
    see the page (viewer). Use :meth:`require` in write handlers: 403 for a smaller role.
    """

    section: ClassVar[str] = ""
    template_name: ClassVar[str] = ""
    read_role: ClassVar[str] = Role.VIEWER
    request: HttpRequest
    kwargs: dict[str, Any]

    def get_project(self) -> Project:
        """The project named in the URL, through the scoped selector (404 outside scope)."""
        project = project_get(self.request.user, self.kwargs["uid"])
        require_role(self.request.user, project.scope, self.read_role)
        return project

    def require(self, project: Project, role: str) -> None:
        """403 unless the user holds ``role`` (or more) on the project."""
        require_role(self.request.user, project.scope, role)

    def can(self, project: Project, role: str) -> bool:
        """Whether the user holds ``role`` (or more) on the project."""
        return has_role(self.request.user, project.scope, role)

    def workspace_context(self, project: Project) -> dict[str, Any]:
        """What ``projects/workspace_page.html`` needs."""
        role = role_on(self.request.user, project.scope)
        return {
            "project": project,
            "object": project,
            "crumbs": self.crumbs(project),
            "role": str(Role(role).label) if role else "",
            "can_contribute": self.can(project, Role.CONTRIBUTOR),
            "can_manage": self.can(project, Role.MANAGER),
            "workspace_sections": workspace_links(project),
            "active_section": self.section,
            "project_url": reverse("projects:detail", kwargs={"uid": project.uid}),
        }

    def render_section(
        self,
        project: Project,
        context: dict[str, Any],
        *,
        fragment: str | None = None,
        status: int = 200,
        template_name: str | None = None,
    ) -> HttpResponse:
        """Render the section page (or one of its partials, for htmx) with the workspace context."""
        full_context = self.workspace_context(project) | context
        template = template_name or self.template_name
        if fragment:
            return render_page(self.request, template, full_context, fragment=fragment, status=status)
        return render(self.request, template, full_context, status=status)
