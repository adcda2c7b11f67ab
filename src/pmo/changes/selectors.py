"""Permission-scoped reads of change requests."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from pmo.accounts.selectors import scoped
from pmo.changes.models import ChangeRequest
from pmo.core.selectors import get_visible
from pmo.projects.models import Project


def change_requests_visible(user: Any) -> QuerySet[ChangeRequest]:
    """Change requests of the projects the user may see."""
    queryset = ChangeRequest.objects.select_related("project__scope", "scope", "requested_by", "decided_by")
    return scoped(queryset, user)


def change_request_get(user: Any, uid: Any, *, project: Project | None = None) -> ChangeRequest:
    """One visible change request (of ``project`` when given), or 404."""
    queryset = change_requests_visible(user)
    if project is not None:
        queryset = queryset.filter(project=project)
    return get_visible(queryset, uid=uid)
