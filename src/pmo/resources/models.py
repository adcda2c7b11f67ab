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
