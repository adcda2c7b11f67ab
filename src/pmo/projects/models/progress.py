"""Progress history: every progress update of a task, as entered."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ProgressEntry(models.Model):
    """One progress update of a task (append-only): what was reported, by whom, when."""

    task = models.ForeignKey("projects.Task", on_delete=models.CASCADE, related_name="progress_entries")
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status_date = models.DateField(null=True, blank=True)
    percent_complete = models.PositiveSmallIntegerField()
    actual_start = models.DateTimeField(null=True, blank=True)
    actual_finish = models.DateTimeField(null=True, blank=True)
    remaining_minutes = models.PositiveIntegerField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        verbose_name_plural = "progress entries"

    def __str__(self) -> str:
        return f"{self.task_id}: {self.percent_complete}% at {self.recorded_at:%Y-%m-%d %H:%M}"
