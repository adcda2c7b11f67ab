"""Risks, their response actions, their score history, and the matrix settings of a scope.

A risk hangs on any node of the tree (``scope``: a portfolio, program or project). Its scores are
written by the services only (``score``, ``residual_score``), from the levels on the effective
matrix of its scope (:func:`pmo.risks.selectors.effective_matrix`). Every change of scores or status
adds a :class:`RiskScore` row: the trend and the burn-down are read from them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from pmo.core.models import VersionedModel
from pmo.risks.choices import ActionStatus, ImpactUnit, RiskCategory, RiskKind, RiskStatus, Strategy, Zone

MONEY: dict[str, Any] = {"max_digits": 16, "decimal_places": 2}


def _level(*, null: bool = False, default: int | None = None) -> models.PositiveSmallIntegerField[Any, Any]:
    if null:
        return models.PositiveSmallIntegerField(null=True, blank=True)
    return models.PositiveSmallIntegerField(default=default or 0)


class RiskMatrix(VersionedModel):
    """The matrix of a node and the scores where its zones begin; inherited by the nodes below."""

    scope = models.OneToOneField("core.Scope", on_delete=models.CASCADE, related_name="+", editable=False)
    levels = models.PositiveSmallIntegerField(default=5, help_text="Probability and impact levels (3-10).")
    medium_from = models.PositiveSmallIntegerField(default=5, help_text="Lowest score in the medium zone.")
    high_from = models.PositiveSmallIntegerField(default=10, help_text="Lowest score in the high zone.")
    critical_from = models.PositiveSmallIntegerField(
        default=15, help_text="Lowest score in the critical zone."
    )

    class Meta:
        verbose_name_plural = "risk matrices"

    def __str__(self) -> str:
        return f"Risk matrix {self.levels}×{self.levels} of {self.scope}"


class Risk(VersionedModel):
    """A threat or opportunity: cause, event, effect; scored inherent and residual; quantified."""

    scope = models.ForeignKey("core.Scope", on_delete=models.CASCADE, related_name="+", editable=False)
    kind = models.CharField(max_length=12, choices=RiskKind.choices, default=RiskKind.THREAT)
    title = models.CharField(max_length=200)
    cause = models.TextField(blank=True, max_length=4000, help_text="Because of …")
    event = models.TextField(blank=True, max_length=4000, help_text="… this may happen …")
    effect = models.TextField(blank=True, max_length=4000, help_text="… which would lead to …")
    category = models.CharField(max_length=16, choices=RiskCategory.choices, default=RiskCategory.OTHER)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    strategy = models.CharField(max_length=12, choices=Strategy.choices, blank=True)
    triggers = models.TextField(blank=True, max_length=4000, help_text="Early warning signs.")
    proximity = models.DateField(null=True, blank=True, help_text="When the risk could happen.")
    probability = _level(default=1)
    impact_time = _level()
    impact_cost = _level()
    impact_scope = _level()
    impact_quality = _level()
    score = models.PositiveSmallIntegerField(default=0)
    residual_probability = _level(null=True)
    residual_time = _level(null=True)
    residual_cost = _level(null=True)
    residual_scope = _level(null=True)
    residual_quality = _level(null=True)
    residual_score = models.PositiveSmallIntegerField(null=True, blank=True)
    probability_percent = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    time_unit = models.CharField(max_length=8, choices=ImpactUnit.choices, default=ImpactUnit.DAYS)
    time_min = models.FloatField(null=True, blank=True)
    time_likely = models.FloatField(null=True, blank=True)
    time_max = models.FloatField(null=True, blank=True)
    cost_min = models.DecimalField(**MONEY, null=True, blank=True)
    cost_likely = models.DecimalField(**MONEY, null=True, blank=True)
    cost_max = models.DecimalField(**MONEY, null=True, blank=True)
    task_ids = models.JSONField(default=list, blank=True, help_text="Linked tasks (ids, same project).")
    status = models.CharField(max_length=8, choices=RiskStatus.choices, default=RiskStatus.OPEN)
    close_reason = models.TextField(blank=True, max_length=2000)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["scope", "-score", "title", "id"]
        indexes = [models.Index(fields=["scope", "status"], name="risks_scope_status")]

    def __str__(self) -> str:
        return self.title

    @property
    def current_score(self) -> int:
        """The residual score when set, else the inherent one."""
        return self.residual_score if self.residual_score is not None else self.score

    @property
    def is_open(self) -> bool:
        """True while the risk is managed."""
        return self.status == RiskStatus.OPEN

    @property
    def exposure(self) -> Decimal:
        """Probability % × most likely cost impact (zero when either is missing)."""
        if self.probability_percent is None or self.cost_likely is None:
            return Decimal("0.00")
        return (self.probability_percent * self.cost_likely / 100).quantize(Decimal("0.01"))


class RiskAction(VersionedModel):
    """A response action of a risk: what is done, by whom, by when."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="actions", editable=False)
    scope = models.ForeignKey("core.Scope", on_delete=models.CASCADE, related_name="+", editable=False)
    title = models.CharField(max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["risk", "status", "due_date", "id"]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: dt.date | None = None) -> bool:
        """Open and past its due date."""
        today = today or timezone.localdate()
        return self.status == ActionStatus.OPEN and self.due_date is not None and self.due_date < today

    @property
    def overdue(self) -> bool:
        """:meth:`is_overdue` today (for templates and the API)."""
        return self.is_overdue()


class RiskScore(models.Model):
    """A risk's scores after one change (written by the services; never edited)."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="scores", editable=False)
    scope = models.ForeignKey("core.Scope", on_delete=models.CASCADE, related_name="+", editable=False)
    at = models.DateTimeField(default=timezone.now, editable=False)
    score = models.PositiveSmallIntegerField(editable=False)
    residual_score = models.PositiveSmallIntegerField(null=True, editable=False)
    current_score = models.PositiveSmallIntegerField(editable=False)
    zone = models.CharField(max_length=8, choices=Zone.choices, editable=False)
    exposure = models.DecimalField(**MONEY, default=Decimal("0.00"), editable=False)
    status = models.CharField(max_length=8, choices=RiskStatus.choices, editable=False)

    class Meta:
        ordering = ["risk", "at", "id"]
        indexes = [models.Index(fields=["scope", "at"], name="risks_score_scope_at")]

    def __str__(self) -> str:
        return f"{self.risk_id} scored {self.current_score} at {self.at:%Y-%m-%d %H:%M}"
