"""Risk analysis objects of each side in the persona world (``WORLD_EXTENSIONS``).

For ``side.project``: a PERT estimate on the side's first leaf task (in a correlation group), the
group, and one finished run of 200 iterations (executed at once, so its page has results). Text
fields carry a canary.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from pmo.simulations.services import estimate_set, group_create, run_start
from pmo.simulations.tasks import execute


def extend(side: Any, *, admin: Any, manager: Any, canary: Callable[[], str]) -> dict[str, Any]:
    """Create the side's estimate, correlation group and run through the services, by registry key."""
    group = group_create(
        actor=manager, project=side.project, name=f"Crew {canary()}", coefficient=Decimal("0.5")
    )
    estimate = estimate_set(
        actor=manager,
        task=side.extras["task"],
        data={
            "minimum_minutes": 720,
            "most_likely_minutes": 960,
            "maximum_minutes": 1920,
            "distribution": "pert",
            "group": group,
        },
    )
    run = run_start(actor=manager, project=side.project, iterations=200, seed=7, note=f"Run {canary()}")
    run = execute(run)
    return {"risk_estimate": estimate, "correlation_group": group, "simulation_run": run}
