"""API filters of skills, teams, calendars, holidays (by pool), resource skills and time off (by pool
or resource) and resource plan lines (by project and period)."""

from __future__ import annotations

from typing import Any

import django_filters

from pmo.resources.models import (
    PoolCalendar,
    PoolHoliday,
    ResourceDemand,
    ResourceSkill,
    ResourceTeam,
    Skill,
    TimeOff,
)

PORTFOLIO_HELP = "Public id of the portfolio whose pool to list."


def _portfolio() -> django_filters.UUIDFilter:
    return django_filters.UUIDFilter(field_name="scope__portfolio__uid", help_text=PORTFOLIO_HELP)


def _resource() -> django_filters.UUIDFilter:
    return django_filters.UUIDFilter(field_name="resource__uid", help_text="Public id of the resource.")


def pool_filterset(model: type[Any], *, per_resource: bool = False) -> type[django_filters.FilterSet]:
    """A filterset of ``model`` by ``portfolio`` (and ``resource`` when ``per_resource``)."""
    attrs: dict[str, Any] = {"portfolio": _portfolio()}
    fields = ["portfolio"]
    if per_resource:
        attrs["resource"] = _resource()
        fields.append("resource")
    attrs["Meta"] = type("Meta", (), {"model": model, "fields": fields})
    return type(f"{model.__name__}FilterSet", (django_filters.FilterSet,), attrs)


SkillFilterSet = pool_filterset(Skill)
ResourceTeamFilterSet = pool_filterset(ResourceTeam)
PoolCalendarFilterSet = pool_filterset(PoolCalendar)
PoolHolidayFilterSet = pool_filterset(PoolHoliday)
ResourceSkillFilterSet = pool_filterset(ResourceSkill, per_resource=True)
TimeOffFilterSet = pool_filterset(TimeOff, per_resource=True)


class ResourceDemandFilterSet(django_filters.FilterSet):
    """Project, period (week or month) and period start."""

    project = django_filters.UUIDFilter(field_name="project__uid", help_text="Public id of the project.")

    class Meta:
        model = ResourceDemand
        fields = ("project", "period", "period_start")
