"""Permission-scoped reads of resource pools, resources and assignments.

A pool is the scope of a portfolio. It serves every project of that portfolio, so it is visible to
the members of the portfolio (or of a portfolio above it) **and** to the members of anything inside
it: a viewer of one project sees the pool its tasks draw on, without seeing the portfolio itself.
Assignments are read like the project they belong to.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from pmo.accounts.selectors import membership_paths, scope_filter, scoped
from pmo.core.choices import ScopeKind
from pmo.core.models import Scope
from pmo.core.selectors import get_visible
from pmo.projects.models import Project
from pmo.resources.models import Assignment, Resource


def _pool_condition(user: Any, path_lookup: str, id_lookup: str) -> Q | None:
    """Rows of pools the user may see: at or under a membership, or on a scope above one.

    ``None`` means no limit (a PMO administrator).
    """
    condition = scope_filter(user, path_lookup)
    if condition is None:
        return None
    above = {int(part) for path in membership_paths(user) for part in path.strip("/").split("/") if part}
    return condition | Q(**{f"{id_lookup}__in": above})


def pools_visible(user: Any) -> QuerySet[Scope]:
    """Scopes of the portfolios whose pool the user may see (with the portfolio joined)."""
    queryset = Scope.objects.filter(kind=ScopeKind.PORTFOLIO).select_related("portfolio")
    condition = _pool_condition(user, "path", "id")
    return queryset if condition is None else queryset.filter(condition)


def pool_get(user: Any, portfolio_uid: Any) -> Scope:
    """The pool (scope) of the portfolio with public id ``portfolio_uid``, or 404 when not visible."""
    return get_visible(pools_visible(user), portfolio__uid=portfolio_uid)


def pool_of(project: Project) -> Scope:
    """The pool a project draws on: the scope of its portfolio (one query).

    The caller has fetched ``project`` through a scoped selector.
    """
    return Scope.objects.select_related("portfolio").get(portfolio__pk=project.portfolio_id)


def resources_visible(user: Any) -> QuerySet[Resource]:
    """Resources of the pools the user may see (see the module docstring)."""
    queryset = Resource.objects.select_related("scope__portfolio", "user")
    condition = _pool_condition(user, "scope__path", "scope_id")
    return queryset if condition is None else queryset.filter(condition)


def resource_get(user: Any, uid: Any, *, pool: Scope | None = None) -> Resource:
    """One visible resource (of ``pool`` when given), or 404."""
    queryset = resources_visible(user)
    if pool is not None:
        queryset = queryset.filter(scope=pool)
    return get_visible(queryset, uid=uid)


def pool_resources(user: Any, pool: Scope) -> QuerySet[Resource]:
    """The resources of a pool the caller fetched through :func:`pool_get` or :func:`pool_of`,
    each with ``assignment_count``: its assignments in the projects the user may see."""
    visible = scope_filter(user, "assignments__project__scope__path")
    count = Count("assignments", filter=visible) if visible is not None else Count("assignments")
    return Resource.objects.filter(scope=pool).select_related("user").annotate(assignment_count=count)


def assignments_visible(user: Any) -> QuerySet[Assignment]:
    """Assignments of the projects the user may see."""
    queryset = Assignment.objects.select_related("project__scope", "task", "resource")
    return scoped(queryset, user, path_lookup="project__scope__path")


def assignment_get(user: Any, uid: Any, *, project: Project | None = None) -> Assignment:
    """One visible assignment (of ``project`` when given), or 404."""
    queryset = assignments_visible(user)
    if project is not None:
        queryset = queryset.filter(project=project)
    return get_visible(queryset, uid=uid)


def assignments_of(user: Any, project: Project) -> QuerySet[Assignment]:
    """The assignments of a project the caller fetched through ``project_get``, in task order."""
    return (
        assignments_visible(user).filter(project=project).order_by("task__position", "resource__name", "id")
    )


@dataclass(frozen=True)
class ResourceLoad:
    """One resource's assignments in a project and their total work."""

    resource: Resource
    assignments: list[Assignment]
    work_minutes: int
    """Sum of the assignments' work (assignments without work count as 0)."""

    @property
    def work_hours(self) -> float:
        """``work_minutes`` in hours."""
        return self.work_minutes / 60


def loads_of(user: Any, project: Project) -> list[ResourceLoad]:
    """The project's assignments grouped by resource (by name), with work totals (one query)."""
    groups: dict[int, list[Assignment]] = {}
    for assignment in assignments_of(user, project):
        groups.setdefault(assignment.resource_id, []).append(assignment)
    loads = [
        ResourceLoad(rows[0].resource, rows, sum(row.work_minutes or 0 for row in rows))
        for rows in groups.values()
    ]
    return sorted(loads, key=lambda load: (load.resource.name.lower(), load.resource.pk))
