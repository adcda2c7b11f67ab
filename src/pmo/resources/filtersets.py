"""Filters of resources and assignments (the pool page and the API)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet

from pmo.core.filtersets import StableOrderingFilter
from pmo.resources.choices import ResourceKind
from pmo.resources.models import Assignment, Resource


class ResourceFilterSet(django_filters.FilterSet):
    """Pool (by portfolio), kind, generic roles, search and ordering."""

    portfolio = django_filters.UUIDFilter(
        field_name="scope__portfolio__uid", help_text="Public id of the portfolio whose pool to list."
    )
    kind = django_filters.MultipleChoiceFilter(
        choices=ResourceKind.choices, help_text="Kind; repeat to match any of several."
    )
    generic = django_filters.BooleanFilter(field_name="is_generic", help_text="Only (non-)generic roles.")
    search = django_filters.CharFilter(
        method="filter_search", help_text="Text in the name, code, initials or group."
    )
    ordering = StableOrderingFilter(
        fields=(("name", "name"), ("kind", "kind"), ("group", "group"), ("updated_at", "updated_at")),
        help_text="Sort by name, kind, group or updated_at; prefix '-' to reverse.",
    )

    class Meta:
        model = Resource
        fields = ("portfolio", "kind", "generic", "search")

    def filter_search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        """Resources whose name, code, initials or group contains ``value`` (case-insensitive)."""
        text = value.strip()
        if not text:
            return queryset
        return queryset.filter(
            Q(name__icontains=text)
            | Q(code__icontains=text)
            | Q(initials__icontains=text)
            | Q(group__icontains=text)
        )


class AssignmentFilterSet(django_filters.FilterSet):
    """Project, task and resource."""

    project = django_filters.UUIDFilter(field_name="project__uid", help_text="Public id of the project.")
    task = django_filters.UUIDFilter(field_name="task__uid", help_text="Public id of the task.")
    resource = django_filters.UUIDFilter(field_name="resource__uid", help_text="Public id of the resource.")

    class Meta:
        model = Assignment
        fields = ("project", "task", "resource")
