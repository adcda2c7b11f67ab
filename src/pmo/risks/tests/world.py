"""Risks of each side in the persona world (``WORLD_EXTENSIONS``).

For ``side.project``: a threat linked to the side's first task, quantified, with one response
action; for ``side.program``: an opportunity and a matrix of its own. Every text carries a canary.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pmo.risks.services import action_create, matrix_set, risk_create


def extend(side: Any, *, admin: Any, manager: Any, canary: Callable[[], str]) -> dict[str, Any]:
    """Create the side's risks, action and matrix through the services; returns them by registry key."""
    task = side.extras.get("task")
    risk = risk_create(
        actor=manager,
        scope=side.project.scope,
        title=f"Supplier late {canary()}",
        cause=f"Single supplier {canary()}",
        event=f"Delivery slips {canary()}",
        effect=f"Go-live moves {canary()}",
        triggers=f"No shipping notice {canary()}",
        category="commercial",
        strategy="mitigate",
        probability=3,
        impact_time=4,
        impact_cost=2,
        probability_percent="40",
        time_min=1,
        time_likely=3,
        time_max=8,
        cost_min="1000",
        cost_likely="2500",
        cost_max="6000",
        task_ids=[task.pk] if task is not None else [],
    )
    action = action_create(actor=manager, risk=risk, title=f"Find a second supplier {canary()}")
    opportunity = risk_create(
        actor=manager,
        scope=side.program.scope,
        kind="opportunity",
        title=f"Shared licence {canary()}",
        strategy="share",
        probability=2,
        impact_cost=3,
    )
    matrix = matrix_set(actor=manager, scope=side.program.scope, data={"levels": 5, "high_from": 9})
    return {"risk": risk, "risk_action": action, "program_risk": opportunity, "risk_matrix": matrix}
