"""The reporting settings of a project and its status reports.

A report rates six dimensions (:class:`~pmo.reporting.choices.Dimension`). For each it keeps the
RAG drafted from the data (``<dimension>_rag``), the manager's override (``<dimension>_override``,
blank when none) and the comment that justifies the override (``<dimension>_comment``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models

from pmo.core.models import VersionedModel
from pmo.reporting.choices import OVERRIDE_CHOICES, Cadence, Dimension, Rag, ReportStatus
from pmo.reporting.thresholds import defaults

#: The default anchor of weekly and fortnightly periods: a Friday, so periods end on Fridays.
DEFAULT_ANCHOR = dt.date(2024, 1, 5)
DIMENSIONS: tuple[str, ...] = tuple(Dimension.values)


class ReportingSettings(VersionedModel):
    """How often a project reports, when a report is overdue, and its RAG threshold rules."""

    project = models.OneToOneField(
        "projects.Project", on_delete=models.CASCADE, related_name="reporting_settings", editable=False
    )
    scope = models.ForeignKey("core.Scope", on_delete=models.CASCADE, related_name="+", editable=False)
    cadence = models.CharField(max_length=12, choices=Cadence.choices, default=Cadence.WEEKLY)
    anchor = models.DateField(
        default=DEFAULT_ANCHOR,
        help_text="Any date a weekly or fortnightly period ends on (monthly periods are calendar months).",
    )
    grace_days = models.PositiveSmallIntegerField(
        default=3,
        validators=[MaxValueValidator(60)],
        help_text="Days after a period's end before its missing report counts as overdue.",
    )
    thresholds = models.JSONField(default=defaults, help_text="RAG threshold rules by dimension.")

    class Meta:
        verbose_name_plural = "reporting settings"

    def __str__(self) -> str:
        return f"Reporting settings of {self.project}"


def _rag() -> models.CharField[Any, Any]:
    return models.CharField(max_length=8, choices=Rag.choices, default=Rag.NOT_ASSESSED)


def _override() -> models.CharField[Any, Any]:
    return models.CharField(max_length=8, choices=OVERRIDE_CHOICES, blank=True, default="")


def _comment() -> models.TextField[Any, Any]:
    return models.TextField(blank=True, default="", max_length=2000)


class StatusReport(VersionedModel):
    """The status report of a project for one period: drafted from the data, then submitted.

    ``data`` holds the figures of the last drafting; ``snapshot`` is frozen at submission with every
    figure, RAG and text the report shows, and never changes afterwards. The drafted RAGs, status
    and dates are written by the services only (the input serializers and forms leave them out);
    they are editable model fields so that the audit trail records their changes.
    """

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="status_reports", editable=False
    )
    scope = models.ForeignKey("core.Scope", on_delete=models.CASCADE, related_name="+", editable=False)
    period_start = models.DateField(editable=False)
    period_end = models.DateField(editable=False)
    status = models.CharField(max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    schedule_rag = _rag()
    schedule_override = _override()
    schedule_comment = _comment()
    cost_rag = _rag()
    cost_override = _override()
    cost_comment = _comment()
    scope_rag = _rag()
    scope_override = _override()
    scope_comment = _comment()
    quality_rag = _rag()
    quality_override = _override()
    quality_comment = _comment()
    risk_rag = _rag()
    risk_override = _override()
    risk_comment = _comment()
    resources_rag = _rag()
    resources_override = _override()
    resources_comment = _comment()
    summary = models.TextField(blank=True, default="", max_length=5000)
    achievements = models.TextField(blank=True, default="", max_length=5000)
    next_period = models.TextField(blank=True, default="", max_length=5000)
    decisions_needed = models.TextField(blank=True, default="", max_length=5000)
    data = models.JSONField(default=dict, blank=True, editable=False)
    drafted_at = models.DateTimeField(null=True, blank=True)
    snapshot = models.JSONField(default=dict, blank=True, editable=False)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["project", "-period_end"]
        constraints = [
            models.UniqueConstraint(fields=["project", "period_end"], name="reporting_report_unique_period"),
        ]
        indexes = [models.Index(fields=["project", "status", "-period_end"], name="reporting_latest")]

    def __str__(self) -> str:
        return f"Status report of {self.project.code} for the period ending {self.period_end:%Y-%m-%d}"

    @property
    def is_submitted(self) -> bool:
        """True once the report was submitted (it cannot change any more)."""
        return self.status == ReportStatus.SUBMITTED

    def final_rag(self, dimension: str) -> str:
        """The RAG shown for ``dimension``: the override when there is one, else the drafted one."""
        return str(getattr(self, f"{dimension}_override") or getattr(self, f"{dimension}_rag"))

    def dimensions(self) -> list[dict[str, Any]]:
        """Every dimension's key, label, drafted RAG, override, comment, final RAG and reason."""
        reasons = (self.data or {}).get("rag_reasons", {})
        return [
            {
                "key": key,
                "label": Dimension(key).label,
                "rag": getattr(self, f"{key}_rag"),
                "override": getattr(self, f"{key}_override"),
                "comment": getattr(self, f"{key}_comment"),
                "final": self.final_rag(key),
                "final_label": Rag(self.final_rag(key)).label,
                "reason": reasons.get(key, ""),
            }
            for key in DIMENSIONS
        ]
