"""Deliverables: created and maintained by the project's managers, submitted for acceptance, and
accepted or rejected by their named acceptor only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from pmo.accounts.choices import Role
from pmo.accounts.selectors import require_role
from pmo.core.errors import DomainRuleError
from pmo.core.services import instance_delete
from pmo.projects.models import Project, Task
from pmo.quality.auditing import Extra, create_audited, refuse_unknown, update_audited
from pmo.quality.choices import SUBMITTABLE_STATES, AcceptanceDecision, DeliverableStatus
from pmo.quality.models import Deliverable
from pmo.quality.services.common import require_person_on_project

#: What a manager may edit on a deliverable (the state moves only through submit and decide).
DELIVERABLE_FIELDS = ("name", "description", "acceptance_criteria", "tasks", "acceptor", "due_date")


def _tasks_of(deliverable: Deliverable) -> list[str]:
    return [str(task) for task in deliverable.tasks.order_by("position")]


def _set_tasks(deliverable: Deliverable, tasks: Iterable[Task]) -> None:
    deliverable.tasks.set(list(tasks))


TASKS = {"tasks": Extra[Deliverable](read=_tasks_of, write=_set_tasks)}


def _check_tasks(project: Project, tasks: Sequence[Task]) -> list[Task]:
    """Linked tasks must belong to the deliverable's own project."""
    foreign = [task for task in tasks if task.project_id != project.pk]
    if foreign:
        names = ", ".join(str(task) for task in foreign)
        raise DomainRuleError(f"Tasks of another project cannot be linked: {names}.", field="tasks")
    return list(tasks)


def _check_acceptor(project: Project, acceptor: Any) -> None:
    if acceptor is not None:
        require_person_on_project(acceptor, project, field="acceptor", what="acceptor")


def deliverable_create(
    *,
    actor: Any,
    project: Project,
    name: str,
    description: str = "",
    acceptance_criteria: Sequence[str] = (),
    tasks: Sequence[Task] = (),
    acceptor: Any = None,
    due_date: dt.date | None = None,
) -> Deliverable:
    """Add a deliverable to ``project`` (planned); needs the manager role on the project."""
    require_role(actor, project.scope, Role.MANAGER)
    linked = _check_tasks(project, tasks)
    _check_acceptor(project, acceptor)
    with transaction.atomic():
        deliverable = Deliverable(
            project=project,
            scope=project.scope,
            name=name,
            description=description,
            acceptance_criteria=list(acceptance_criteria),
            acceptor=acceptor,
            due_date=due_date,
        )
        return create_audited(
            actor=actor, instance=deliverable, scope=project.scope, extras=TASKS, values={"tasks": linked}
        )


def deliverable_update(
    *, actor: Any, deliverable: Deliverable, data: dict[str, Any], expected_version: int | None
) -> Deliverable:
    """Change a deliverable's own fields and linked tasks; manager. An accepted one is final."""
    require_role(actor, deliverable.scope, Role.MANAGER)
    refuse_unknown(data, DELIVERABLE_FIELDS)
    if deliverable.status == DeliverableStatus.ACCEPTED:
        raise DomainRuleError(
            f"{deliverable} is accepted; an accepted deliverable is no longer changed.", field="status"
        )
    project = deliverable.project
    if "tasks" in data:
        data = {**data, "tasks": _check_tasks(project, data["tasks"])}
    if "acceptance_criteria" in data:
        data = {**data, "acceptance_criteria": list(data["acceptance_criteria"])}
    if "acceptor" in data:
        _check_acceptor(project, data["acceptor"])
    with transaction.atomic():
        updated, _ = update_audited(
            actor=actor,
            instance=deliverable,
            data=data,
            expected_version=expected_version,
            scope=deliverable.scope,
            extras=TASKS,
        )
    return updated


def deliverable_delete(*, actor: Any, deliverable: Deliverable, expected_version: int | None) -> None:
    """Delete a deliverable with its reviews and defects; manager."""
    require_role(actor, deliverable.scope, Role.MANAGER)
    with transaction.atomic():
        instance_delete(
            actor=actor, instance=deliverable, expected_version=expected_version, scope=deliverable.scope
        )


def deliverable_submit(
    *, actor: Any, deliverable: Deliverable, expected_version: int | None, note: str = ""
) -> Deliverable:
    """Submit a planned (or reworked, rejected) deliverable to its acceptor; manager."""
    require_role(actor, deliverable.scope, Role.MANAGER)
    if deliverable.status not in SUBMITTABLE_STATES:
        raise DomainRuleError(
            f"{deliverable} is {deliverable.get_status_display().lower()}; only a planned or rejected "
            "deliverable can be submitted.",
            field="status",
        )
    if deliverable.acceptor_id is None:
        raise DomainRuleError(f"Name the acceptor of {deliverable} before submitting it.", field="acceptor")
    with transaction.atomic():
        updated, _ = update_audited(
            actor=actor,
            instance=deliverable,
            data={"status": DeliverableStatus.IN_REVIEW},
            expected_version=expected_version,
            scope=deliverable.scope,
            note=f"Submitted for acceptance. {note}".strip(),
        )
    return updated


def require_acceptor(actor: Any, deliverable: Deliverable) -> None:
    """Only the named acceptor signs off (a PMO administrator cannot act on their behalf)."""
    require_role(actor, deliverable.scope, Role.VIEWER)
    if deliverable.acceptor_id is None or getattr(actor, "pk", None) != deliverable.acceptor_id:
        raise PermissionDenied(f"only the named acceptor of {deliverable} can accept or reject it")


def deliverable_decide(
    *, actor: Any, deliverable: Deliverable, decision: str, comment: str = "", expected_version: int | None
) -> Deliverable:
    """The acceptance sign-off: the named acceptor accepts or rejects a deliverable in review.

    A rejection needs a comment (what must change); the decision and comment go into the audit trail.
    """
    require_acceptor(actor, deliverable)
    if decision not in AcceptanceDecision.values:
        raise DomainRuleError(f"Decide 'accept' or 'reject', not {decision!r}.", field="decision")
    if deliverable.status != DeliverableStatus.IN_REVIEW:
        raise DomainRuleError(
            f"{deliverable} is {deliverable.get_status_display().lower()}, not in review.", field="status"
        )
    if decision == AcceptanceDecision.REJECT and not comment.strip():
        raise DomainRuleError("Say what must change: a rejection needs a comment.", field="comment")
    accepted = decision == AcceptanceDecision.ACCEPT
    data: dict[str, Any] = {
        "status": DeliverableStatus.ACCEPTED if accepted else DeliverableStatus.REJECTED,
        "decided_at": timezone.now(),
        "decided_by": actor,
        "decision_comment": comment,
    }
    if not accepted:
        data["rejections"] = deliverable.rejections + 1
    label = "Accepted" if accepted else "Rejected"
    with transaction.atomic():
        updated, _ = update_audited(
            actor=actor,
            instance=deliverable,
            data=data,
            expected_version=expected_version,
            scope=deliverable.scope,
            note=f"{label}: {comment}" if comment else label,
        )
    return updated
