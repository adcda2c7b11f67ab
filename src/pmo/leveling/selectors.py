"""Permission-scoped reads of leveling runs."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from pmo.accounts.selectors import scoped, visible_scopes
from pmo.core.models import Scope
from pmo.core.selectors import get_visible
from pmo.leveling.models import LevelingRun

#: Runs listed on a page (newest first).
RECENT = 10


def runs_visible(user: Any) -> QuerySet[LevelingRun]:
    """Leveling runs of the scopes the user may see."""
    return scoped(LevelingRun.objects.select_related("scope", "created_by"), user)


def run_get(user: Any, uid: Any) -> LevelingRun:
    """One visible run by public id, or 404."""
    return get_visible(runs_visible(user), uid=uid)


def runs_of(user: Any, scope: Scope) -> QuerySet[LevelingRun]:
    """The most recent runs of one scope (the caller has checked the user may see it)."""
    return runs_visible(user).filter(scope=scope)[:RECENT]


def node_scope(user: Any, uid: Any) -> Scope:
    """The scope of the visible project, program or portfolio with public id ``uid``, or 404."""
    match = Q(project__uid=uid) | Q(program__uid=uid) | Q(portfolio__uid=uid)
    return get_visible(visible_scopes(user), pk__in=Scope.objects.filter(match).values("pk")[:1])
