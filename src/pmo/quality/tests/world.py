"""Deliverables and quality objects of each side in the persona world (``WORLD_EXTENSIONS``).

For ``side.project``: a checklist template on the side's program (it applies to the project below
it), a deliverable whose acceptor is the side's manager persona (so the battery's "manager only"
rule for ``decide`` means "the acceptor only"), submitted for acceptance so the sign-off really
writes when allowed; a quality review using the template; and an open defect found in that review.
Every text field carries a canary.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from pmo.quality.choices import ReviewResult, Severity
from pmo.quality.services import (
    checklist_template_create,
    defect_create,
    deliverable_create,
    deliverable_submit,
    review_create,
)


def extend(side: Any, *, admin: Any, manager: Any, canary: Callable[[], str]) -> dict[str, Any]:
    """Create the quality objects of one side through the services; returns them by registry key."""
    template = checklist_template_create(
        actor=manager,
        scope=side.program.scope,
        name=f"Checklist {canary()}",
        description=f"Checklist description {canary()}",
        items=[f"Item {canary()}", f"Item {canary()}"],
    )
    task = side.extras.get("task")
    deliverable = deliverable_create(
        actor=manager,
        project=side.project,
        name=f"Deliverable {canary()}",
        description=f"Deliverable description {canary()}",
        acceptance_criteria=[f"Criterion {canary()}", f"Criterion {canary()}"],
        tasks=[task] if task is not None and task.project_id == side.project.pk else [],
        acceptor=manager,
        due_date=dt.date(2026, 5, 29),
    )
    review = review_create(
        actor=manager,
        deliverable=deliverable,
        reviewer=manager,
        review_date=dt.date(2026, 1, 20),
        result=ReviewResult.PASS_WITH_CONDITIONS,
        defects_found=1,
        notes=f"Review notes {canary()}",
        checklist_template=template,
    )
    defect = defect_create(
        actor=manager,
        deliverable=deliverable,
        title=f"Defect {canary()}",
        description=f"Defect description {canary()}",
        severity=Severity.HIGH,
        review=review,
    )
    deliverable.refresh_from_db()
    deliverable = deliverable_submit(
        actor=manager, deliverable=deliverable, expected_version=deliverable.version
    )
    return {
        "checklist_template": template,
        "deliverable": deliverable,
        "review": review,
        "defect": defect,
    }
