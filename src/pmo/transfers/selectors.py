"""Permission-scoped reads of imports."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from pmo.accounts.selectors import scoped
from pmo.core.selectors import get_visible
from pmo.projects.models import Project
from pmo.transfers.models import ImportRun


def imports_visible(user: Any) -> QuerySet[ImportRun]:
    """Imports in the scopes the user may see (without the stored file bytes)."""
    queryset = ImportRun.objects.defer("content").select_related("scope", "project", "created_by", "job")
    return scoped(queryset, user)


def import_get(user: Any, uid: Any) -> ImportRun:
    """One visible import, or 404."""
    return get_visible(imports_visible(user), uid=uid)


def imports_of(user: Any, project: Project) -> QuerySet[ImportRun]:
    """The imports into a project the caller has fetched through ``project_get``."""
    return imports_visible(user).filter(project=project)
