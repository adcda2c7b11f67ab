"""Fingerprints of every earned-value input, for many projects in a fixed number of queries.

A snapshot is valid while the fingerprint it was computed with matches. The fingerprint folds in:
the project row (version, schedule time, status date, compared baseline), and per project one
aggregate of each input table (row count, highest id, sum of versions or latest change): tasks,
assignments (and the resources and rates they use), fixed costs, cost entries, approved time,
baselines, calendars, earning rules; plus the pool's people who log time and their rates, and
today's date when the project has no status date. One ``GROUP BY`` query per table, whatever the
number of projects.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.apps import apps
from django.db.models import Count, Max, Model, Q, Sum
from django.utils import timezone

from pmo.projects.models import Project

#: Bumped when the computation changes, so old snapshots are recomputed.
ALGORITHM = "ev-1"

#: (model label, project lookup, extra filter, aggregates)
_PER_PROJECT: tuple[tuple[str, str, Q | None, tuple[str, ...]], ...] = (
    ("projects.Task", "project_id", None, ("version", "updated_at")),
    ("resources.Assignment", "project_id", None, ("version", "updated_at")),
    ("costs.FixedCost", "project_id", None, ("version", "updated_at")),
    ("costs.CostEntry", "project_id", None, ("version", "updated_at")),
    (
        "timesheets.TimeEntry",
        "project_id",
        Q(timesheet__status="approved"),
        ("minutes", "timesheet__decided_at"),
    ),
    ("projects.Baseline", "project_id", None, ("version", "saved_at")),
    ("projects.WorkCalendar", "project_id", None, ("version", "updated_at")),
    ("performance.EarningRule", "project_id", None, ("version", "updated_at")),
    # The resources assigned to the project and their dated rates (planned cost).
    ("resources.Assignment", "project_id", None, ("resource__version", "resource__updated_at")),
    ("resources.Assignment", "project_id", None, ("resource__rates__version", "resource__rates__updated_at")),
)
#: Pool-level inputs (by the project's portfolio pool scope): the people who may log time (a
#: resource linked to a user) and their rates, which price approved timesheets (actual cost). A
#: change to any other resource of the pool leaves the projects that do not use it alone.
_PER_POOL: tuple[tuple[str, str, Q], ...] = (
    ("resources.Resource", "scope_id", Q(user__isnull=False)),
    ("resources.ResourceRate", "resource__scope_id", Q(resource__user__isnull=False)),
)


def _aggregate(
    model: type[Model], key: str, condition: Q | None, fields: Sequence[str], ids: Iterable[int]
) -> dict[int, tuple[Any, ...]]:
    queryset = model._default_manager.filter(**{f"{key}__in": list(ids)})
    if condition is not None:
        queryset = queryset.filter(condition)
    numeric, latest = fields
    rows = (
        queryset.order_by()
        .values(key)
        .annotate(n=Count("pk"), top=Max("pk"), total=Sum(numeric), last=Max(latest))
        .values_list(key, "n", "top", "total", "last")
    )
    return {row[0]: row[1:] for row in rows}


def _model(label: str) -> type[Model] | None:
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def fingerprints(projects: Sequence[Project]) -> dict[int, str]:
    """The input fingerprint of each project, by id (about ten queries for any number of projects)."""
    ids = [p.pk for p in projects]
    parts: dict[int, list[Any]] = defaultdict(list)
    for label, key, condition, fields in _PER_PROJECT:
        model = _model(label)
        found = _aggregate(model, key, condition, fields, ids) if model else {}
        for pk in ids:
            parts[pk].append(found.get(pk))
    pools = _pool_scopes(projects)
    pool_parts: dict[int, list[Any]] = defaultdict(list)
    for label, key, condition in _PER_POOL:
        model = _model(label)
        if model is None:
            continue
        found = _aggregate(model, key, condition, ("version", "updated_at"), set(pools.values()))
        for pool in set(pools.values()):
            pool_parts[pool].append(found.get(pool))
    today = timezone.localdate().isoformat()
    out = {}
    for project in projects:
        head = (
            ALGORITHM,
            project.version,
            project.scheduled_at,
            project.status_date or today,
            project.compare_baseline,
            project.calendar_id,
        )
        text = repr((head, parts[project.pk], pool_parts.get(pools.get(project.pk, 0), [])))
        out[project.pk] = hashlib.sha256(text.encode()).hexdigest()
    return out


def _pool_scopes(projects: Sequence[Project]) -> dict[int, int]:
    """The pool scope id of each project: its portfolio's scope (one query)."""
    portfolio_ids = {p.portfolio_id for p in projects}
    model = apps.get_model("portfolios.Portfolio")
    scopes = dict(model._default_manager.filter(pk__in=portfolio_ids).values_list("pk", "scope_id"))
    return {p.pk: scopes.get(p.portfolio_id, 0) for p in projects}
