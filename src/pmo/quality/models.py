"""Deliverables with their acceptance criteria and linked tasks, quality reviews (with checklists
copied from templates), defects, and checklist templates attached to a portfolio, program or project."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from pmo.core.models import VersionedModel
from pmo.quality.choices import DefectStatus, DeliverableStatus, ItemResult, ReviewResult, Severity
from pmo.quality.validators import validate_text_list


class ChecklistTemplate(VersionedModel):
    """A reusable quality checklist attached to a portfolio, program or project.

    It applies to every project at or below its ``scope``; a review copies its ``items`` (so later
    changes to the template do not rewrite past reviews). Managers of the scope maintain it.
    """

    scope = models.ForeignKey("core.Scope", on_delete=models.CASCADE, related_name="+", editable=False)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    items = models.JSONField(default=list, validators=[validate_text_list])

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """A checklist has at least one item."""
        if isinstance(self.items, list) and not self.items:
            raise ValidationError({"items": "A checklist needs at least one item."})


class Deliverable(VersionedModel):
    """Something the project hands over, accepted (or rejected) by its named ``acceptor``.

    ``rejections`` counts the acceptor's rejections (a deliverable accepted with none, whose first
    review did not fail, was accepted first time: the first-pass acceptance rate).
    """

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="deliverables", editable=False
    )
    scope = models.ForeignKey("core.Scope", on_delete=models.CASCADE, related_name="+", editable=False)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    acceptance_criteria = models.JSONField(default=list, blank=True, validators=[validate_text_list])
    tasks = models.ManyToManyField("projects.Task", blank=True, related_name="deliverables")
    acceptor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The person who signs the deliverable off.",
    )
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=16, choices=DeliverableStatus.choices, default=DeliverableStatus.PLANNED
    )
    rejections = models.PositiveSmallIntegerField(default=0)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_comment = models.TextField(blank=True)

    class Meta:
        ordering = ["project", "due_date", "name", "id"]

    def __str__(self) -> str:
        return self.name


class QualityReview(VersionedModel):
    """A quality review of a deliverable: who reviewed it when, the result and the defects found.

    ``checklist_name`` and the :class:`ChecklistItem` rows are a copy of the template used (if any).
    """

    deliverable = models.ForeignKey(
        Deliverable, on_delete=models.CASCADE, related_name="reviews", editable=False
    )
    scope = models.ForeignKey("core.Scope", on_delete=models.CASCADE, related_name="+", editable=False)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_date = models.DateField()
    result = models.CharField(max_length=24, choices=ReviewResult.choices)
    defects_found = models.PositiveIntegerField(default=0)
    notes = models.TextField(blank=True)
    checklist_template = models.ForeignKey(
        ChecklistTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    checklist_name = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["deliverable", "review_date", "id"]

    def __str__(self) -> str:
        return f"Review of {self.deliverable} on {self.review_date}"


class ChecklistItem(models.Model):
    """One item of a review's checklist (copied from the template) and its result."""

    review = models.ForeignKey(QualityReview, on_delete=models.CASCADE, related_name="checklist_items")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=500)
    result = models.CharField(max_length=16, choices=ItemResult.choices, default=ItemResult.OPEN)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["review", "position"]
        constraints = [
            models.UniqueConstraint(fields=["review", "position"], name="quality_item_position"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.text}: {self.get_result_display()}"


class Defect(VersionedModel):
    """A defect of a deliverable, optionally found in one of its reviews; open until closed."""

    deliverable = models.ForeignKey(
        Deliverable, on_delete=models.CASCADE, related_name="defects", editable=False
    )
    scope = models.ForeignKey("core.Scope", on_delete=models.CASCADE, related_name="+", editable=False)
    review = models.ForeignKey(
        QualityReview,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="defects",
        help_text="The review that found it.",
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    severity = models.CharField(max_length=16, choices=Severity.choices, default=Severity.MEDIUM)
    status = models.CharField(max_length=16, choices=DefectStatus.choices, default=DefectStatus.OPEN)
    closed_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["deliverable", "id"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        """A closed defect has a closed date; an open one has none."""
        if self.status == DefectStatus.CLOSED and self.closed_date is None:
            raise ValidationError({"closed_date": "A closed defect needs its closed date."})
        if self.status == DefectStatus.OPEN and self.closed_date is not None:
            raise ValidationError({"closed_date": "An open defect has no closed date."})
