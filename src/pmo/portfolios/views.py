"""Pages of portfolios, plus the pages that span the whole hierarchy: the overview (home), the
navigation tree and search. Portfolios is the highest of the three levels, so only it may read
programs and projects together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views import View

from pmo.accounts.selectors import is_pmo_admin
from pmo.accounts.views import (
    NodeMemberEditView,
    NodeMemberRevokeView,
    NodeMembersView,
    ScopeRoleMixin,
    destination_label,
    node_url,
)
from pmo.core.choices import ScopeKind
from pmo.core.views import (
    Crumb,
    NodeCreateView,
    NodeDeleteView,
    NodeDetailView,
    NodeEditView,
    NodeHistoryView,
    NodeListView,
    NodeMoveView,
    RollupFigures,
    Section,
    render_page,
    rollup_figures,
)
from pmo.portfolios.filtersets import PortfolioFilterSet
from pmo.portfolios.forms import PortfolioForm, SearchForm
from pmo.portfolios.models import Portfolio
from pmo.portfolios.selectors import portfolio_get, portfolios_visible, rollup_for
from pmo.portfolios.services import portfolio_create, portfolio_delete, portfolio_move, portfolio_update
from pmo.programs.selectors import programs_visible
from pmo.projects.selectors import projects_visible

SEARCH_LIMIT = 25


class PortfolioMixin(ScopeRoleMixin):
    """The portfolio named by ``uid``, through the scoped selector (404 outside the user's scope)."""

    namespace = "portfolios"
    verbose_name = "portfolio"
    kwargs: dict[str, Any]

    def get_object(self) -> Portfolio:
        """The portfolio, or 404."""
        return portfolio_get(self.request.user, self.kwargs["uid"])


class PortfolioListView(ScopeRoleMixin, NodeListView):
    """Every portfolio the user can see, filtered, searched, sorted and paginated."""

    namespace = "portfolios"
    verbose_name = "portfolio"
    verbose_name_plural = "portfolios"
    filterset_class = PortfolioFilterSet
    parent_heading = "Parent portfolio"

    def get_queryset(self) -> QuerySet[Portfolio]:
        """Visible portfolios."""
        return portfolios_visible(self.request.user)

    def parent_of(self, obj: Any) -> Crumb | None:
        """The parent portfolio, when visible."""
        return self.parent_crumb(obj, obj.parent)

    def create_url(self) -> str | None:
        """PMO administrators create top-level portfolios."""
        return reverse("portfolios:create") if is_pmo_admin(self.request.user) else None


class PortfolioDetailView(PortfolioMixin, NodeDetailView):
    """The portfolio workspace: sub-portfolios, programs, projects and the roll-up below it."""

    def page_context(self, obj: Any, tab: str) -> dict[str, Any]:
        """The node context plus the portfolio's own sections (its resource pool)."""
        context: dict[str, Any] = super().page_context(obj, tab)
        pool = {
            "key": "resources",
            "label": "Resources",
            "url": reverse("resources:pool", kwargs={"uid": obj.uid}),
        }
        return context | {"workspace_sections": [pool]}

    def overview_context(self, obj: Any) -> dict[str, Any]:
        """Direct children (three queries) and the roll-up of everything below."""
        user = self.request.user
        rollup = rollup_for(user, obj.scope)
        can_manage = self.can_manage(obj)
        kwargs = {"uid": obj.uid}
        sections = [
            Section(
                title="Sub-portfolios",
                namespace="portfolios",
                items=list(portfolios_visible(user).filter(parent=obj).order_by("code")),
                create_url=reverse("portfolios:create_child", kwargs=kwargs) if can_manage else None,
                create_label="New sub-portfolio",
                empty_text="No sub-portfolios.",
            ),
            Section(
                title="Programs",
                namespace="programs",
                items=list(programs_visible(user).filter(portfolio=obj).order_by("code")),
                create_url=reverse("programs:create", kwargs=kwargs) if can_manage else None,
                create_label="New program",
                empty_text="No programs yet.",
            ),
            Section(
                title="Projects directly in this portfolio",
                namespace="projects",
                items=list(
                    projects_visible(user).filter(portfolio=obj, program__isnull=True).order_by("code")
                ),
                create_url=reverse("projects:create", kwargs=kwargs) if can_manage else None,
                create_label="New project",
                empty_text="No projects outside programs.",
            ),
        ]
        figures = rollup_figures(
            rollup.by_state, start=rollup.start, finish=rollup.finish, program_count=rollup.program_count
        )
        return {"parent": self.parent_crumb(obj, obj.parent), "sections": sections, "rollup": figures}


class PortfolioHistoryView(PortfolioMixin, NodeHistoryView):
    """The portfolio's History tab."""


class PortfolioMembersView(PortfolioMixin, NodeMembersView):
    """The portfolio's Members tab."""


class PortfolioMemberEditView(PortfolioMixin, NodeMemberEditView):
    """Change a role on the portfolio."""


class PortfolioMemberRevokeView(PortfolioMixin, NodeMemberRevokeView):
    """Remove a membership from the portfolio."""


class PortfolioCreateView(ScopeRoleMixin, NodeCreateView):
    """Create a top-level portfolio (PMO administrators) or a sub-portfolio of ``uid`` (its managers)."""

    namespace = "portfolios"
    verbose_name = "portfolio"
    form_class = PortfolioForm
    kwargs: dict[str, Any]

    def get_parent(self) -> Portfolio | None:
        """The visible parent portfolio (404 otherwise), or ``None`` for a top-level portfolio."""
        uid = self.kwargs.get("uid")
        return portfolio_get(self.request.user, uid) if uid else None

    def check_create(self, parent: Any) -> None:
        """Admin for the top level, manager of the parent otherwise."""
        self.check_create_under(parent.scope if parent is not None else None)

    def create(self, parent: Any, data: dict[str, Any]) -> Portfolio:
        """Through ``portfolio_create``."""
        return portfolio_create(actor=self.request.user, parent=parent, **data)

    def cancel_url(self, parent: Any) -> str:
        """Back to the parent, or to the list."""
        return node_url(parent) if parent is not None else reverse("portfolios:list")


class PortfolioEditView(PortfolioMixin, NodeEditView):
    """Edit the portfolio's fields."""

    form_class = PortfolioForm

    def update(self, obj: Any, data: dict[str, Any], expected_version: int) -> Portfolio:
        """Through ``portfolio_update``."""
        return portfolio_update(
            actor=self.request.user, portfolio=obj, data=data, expected_version=expected_version
        )


class PortfolioDeleteView(PortfolioMixin, NodeDeleteView):
    """Delete an empty portfolio (managers of its parent; PMO administrators at the top level)."""

    def perform_delete(self, obj: Any, expected_version: int) -> None:
        """Through ``portfolio_delete``."""
        portfolio_delete(actor=self.request.user, portfolio=obj, expected_version=expected_version)

    def after_delete_url(self, obj: Any) -> str:
        """The parent's workspace when visible, else the list."""
        parent = self.parent_crumb(obj, obj.parent)
        return parent.url if parent else reverse("portfolios:list")


class PortfolioMoveView(PortfolioMixin, NodeMoveView):
    """Make the portfolio a sub-portfolio of another one the user manages."""

    def check_move(self, obj: Any) -> None:
        """A top-level portfolio is moved by PMO administrators only (as ``portfolio_move`` rules)."""
        if obj.parent_id is None and not is_pmo_admin(self.request.user):
            raise PermissionDenied("only a PMO administrator can move a top-level portfolio")
        self.check_manage(obj)

    def destinations(self, obj: Any) -> dict[str, tuple[str, Any]]:
        """Managed portfolios, except itself, its own sub-portfolios and its current parent."""
        return {
            str(scope.owner.uid): (destination_label(scope), scope.owner)
            for scope in self.managed_scopes((ScopeKind.PORTFOLIO,))
            if not scope.path.startswith(obj.scope.path) and scope.pk != obj.scope.parent_id
        }

    def move(self, obj: Any, target: Any, expected_version: int, note: str) -> Portfolio:
        """Through ``portfolio_move`` (audited)."""
        return portfolio_move(
            actor=self.request.user,
            portfolio=obj,
            new_parent=target,
            expected_version=expected_version,
            note=note,
        )


@dataclass
class TreeNode:
    """One portfolio, program or project in the tree, with figures rolled up from below."""

    obj: Any
    namespace: str
    kind: str
    children: list[TreeNode] = field(default_factory=list)
    by_state: dict[str, int] = field(default_factory=dict)
    program_count: int = 0
    start: date | None = None
    finish: date | None = None

    @property
    def url(self) -> str:
        """The node's workspace."""
        return reverse(f"{self.namespace}:detail", kwargs={"uid": self.obj.uid})

    @property
    def rollup(self) -> RollupFigures:
        """Counts by state and date span of the visible projects below."""
        return rollup_figures(
            self.by_state, start=self.start, finish=self.finish, program_count=self.program_count
        )

    def add_project(self, project: Any) -> None:
        """Count a project below this node."""
        self.by_state[project.state] = self.by_state.get(project.state, 0) + 1
        if project.start_date and (self.start is None or project.start_date < self.start):
            self.start = project.start_date
        if project.finish_date and (self.finish is None or project.finish_date > self.finish):
            self.finish = project.finish_date


def build_tree(user: Any) -> list[TreeNode]:
    """The user's visible portfolios → sub-portfolios → programs → projects, in three queries.

    A node whose parent the user cannot see (a role on one project only) becomes a root.
    """
    rows: list[tuple[Any, str, str]] = [
        *((obj, "portfolios", "portfolio") for obj in portfolios_visible(user).order_by("code")),
        *((obj, "programs", "program") for obj in programs_visible(user).order_by("code")),
        *((obj, "projects", "project") for obj in projects_visible(user).order_by("code")),
    ]
    nodes = {obj.scope_id: TreeNode(obj=obj, namespace=namespace, kind=kind) for obj, namespace, kind in rows}
    roots: list[TreeNode] = []
    for obj, _, kind in rows:
        node = nodes[obj.scope_id]
        parent = nodes.get(obj.scope.parent_id)
        (parent.children if parent else roots).append(node)
        ancestors = [nodes[pk] for pk in obj.scope.ancestor_ids()[:-1] if pk in nodes]
        for ancestor in ancestors:
            if kind == "project":
                ancestor.add_project(obj)
            elif kind == "program":
                ancestor.program_count += 1
        if kind == "project":
            node.add_project(obj)
    return roots


class OverviewView(LoginRequiredMixin, View):
    """Home: the portfolio tree with state badges and the figures rolled up at every level."""

    def get(self, request: HttpRequest) -> HttpResponse:
        """Render the tree (or an empty state for someone without any role)."""
        roots = build_tree(request.user)
        context = {"roots": roots, "is_admin": is_pmo_admin(request.user)}
        return render(request, "portfolios/overview.html", context)


class NavTreeView(LoginRequiredMixin, View):
    """The navigation tree of the sidebar (an htmx fragment, also readable on its own)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        """Render the compact tree."""
        return render(request, "portfolios/nav.html", {"roots": build_tree(request.user)})


class SearchView(LoginRequiredMixin, View):
    """Search the visible portfolios, programs and projects by code, name and description."""

    def get(self, request: HttpRequest) -> HttpResponse:
        """Results grouped by level (at most 25 of each), or the results fragment for htmx."""
        form = SearchForm(request.GET)
        query = form.query()
        groups: list[dict[str, Any]] = []
        if query:
            match = Q(code__icontains=query) | Q(name__icontains=query) | Q(description__icontains=query)
            user = request.user
            for title, namespace, queryset in (
                ("Portfolios", "portfolios", portfolios_visible(user)),
                ("Programs", "programs", programs_visible(user)),
                ("Projects", "projects", projects_visible(user)),
            ):
                items = list(queryset.filter(match).order_by("code")[: SEARCH_LIMIT + 1])
                groups.append(
                    {
                        "title": title,
                        "namespace": namespace,
                        "items": items[:SEARCH_LIMIT],
                        "more": len(items) > SEARCH_LIMIT,
                    }
                )
        context = {
            "form": form,
            "search_query": query,
            "groups": groups,
            "total": sum(len(group["items"]) for group in groups),
        }
        return render_page(request, "portfolios/search.html", context, fragment="results")
