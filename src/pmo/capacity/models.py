"""What-if scenarios of the capacity heat map (one user's, never shared).

A :class:`Scenario` names proposed projects to add to the demand (projects in state "proposed" or
"planning", which the real heat map leaves out) and start-date moves (a shift in days per project).
It is applied in memory by :mod:`pmo.capacity.selectors`; the real plans never change.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from pmo.core.models import VersionedModel


def empty_moves() -> dict[str, int]:
    """A fresh empty mapping (a JSONField default must be a callable)."""
    return {}


class Scenario(VersionedModel):
    """A user's named what-if: ``added`` project uids and ``moves`` ``{project uid: shift in days}``."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="capacity_scenarios", editable=False
    )
    name = models.CharField(max_length=100)
    added = models.JSONField(default=list, blank=True, help_text="Uids of proposed projects to add.")
    moves = models.JSONField(default=empty_moves, blank=True, help_text="Project uid → shift in days.")

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint("owner", Lower("name"), name="capacity_scenario_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name
