"""Filters of RAID items, one class per kind built from the same definition (the API lists; the
log pages use :func:`pmo.raid.selectors.filter_items`, which these call)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet

from pmo.core.models import Scope
from pmo.raid.kinds import KINDS, Kind
from pmo.raid.selectors import filter_items


class RaidItemFilterSet(django_filters.FilterSet):
    """``scope`` (a portfolio, program or project and everything below it), ``status``, ``owner``,
    ``overdue`` and ``search`` (words of the title)."""

    scope = django_filters.UUIDFilter(
        method="filter_scope",
        help_text="Public id of a portfolio, program or project (its subtree included).",
    )
    owner = django_filters.CharFilter(method="filter_fields", help_text="Username of the owner.")
    overdue = django_filters.BooleanFilter(
        method="filter_fields", help_text="Past the due date and unsettled."
    )
    search = django_filters.CharFilter(method="filter_fields", help_text="Text the title contains.")

    def filter_fields(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        """One of the plain filters."""
        return filter_items(queryset, {name: value})

    def filter_scope(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        """Items on the node's scope or below it (nothing for an unknown or invisible node)."""
        node = Q(project__uid=value) | Q(program__uid=value) | Q(portfolio__uid=value)
        # The queryset is already scoped: a path outside the caller's view selects nothing.
        paths = list(Scope.objects.filter(node).values_list("path", flat=True)[:1])
        return queryset.filter(scope__path__startswith=paths[0]) if paths else queryset.none()


def filterset_for(kind: Kind) -> type[RaidItemFilterSet]:
    """The filterset of ``kind``: the shared filters plus its ``status`` choices."""
    status = django_filters.ChoiceFilter(choices=kind.statuses)
    meta = type(
        "Meta", (), {"model": kind.model, "fields": ("scope", "status", "owner", "overdue", "search")}
    )
    name = f"{kind.model.__name__}FilterSet"
    return type(name, (RaidItemFilterSet,), {"Meta": meta, "status": status, "__module__": __name__})


FILTERSETS: dict[str, type[RaidItemFilterSet]] = {key: filterset_for(kind) for key, kind in KINDS.items()}
