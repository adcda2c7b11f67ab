"""Private, revocable iCalendar feeds of a project's milestones."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from pmo.core.models import VersionedModel


class CalendarFeed(VersionedModel):
    """A secret feed URL: only the SHA-256 of its token is stored; revoking it kills the URL."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="feeds")
    name = models.CharField(max_length=100, blank=True)
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name or f"Feed {self.uid}"
