"""Baselines 0–10: saved copies of the schedule to compare against."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models

from pmo.core.models import VersionedModel


class Baseline(VersionedModel):
    """A saved baseline of a project (number 0–10, as Microsoft Project)."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="baselines")
    number = models.PositiveSmallIntegerField(validators=[MaxValueValidator(10)])
    name = models.CharField(max_length=100, blank=True)
    saved_at = models.DateTimeField()
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    project_start = models.DateTimeField(null=True, blank=True)
    project_finish = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["project", "number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="projects_baseline_unique_number")
        ]

    def __str__(self) -> str:
        return f"Baseline {self.number}" + (f" ({self.name})" if self.name else "")


class BaselineTask(models.Model):
    """One task's values in a baseline. ``cost`` and ``work_minutes`` come with the cost issue."""

    baseline = models.ForeignKey(Baseline, on_delete=models.CASCADE, related_name="tasks")
    task = models.ForeignKey("projects.Task", on_delete=models.CASCADE, related_name="baseline_values")
    start = models.DateTimeField(null=True, blank=True)
    finish = models.DateTimeField(null=True, blank=True)
    duration_minutes = models.PositiveIntegerField(null=True, blank=True)
    work_minutes = models.PositiveIntegerField(null=True, blank=True)
    cost = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["baseline", "task"], name="projects_baselinetask_unique")
        ]

    def __str__(self) -> str:
        return f"{self.baseline_id}/{self.task_id}"
