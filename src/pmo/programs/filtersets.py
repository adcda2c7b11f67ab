"""Program filters, shared by the program list page and ``/api/v1/programs/``."""

from __future__ import annotations

import django_filters

from pmo.core.filtersets import NodeFilterSet
from pmo.programs.models import Program


class ProgramFilterSet(NodeFilterSet):
    """State, owner, search and ordering, plus the portfolio the programs belong to."""

    portfolio = django_filters.UUIDFilter(
        field_name="portfolio__uid", help_text="Public id of the portfolio."
    )

    class Meta:
        model = Program
        fields = ("state", "owner", "portfolio", "search", "starts_after", "finishes_before")
