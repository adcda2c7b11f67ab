"""Filters of deliverables, reviews, defects and checklist templates (the web pages and the API)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet

from pmo.core.filtersets import StableOrderingFilter
from pmo.quality.choices import DefectStatus, DeliverableStatus, ReviewResult, Severity
from pmo.quality.models import ChecklistTemplate, Defect, Deliverable, QualityReview


class DeliverableFilterSet(django_filters.FilterSet):
    """Project, status, acceptor, search and ordering."""

    project = django_filters.UUIDFilter(field_name="project__uid", help_text="Public id of the project.")
    status = django_filters.MultipleChoiceFilter(
        choices=DeliverableStatus.choices, help_text="Status; repeat to match any of several."
    )
    acceptor = django_filters.CharFilter(
        field_name="acceptor__username", help_text="Username of the acceptor."
    )
    search = django_filters.CharFilter(method="filter_search", help_text="Text in the name or description.")
    ordering = StableOrderingFilter(
        fields=(
            ("name", "name"),
            ("due_date", "due_date"),
            ("status", "status"),
            ("updated_at", "updated_at"),
        ),
        help_text="Sort by name, due_date, status or updated_at; prefix '-' to reverse.",
    )

    class Meta:
        model = Deliverable
        fields = ("project", "status", "acceptor", "search")

    def filter_search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        """Deliverables whose name or description contains ``value`` (case-insensitive)."""
        text = value.strip()
        if not text:
            return queryset
        return queryset.filter(Q(name__icontains=text) | Q(description__icontains=text))


class QualityReviewFilterSet(django_filters.FilterSet):
    """Project, deliverable, result and reviewer."""

    project = django_filters.UUIDFilter(
        field_name="deliverable__project__uid", help_text="Public id of the project."
    )
    deliverable = django_filters.UUIDFilter(
        field_name="deliverable__uid", help_text="Public id of the deliverable."
    )
    result = django_filters.MultipleChoiceFilter(choices=ReviewResult.choices)
    reviewer = django_filters.CharFilter(
        field_name="reviewer__username", help_text="Username of the reviewer."
    )

    class Meta:
        model = QualityReview
        fields = ("project", "deliverable", "result", "reviewer")


class DefectFilterSet(django_filters.FilterSet):
    """Project, deliverable, review, status and severity."""

    project = django_filters.UUIDFilter(
        field_name="deliverable__project__uid", help_text="Public id of the project."
    )
    deliverable = django_filters.UUIDFilter(
        field_name="deliverable__uid", help_text="Public id of the deliverable."
    )
    review = django_filters.UUIDFilter(
        field_name="review__uid", help_text="Public id of the review that found it."
    )
    status = django_filters.ChoiceFilter(choices=DefectStatus.choices)
    severity = django_filters.MultipleChoiceFilter(choices=Severity.choices)

    class Meta:
        model = Defect
        fields = ("project", "deliverable", "review", "status", "severity")


class ChecklistTemplateFilterSet(django_filters.FilterSet):
    """Templates by name."""

    search = django_filters.CharFilter(
        field_name="name", lookup_expr="icontains", help_text="Text in the name."
    )

    class Meta:
        model = ChecklistTemplate
        fields = ("search",)
