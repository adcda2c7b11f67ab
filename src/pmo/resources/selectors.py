"""Permission-scoped reads of resource pools, resources and assignments.

A pool is the scope of a portfolio. It serves every project of that portfolio, so it is visible to
the members of the portfolio (or of a portfolio above it) **and** to the members of anything inside
it: a viewer of one project sees the pool its tasks draw on, without seeing the portfolio itself.
Assignments are read like the project they belong to.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import Count, Model, Q, QuerySet

from pmo.accounts.selectors import membership_paths, scope_filter, scoped
from pmo.core.choices import ScopeKind
from pmo.core.models import Scope
from pmo.core.selectors import get_visible
from pmo.projects.models import Project
from pmo.resources.capacity import STANDARD_WEEK, base_minutes, bucket_starts, days, index_of, spread
from pmo.resources.models import (
    Assignment,
    PoolCalendar,
    PoolHoliday,
    Resource,
    ResourceDemand,
    ResourceRate,
    ResourceSkill,
    ResourceTeam,
    Skill,
    TimeOff,
)
from pmo.resources.rates import Rates, RateTable

M = TypeVar("M", bound=Model)


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


def rates_visible(user: Any) -> QuerySet[ResourceRate]:
    """Dated rates of the resources the user may see (like their resource)."""
    queryset = ResourceRate.objects.select_related("resource__scope__portfolio", "scope")
    condition = _pool_condition(user, "scope__path", "scope_id")
    return queryset if condition is None else queryset.filter(condition)


def rate_get(user: Any, uid: Any, *, resource: Resource | None = None) -> ResourceRate:
    """One visible dated rate (of ``resource`` when given), or 404."""
    queryset = rates_visible(user)
    if resource is not None:
        queryset = queryset.filter(resource=resource)
    return get_visible(queryset, uid=uid)


def rates_of(resource: Resource) -> QuerySet[ResourceRate]:
    """The dated rates of a resource the caller fetched through a scoped selector, by day."""
    return ResourceRate.objects.filter(resource=resource).order_by("effective_from", "id")


def rate_tables(resource_ids: Iterable[int]) -> dict[int, RateTable]:
    """The rate table of each resource in ``resource_ids`` (one query, whatever their number).

    Ids of resources that do not exist are absent. The caller has scoped the ids (they come from
    rows it fetched through a selector): this reads rates, not user-facing objects.
    """
    ids = set(resource_ids)
    if not ids:
        return {}
    rows = (
        Resource.objects.filter(pk__in=ids)
        .order_by("pk", "rates__effective_from")
        .values_list(
            "pk",
            "standard_rate",
            "overtime_rate",
            "cost_per_use",
            "rates__effective_from",
            "rates__standard_rate",
            "rates__overtime_rate",
            "rates__cost_per_use",
        )
    )
    bases: dict[int, Rates] = {}
    dated: dict[int, list[tuple[Any, Rates]]] = {}
    for pk, standard, overtime, per_use, day, row_standard, row_overtime, row_per_use in rows:
        bases.setdefault(pk, Rates(standard, overtime, per_use))
        entries = dated.setdefault(pk, [])
        if day is not None:
            entries.append((day, Rates(row_standard, row_overtime, row_per_use)))
    return {pk: RateTable.build(bases[pk], dated[pk]) for pk in bases}


# -- skills, teams, calendars, holidays, time off (rows of a pool, seen like its resources) --------


def pool_rows_visible(user: Any, model: type[M]) -> QuerySet[M]:
    """Rows of ``model`` (with a ``scope``, the pool) in the pools the user may see."""
    queryset = model._default_manager.select_related("scope__portfolio")
    condition = _pool_condition(user, "scope__path", "scope_id")
    return queryset if condition is None else queryset.filter(condition)


def pool_row_get(user: Any, model: type[M], uid: Any, **filters: Any) -> M:
    """One visible row of ``model`` (narrowed by ``filters``, e.g. ``scope=pool``), or 404."""
    return get_visible(pool_rows_visible(user, model).filter(**filters), uid=uid)


def skills_of(pool: Scope) -> QuerySet[Skill]:
    """The skills of a pool the caller fetched through :func:`pool_get`, by name."""
    return Skill.objects.filter(scope=pool).order_by("name", "id")


def teams_of(pool: Scope) -> QuerySet[ResourceTeam]:
    """The teams of a pool, with their members (two queries)."""
    return ResourceTeam.objects.filter(scope=pool).prefetch_related("members").order_by("name", "id")


def calendars_of(pool: Scope) -> QuerySet[PoolCalendar]:
    """The calendars of a pool, each with ``resource_count``."""
    return (
        PoolCalendar.objects.filter(scope=pool).annotate(resource_count=Count("resources")).order_by("name")
    )


def holidays_of(pool: Scope) -> QuerySet[PoolHoliday]:
    """The holidays of a pool, by day."""
    return PoolHoliday.objects.filter(scope=pool).order_by("start", "id")


def resource_skills_of(resource: Resource) -> QuerySet[ResourceSkill]:
    """A resource's skills with their levels, by skill name."""
    return ResourceSkill.objects.filter(resource=resource).select_related("skill").order_by("skill__name")


def time_off_of(resource: Resource) -> QuerySet[TimeOff]:
    """A resource's time off, by day."""
    return TimeOff.objects.filter(resource=resource).order_by("start", "id")


def demand_visible(user: Any) -> QuerySet[ResourceDemand]:
    """Resource plan lines of the projects the user may see."""
    queryset = ResourceDemand.objects.select_related("project", "scope", "role", "skill")
    return scoped(queryset, user, path_lookup="scope__path")


def demand_of(user: Any, project: Project) -> QuerySet[ResourceDemand]:
    """The resource plan of a project the caller fetched through ``project_get``."""
    return demand_visible(user).filter(project=project).order_by("period_start", "id")


# -- capacity and plan demand (for the capacity heat map and leveling) -------------------------------


def resource_capacity_minutes(
    resource_ids: Iterable[int], start: dt.date, end: dt.date, bucket: str
) -> dict[int, list[int]]:
    """Working minutes of each resource per bucket (see :mod:`pmo.resources.capacity`): its week
    (pool calendar or standard), less the pool's holidays and its time off, times its max units.

    Buckets are :func:`pmo.resources.capacity.bucket_starts` ``(start, end, bucket)``; only days
    from ``start`` to ``end`` count. Material and cost resources have no working time (zeros).
    Three queries whatever the number of resources; ids that do not exist are absent. The caller
    has scoped the ids.
    """
    ids = set(resource_ids)
    if not ids:
        return {}
    starts = bucket_starts(start, end, bucket)
    rows = list(
        Resource.objects.filter(pk__in=ids).values_list(
            "pk", "scope_id", "kind", "max_units", "calendar__week_minutes"
        )
    )
    scopes = {row[1] for row in rows}
    holidays: dict[int, set[dt.date]] = {}
    for scope_id, first, last in PoolHoliday.objects.filter(
        scope_id__in=scopes, start__lte=end, end__gte=start
    ).values_list("scope_id", "start", "end"):
        holidays.setdefault(scope_id, set()).update(days(max(first, start), min(last, end)))
    time_off: dict[int, list[tuple[dt.date, dt.date, int | None]]] = {}
    for resource_id, first, last, minutes in TimeOff.objects.filter(
        resource_id__in=ids, start__lte=end, end__gte=start
    ).values_list("resource_id", "start", "end", "minutes_per_day"):
        time_off.setdefault(resource_id, []).append((max(first, start), min(last, end), minutes))

    bases: dict[tuple[tuple[int, ...], int], list[int]] = {}
    result: dict[int, list[int]] = {}
    for pk, scope_id, kind, max_units, week_minutes in rows:
        if kind != "work":
            result[pk] = [0] * len(starts)
            continue
        week = tuple(week_minutes) if week_minutes else STANDARD_WEEK
        key = (week, scope_id)
        if key not in bases:
            totals = base_minutes(start, end, starts, week)
            for day in holidays.get(scope_id, ()):
                totals[index_of(day, starts)] -= week[day.weekday()]
            bases[key] = totals
        totals = list(bases[key])
        closed = holidays.get(scope_id, set())
        for first, last, minutes in time_off.get(pk, ()):
            for day in days(first, last):
                if day in closed:
                    continue
                worked = week[day.weekday()]
                totals[index_of(day, starts)] -= worked if minutes is None else min(minutes, worked)
        units = float(max_units)
        result[pk] = [round(total * units) for total in totals]
    return result


def resource_plan_demand(
    project_ids: Iterable[int], start: dt.date, end: dt.date, bucket: str
) -> dict[tuple[int, int | None, int | None], list[int]]:
    """The resource plans of ``project_ids`` in minutes per bucket, keyed ``(project_id, role_id,
    skill_id)`` (one of the last two is ``None``).

    A line's hours are spread evenly over the weekdays (Monday to Friday) of its week or month;
    days outside ``start``..``end`` are dropped. One query. The caller has scoped the ids.
    """
    ids = set(project_ids)
    if not ids:
        return {}
    starts = bucket_starts(start, end, bucket)
    sums: dict[tuple[int, int | None, int | None], list[float]] = {}
    rows = ResourceDemand.objects.filter(
        project_id__in=ids, period_start__lte=end, period_start__gte=start - dt.timedelta(days=31)
    ).values_list("project_id", "role_id", "skill_id", "period", "period_start", "hours")
    for project_id, role_id, skill_id, period, first, hours in rows:
        last = _period_end(first, period)
        if last < start:
            continue
        shares = spread(float(hours) * 60, first, last, start, end, starts)
        totals = sums.setdefault((project_id, role_id, skill_id), [0.0] * len(starts))
        for index, share in enumerate(shares):
            totals[index] += share
    return {key: [round(value) for value in totals] for key, totals in sums.items()}


def _period_end(first: dt.date, period: str) -> dt.date:
    """The last day of the week or month starting on ``first``."""
    if period == "week":
        return first + dt.timedelta(days=6)
    following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)
