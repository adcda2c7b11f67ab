"""Filters of people and access, shared by the web UI and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet

from pmo.accounts.choices import MEMBERSHIP_ROLES
from pmo.accounts.models import Membership, Team, User
from pmo.core.choices import ScopeKind
from pmo.core.filtersets import StableOrderingFilter


class UserFilterSet(django_filters.FilterSet):
    """Search people by username or name."""

    search = django_filters.CharFilter(method="filter_search", help_text="Text in the username or name.")
    ordering = StableOrderingFilter(
        fields=(("username", "username"), ("last_name", "last_name"), ("first_name", "first_name")),
        help_text="Sort by username, last_name or first_name; prefix '-' to reverse.",
    )

    class Meta:
        model = User
        fields = ("search",)

    def filter_search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        """People whose username, first or last name contains ``value``."""
        text = value.strip()
        if not text:
            return queryset
        return queryset.filter(
            Q(username__icontains=text) | Q(first_name__icontains=text) | Q(last_name__icontains=text)
        )


class TeamFilterSet(django_filters.FilterSet):
    """Search teams by name; find the teams of one person."""

    search = django_filters.CharFilter(
        field_name="name", lookup_expr="icontains", help_text="Text in the name."
    )
    member = django_filters.CharFilter(field_name="members__username", help_text="Username of a member.")

    class Meta:
        model = Team
        fields = ("search", "member")


class MembershipFilterSet(django_filters.FilterSet):
    """Memberships by role, holder, and the portfolio, program or project they apply to."""

    role = django_filters.MultipleChoiceFilter(choices=[(r.value, r.label) for r in MEMBERSHIP_ROLES])
    user = django_filters.CharFilter(field_name="user__username", help_text="Username of the member.")
    team = django_filters.UUIDFilter(field_name="team__uid", help_text="Public id of the team.")
    kind = django_filters.ChoiceFilter(
        field_name="scope__kind", choices=ScopeKind.choices, help_text="Level of the scope."
    )
    scope = django_filters.UUIDFilter(
        method="filter_scope", help_text="Public id of the portfolio, program or project."
    )
    ordering = StableOrderingFilter(
        fields=(("role", "role"), ("created_at", "created_at"), ("user__username", "user")),
        help_text="Sort by role, created_at or user; prefix '-' to reverse.",
    )

    class Meta:
        model = Membership
        fields = ("role", "user", "team", "kind", "scope")

    def filter_scope(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        """Memberships held directly on the portfolio, program or project ``value``."""
        if value is None:
            return queryset
        return queryset.filter(
            Q(scope__portfolio__uid=value) | Q(scope__program__uid=value) | Q(scope__project__uid=value)
        )
