"""Inputs and runs of the Monte Carlo risk analysis of a project.

- :class:`TaskEstimate`: a leaf task's three-point duration (working minutes) and distribution, an
  optional three-point cost (percent of the task's planned cost), and its correlation group;
- :class:`CorrelationGroup`: tasks whose durations move together (one rank correlation);
- :class:`SimulationRun`: one run, with the inputs it used, its seed, settings, engine version and
  results (compact JSON), so it can be shown and re-run identically later.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from pmo.core.models import VersionedModel
from pmo.simulations.choices import DistributionChoice, RunStatus

PERCENT: dict[str, Any] = {"max_digits": 7, "decimal_places": 2, "null": True, "blank": True}


class CorrelationGroup(VersionedModel):
    """Tasks of one project whose durations are rank-correlated with each other by ``coefficient``."""

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="correlation_groups", editable=False
    )
    scope = models.ForeignKey("core.Scope", on_delete=models.CASCADE, related_name="+", editable=False)
    name = models.CharField(max_length=120)
    coefficient = models.DecimalField(
        max_digits=3,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("0.95"))],
        help_text="Rank (Spearman) correlation between every two tasks of the group, 0 to 0.95.",
    )

    class Meta:
        ordering = ["project", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="simulations_group_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} (ρ {self.coefficient})"


class TaskEstimate(VersionedModel):
    """Three-point duration estimate of one leaf task (working minutes), with optional cost range."""

    task = models.OneToOneField(
        "projects.Task", on_delete=models.CASCADE, related_name="risk_estimate", editable=False
    )
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="risk_estimates", editable=False
    )
    scope = models.ForeignKey("core.Scope", on_delete=models.CASCADE, related_name="+", editable=False)
    minimum_minutes = models.PositiveIntegerField()
    most_likely_minutes = models.PositiveIntegerField()
    maximum_minutes = models.PositiveIntegerField()
    distribution = models.CharField(
        max_length=12, choices=DistributionChoice.choices, default=DistributionChoice.TRIANGULAR
    )
    cost_minimum_percent = models.DecimalField(**PERCENT, help_text="Lowest cost, % of the planned cost.")
    cost_most_likely_percent = models.DecimalField(**PERCENT, help_text="Most likely cost, % of the plan.")
    cost_maximum_percent = models.DecimalField(**PERCENT, help_text="Highest cost, % of the planned cost.")
    group = models.ForeignKey(
        CorrelationGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="estimates"
    )

    class Meta:
        ordering = ["project", "task__position"]

    def __str__(self) -> str:
        return f"Estimate of {self.task}"

    def clean(self) -> None:
        """minimum ≤ most likely ≤ maximum (lognormal: strictly); the cost range likewise, all or none."""
        if self.minimum_minutes > self.most_likely_minutes:
            raise ValidationError({"minimum_minutes": "The minimum is more than the most likely duration."})
        if self.most_likely_minutes > self.maximum_minutes:
            raise ValidationError({"maximum_minutes": "The maximum is less than the most likely duration."})
        cost = (self.cost_minimum_percent, self.cost_most_likely_percent, self.cost_maximum_percent)
        if any(value is not None for value in cost):
            if any(value is None for value in cost):
                raise ValidationError({"cost_minimum_percent": "Give all three cost percentages, or none."})
            low, likely, high = (value or Decimal(0) for value in cost)
            if low > likely:
                raise ValidationError(
                    {"cost_minimum_percent": "The lowest cost is more than the most likely."}
                )
            if likely > high:
                raise ValidationError(
                    {"cost_maximum_percent": "The highest cost is less than the most likely."}
                )

    @property
    def has_cost_range(self) -> bool:
        """Whether the task's cost is uncertain too."""
        return self.cost_most_likely_percent is not None


class SimulationRun(VersionedModel):
    """One Monte Carlo run of a project: what went in, how it ran, what came out."""

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="simulation_runs", editable=False
    )
    scope = models.ForeignKey("core.Scope", on_delete=models.CASCADE, related_name="+", editable=False)
    number = models.PositiveIntegerField(editable=False)
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    job = models.ForeignKey(
        "core.BackgroundJob",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    seed = models.BigIntegerField(editable=False)
    iterations = models.PositiveIntegerField(editable=False)
    deadline = models.DateField(null=True, blank=True, editable=False)
    note = models.CharField(max_length=200, blank=True)
    inputs = models.JSONField(default=dict, editable=False, help_text="The model the run used.")
    run_settings = models.JSONField(default=dict, editable=False, help_text="Settings of the engine run.")
    engine_version = models.CharField(max_length=100, blank=True, editable=False)
    results = models.JSONField(default=dict, blank=True, editable=False)
    error = models.CharField(max_length=500, blank=True, editable=False)
    rerun_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    finished_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["project", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="simulations_run_unique_number"),
        ]

    def __str__(self) -> str:
        return f"Run {self.number} of {self.project}"

    @property
    def is_finished(self) -> bool:
        """Whether the run succeeded or failed (it will not change any more)."""
        return self.status in (RunStatus.SUCCEEDED, RunStatus.FAILED)
