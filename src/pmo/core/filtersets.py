"""Filtersets shared by the web UI and the API: the hierarchy's common filters and the audit list.

Plain django-filter ``FilterSet`` classes, applied to querysets that already come from the
permission-scoped selectors (a filter narrows what the user may see; it never widens it).
Every ordering is an explicit allow-list; a value outside it is a 400 naming ``ordering``.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet

from pmo.core.choices import AuditAction, LifecycleState
from pmo.core.models import AuditRecord


class StableOrderingFilter(django_filters.OrderingFilter):
    """An ordering allow-list that ends on the primary key, so pages never overlap."""

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        """Order by the requested columns, then by ``pk`` as a tiebreaker."""
        ordered = super().filter(qs, value)
        if value:
            ordered = ordered.order_by(*ordered.query.order_by, "pk")
        return ordered


class NodeFilterSet(django_filters.FilterSet):
    """Filters every level of the hierarchy has: state, owner, free-text search, ordering."""

    state = django_filters.MultipleChoiceFilter(
        choices=LifecycleState.choices, help_text="Lifecycle state; repeat to match any of several."
    )
    owner = django_filters.CharFilter(field_name="owner__username", help_text="Username of the owner.")
    search = django_filters.CharFilter(
        method="filter_search", help_text="Text found in the code, name or description."
    )
    starts_after = django_filters.DateFilter(
        field_name="start_date", lookup_expr="gte", help_text="Start date on or after this day."
    )
    finishes_before = django_filters.DateFilter(
        field_name="finish_date", lookup_expr="lte", help_text="Finish date on or before this day."
    )
    ordering = StableOrderingFilter(
        fields=(
            ("code", "code"),
            ("name", "name"),
            ("state", "state"),
            ("start_date", "start_date"),
            ("finish_date", "finish_date"),
            ("updated_at", "updated_at"),
        ),
        help_text="Sort by code, name, state, start_date, finish_date or updated_at; prefix '-' to reverse.",
    )

    def filter_search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        """Rows whose code, name or description contains ``value`` (case-insensitive)."""
        text = value.strip()
        if not text:
            return queryset
        return queryset.filter(
            Q(code__icontains=text) | Q(name__icontains=text) | Q(description__icontains=text)
        )


class AuditRecordFilterSet(django_filters.FilterSet):
    """Filters of the audit list: action, object, actor and time window."""

    action = django_filters.MultipleChoiceFilter(choices=AuditAction.choices)
    object_uid = django_filters.UUIDFilter(help_text="Public id of the object the records describe.")
    actor = django_filters.CharFilter(field_name="actor__username", help_text="Username of the actor.")
    since = django_filters.IsoDateTimeFilter(
        field_name="at", lookup_expr="gte", help_text="Records at or after this time (ISO 8601)."
    )
    until = django_filters.IsoDateTimeFilter(
        field_name="at", lookup_expr="lt", help_text="Records before this time (ISO 8601)."
    )

    class Meta:
        model = AuditRecord
        fields = ("action", "object_uid", "actor", "since", "until")
