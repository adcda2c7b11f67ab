"""A lesson learned on a project: what happened, its impact, the root cause and a recommendation."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from pmo.core.models import VersionedModel
from pmo.knowledge.choices import LessonCategory, LessonKind
from pmo.knowledge.validators import validate_tags

#: The text fields the full-text search reads (with ``tags``), in weight order.
SEARCHED_FIELDS = ("title", "what_happened", "impact", "root_cause", "recommendation")


class Lesson(VersionedModel):
    """One entry of a project's lessons-learned register.

    ``scope`` is the project's scope (for the permission-scoped selectors). The search index is
    kept by the database (PostgreSQL: a generated ``tsvector`` column) or by the services (SQLite:
    the FTS5 table ``knowledge_lesson_fts``); see :mod:`pmo.knowledge.fulltext`.
    """

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="lessons", editable=False
    )
    scope = models.ForeignKey("core.Scope", on_delete=models.CASCADE, related_name="+", editable=False)
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=LessonKind.choices, default=LessonKind.TO_IMPROVE)
    category = models.CharField(max_length=16, choices=LessonCategory.choices, default=LessonCategory.OTHER)
    what_happened = models.TextField(help_text="What happened, in a few sentences.")
    impact = models.TextField(blank=True, help_text="What it did to schedule, cost, quality or people.")
    root_cause = models.TextField(blank=True)
    recommendation = models.TextField(blank=True, help_text="What the next project should do.")
    tags = models.JSONField(default=list, blank=True, validators=[validate_tags])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ["project", "-created_at", "id"]

    def __str__(self) -> str:
        return self.title
