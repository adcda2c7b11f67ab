"""Writes of lessons learned (``lesson_<verb>``, one transaction each, audited).

Roles (``docs/authz/knowledge.yaml``): contributors of the project record and edit lessons,
managers also delete them. The SQLite search index follows every write in the same transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from pmo.accounts.choices import Role
from pmo.accounts.selectors import require_role
from pmo.core.errors import DomainRuleError
from pmo.core.services import instance_create, instance_delete, instance_update
from pmo.knowledge.choices import LessonCategory, LessonKind
from pmo.knowledge.fulltext import index_lesson, unindex_lesson
from pmo.knowledge.models import Lesson
from pmo.knowledge.validators import normalise_tags
from pmo.projects.models import Project

#: What a contributor may change on a lesson.
LESSON_FIELDS = (
    "title",
    "kind",
    "category",
    "what_happened",
    "impact",
    "root_cause",
    "recommendation",
    "tags",
)


def _refuse_unknown(data: Mapping[str, Any]) -> None:
    unknown = sorted(set(data) - set(LESSON_FIELDS))
    if unknown:
        raise DomainRuleError(f"read-only or unknown field: {', '.join(unknown)}", field=unknown[0])


def _clean_texts(data: Mapping[str, Any]) -> dict[str, Any]:
    cleaned = dict(data)
    for name in ("title", "what_happened", "impact", "root_cause", "recommendation"):
        if isinstance(cleaned.get(name), str):
            cleaned[name] = cleaned[name].strip()
    if "tags" in cleaned:
        cleaned["tags"] = normalise_tags(cleaned["tags"])
    return cleaned


def lesson_create(
    *,
    actor: Any,
    project: Project,
    title: str,
    what_happened: str,
    kind: str = LessonKind.TO_IMPROVE,
    category: str = LessonCategory.OTHER,
    impact: str = "",
    root_cause: str = "",
    recommendation: str = "",
    tags: list[str] | None = None,
) -> Lesson:
    """Record a lesson on ``project`` (contributor); tags are lower-cased and de-duplicated."""
    require_role(actor, project.scope, Role.CONTRIBUTOR)
    values = _clean_texts(
        {
            "title": title,
            "what_happened": what_happened,
            "kind": kind,
            "category": category,
            "impact": impact,
            "root_cause": root_cause,
            "recommendation": recommendation,
            "tags": [] if tags is None else tags,
        }
    )
    with transaction.atomic():
        lesson = Lesson(project=project, scope=project.scope, created_by=actor, **values)
        created = instance_create(actor=actor, instance=lesson, scope=project.scope)
        index_lesson(created)
    return created


def lesson_update(
    *, actor: Any, lesson: Lesson, data: Mapping[str, Any], expected_version: int | None
) -> Lesson:
    """Change a lesson's texts, kind, category or tags (contributor)."""
    require_role(actor, lesson.scope, Role.CONTRIBUTOR)
    _refuse_unknown(data)
    with transaction.atomic():
        updated, changes = instance_update(
            actor=actor,
            instance=lesson,
            data=_clean_texts(data),
            expected_version=expected_version,
            scope=lesson.scope,
        )
        if changes:
            index_lesson(updated)
    return updated


def lesson_delete(*, actor: Any, lesson: Lesson, expected_version: int | None) -> None:
    """Delete a lesson (manager)."""
    require_role(actor, lesson.scope, Role.MANAGER)
    lesson_id = lesson.pk
    with transaction.atomic():
        instance_delete(actor=actor, instance=lesson, expected_version=expected_version, scope=lesson.scope)
        unindex_lesson(lesson_id)
