"""The WBS: tasks (summary tasks, tasks, milestones) and the links between them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models

from pmo.core.models import VersionedModel
from pmo.projects.choices import DATED_CONSTRAINTS, ConstraintType, LinkType


class Task(VersionedModel):
    """One row of a project's WBS.

    ``position`` is the row number users see and type in predecessor text (Microsoft Project's
    "ID"): 1, 2, 3... in outline order. ``parent``, ``outline_level`` and ``wbs`` ("1.2.3") follow
    from the outline; a task with children is a summary task (``is_summary``), whose dates the
    engine rolls up. Durations are working minutes of the task's calendar (or elapsed minutes).

    The fields after ``extra`` are written by the live schedule (``projects.adapters``), never by a
    user: the scheduled dates, slack and critical flags of the engine's last answer.
    """

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="tasks")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children", editable=False
    )
    position = models.PositiveIntegerField(editable=False)
    outline_level = models.PositiveSmallIntegerField(default=1, editable=False)
    wbs = models.CharField(max_length=64, blank=True, editable=False)
    is_summary = models.BooleanField(default=False, editable=False)

    name = models.CharField(max_length=255)
    notes = models.TextField(blank=True)
    duration_minutes = models.PositiveIntegerField(default=480)
    duration_elapsed = models.BooleanField(default=False, help_text="The duration is calendar time.")
    estimated = models.BooleanField(default=False, help_text='The duration is an estimate ("5d?").')
    is_milestone = models.BooleanField(default=False)
    is_manual = models.BooleanField(
        default=False, help_text="Manually scheduled: the task keeps the start and finish typed for it."
    )
    manual_start = models.DateTimeField(null=True, blank=True)
    manual_finish = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(
        default=True, help_text="An inactive task stays in the plan but does not drive the schedule."
    )
    constraint_type = models.CharField(
        max_length=4, choices=ConstraintType.choices, default=ConstraintType.ASAP
    )
    constraint_date = models.DateTimeField(null=True, blank=True)
    deadline = models.DateTimeField(null=True, blank=True)
    calendar = models.ForeignKey(
        "projects.WorkCalendar", null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    priority = models.PositiveSmallIntegerField(
        default=500, validators=[MaxValueValidator(1000)], help_text="0–1000; leveling delays lower first."
    )
    level_exempt = models.BooleanField(default=False, help_text="Do not level this task.")

    percent_complete = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(100)])
    actual_start = models.DateTimeField(null=True, blank=True)
    actual_finish = models.DateTimeField(null=True, blank=True)
    remaining_minutes = models.PositiveIntegerField(null=True, blank=True)

    extra = models.JSONField(
        default=dict,
        blank=True,
        help_text="Fields of imported files that pmo does not model, kept for export.",
    )

    start = models.DateTimeField(null=True, blank=True, editable=False)
    finish = models.DateTimeField(null=True, blank=True, editable=False)
    early_start = models.DateTimeField(null=True, blank=True, editable=False)
    early_finish = models.DateTimeField(null=True, blank=True, editable=False)
    late_start = models.DateTimeField(null=True, blank=True, editable=False)
    late_finish = models.DateTimeField(null=True, blank=True, editable=False)
    scheduled_minutes = models.PositiveIntegerField(null=True, blank=True, editable=False)
    total_slack = models.IntegerField(null=True, blank=True, editable=False)
    free_slack = models.IntegerField(null=True, blank=True, editable=False)
    is_critical = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["project", "position"]
        indexes = [models.Index(fields=["project", "position"], name="projects_task_position")]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"

    def clean(self) -> None:
        """A dated constraint needs its date; actual finish not before actual start."""
        errors: dict[str, str] = {}
        if self.constraint_type in DATED_CONSTRAINTS and self.constraint_date is None:
            errors["constraint_date"] = f"A {self.get_constraint_type_display()} constraint needs a date."
        if self.actual_start and self.actual_finish and self.actual_finish < self.actual_start:
            errors["actual_finish"] = "The actual finish cannot be before the actual start."
        if self.actual_finish and not self.actual_start:
            errors["actual_start"] = "A finished task needs an actual start."
        if errors:
            raise ValidationError(errors)


class Link(models.Model):
    """A dependency: ``successor`` depends on ``predecessor`` by ``type``, with a lag.

    The lag is working minutes of the successor's calendar, elapsed minutes (``lag_elapsed``), or
    a percentage of the predecessor's duration (``lag_percent``; then ``lag_minutes`` is ignored).
    Negative lags are leads.
    """

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="links")
    predecessor = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="successor_links")
    successor = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="predecessor_links")
    type = models.CharField(max_length=2, choices=LinkType.choices, default=LinkType.FS)
    lag_minutes = models.IntegerField(default=0)
    lag_elapsed = models.BooleanField(default=False)
    lag_percent = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["successor", "id"]
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="projects_link_unique_pair"),
            models.CheckConstraint(
                condition=~models.Q(predecessor=models.F("successor")), name="projects_link_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor_id}{self.type}→{self.successor_id}"
