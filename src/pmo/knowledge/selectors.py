"""Permission-scoped reads of lessons learned, and the search across every visible project."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from pmo.accounts.selectors import scoped
from pmo.core.selectors import get_visible
from pmo.knowledge import fulltext
from pmo.knowledge.models import Lesson
from pmo.knowledge.query import search_terms
from pmo.projects.models import Project

#: Most results of one search.
SEARCH_LIMIT = 50


def lessons_visible(user: Any) -> QuerySet[Lesson]:
    """Lessons of the projects the user may see."""
    queryset = Lesson.objects.select_related("project", "scope", "created_by")
    return scoped(queryset, user)


def lesson_get(user: Any, uid: Any, *, project: Project | None = None) -> Lesson:
    """One visible lesson (of ``project`` when given), or 404."""
    queryset = lessons_visible(user)
    if project is not None:
        queryset = queryset.filter(project=project)
    return get_visible(queryset, uid=uid)


def lessons_of(user: Any, project: Project) -> QuerySet[Lesson]:
    """The lessons of a project the caller fetched through ``project_get``, newest first."""
    return lessons_visible(user).filter(project=project).order_by("-created_at", "-id")


def filter_lessons(queryset: QuerySet[Lesson], filters: Mapping[str, Any]) -> QuerySet[Lesson]:
    """Narrow by ``category``, ``kind``, ``tag`` (exact, case-insensitive) and ``project`` (uid)."""
    if filters.get("category"):
        queryset = queryset.filter(category=filters["category"])
    if filters.get("kind"):
        queryset = queryset.filter(kind=filters["kind"])
    if filters.get("project"):
        queryset = queryset.filter(project__uid=filters["project"])
    tag = " ".join(str(filters.get("tag") or "").split()).lower()
    if tag:
        queryset = queryset.filter(pk__in=_ids_with_tag(queryset, tag))
    return queryset


def _ids_with_tag(queryset: QuerySet[Lesson], tag: str) -> list[int]:
    # JSON containment differs per database; the candidates are narrowed by text first.
    needle = json.dumps(tag)[1:-1] if connection.vendor == "sqlite" else tag  # SQLite stores \u escapes
    rows = queryset.filter(tags__icontains=needle).values_list("pk", "tags")
    return [pk for pk, tags in rows if tag in (tags or [])]


def search_queryset(queryset: QuerySet[Lesson], query: str) -> QuerySet[Lesson]:
    """The lessons of ``queryset`` (already scoped) matching every word or phrase of ``query``,
    best first, annotated with ``rank`` and ``snippet``; none when the query has no usable word."""
    terms = search_terms(query)
    if not terms:
        return queryset.none()
    return fulltext.search(queryset, terms)


@dataclass(frozen=True)
class LessonHit:
    """One search result: the lesson and a snippet of the text around the matched words."""

    lesson: Lesson
    snippet: SafeString


def _snippet_html(text: str) -> SafeString:
    marked = escape(text).replace(fulltext.MARK_START, "<mark>").replace(fulltext.MARK_END, "</mark>")
    return mark_safe(marked)  # noqa: S308 - escaped above; only our markers become tags


def lessons_search(user: Any, query: str, filters: Mapping[str, Any] | None = None) -> list[LessonHit]:
    """Lessons visible to ``user`` matching every word or quoted phrase of ``query``, best first.

    ``filters``: see :func:`filter_lessons`. A blank query lists the newest lessons; a query with no
    usable words (only punctuation or operators) finds nothing. The permission scope is always
    applied first, so a search never reaches another portfolio's lessons. At most
    :data:`SEARCH_LIMIT` results.
    """
    queryset = filter_lessons(lessons_visible(user), filters or {})
    if not (query or "").strip():
        newest = queryset.order_by("-created_at", "-id")[:SEARCH_LIMIT]
        return [LessonHit(lesson, _snippet_html(lesson.what_happened[:240])) for lesson in newest]
    found = search_queryset(queryset, query)[:SEARCH_LIMIT]
    return [LessonHit(lesson, _snippet_html(getattr(lesson, "snippet", "") or "")) for lesson in found]
