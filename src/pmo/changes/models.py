"""Change requests of a project and the project's approval thresholds.

A change request carries its proposed changes to the plan as a list of operations
(:mod:`pmo.changes.operations` validates them), and the last impact assessment
(:mod:`pmo.changes.adapters`), from which the required authority follows
(:func:`pmo.changes.routing.required_authority`).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models

from pmo.changes.choices import Authority, ChangeCategory, ChangeStatus
from pmo.core.models import VersionedModel


class ChangeAuthority(VersionedModel):
    """The approval thresholds of one project (created with defaults on first use).

    A change whose delay (calendar days the project finish moves later) and cost increase are
    both within the project manager's limits is the project manager's to decide; within the
    board's limits, the change board's; above them, the sponsor's.
    """

    project = models.OneToOneField(
        "projects.Project", on_delete=models.CASCADE, related_name="change_authority", editable=False
    )
    scope = models.ForeignKey("core.Scope", on_delete=models.CASCADE, related_name="+", editable=False)
    manager_max_days = models.PositiveIntegerField(
        default=5, help_text="Delay (days) the project manager may approve."
    )
    manager_max_cost = models.DecimalField(
        max_digits=16,
        decimal_places=2,
        default=Decimal("10000"),
        help_text="Cost increase the project manager may approve.",
    )
    board_max_days = models.PositiveIntegerField(
        default=20, help_text="Delay (days) the change board may approve."
    )
    board_max_cost = models.DecimalField(
        max_digits=16,
        decimal_places=2,
        default=Decimal("100000"),
        help_text="Cost increase the change board may approve.",
    )
    board_members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        help_text="The change board; when empty, the managers of the project's program (or portfolio).",
    )
    sponsor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Decides above the board's limits; when empty, the sponsor named in the charter.",
    )

    class Meta:
        ordering = ["project"]
        verbose_name_plural = "change authorities"

    def __str__(self) -> str:
        return f"Change authority of {self.project}"


class ChangeRequest(VersionedModel):
    """A request to change a project's plan, with its impact, decision and application."""

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="change_requests", editable=False
    )
    scope = models.ForeignKey("core.Scope", on_delete=models.CASCADE, related_name="+", editable=False)
    number = models.PositiveIntegerField(editable=False, help_text="CR-1, CR-2... within the project.")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    reason = models.TextField(blank=True, help_text="Why the change is needed.")
    category = models.CharField(max_length=12, choices=ChangeCategory.choices, default=ChangeCategory.SCOPE)
    status = models.CharField(
        max_length=12, choices=ChangeStatus.choices, default=ChangeStatus.DRAFT, editable=False
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    operations = models.JSONField(default=list, blank=True, help_text="The proposed changes to the plan.")
    assessment = models.JSONField(null=True, blank=True, editable=False)
    assessed_at = models.DateTimeField(null=True, blank=True, editable=False)
    required_authority = models.CharField(
        max_length=16, choices=Authority.choices, blank=True, default="", editable=False
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    decision_comment = models.TextField(blank=True, editable=False)
    rebaseline = models.BooleanField(
        default=False, editable=False, help_text="Save the baseline over when applied."
    )
    baseline_number = models.PositiveSmallIntegerField(default=0, editable=False)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    applied_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["project", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="changes_request_number"),
        ]

    def __str__(self) -> str:
        return f"CR-{self.number} {self.title}"

    @property
    def code(self) -> str:
        """``CR-<number>``."""
        return f"CR-{self.number}"
