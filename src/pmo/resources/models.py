"""The resource pool and assignments.

A :class:`Resource` belongs to a pool, the scope of a portfolio (``scope``): every project of the
portfolio draws on it, and the permission-scoped selectors show it to members of the portfolio or
of anything inside it. An :class:`Assignment` puts a resource on a task with units and work.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Lower

from pmo.core.models import VersionedModel
from pmo.resources.choices import Contour, ResourceKind

RATE: dict[str, Any] = {"max_digits": 14, "decimal_places": 4, "null": True, "blank": True}
#: The most units an assignment of a work resource may carry: 100.00 = 100 people full time
#: (10,000%). Material assignments carry quantities, up to what the column holds.
MAX_UNITS = Decimal("100")
MAX_QUANTITY = Decimal("999999.99")


class Resource(VersionedModel):
    """A person, a generic role, equipment, a material or a cost item of a portfolio's pool.

    ``max_units`` is the most the resource can work at once (1.00 = one full-time person, 100%);
    rates are per hour of work (material: per unit; cost resources carry their cost on assignments).
    ``standard_rate``, ``overtime_rate`` and ``cost_per_use`` are the rates *before the first dated
    row* of :class:`ResourceRate` (its rate table: :func:`pmo.resources.selectors.rate_tables`).
    """

    scope = models.ForeignKey("core.Scope", on_delete=models.CASCADE, related_name="+", editable=False)
    name = models.CharField(max_length=255)
    kind = models.CharField(max_length=8, choices=ResourceKind.choices, default=ResourceKind.WORK)
    code = models.CharField(max_length=64, blank=True, help_text="The resource's ID in its source system.")
    initials = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    group = models.CharField(max_length=100, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_generic = models.BooleanField(default=False, help_text="A role such as 'Developer', not a person.")
    max_units = models.DecimalField(
        max_digits=8, decimal_places=2, default=Decimal("1.00"), validators=[MinValueValidator(0)]
    )
    standard_rate = models.DecimalField(**RATE)
    overtime_rate = models.DecimalField(**RATE)
    cost_per_use = models.DecimalField(**RATE)
    material_label = models.CharField(max_length=30, blank=True)
    extra = models.JSONField(default=dict, blank=True, help_text="Imported fields pmo does not model.")
    calendar = models.ForeignKey(
        "resources.PoolCalendar",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="resources",
        help_text="The pool calendar it works by; empty: the pool's standard week.",
    )

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            # Names are unique in a pool ignoring case: the import matches resources by name that way.
            models.UniqueConstraint("scope", Lower("name"), name="resources_resource_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Assignment(VersionedModel):
    """A resource on a task: ``units`` (1.00 = 100%) and ``work`` in minutes, spread by ``contour``."""

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="assignments", editable=False
    )
    task = models.ForeignKey("projects.Task", on_delete=models.CASCADE, related_name="assignments")
    resource = models.ForeignKey(Resource, on_delete=models.PROTECT, related_name="assignments")
    units = models.DecimalField(
        max_digits=8,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(0)],
        help_text="Work resources: 1.00 = 100%, at most 100. Material resources: the quantity.",
    )
    work_minutes = models.PositiveIntegerField(null=True, blank=True)
    actual_work_minutes = models.PositiveIntegerField(null=True, blank=True)
    remaining_work_minutes = models.PositiveIntegerField(null=True, blank=True)
    contour = models.PositiveSmallIntegerField(choices=Contour.choices, default=Contour.FLAT)
    start = models.DateTimeField(null=True, blank=True)
    finish = models.DateTimeField(null=True, blank=True)
    cost = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    extra = models.JSONField(default=dict, blank=True, help_text="Imported fields pmo does not model.")

    class Meta:
        ordering = ["task__position", "resource__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["task", "resource"], name="resources_assignment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.resource} on {self.task}"

    @property
    def work_hours(self) -> float | None:
        """``work_minutes`` in hours (``None`` when no work is set)."""
        return None if self.work_minutes is None else self.work_minutes / 60


class ResourceRate(VersionedModel):
    """A resource's rates from ``effective_from`` on (Microsoft Project's cost rate table A).

    The resource's own ``standard_rate``, ``overtime_rate`` and ``cost_per_use`` are the rates
    *before* its first dated row; each row holds until the next one starts. A rate left empty
    here means "none" (costs nothing), not "keep the previous one".
    """

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="rates", editable=False)
    scope = models.ForeignKey("core.Scope", on_delete=models.CASCADE, related_name="+", editable=False)
    effective_from = models.DateField(help_text="The first day these rates apply.")
    standard_rate = models.DecimalField(**RATE)
    overtime_rate = models.DecimalField(**RATE)
    cost_per_use = models.DecimalField(**RATE)

    class Meta:
        ordering = ["resource", "effective_from", "id"]
        constraints = [
            models.UniqueConstraint(fields=["resource", "effective_from"], name="resources_rate_unique_day"),
        ]

    def __str__(self) -> str:
        return f"Rates of {self.resource} from {self.effective_from:%Y-%m-%d}"


# --- skills, teams, calendars, time off (the pool, complete) ---------------------------------------

#: Monday first: minutes of work per weekday of the pool's standard working time (8 h Monday to Friday).
STANDARD_WEEK_MINUTES: tuple[int, ...] = (480, 480, 480, 480, 480, 0, 0)


def standard_week_minutes() -> list[int]:
    """A fresh copy of the standard week (a JSONField default must be a callable)."""
    return list(STANDARD_WEEK_MINUTES)


class Skill(VersionedModel):
    """A skill of a pool ("Python", "Welding"); resources hold it at a level from 1 to 5."""

    scope = models.ForeignKey("core.Scope", on_delete=models.CASCADE, related_name="+", editable=False)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint("scope", Lower("name"), name="resources_skill_unique_name")]

    def __str__(self) -> str:
        return self.name


class ResourceSkill(VersionedModel):
    """A resource's level in a skill: 1 (novice) to 5 (expert)."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="skills", editable=False)
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="holders")
    scope = models.ForeignKey("core.Scope", on_delete=models.CASCADE, related_name="+", editable=False)
    level = models.PositiveSmallIntegerField(default=3)

    class Meta:
        ordering = ["resource", "skill__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["resource", "skill"], name="resources_resource_skill_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.resource}: {self.skill} {self.level}/5"


class ResourceTeam(VersionedModel):
    """A team of resources of a pool, for planning (not :class:`pmo.accounts.models.Team`, which
    grants permissions)."""

    scope = models.ForeignKey("core.Scope", on_delete=models.CASCADE, related_name="+", editable=False)
    name = models.CharField(max_length=100)
    members = models.ManyToManyField(Resource, related_name="resource_teams", blank=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint("scope", Lower("name"), name="resources_team_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class PoolCalendar(VersionedModel):
    """A working week of a pool (minutes of work per weekday, Monday first) resources may follow
    instead of the pool's standard week (8 h Monday to Friday)."""

    scope = models.ForeignKey("core.Scope", on_delete=models.CASCADE, related_name="+", editable=False)
    name = models.CharField(max_length=100)
    week_minutes = models.JSONField(default=standard_week_minutes)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint("scope", Lower("name"), name="resources_calendar_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def week_hours(self) -> list[float]:
        """``week_minutes`` in hours."""
        return [minutes / 60 for minutes in self.week_minutes]


class PoolHoliday(VersionedModel):
    """Days off for every resource of a pool, from ``start`` to ``end`` (both included)."""

    scope = models.ForeignKey("core.Scope", on_delete=models.CASCADE, related_name="+", editable=False)
    name = models.CharField(max_length=100)
    start = models.DateField()
    end = models.DateField()

    class Meta:
        ordering = ["start", "id"]

    def __str__(self) -> str:
        return f"{self.name} {self.start:%Y-%m-%d}–{self.end:%Y-%m-%d}"


class TimeOff(VersionedModel):
    """A resource's time off from ``start`` to ``end`` (both included): whole days when
    ``minutes_per_day`` is empty, else that much less work on each working day (a half day: 240)."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="time_off", editable=False)
    scope = models.ForeignKey("core.Scope", on_delete=models.CASCADE, related_name="+", editable=False)
    start = models.DateField()
    end = models.DateField()
    minutes_per_day = models.PositiveIntegerField(null=True, blank=True)
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["resource", "start", "id"]
        verbose_name_plural = "time off"

    def __str__(self) -> str:
        part = "" if self.minutes_per_day is None else f" ({self.minutes_per_day / 60:g} h a day)"
        return f"Time off of {self.resource} {self.start:%Y-%m-%d}–{self.end:%Y-%m-%d}{part}"


class ResourceDemand(VersionedModel):
    """A resource plan line: ``hours`` of work a project needs from a role (a generic resource) or a
    skill in one week (from its Monday) or one month (from its first day), before it has tasks."""

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="resource_demand", editable=False
    )
    scope = models.ForeignKey("core.Scope", on_delete=models.CASCADE, related_name="+", editable=False)
    role = models.ForeignKey(Resource, on_delete=models.PROTECT, null=True, blank=True, related_name="demand")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, null=True, blank=True, related_name="demand")
    period = models.CharField(max_length=5, choices=[("week", "Week"), ("month", "Month")], default="week")
    period_start = models.DateField()
    hours = models.DecimalField(max_digits=10, decimal_places=2, validators=[MinValueValidator(0)])

    class Meta:
        ordering = ["project", "period_start", "id"]

    def __str__(self) -> str:
        target = self.role or self.skill
        return f"{target}: {self.hours:g} h in the {self.period} of {self.period_start:%Y-%m-%d}"
