"""Permission-scoped reads of portfolios and their roll-ups."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Max, Min, QuerySet

from pmo.accounts.selectors import scoped
from pmo.core.models import Scope
from pmo.core.selectors import get_visible
from pmo.portfolios.models import Portfolio
from pmo.programs.models import Program
from pmo.projects.models import Project


def portfolios_visible(user: Any) -> QuerySet[Portfolio]:
    """Portfolios the user may see."""
    return scoped(Portfolio.objects.select_related("scope", "owner", "parent"), user)


def portfolio_get(user: Any, uid: Any) -> Portfolio:
    """One visible portfolio by public id, or 404."""
    return get_visible(portfolios_visible(user), uid=uid)


@dataclass(frozen=True)
class Rollup:
    """Figures rolled up from every project below a scope."""

    project_count: int
    program_count: int
    by_state: dict[str, int] = field(default_factory=dict)
    start: date | None = None
    finish: date | None = None


def rollup_for(user: Any, scope: Scope) -> Rollup:
    """Counts by state and date span of the visible projects and programs below ``scope``."""
    projects = scoped(Project.objects.all(), user).filter(scope__path__startswith=scope.path)
    programs = scoped(Program.objects.all(), user).filter(scope__path__startswith=scope.path)
    by_state = dict(
        projects.order_by().values_list("state").annotate(n=Count("id")).values_list("state", "n")
    )
    span = projects.aggregate(start=Min("start_date"), finish=Max("finish_date"))
    return Rollup(
        project_count=sum(by_state.values()),
        program_count=programs.count(),
        by_state=by_state,
        start=span["start"],
        finish=span["finish"],
    )
