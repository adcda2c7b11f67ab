"""The earning rule of a task and the cached earned value of a project.

:class:`EarningRule` is edited by project managers (a task without one earns by % complete).
:class:`EarnedValueSnapshot` is derived data: the figures and the monthly S-curve of one project
at its status date, stored with a fingerprint of every input so that roll-ups over hundreds of
projects read one row each instead of recomputing (see :mod:`pmo.performance.fingerprints`).
"""

from __future__ import annotations

from django.db import models

from pmo.core.models import VersionedModel
from pmo.performance.choices import EarningMethod


class EarningRule(VersionedModel):
    """How one task earns value; ``milestones`` are the steps of the weighted-milestones method.

    Each step is ``{"name": str, "weight": number ≥ 0, "achieved": "YYYY-MM-DD" | null}``.
    """

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="+", editable=False
    )
    scope = models.ForeignKey("core.Scope", on_delete=models.CASCADE, related_name="+", editable=False)
    task = models.OneToOneField(
        "projects.Task", on_delete=models.CASCADE, related_name="earning_rule", editable=False
    )
    method = models.CharField(
        max_length=12, choices=EarningMethod.choices, default=EarningMethod.PERCENT_COMPLETE
    )
    milestones = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["project", "task__position"]

    def __str__(self) -> str:
        return f"{self.get_method_display()} for {self.task}"


class EarnedValueSnapshot(models.Model):
    """The earned value of a project as last computed, valid while ``fingerprint`` matches."""

    project = models.OneToOneField(
        "projects.Project", on_delete=models.CASCADE, related_name="earned_value_snapshot", editable=False
    )
    fingerprint = models.CharField(max_length=64, editable=False)
    status_date = models.DateField(editable=False)
    figures = models.JSONField(default=dict, editable=False)
    series = models.JSONField(default=dict, editable=False)
    computed_at = models.DateTimeField(auto_now=True, editable=False)

    def __str__(self) -> str:
        return f"Earned value of {self.project_id} at {self.status_date}"
