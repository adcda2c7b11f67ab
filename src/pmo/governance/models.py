"""Tolerances of projects and programs, the exceptions their breaches raise, and notifications.

A :class:`Tolerance` belongs to the scope it limits (a project or a program) and is set by the
managers of the level above. A forecast breach raises a :class:`ToleranceException` addressed to
the level above (``escalated_to``); its managers get a :class:`Notification` (and an e-mail).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from pmo.core.models import VersionedModel
from pmo.governance.choices import LIVE, DecisionKind, Dimension, ExceptionStatus, Measure

MONEY: dict[str, Any] = {"max_digits": 16, "decimal_places": 2}


class Tolerance(VersionedModel):
    """How far one dimension of a project or program may go before it is escalated.

    The limit depends on the dimension: ``days`` beyond the target finish (time); ``percent`` or
    ``amount`` beyond the budget (cost, one of the two); a ``score`` at or above which the highest
    open risk counts as a breach (risk, scope, quality). ``active`` switches the rule off without
    losing it; ``measure`` says how the dimension is measured (:data:`~pmo.governance.choices.MEASURES`).
    """

    scope = models.ForeignKey("core.Scope", on_delete=models.CASCADE, related_name="+", editable=False)
    dimension = models.CharField(max_length=12, choices=Dimension.choices, editable=False)
    measure = models.CharField(max_length=20, choices=Measure.choices)
    active = models.BooleanField(default=True, help_text="Checked on every recalculation and periodically.")
    days = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(3650)],
        help_text="Time: days beyond the target finish.",
    )
    percent = models.DecimalField(
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1000))],
        help_text="Cost: percent beyond the budget.",
    )
    amount = models.DecimalField(
        **MONEY,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text="Cost: amount beyond the budget (instead of a percent).",
    )
    score = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="Risk, scope, quality: the score at or above which it is a breach.",
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["scope", "dimension"]
        constraints = [
            models.UniqueConstraint(fields=["scope", "dimension"], name="governance_tolerance_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_dimension_display()} tolerance of {self.scope.owner}"


class ToleranceException(VersionedModel):
    """A forecast breach of a tolerance, escalated to the level above and tracked to a decision.

    One live exception (open, acknowledged or decided) per scope and dimension: a later breach
    updates its measured value and limit instead of raising another.
    """

    scope = models.ForeignKey("core.Scope", on_delete=models.CASCADE, related_name="+", editable=False)
    escalated_to = models.ForeignKey("core.Scope", on_delete=models.CASCADE, related_name="+", editable=False)
    tolerance = models.ForeignKey(
        Tolerance, null=True, on_delete=models.SET_NULL, related_name="exceptions", editable=False
    )
    dimension = models.CharField(max_length=12, choices=Dimension.choices, editable=False)
    measure = models.CharField(max_length=20, choices=Measure.choices, editable=False)
    measured = models.DecimalField(**MONEY)
    limit = models.DecimalField(**MONEY)
    unit = models.CharField(max_length=12, help_text="days, money or score")
    detail = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=14, choices=ExceptionStatus.choices, default=ExceptionStatus.OPEN)
    raised_at = models.DateTimeField(editable=False)
    last_breach_at = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_kind = models.CharField(max_length=20, choices=DecisionKind.choices, blank=True)
    decision = models.TextField(blank=True, max_length=4000)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_at", "-id"]
        verbose_name = "exception"
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "dimension"],
                condition=models.Q(status__in=LIVE),
                name="governance_one_live_exception",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_dimension_display()} exception of {self.scope.owner}"


class Notification(models.Model):
    """An in-app message to one person (today: an exception addressed to them)."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    exception = models.ForeignKey(ToleranceException, on_delete=models.CASCADE, related_name="notifications")
    message = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="governance_notif_unread")]

    def __str__(self) -> str:
        return self.message
