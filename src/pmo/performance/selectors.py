"""Permission-scoped reads of the performance pages: the projects below a program or portfolio."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from pmo.core.models import Scope
from pmo.performance.models import EarningRule
from pmo.projects.models import Project
from pmo.projects.selectors import projects_visible


def projects_under(user: Any, scope: Scope) -> list[Project]:
    """The projects below ``scope`` that the user may see (one query), by code."""
    queryset = projects_visible(user).filter(scope__path__startswith=scope.path)
    return list(queryset.select_related(None).order_by("code", "id"))


def earning_rules_of(project: Project) -> QuerySet[EarningRule]:
    """The earning rules of a project the caller has fetched, with their tasks."""
    return EarningRule.objects.filter(project=project).select_related("task").order_by("task__position")
