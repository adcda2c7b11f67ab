"""Project filters, shared by the project list page and ``/api/v1/projects/``."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet

from pmo.core.filtersets import NodeFilterSet
from pmo.projects.models import Project


class ProjectFilterSet(NodeFilterSet):
    """State, owner, search and ordering, plus the portfolio or program the projects are in."""

    portfolio = django_filters.UUIDFilter(
        field_name="portfolio__uid",
        help_text="Public id of the portfolio (projects directly in it and in its programs).",
    )
    program = django_filters.UUIDFilter(field_name="program__uid", help_text="Public id of the program.")
    in_program = django_filters.BooleanFilter(
        method="filter_in_program",
        help_text="true: only projects in a program; false: only projects directly in a portfolio.",
    )

    class Meta:
        model = Project
        fields = (
            "state",
            "owner",
            "portfolio",
            "program",
            "in_program",
            "search",
            "starts_after",
            "finishes_before",
        )

    def filter_in_program(self, queryset: QuerySet[Any], name: str, value: bool | None) -> QuerySet[Any]:
        """Keep projects in a program (``True``) or directly in a portfolio (``False``)."""
        if value is None:
            return queryset
        return queryset.filter(program__isnull=not value)
