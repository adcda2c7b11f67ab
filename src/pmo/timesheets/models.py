"""A person's weekly timesheet, its entries (minutes per task and day) and the per-project setting
"approved actual work updates task progress"."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from pmo.core.models import VersionedModel
from pmo.timesheets.choices import SheetStatus


class Timesheet(VersionedModel):
    """One user's week, Monday to Sunday (``week_start`` is the Monday).

    The sheet is personal (it has no scope): the owner edits and submits it; managers of *every*
    project it touches approve or return it (see ``docs/user/timesheets.md``).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="timesheets", editable=False
    )
    week_start = models.DateField(editable=False)
    status = models.CharField(max_length=16, choices=SheetStatus.choices, default=SheetStatus.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment = models.TextField(blank=True, help_text="Why the sheet was returned.")

    class Meta:
        ordering = ["user", "-week_start"]
        constraints = [
            models.UniqueConstraint(fields=["user", "week_start"], name="timesheets_one_sheet_per_week"),
        ]

    def __str__(self) -> str:
        return f"Timesheet of {self.user} for the week of {self.week_start:%Y-%m-%d}"

    def clean(self) -> None:
        """A week starts on a Monday."""
        if self.week_start and self.week_start.weekday() != 0:
            raise ValidationError({"week_start": f"{self.week_start:%Y-%m-%d} is not a Monday."})

    @property
    def week_end(self) -> dt.date:
        """The Sunday that ends the week."""
        return self.week_start + dt.timedelta(days=6)


class TimeEntry(models.Model):
    """Minutes worked on one task on one day of a sheet's week (one row per task and day)."""

    timesheet = models.ForeignKey(Timesheet, on_delete=models.CASCADE, related_name="entries")
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="+")
    task = models.ForeignKey("projects.Task", on_delete=models.CASCADE, related_name="time_entries")
    date = models.DateField()
    minutes = models.PositiveIntegerField()

    class Meta:
        ordering = ["timesheet", "task__position", "date"]
        constraints = [
            models.UniqueConstraint(fields=["timesheet", "task", "date"], name="timesheets_entry_task_day"),
        ]

    def __str__(self) -> str:
        return f"{self.minutes} min on {self.task} on {self.date:%Y-%m-%d}"


class ProjectTimesheetSettings(VersionedModel):
    """Per-project timesheet settings (a project without a row uses the defaults)."""

    project = models.OneToOneField(
        "projects.Project", on_delete=models.CASCADE, related_name="timesheet_settings", editable=False
    )
    update_progress = models.BooleanField(
        default=False,
        help_text="Approved actual work sets the tasks' actual start and % complete.",
    )

    def __str__(self) -> str:
        return f"Timesheet settings of {self.project}"
