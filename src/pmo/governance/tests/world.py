"""Governance in the persona world (``WORLD_EXTENSIONS``): a cost tolerance on the side's project in
its program, and an open cost exception of that project addressed to the program (raised through
the service, with a canary in its text), so the battery has both to read, change and decide."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from pmo.governance.choices import Dimension
from pmo.governance.measures import Reading
from pmo.governance.services import exception_raise, tolerance_set


def extend(side: Any, *, admin: Any, manager: Any, canary: Callable[[], str]) -> dict[str, Any]:
    """Create the side's tolerance and exception through the services, by registry key."""
    tolerance = tolerance_set(
        actor=manager,
        scope=side.project.scope,
        dimension=Dimension.COST,
        data={"percent": Decimal("10"), "note": f"Tolerance {canary()}"},
    )
    reading = Reading(Decimal("1200"), Decimal("1100"), "money", True, f"Breach {canary()}")
    exception, _ = exception_raise(tolerance=tolerance, reading=reading)
    return {"tolerance": tolerance, "tolerance_exception": exception}
