"""Portfolio filters, shared by the portfolio list page and ``/api/v1/portfolios/``."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet

from pmo.core.filtersets import NodeFilterSet
from pmo.portfolios.models import Portfolio


class PortfolioFilterSet(NodeFilterSet):
    """State, owner, search and ordering, plus the parent portfolio or top level only."""

    parent = django_filters.UUIDFilter(
        field_name="parent__uid", help_text="Public id of the parent portfolio (sub-portfolios of it)."
    )
    top_level = django_filters.BooleanFilter(
        method="filter_top_level", help_text="true: only top-level portfolios; false: only sub-portfolios."
    )

    class Meta:
        model = Portfolio
        fields = ("state", "owner", "parent", "top_level", "search", "starts_after", "finishes_before")

    def filter_top_level(self, queryset: QuerySet[Any], name: str, value: bool | None) -> QuerySet[Any]:
        """Keep top-level portfolios (``True``) or sub-portfolios (``False``)."""
        if value is None:
            return queryset
        return queryset.filter(parent__isnull=value)
