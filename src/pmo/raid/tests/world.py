"""RAID items of each side in the persona world (``WORLD_EXTENSIONS``).

On ``side.project``: an issue on the side's first task, an assumption, a dependency on
``side.project_direct``, a proposed decision with two options and a decided one; an action on
``side.program``; a link from the issue to the action. Every text field carries a canary.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from pmo.raid.kinds import KINDS
from pmo.raid.services import decision_decide, raid_item_create, raid_link_create

RAISED = dt.date(2026, 1, 5)


def extend(side: Any, *, admin: Any, manager: Any, canary: Callable[[], str]) -> dict[str, Any]:
    """Create the side's RAID items through the services; returns them by registry key."""
    scope = side.project.scope

    def make(kind: str, **data: Any) -> Any:
        base = {"title": f"{kind} {canary()}", "description": f"About {canary()}", "owner": manager}
        return raid_item_create(actor=manager, kind=KINDS[kind], scope=scope, data=base | data)

    task = side.extras.get("task")
    issue = make(
        "issue",
        impact=f"Late {canary()}",
        priority="high",
        raised_on=RAISED,
        due_date=dt.date(2026, 2, 1),
        tasks=[task] if task else [],
    )
    assumption = make("assumption", rationale=f"Because {canary()}")
    dependency = make("dependency", other_project=side.project_direct, other_party=f"Vendor {canary()}")
    options = [{"option": f"Build {canary()}", "pros": "control", "cons": "cost"}, {"option": "Buy"}]
    decision = make("decision", context=f"Context {canary()}", options=options)
    decided = make("decision", options=[{"option": "Buy"}])
    decided = decision_decide(
        actor=manager,
        decision=decided,
        chosen_option="Buy",
        rationale=f"Cheaper {canary()}",
        expected_version=None,
    )
    action = raid_item_create(
        actor=manager,
        kind=KINDS["action"],
        scope=side.program.scope,
        data={"title": f"Chase {canary()}", "owner": manager, "due_date": dt.date(2026, 1, 20)},
    )
    link = raid_link_create(actor=manager, source=issue, target=action, note=f"Note {canary()}")
    return {
        "raid_issue": issue,
        "raid_assumption": assumption,
        "raid_dependency": dependency,
        "raid_decision": decision,
        "raid_decided": decided,
        "raid_action": action,
        "raid_link": link,
    }
