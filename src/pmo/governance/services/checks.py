"""Checking tolerances: after every recalculation of a project and periodically for everything.

:func:`tolerances_check` measures the active tolerances of some projects and of the programs that
hold them, and raises (or updates) an exception for each forecast breach.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from typing import Any

from django.db.models import Q

from pmo.governance.measures import gather, read
from pmo.governance.models import Tolerance, ToleranceException
from pmo.governance.services.exceptions import exception_raise
from pmo.projects.models import Project

logger = logging.getLogger("pmo.governance")


def _check(tolerances: list[Tolerance], *, actor: Any = None) -> list[ToleranceException]:
    data = gather(tolerances)
    raised: list[ToleranceException] = []
    for tolerance in tolerances:
        reading = read(tolerance, data)
        if reading is not None and reading.breached:
            exception, _ = exception_raise(tolerance=tolerance, reading=reading, actor=actor)
            raised.append(exception)
    return raised


def _tolerances(condition: Q | None = None) -> list[Tolerance]:
    queryset = Tolerance.objects.filter(active=True).select_related(
        "scope", "scope__project", "scope__program", "scope__parent"
    )
    if condition is not None:
        queryset = queryset.filter(condition)
    return list(queryset.order_by("scope_id", "dimension"))


def tolerances_check(project_ids: Collection[int], *, actor: Any = None) -> list[ToleranceException]:
    """Check the tolerances of these projects and of their programs; returns the exceptions raised or
    updated by a breach (one live exception per scope and dimension)."""
    ids = list(project_ids)
    if not ids:
        return []
    scopes = Project.objects.filter(pk__in=ids).values_list("scope_id", "program__scope_id")
    scope_ids = {sid for pair in scopes for sid in pair if sid is not None}
    if not scope_ids:
        return []
    return _check(_tolerances(Q(scope_id__in=scope_ids)), actor=actor)


def tolerances_check_all() -> list[ToleranceException]:
    """Check every active tolerance (the periodic task: finds breaches made without a recalculation,
    such as new cost entries or a changed risk score)."""
    return _check(_tolerances())


def check_after_recalculate(project_id: int) -> None:
    """The hook of :mod:`pmo.projects.hooks`: check the tolerances touched by a new schedule."""
    raised = tolerances_check([project_id])
    if raised:
        logger.info("project %s: %d tolerance exception(s) raised or updated", project_id, len(raised))
