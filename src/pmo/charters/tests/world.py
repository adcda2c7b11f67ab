"""The charter of each side's project in the persona world (``pmo.testing.personas.WORLD_EXTENSIONS``).

The side's manager persona is the sponsor, so the battery's "manager only" rule for ``decide``
means "the sponsor only" (a PMO administrator gets 403). The charter is left *submitted*, so the
sponsor's decision really writes when the battery lets it through.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from pmo.charters.services import charter_create, charter_submit


def extend(side: Any, *, admin: Any, manager: Any, canary: Callable[[], str]) -> dict[str, Any]:
    """Create, through the services, a submitted charter for ``side.project`` (sponsor: ``manager``)."""
    charter = charter_create(
        actor=manager,
        project=side.project,
        data={
            "purpose": f"Purpose {canary()}",
            "scope_in": [f"In scope {canary()}"],
            "scope_out": [f"Out of scope {canary()}"],
            "success_criteria": [f"Success {canary()}"],
            "assumptions": [f"Assumption {canary()}"],
            "constraints": [f"Constraint {canary()}"],
            "sponsor": manager,
            "project_manager": manager,
            "objectives": [
                {
                    "description": f"Objective {canary()}",
                    "measure": f"Measure {canary()}",
                    "target_value": Decimal("95.5"),
                    "unit": canary()[:40],
                    "due_date": dt.date(2026, 6, 30),
                }
            ],
        },
    )
    charter = charter_submit(
        actor=manager, charter=charter, expected_version=charter.version, comment=f"Please approve {canary()}"
    )
    return {"charter": charter}
