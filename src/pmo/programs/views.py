"""Pages of programs: list, workspace (projects and their roll-up), create (in a portfolio), edit,
delete, move, History and Members tabs. Generic behaviour lives in ``pmo.core.views`` and
``pmo.accounts.views``.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import QuerySet
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
    Section,
    rollup_figures,
)
from pmo.programs.filtersets import ProgramFilterSet
from pmo.programs.forms import ProgramForm
from pmo.programs.models import Program
from pmo.programs.selectors import program_get, programs_visible
from pmo.programs.services import program_create, program_delete, program_move, program_update
from pmo.projects.selectors import projects_visible


class ProgramMixin(ScopeRoleMixin):
    """The program named by ``uid``, through the scoped selector (404 outside the user's scope)."""

    namespace = "programs"
    verbose_name = "program"
    kwargs: dict[str, Any]

    def get_object(self) -> Program:
        """The program, or 404."""
        return program_get(self.request.user, self.kwargs["uid"])


class ProgramListView(ScopeRoleMixin, NodeListView):
    """Every program the user can see, filtered, searched, sorted and paginated."""

    namespace = "programs"
    verbose_name = "program"
    verbose_name_plural = "programs"
    filterset_class = ProgramFilterSet
    parent_heading = "Portfolio"

    def get_queryset(self) -> QuerySet[Program]:
        """Visible programs."""
        return programs_visible(self.request.user)

    def parent_of(self, obj: Any) -> Crumb | None:
        """The portfolio, when visible."""
        return self.parent_crumb(obj, obj.portfolio)


class ProgramDetailView(ProgramMixin, NodeDetailView):
    """The program workspace: its projects and the figures rolled up from them."""

    def overview_context(self, obj: Any) -> dict[str, Any]:
        """Projects of the program (one query) and their counts by state and date span."""
        projects = list(projects_visible(self.request.user).filter(program=obj).order_by("code"))
        starts = [project.start_date for project in projects if project.start_date]
        finishes = [project.finish_date for project in projects if project.finish_date]
        rollup = rollup_figures(
            dict(Counter(project.state for project in projects)),
            start=min(starts, default=None),
            finish=max(finishes, default=None),
            program_count=None,
        )
        can_manage = self.can_manage(obj)
        section = Section(
            title="Projects",
            namespace="projects",
            items=projects,
            create_url=reverse("projects:create", kwargs={"uid": obj.uid}) if can_manage else None,
            create_label="New project",
            empty_text="This program has no projects yet.",
        )
        return {"parent": self.parent_crumb(obj, obj.portfolio), "sections": [section], "rollup": rollup}


class ProgramHistoryView(ProgramMixin, NodeHistoryView):
    """The program's History tab."""


class ProgramMembersView(ProgramMixin, NodeMembersView):
    """The program's Members tab."""


class ProgramMemberEditView(ProgramMixin, NodeMemberEditView):
    """Change a role on the program."""


class ProgramMemberRevokeView(ProgramMixin, NodeMemberRevokeView):
    """Remove a membership from the program."""


class ProgramCreateView(ScopeRoleMixin, NodeCreateView):
    """Create a program in the portfolio named by ``uid`` (managers of the portfolio)."""

    namespace = "programs"
    verbose_name = "program"
    form_class = ProgramForm
    kwargs: dict[str, Any]

    def get_parent(self) -> Any:
        """The visible portfolio with that uid, or 404."""
        scopes = visible_scopes(self.request.user).filter(
            kind=ScopeKind.PORTFOLIO, portfolio__uid=self.kwargs["uid"]
        )
        scope: Scope = get_visible(scopes.select_related("portfolio"))
        return scope.owner

    def check_create(self, parent: Any) -> None:
        """Manager of the portfolio."""
        self.check_create_under(parent.scope)

    def create(self, parent: Any, data: dict[str, Any]) -> Program:
        """Through ``program_create``."""
        return program_create(actor=self.request.user, portfolio_scope=parent.scope, **data)

    def cancel_url(self, parent: Any) -> str:
        """Back to the portfolio."""
        return node_url(parent)


class ProgramEditView(ProgramMixin, NodeEditView):
    """Edit the program's fields."""

    form_class = ProgramForm

    def update(self, obj: Any, data: dict[str, Any], expected_version: int) -> Program:
        """Through ``program_update``."""
        return program_update(
            actor=self.request.user, program=obj, data=data, expected_version=expected_version
        )


class ProgramDeleteView(ProgramMixin, NodeDeleteView):
    """Delete an empty program (managers of its portfolio)."""

    def perform_delete(self, obj: Any, expected_version: int) -> None:
        """Through ``program_delete``."""
        program_delete(actor=self.request.user, program=obj, expected_version=expected_version)

    def after_delete_url(self, obj: Any) -> str:
        """The portfolio's workspace when visible, else the list."""
        parent = self.parent_crumb(obj, obj.portfolio)
        return parent.url if parent else reverse("programs:list")


class ProgramMoveView(ProgramMixin, NodeMoveView):
    """Move the program (with its projects) to another portfolio the user manages."""

    def destinations(self, obj: Any) -> dict[str, tuple[str, Any]]:
        """Managed portfolios other than the current one."""
        return {
            str(scope.owner.uid): (destination_label(scope), scope)
            for scope in self.managed_scopes((ScopeKind.PORTFOLIO,))
            if scope.pk != obj.scope.parent_id
        }

    def move(self, obj: Any, target: Any, expected_version: int, note: str) -> Program:
        """Through ``program_move`` (audited)."""
        return program_move(
            actor=self.request.user,
            program=obj,
            portfolio_scope=target,
            expected_version=expected_version,
            note=note,
        )
