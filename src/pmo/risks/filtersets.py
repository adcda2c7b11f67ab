"""Filters of risks: the register page (htmx) and the API list use the same class."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import F, Q, QuerySet

from pmo.risks.choices import RiskCategory, RiskKind, RiskStatus, Strategy
from pmo.risks.models import Risk

MAP_CHOICES = (("inherent", "Inherent"), ("residual", "Residual"))


class RiskFilterSet(django_filters.FilterSet):
    """Status, kind, category, strategy, owner, words in the title or texts, and a heat-map cell."""

    status = django_filters.ChoiceFilter(choices=RiskStatus.choices)
    kind = django_filters.ChoiceFilter(choices=RiskKind.choices)
    category = django_filters.ChoiceFilter(choices=RiskCategory.choices)
    strategy = django_filters.ChoiceFilter(choices=Strategy.choices)
    owner = django_filters.CharFilter(
        field_name="owner__username", label="Owner", help_text="Username of the owner."
    )
    search = django_filters.CharFilter(
        method="filter_search", label="Words", help_text="Words in the title, cause, event or effect."
    )
    probability = django_filters.NumberFilter(
        method="filter_cell", label="Probability", help_text="Heat-map cell: probability level."
    )
    impact = django_filters.NumberFilter(
        method="filter_cell", label="Impact", help_text="Heat-map cell: highest impact level."
    )
    map = django_filters.ChoiceFilter(
        choices=MAP_CHOICES,
        method="filter_cell",
        label="Heat map",
        help_text="Which heat map the cell is on (default inherent).",
    )
    min_score = django_filters.NumberFilter(
        method="filter_min_score", label="Score at least", help_text="Current score at least this."
    )
    ordering = django_filters.OrderingFilter(
        fields=(
            ("score", "score"),
            ("title", "title"),
            ("proximity", "proximity"),
            ("created_at", "created_at"),
        )
    )

    class Meta:
        model = Risk
        fields = ("status", "kind", "category", "strategy", "owner")

    def filter_search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        """Risks whose title, cause, event or effect contains ``value`` (any case)."""
        value = value.strip()[:200]
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(cause__icontains=value)
            | Q(event__icontains=value)
            | Q(effect__icontains=value)
        )

    def filter_cell(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        """Applied once all three cell parameters are read (see :meth:`filter_queryset`)."""
        return queryset

    def filter_min_score(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        """Current (residual, else inherent) score at least ``value``."""
        return queryset.filter(
            Q(residual_score__isnull=False, residual_score__gte=value)
            | Q(residual_score__isnull=True, score__gte=value)
        )

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        """The field filters, then the heat-map cell (probability and impact, on the chosen map)."""
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        probability, impact = data.get("probability"), data.get("impact")
        if probability is None and impact is None:
            return queryset
        residual = data.get("map") == "residual"
        p_field, s_field = (
            ("residual_probability", "residual_score") if residual else ("probability", "score")
        )
        if probability is not None:
            queryset = queryset.filter(**{p_field: int(probability)})
        if impact is not None:
            queryset = queryset.filter(**{s_field: F(p_field) * int(impact)})
        return queryset
