"""Permission-scoped reads of projects."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from pmo.accounts.selectors import scoped
from pmo.core.selectors import get_visible
from pmo.projects.models import Project


def projects_visible(user: Any) -> QuerySet[Project]:
    """Projects the user may see."""
    return scoped(
        Project.objects.select_related("scope", "owner", "portfolio", "program"), user
    )


def project_get(user: Any, uid: Any) -> Project:
    """One visible project by public id, or 404."""
    return get_visible(projects_visible(user), uid=uid)
