"""Skills, resource teams, pool calendars, pool holidays and time off: the managers of the pool's
portfolio create, change and delete them (one transaction, version, audit record each).

Dates are days from 1984-01-01 to 2149-12-31 (Microsoft Project's range); a resource's time off
may not overlap its other time off (the refusal names the clashing row).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Model, QuerySet
from django.db.models.functions import Lower

from pmo.accounts.choices import Role
from pmo.accounts.selectors import require_role
from pmo.core.errors import DomainRuleError
from pmo.core.models import Scope
from pmo.core.services import instance_create, instance_delete, instance_update
from pmo.quality.auditing import Extra, create_audited, refuse_unknown, update_audited
from pmo.resources.models import (
    PoolCalendar,
    PoolHoliday,
    Resource,
    ResourceSkill,
    ResourceTeam,
    Skill,
    TimeOff,
)
from pmo.resources.services.common import require_pool
from pmo.resources.services.rates import EARLIEST, LATEST

SKILL_FIELDS = ("name",)
RESOURCE_SKILL_FIELDS = ("skill", "level")
TEAM_FIELDS = ("name", "members")
CALENDAR_FIELDS = ("name", "week_minutes")
HOLIDAY_FIELDS = ("name", "start", "end")
TIME_OFF_FIELDS = ("start", "end", "minutes_per_day", "reason")
MINUTES_PER_DAY = 1440


# -- shared checks ----------------------------------------------------------------------------------


def day_value(value: Any, *, field: str) -> dt.date:
    """A day in 1984-01-01 to 2149-12-31."""
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise DomainRuleError(f"{field} must be a date.", field=field)
    if not EARLIEST <= value <= LATEST:
        raise DomainRuleError(
            f"{field} {value.isoformat()} is outside the supported range 1984-01-01 to 2149-12-31.",
            field=field,
        )
    return value


def span_values(values: dict[str, Any], current: Any = None) -> None:
    """Check ``start`` and ``end`` (given or current): valid days, the end not before the start."""
    for name in ("start", "end"):
        if name in values:
            values[name] = day_value(values[name], field=name)
    start = values.get("start", getattr(current, "start", None))
    end = values.get("end", getattr(current, "end", None))
    if start is not None and end is not None and end < start:
        raise DomainRuleError(
            f"The end {end.isoformat()} is before the start {start.isoformat()}.", field="end"
        )


def label_value(value: Any, *, noun: str, limit: int = 100) -> str:
    """A name: stripped text, 1 to ``limit`` characters."""
    name = str(value or "").strip()
    if not name:
        raise DomainRuleError(f"A {noun} needs a name.", field="name")
    if len(name) > limit:
        raise DomainRuleError(f"The name is longer than {limit} characters.", field="name")
    return name


def _check_name_free(queryset: QuerySet[Any], name: str, noun: str, exclude: int | None = None) -> None:
    """Names are unique in a pool, ignoring case."""
    clash = queryset.annotate(lower=Lower("name")).filter(lower=name.lower())
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    existing = clash.values_list("name", flat=True).first()
    if existing is not None:
        raise DomainRuleError(f"The pool already has a {noun} called {existing!r}.", field="name")


def _same_pool(obj: Model | None, scope: Scope, *, field: str, noun: str) -> None:
    """A related row must come from the same pool."""
    if obj is not None and getattr(obj, "scope_id", None) != scope.pk:
        raise DomainRuleError(f"That {noun} is not in this pool.", field=field)


def _manager(actor: Any, scope: Scope) -> None:
    require_role(actor, scope, Role.MANAGER)


def _delete(actor: Any, instance: Any, expected_version: int | None) -> None:
    _manager(actor, instance.scope)
    with transaction.atomic():
        instance_delete(
            actor=actor, instance=instance, expected_version=expected_version, scope=instance.scope
        )


# -- skills -----------------------------------------------------------------------------------------


def skill_create(*, actor: Any, pool: Scope, name: str) -> Skill:
    """Add a skill to a pool (unique name ignoring case)."""
    require_pool(pool)
    _manager(actor, pool)
    name = label_value(name, noun="skill")
    with transaction.atomic():
        _check_name_free(Skill.objects.filter(scope=pool), name, "skill")
        return instance_create(actor=actor, instance=Skill(scope=pool, name=name), scope=pool)


def skill_update(*, actor: Any, skill: Skill, data: dict[str, Any], expected_version: int | None) -> Skill:
    """Rename a skill."""
    _manager(actor, skill.scope)
    refuse_unknown(data, SKILL_FIELDS)
    values = dict(data)
    if "name" in values:
        values["name"] = label_value(values["name"], noun="skill")
    with transaction.atomic():
        if "name" in values:
            _check_name_free(Skill.objects.filter(scope=skill.scope), values["name"], "skill", skill.pk)
        updated, _ = instance_update(
            actor=actor, instance=skill, data=values, expected_version=expected_version, scope=skill.scope
        )
    return updated


def skill_delete(*, actor: Any, skill: Skill, expected_version: int | None) -> None:
    """Delete a skill no resource plan uses (resources lose it)."""
    if skill.demand.exists():
        raise DomainRuleError(
            f"Resource plans still ask for {skill}; remove those lines first.", field="skill"
        )
    _delete(actor, skill, expected_version)


# -- a resource's skills ----------------------------------------------------------------------------


def level_value(value: Any) -> int:
    """A skill level 1 to 5."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise DomainRuleError(f"level must be a whole number from 1 to 5 (got {value!r}).", field="level")
    return value


def resource_skill_create(*, actor: Any, resource: Resource, skill: Skill, level: int) -> ResourceSkill:
    """Give a resource a skill at a level (once per skill)."""
    _manager(actor, resource.scope)
    _same_pool(skill, resource.scope, field="skill", noun="skill")
    level = level_value(level)
    with transaction.atomic():
        if ResourceSkill.objects.filter(resource=resource, skill=skill).exists():
            raise DomainRuleError(f"{resource} already has {skill}; change its level instead.", field="skill")
        row = ResourceSkill(resource=resource, skill=skill, scope=resource.scope, level=level)
        return instance_create(actor=actor, instance=row, scope=resource.scope)


def resource_skill_update(
    *, actor: Any, resource_skill: ResourceSkill, data: dict[str, Any], expected_version: int | None
) -> ResourceSkill:
    """Change the level of a resource's skill."""
    _manager(actor, resource_skill.scope)
    refuse_unknown(data, ("level",))
    values = {"level": level_value(data["level"])} if "level" in data else {}
    with transaction.atomic():
        updated, _ = instance_update(
            actor=actor,
            instance=resource_skill,
            data=values,
            expected_version=expected_version,
            scope=resource_skill.scope,
        )
    return updated


def resource_skill_delete(*, actor: Any, resource_skill: ResourceSkill, expected_version: int | None) -> None:
    """Take a skill from a resource."""
    _delete(actor, resource_skill, expected_version)


# -- resource teams ---------------------------------------------------------------------------------


def _write_members(team: ResourceTeam, members: list[Resource]) -> None:
    team.members.set(members)


TEAM_EXTRAS: dict[str, Extra[ResourceTeam]] = {
    "members": Extra(
        read=lambda team: sorted(team.members.values_list("name", flat=True)), write=_write_members
    )
}


def _members(scope: Scope, members: Any) -> list[Resource]:
    rows = list(members or [])
    for member in rows:
        _same_pool(member, scope, field="members", noun="resource")
    return rows


def team_create(*, actor: Any, pool: Scope, name: str, members: Any = ()) -> ResourceTeam:
    """Add a team of resources to a pool."""
    require_pool(pool)
    _manager(actor, pool)
    name = label_value(name, noun="team")
    rows = _members(pool, members)
    with transaction.atomic():
        _check_name_free(ResourceTeam.objects.filter(scope=pool), name, "team")
        return create_audited(
            actor=actor,
            instance=ResourceTeam(scope=pool, name=name),
            scope=pool,
            extras=TEAM_EXTRAS,
            values={"members": rows},
        )


def team_update(
    *, actor: Any, team: ResourceTeam, data: dict[str, Any], expected_version: int | None
) -> ResourceTeam:
    """Rename a team or set its members."""
    _manager(actor, team.scope)
    refuse_unknown(data, TEAM_FIELDS)
    values = dict(data)
    if "name" in values:
        values["name"] = label_value(values["name"], noun="team")
    if "members" in values:
        values["members"] = _members(team.scope, values["members"])
    with transaction.atomic():
        if "name" in values:
            _check_name_free(ResourceTeam.objects.filter(scope=team.scope), values["name"], "team", team.pk)
        updated, _ = update_audited(
            actor=actor,
            instance=team,
            data=values,
            expected_version=expected_version,
            scope=team.scope,
            extras=TEAM_EXTRAS,
        )
    return updated


def team_delete(*, actor: Any, team: ResourceTeam, expected_version: int | None) -> None:
    """Delete a team (its members stay in the pool)."""
    _delete(actor, team, expected_version)


# -- pool calendars ---------------------------------------------------------------------------------


def week_value(value: Any) -> list[int]:
    """Seven whole numbers of minutes (Monday first), each 0 to 1440."""
    if (
        not isinstance(value, (list, tuple))
        or len(value) != 7
        or not all(
            isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= MINUTES_PER_DAY for v in value
        )
    ):
        raise DomainRuleError(
            "week_minutes must be seven numbers of minutes, Monday first, each from 0 to 1440.",
            field="week_minutes",
        )
    return list(value)


def calendar_create(*, actor: Any, pool: Scope, name: str, week_minutes: Any = None) -> PoolCalendar:
    """Add a working week to a pool (default: 8 h Monday to Friday)."""
    require_pool(pool)
    _manager(actor, pool)
    name = label_value(name, noun="calendar")
    calendar = PoolCalendar(scope=pool, name=name)
    if week_minutes is not None:
        calendar.week_minutes = week_value(week_minutes)
    with transaction.atomic():
        _check_name_free(PoolCalendar.objects.filter(scope=pool), name, "calendar")
        return instance_create(actor=actor, instance=calendar, scope=pool)


def calendar_update(
    *, actor: Any, calendar: PoolCalendar, data: dict[str, Any], expected_version: int | None
) -> PoolCalendar:
    """Rename a calendar or change its week."""
    _manager(actor, calendar.scope)
    refuse_unknown(data, CALENDAR_FIELDS)
    values = dict(data)
    if "name" in values:
        values["name"] = label_value(values["name"], noun="calendar")
    if "week_minutes" in values:
        values["week_minutes"] = week_value(values["week_minutes"])
    with transaction.atomic():
        if "name" in values:
            others = PoolCalendar.objects.filter(scope=calendar.scope)
            _check_name_free(others, values["name"], "calendar", calendar.pk)
        updated, _ = instance_update(
            actor=actor,
            instance=calendar,
            data=values,
            expected_version=expected_version,
            scope=calendar.scope,
        )
    return updated


def calendar_delete(*, actor: Any, calendar: PoolCalendar, expected_version: int | None) -> None:
    """Delete a calendar no resource follows."""
    names = list(calendar.resources.values_list("name", flat=True)[:5])
    if names:
        raise DomainRuleError(
            f"{', '.join(names)} work by {calendar}; give them another calendar first.", field="calendar"
        )
    _delete(actor, calendar, expected_version)


def resource_calendar_set(
    *, actor: Any, resource: Resource, calendar: PoolCalendar | None, expected_version: int | None
) -> Resource:
    """Make a resource work by a pool calendar (``None``: the pool's standard week)."""
    _manager(actor, resource.scope)
    _same_pool(calendar, resource.scope, field="calendar", noun="calendar")
    with transaction.atomic():
        updated, _ = instance_update(
            actor=actor,
            instance=resource,
            data={"calendar": calendar},
            expected_version=expected_version,
            scope=resource.scope,
        )
    return updated


# -- pool holidays ----------------------------------------------------------------------------------


def holiday_create(
    *, actor: Any, pool: Scope, name: str, start: dt.date, end: dt.date | None = None
) -> PoolHoliday:
    """Add days off for the whole pool (``end`` defaults to ``start``: one day)."""
    require_pool(pool)
    _manager(actor, pool)
    values: dict[str, Any] = {"name": label_value(name, noun="holiday"), "start": start, "end": end or start}
    span_values(values)
    with transaction.atomic():
        return instance_create(actor=actor, instance=PoolHoliday(scope=pool, **values), scope=pool)


def holiday_update(
    *, actor: Any, holiday: PoolHoliday, data: dict[str, Any], expected_version: int | None
) -> PoolHoliday:
    """Change a holiday's name or days."""
    _manager(actor, holiday.scope)
    refuse_unknown(data, HOLIDAY_FIELDS)
    values = dict(data)
    if "name" in values:
        values["name"] = label_value(values["name"], noun="holiday")
    span_values(values, holiday)
    with transaction.atomic():
        updated, _ = instance_update(
            actor=actor, instance=holiday, data=values, expected_version=expected_version, scope=holiday.scope
        )
    return updated


def holiday_delete(*, actor: Any, holiday: PoolHoliday, expected_version: int | None) -> None:
    """Remove a holiday."""
    _delete(actor, holiday, expected_version)


# -- time off ---------------------------------------------------------------------------------------


def _time_off_values(values: dict[str, Any], current: TimeOff | None = None) -> None:
    span_values(values, current)
    if "minutes_per_day" in values:
        minutes = values["minutes_per_day"]
        if minutes in ("", None):
            values["minutes_per_day"] = None
        elif isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= MINUTES_PER_DAY:
            raise DomainRuleError(
                "minutes_per_day must be empty (whole days) or 1 to 1440 minutes.", field="minutes_per_day"
            )
    if "reason" in values:
        values["reason"] = str(values["reason"] or "").strip()[:200]


def _check_no_overlap(resource: Resource, start: dt.date, end: dt.date, exclude: int | None = None) -> None:
    """A resource's time off may not overlap its other time off."""
    clash = TimeOff.objects.filter(resource=resource, start__lte=end, end__gte=start)
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    other = clash.order_by("start").first()
    if other is not None:
        raise DomainRuleError(
            f"This overlaps the {other} ({other.reason or 'no reason given'}); change that one instead.",
            field="start",
        )


def time_off_create(
    *,
    actor: Any,
    resource: Resource,
    start: dt.date,
    end: dt.date | None = None,
    minutes_per_day: int | None = None,
    reason: str = "",
) -> TimeOff:
    """Record time off of a resource: whole days, or ``minutes_per_day`` less on each working day."""
    _manager(actor, resource.scope)
    values: dict[str, Any] = {
        "start": start,
        "end": end or start,
        "minutes_per_day": minutes_per_day,
        "reason": reason,
    }
    _time_off_values(values)
    with transaction.atomic():
        Resource.objects.select_for_update().filter(pk=resource.pk).first()  # one writer per resource
        _check_no_overlap(resource, values["start"], values["end"])
        row = TimeOff(resource=resource, scope=resource.scope, **values)
        return instance_create(actor=actor, instance=row, scope=resource.scope)


def time_off_update(
    *, actor: Any, time_off: TimeOff, data: dict[str, Any], expected_version: int | None
) -> TimeOff:
    """Change time off (see :data:`TIME_OFF_FIELDS`)."""
    _manager(actor, time_off.scope)
    refuse_unknown(data, TIME_OFF_FIELDS)
    values = dict(data)
    _time_off_values(values, time_off)
    with transaction.atomic():
        Resource.objects.select_for_update().filter(pk=time_off.resource_id).first()
        start = values.get("start", time_off.start)
        end = values.get("end", time_off.end)
        _check_no_overlap(time_off.resource, start, end, exclude=time_off.pk)
        updated, _ = instance_update(
            actor=actor,
            instance=time_off,
            data=values,
            expected_version=expected_version,
            scope=time_off.scope,
        )
    return updated


def time_off_delete(*, actor: Any, time_off: TimeOff, expected_version: int | None) -> None:
    """Remove time off."""
    _delete(actor, time_off, expected_version)
