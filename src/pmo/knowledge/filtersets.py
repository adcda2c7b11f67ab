"""Filters of lessons learned (the API list): project, category, kind, tag and full-text search."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet

from pmo.knowledge.choices import LessonCategory, LessonKind
from pmo.knowledge.models import Lesson
from pmo.knowledge.selectors import filter_lessons, search_queryset

#: Longest search text read (the rest is ignored), as on the search page.
SEARCH_MAX_LENGTH = 200


class LessonFilterSet(django_filters.FilterSet):
    """Project, category, kind, tag and ``search`` (best match first)."""

    project = django_filters.UUIDFilter(method="filter_fields", help_text="Public id of the project.")
    category = django_filters.ChoiceFilter(choices=LessonCategory.choices, method="filter_fields")
    kind = django_filters.ChoiceFilter(choices=LessonKind.choices, method="filter_fields")
    tag = django_filters.CharFilter(method="filter_fields", help_text="One tag (exact, any case).")
    search = django_filters.CharFilter(
        method="filter_search",
        help_text='Words that must all appear (any text field or tag); "double quotes" for a phrase.',
    )

    class Meta:
        model = Lesson
        fields = ("project", "category", "kind", "tag", "search")

    def filter_fields(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        """One of the plain filters."""
        return filter_lessons(queryset, {name: value})

    def filter_search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        """Lessons matching every word or phrase, best first (nothing when no word is usable)."""
        if not value.strip():
            return queryset
        return search_queryset(queryset, value[:SEARCH_MAX_LENGTH])
