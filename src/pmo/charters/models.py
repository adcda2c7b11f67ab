"""The project charter: objectives, scope in and out, success criteria, assumptions, constraints,
sponsor and project manager, and the sponsor's decisions on it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from pmo.charters.choices import CharterStatus, DecisionKind
from pmo.core.models import VersionedModel
from pmo.quality.validators import validate_text_list

#: The list fields of a charter: each holds a list of short texts, one item per entry.
LIST_FIELDS: tuple[str, ...] = ("scope_in", "scope_out", "success_criteria", "assumptions", "constraints")


class Charter(VersionedModel):
    """The charter of one project (at most one; it is created on its first edit).

    ``scope`` is the project's scope, so the charter is read through the same permission-scoped
    selectors as the project. ``approved_version`` is the version of the charter the sponsor last
    approved (its content is kept in that approval's :class:`CharterDecision`); while the charter
    is approved it equals ``version``.
    """

    project = models.OneToOneField(
        "projects.Project", on_delete=models.CASCADE, related_name="charter", editable=False
    )
    scope = models.ForeignKey("core.Scope", on_delete=models.CASCADE, related_name="+", editable=False)
    status = models.CharField(max_length=16, choices=CharterStatus.choices, default=CharterStatus.DRAFT)
    purpose = models.TextField(blank=True, help_text="Why the project exists: background and business need.")
    scope_in = models.JSONField(default=list, blank=True, validators=[validate_text_list])
    scope_out = models.JSONField(default=list, blank=True, validators=[validate_text_list])
    success_criteria = models.JSONField(default=list, blank=True, validators=[validate_text_list])
    assumptions = models.JSONField(default=list, blank=True, validators=[validate_text_list])
    constraints = models.JSONField(default=list, blank=True, validators=[validate_text_list])
    sponsor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The person who approves the charter.",
    )
    project_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_version = models.PositiveIntegerField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["project"]

    def __str__(self) -> str:
        return f"Charter of {self.project}"

    @property
    def approved_content_data(self) -> dict[str, Any] | None:
        """The content of the approved version (kept with its approval), or ``None``.

        Uses prefetched ``decisions`` when the caller loaded them (lists), else one query.
        """
        if self.approved_version is None:
            return None
        prefetched = getattr(self, "_prefetched_objects_cache", {}).get("decisions")
        decisions = (
            prefetched if prefetched is not None else self.decisions.filter(kind=DecisionKind.APPROVED)
        )
        for decision in decisions:
            if decision.kind == DecisionKind.APPROVED and decision.charter_version == self.approved_version:
                return dict(decision.content)
        return None


class Objective(models.Model):
    """A measurable objective of a charter: what, how it is measured, the target and when.

    Objectives are part of the charter (edited, versioned and audited with it), in ``position``
    order.
    """

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="objectives")
    position = models.PositiveSmallIntegerField()
    description = models.CharField(max_length=300)
    measure = models.CharField(max_length=200, help_text="How it is measured, e.g. 'orders per day'.")
    target_value = models.DecimalField(max_digits=16, decimal_places=4)
    unit = models.CharField(max_length=40, blank=True, help_text="e.g. %, EUR, days (blank for a count).")
    due_date = models.DateField()

    class Meta:
        ordering = ["charter", "position"]
        constraints = [
            models.UniqueConstraint(fields=["charter", "position"], name="charters_objective_position"),
        ]

    def __str__(self) -> str:
        target = f"{self.target_value.normalize():f}{self.unit}"
        return f"{self.description}: {self.measure} {target} by {self.due_date}"

    def as_data(self) -> dict[str, Any]:
        """The objective as plain data (audit trail, approved snapshot, API)."""
        return {
            "description": self.description,
            "measure": self.measure,
            "target_value": f"{self.target_value.normalize():f}",
            "unit": self.unit,
            "due_date": self.due_date.isoformat(),
        }


class CharterDecision(models.Model):
    """One step of a charter's approval flow: a submission, an approval or a return.

    Written by the services only, never edited. ``charter_version`` is the version the step
    produced; an approval keeps the approved ``content`` so the approved charter can always be shown.
    """

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(max_length=16, choices=DecisionKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    comment = models.TextField(blank=True)
    charter_version = models.PositiveIntegerField()
    content = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} by {self.actor or 'the system'} at {self.at:%Y-%m-%d %H:%M}"
