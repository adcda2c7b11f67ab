"""Permission-scoped reads of charters and their decision history."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from pmo.accounts.selectors import scoped
from pmo.charters.models import Charter, CharterDecision
from pmo.core.selectors import get_visible
from pmo.projects.models import Project


def charters_visible(user: Any) -> QuerySet[Charter]:
    """Charters of the projects the user may see."""
    queryset = Charter.objects.select_related(
        "project__scope", "scope", "sponsor", "project_manager", "approved_by"
    )
    return scoped(queryset, user)


def charter_get(user: Any, uid: Any) -> Charter:
    """One visible charter by public id, or 404."""
    return get_visible(charters_visible(user), uid=uid)


def charter_of(user: Any, project: Project) -> Charter | None:
    """The charter of a project fetched through ``project_get`` (``None`` before its first edit)."""
    return charters_visible(user).filter(project=project).first()


def decisions_of(charter: Charter) -> QuerySet[CharterDecision]:
    """The decision history of a charter the caller fetched through a scoped selector, newest first."""
    return charter.decisions.select_related("actor")


def approved_decision(charter: Charter) -> CharterDecision | None:
    """The approval whose content is the charter's approved version, if it was ever approved."""
    if charter.approved_version is None:
        return None
    return (
        charter.decisions.filter(kind="approved", charter_version=charter.approved_version)
        .select_related("actor")
        .first()
    )
