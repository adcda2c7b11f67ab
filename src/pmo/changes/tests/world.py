"""Change requests of each side in the persona world (``WORLD_EXTENSIONS``).

On ``side.project``, raised by the PMO administrator (so only managers, besides the requester,
may withdraw them), each lengthening the side's first task by a day (the project manager's to
decide under the default thresholds): a draft (``change_request``), a submitted one
(``change_submitted``) and an approved one (``change_approved``). Titles and reasons carry canaries.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pmo.changes.services import change_request_create, change_request_decide, change_request_submit


def extend(side: Any, *, admin: Any, manager: Any, canary: Callable[[], str]) -> dict[str, Any]:
    """Create the side's change requests through the services, by registry key."""
    task = side.extras["task"]
    ops = [{"op": "set_duration", "task": str(task.uid), "duration_minutes": task.duration_minutes + 480}]

    def make(title: str) -> Any:
        return change_request_create(
            actor=admin,
            project=side.project,
            title=f"{title} {canary()}",
            reason=f"Reason {canary()}",
            description=f"Description {canary()}",
            operations=ops,
        )

    draft = make("Draft change")
    submitted = make("Submitted change")
    submitted = change_request_submit(actor=admin, request=submitted, expected_version=submitted.version)
    approved = make("Approved change")
    approved = change_request_submit(actor=admin, request=approved, expected_version=approved.version)
    approved = change_request_decide(
        actor=manager,
        request=approved,
        decision="approve",
        comment=f"OK {canary()}",
        expected_version=approved.version,
    )
    return {"change_request": draft, "change_submitted": submitted, "change_approved": approved}
