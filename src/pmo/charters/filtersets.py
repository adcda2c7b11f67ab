"""Charter filters (the API list)."""

from __future__ import annotations

import django_filters

from pmo.charters.choices import CharterStatus
from pmo.charters.models import Charter


class CharterFilterSet(django_filters.FilterSet):
    """Project, status and sponsor."""

    project = django_filters.UUIDFilter(field_name="project__uid", help_text="Public id of the project.")
    status = django_filters.MultipleChoiceFilter(choices=CharterStatus.choices)
    sponsor = django_filters.CharFilter(field_name="sponsor__username", help_text="Username of the sponsor.")

    class Meta:
        model = Charter
        fields = ("project", "status", "sponsor")
