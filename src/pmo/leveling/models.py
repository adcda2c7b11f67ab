"""A leveling run: the proposal of :mod:`pmo.engine.leveling` for a project, program or portfolio.

The run keeps what it proposes (``changes``: one entry per moved task, with its old and new start,
its delay and the resource conflict that caused it), a fingerprint of the plans it read
(``signature``, to refuse applying a stale preview) and, once applied, the constraint each task
had before (so undo restores it).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from pmo.core.models import VersionedModel
from pmo.leveling.choices import LevelingMode, RunStatus


class LevelingRun(VersionedModel):
    """One leveling of the projects under ``scope`` (a project, program or portfolio scope)."""

    scope = models.ForeignKey("core.Scope", on_delete=models.CASCADE, related_name="+", editable=False)
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.PREVIEWED)
    mode = models.CharField(max_length=10, choices=LevelingMode.choices, default=LevelingMode.HEURISTIC)
    time_limit = models.PositiveIntegerField(null=True, blank=True, help_text="Seconds (improving mode).")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signature = models.JSONField(default=dict, blank=True, help_text="Project id → plan fingerprint.")
    changes = models.JSONField(default=list, blank=True, help_text="The moved tasks (see the module).")
    summary = models.JSONField(default=dict, blank=True, help_text="Finishes before/after, engine figures.")

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Leveling run {self.uid} ({self.status})"
