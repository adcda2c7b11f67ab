"""Serializers of lessons learned: one output shape, and an input allow-list per write."""

from __future__ import annotations

from typing import Any, ClassVar

from rest_framework import serializers

from pmo.core.api.serializers import StrictInputSerializer
from pmo.knowledge.choices import LessonCategory, LessonKind
from pmo.knowledge.models import Lesson
from pmo.knowledge.validators import MAX_TAGS, TAG_MAX_LENGTH
from pmo.projects.selectors import projects_visible
from pmo.quality.api.fields import VisibleObjectField

ETAG_HELP = "Send it back in If-Match to change this object."


class LessonSerializer(serializers.ModelSerializer[Lesson]):
    """A lesson learned as the API shows it."""

    project: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="uid", read_only=True, help_text="Public id of the project."
    )
    project_code = serializers.CharField(source="project.code", read_only=True)
    tags = serializers.ListField(child=serializers.CharField(), read_only=True)
    created_by: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True, help_text="Who recorded it."
    )
    etag = serializers.CharField(read_only=True, help_text=ETAG_HELP)

    class Meta:
        model = Lesson
        fields = (
            "uid",
            "project",
            "project_code",
            "title",
            "kind",
            "category",
            "what_happened",
            "impact",
            "root_cause",
            "recommendation",
            "tags",
            "created_by",
            "version",
            "etag",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


class _LessonFields(StrictInputSerializer):
    read_only_hints: ClassVar[dict[str, str]] = {
        "created_by": "Set to whoever records the lesson.",
        "project_code": "Read-only.",
    }
    title = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=LessonKind.choices, default=LessonKind.TO_IMPROVE)
    category = serializers.ChoiceField(choices=LessonCategory.choices, default=LessonCategory.OTHER)
    what_happened = serializers.CharField()
    impact = serializers.CharField(allow_blank=True, default="")
    root_cause = serializers.CharField(allow_blank=True, default="")
    recommendation = serializers.CharField(allow_blank=True, default="")
    tags = serializers.ListField(
        child=serializers.CharField(max_length=TAG_MAX_LENGTH),
        max_length=MAX_TAGS,
        default=list,
        help_text="Short labels (letters, digits, spaces and . + # -); stored lower-case.",
    )


class LessonCreateSerializer(_LessonFields):
    """Body of ``POST /lessons/``."""

    project = VisibleObjectField(
        visible=projects_visible, noun="project", help_text="Public id of the project."
    )


class LessonUpdateSerializer(_LessonFields):
    """Body of ``PUT``/``PATCH /lessons/{uid}/``."""

    read_only_hints = {**_LessonFields.read_only_hints, "project": "A lesson stays with its project."}
