"""Serializers of skills, resource skills, resource teams, pool calendars, pool holidays, time off
and resource plan lines: one output shape each, an input allow-list per write."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from rest_framework import serializers

from pmo.core.api.serializers import StrictInputSerializer
from pmo.projects.selectors import projects_visible
from pmo.quality.api.fields import VisibleObjectField
from pmo.resources.api.fields import PoolField
from pmo.resources.models import (
    PoolCalendar,
    PoolHoliday,
    ResourceDemand,
    ResourceSkill,
    ResourceTeam,
    Skill,
    TimeOff,
)
from pmo.resources.selectors import pool_rows_visible, resources_visible

ETAG_HELP = "Send it back in If-Match to change this object."
VERSION_FIELDS = ("version", "etag", "created_at", "updated_at")


def _skills(user: Any) -> Any:
    return pool_rows_visible(user, Skill)


def _calendars(user: Any) -> Any:
    return pool_rows_visible(user, PoolCalendar)


class _Out(serializers.ModelSerializer[Any]):
    """Shared: the portfolio owning the pool and the etag."""

    portfolio = serializers.UUIDField(
        source="scope.portfolio.uid", read_only=True, help_text="Public id of the portfolio owning the pool."
    )
    etag = serializers.CharField(read_only=True, help_text=ETAG_HELP)


def _uid(help_text: str, *, null: bool = False) -> serializers.SlugRelatedField[Any]:
    return serializers.SlugRelatedField(
        slug_field="uid", read_only=True, allow_null=null, help_text=help_text
    )


# --- skills ---------------------------------------------------------------------------------------


class SkillSerializer(_Out):
    """A skill of a pool."""

    class Meta:
        model = Skill
        fields = ("uid", "portfolio", "name", *VERSION_FIELDS)
        read_only_fields = fields


class SkillUpdateSerializer(StrictInputSerializer):
    """Body of ``PUT``/``PATCH /skills/{uid}/``."""

    name = serializers.CharField(max_length=100, help_text="Unique in the pool, ignoring case.")


class SkillCreateSerializer(SkillUpdateSerializer):
    """Body of ``POST /skills/``."""

    portfolio = PoolField(help_text="Public id of the portfolio whose pool gets the skill.")


class ResourceSkillSerializer(serializers.ModelSerializer[ResourceSkill]):
    """A resource's level in a skill."""

    resource = _uid("Public id of the resource.")
    skill = _uid("Public id of the skill.")
    etag = serializers.CharField(read_only=True, help_text=ETAG_HELP)

    class Meta:
        model = ResourceSkill
        fields = ("uid", "resource", "skill", "level", *VERSION_FIELDS)
        read_only_fields = fields


class ResourceSkillUpdateSerializer(StrictInputSerializer):
    """Body of ``PUT``/``PATCH /resource-skills/{uid}/``."""

    read_only_hints: ClassVar[dict[str, str]] = {
        "resource": "Remove the row and add another.",
        "skill": "Remove the row and add another.",
    }
    level = serializers.IntegerField(min_value=1, max_value=5, help_text="1 (novice) to 5 (expert).")


class ResourceSkillCreateSerializer(StrictInputSerializer):
    """Body of ``POST /resource-skills/``."""

    resource = VisibleObjectField(visible=resources_visible, noun="resource", help_text="Public id.")
    skill = VisibleObjectField(visible=_skills, noun="skill", help_text="A skill of the resource's pool.")
    level = serializers.IntegerField(min_value=1, max_value=5, help_text="1 (novice) to 5 (expert).")


# --- teams ----------------------------------------------------------------------------------------


class ResourceTeamSerializer(_Out):
    """A team of resources of a pool."""

    members: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="uid", many=True, read_only=True, help_text="Public ids of the member resources."
    )

    class Meta:
        model = ResourceTeam
        fields = ("uid", "portfolio", "name", "members", *VERSION_FIELDS)
        read_only_fields = fields


class ResourceTeamUpdateSerializer(StrictInputSerializer):
    """Body of ``PUT``/``PATCH /resource-teams/{uid}/``."""

    name = serializers.CharField(max_length=100, help_text="Unique in the pool, ignoring case.")
    members = serializers.ListField(
        child=VisibleObjectField(visible=resources_visible, noun="resource"),
        default=list,
        help_text="Public ids of resources of the same pool.",
    )


class ResourceTeamCreateSerializer(ResourceTeamUpdateSerializer):
    """Body of ``POST /resource-teams/``."""

    portfolio = PoolField(help_text="Public id of the portfolio whose pool gets the team.")


# --- calendars and holidays -----------------------------------------------------------------------


class PoolCalendarSerializer(_Out):
    """A working week of a pool: minutes of work per weekday, Monday first."""

    week_minutes = serializers.ListField(child=serializers.IntegerField(), read_only=True)

    class Meta:
        model = PoolCalendar
        fields = ("uid", "portfolio", "name", "week_minutes", *VERSION_FIELDS)
        read_only_fields = fields


class PoolCalendarUpdateSerializer(StrictInputSerializer):
    """Body of ``PUT``/``PATCH /pool-calendars/{uid}/``."""

    name = serializers.CharField(max_length=100)
    week_minutes = serializers.ListField(
        child=serializers.IntegerField(min_value=0, max_value=1440),
        min_length=7,
        max_length=7,
        default=lambda: [480] * 5 + [0, 0],
        help_text="Minutes of work per weekday, Monday first (default 8 h Monday to Friday).",
    )


class PoolCalendarCreateSerializer(PoolCalendarUpdateSerializer):
    """Body of ``POST /pool-calendars/``."""

    portfolio = PoolField(help_text="Public id of the portfolio whose pool gets the calendar.")


class PoolHolidaySerializer(_Out):
    """Days off for every resource of a pool."""

    class Meta:
        model = PoolHoliday
        fields = ("uid", "portfolio", "name", "start", "end", *VERSION_FIELDS)
        read_only_fields = fields


class PoolHolidayUpdateSerializer(StrictInputSerializer):
    """Body of ``PUT``/``PATCH /pool-holidays/{uid}/``."""

    name = serializers.CharField(max_length=100)
    start = serializers.DateField(help_text="First day off, 1984-01-01 to 2149-12-31.")
    end = serializers.DateField(help_text="Last day off (included).")


class PoolHolidayCreateSerializer(PoolHolidayUpdateSerializer):
    """Body of ``POST /pool-holidays/``."""

    portfolio = PoolField(help_text="Public id of the portfolio whose pool gets the holiday.")


# --- time off -------------------------------------------------------------------------------------


class TimeOffSerializer(serializers.ModelSerializer[TimeOff]):
    """A resource's time off: whole days, or ``minutes_per_day`` less on each working day."""

    resource = _uid("Public id of the resource.")
    etag = serializers.CharField(read_only=True, help_text=ETAG_HELP)

    class Meta:
        model = TimeOff
        fields = ("uid", "resource", "start", "end", "minutes_per_day", "reason", *VERSION_FIELDS)
        read_only_fields = fields


class TimeOffUpdateSerializer(StrictInputSerializer):
    """Body of ``PUT``/``PATCH /time-off/{uid}/``."""

    read_only_hints: ClassVar[dict[str, str]] = {"resource": "Time off stays with its resource."}
    start = serializers.DateField(help_text="First day, 1984-01-01 to 2149-12-31.")
    end = serializers.DateField(help_text="Last day (included).")
    minutes_per_day = serializers.IntegerField(
        min_value=1, max_value=1440, allow_null=True, default=None, help_text="Empty: whole days off."
    )
    reason = serializers.CharField(max_length=200, allow_blank=True, default="")


class TimeOffCreateSerializer(TimeOffUpdateSerializer):
    """Body of ``POST /time-off/``."""

    resource = VisibleObjectField(visible=resources_visible, noun="resource", help_text="Public id.")


# --- resource plans -------------------------------------------------------------------------------


class ResourceDemandSerializer(serializers.ModelSerializer[ResourceDemand]):
    """A resource plan line: hours a project needs from a role or a skill in a week or a month."""

    project = _uid("Public id of the project.")
    role = _uid("Public id of the generic resource (or null).", null=True)
    skill = _uid("Public id of the skill (or null).", null=True)
    etag = serializers.CharField(read_only=True, help_text=ETAG_HELP)

    class Meta:
        model = ResourceDemand
        fields = ("uid", "project", "role", "skill", "period", "period_start", "hours", *VERSION_FIELDS)
        read_only_fields = fields


class ResourceDemandUpdateSerializer(StrictInputSerializer):
    """Body of ``PUT``/``PATCH /resource-demand/{uid}/``: the hours (other fields: a new line)."""

    read_only_hints: ClassVar[dict[str, str]] = {
        name: "Remove the line and add another."
        for name in ("project", "role", "skill", "period", "period_start")
    }
    hours = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=Decimal(0))


class ResourceDemandCreateSerializer(StrictInputSerializer):
    """Body of ``POST /resource-demand/``."""

    project = VisibleObjectField(visible=projects_visible, noun="project", help_text="Public id.")
    role = VisibleObjectField(
        visible=resources_visible,
        noun="resource",
        allow_null=True,
        default=None,
        help_text="A generic resource.",
    )
    skill = VisibleObjectField(visible=_skills, noun="skill", allow_null=True, default=None)
    period = serializers.ChoiceField(choices=[("week", "Week"), ("month", "Month")])
    period_start = serializers.DateField(help_text="A Monday (week) or the 1st (month).")
    hours = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=Decimal(0))


class ResourceCalendarSerializer(StrictInputSerializer):
    """Body of ``POST /resources/{uid}/calendar/``: the pool calendar it works by (null: standard)."""

    calendar = VisibleObjectField(visible=_calendars, noun="calendar", allow_null=True)
