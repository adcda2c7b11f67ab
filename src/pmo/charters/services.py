"""Writes of charters: created on the first edit, edited by the project's managers, submitted, and
approved or returned by the named sponsor only. One transaction each, audited.

The decision and its comment go into the audit record of the charter (as the record's note) and
into the charter's decision history (:class:`~pmo.charters.models.CharterDecision`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from pmo.accounts.choices import Role
from pmo.accounts.selectors import require_role
from pmo.charters.choices import (
    EDITABLE_STATES,
    SUBMITTABLE_STATES,
    CharterStatus,
    Decision,
    DecisionKind,
)
from pmo.charters.models import LIST_FIELDS, Charter, CharterDecision, Objective
from pmo.core.errors import DomainRuleError
from pmo.core.services import lock_for_update
from pmo.projects.models import Project
from pmo.quality.auditing import Extra, create_audited, refuse_unknown, update_audited
from pmo.quality.services.common import require_person_on_project

#: What a manager edits on a charter (the status moves only through submit and decide).
CHARTER_FIELDS: tuple[str, ...] = ("purpose", *LIST_FIELDS, "objectives", "sponsor", "project_manager")
OBJECTIVE_FIELDS: tuple[str, ...] = ("description", "measure", "target_value", "unit", "due_date")


def _read_objectives(charter: Charter) -> list[dict[str, Any]]:
    return [objective.as_data() for objective in charter.objectives.order_by("position")]


def _write_objectives(charter: Charter, objectives: Sequence[Objective]) -> None:
    """Replace the objectives (already validated by :func:`clean_objectives`) when they differ."""
    if [o.as_data() for o in objectives] == _read_objectives(charter):
        return
    charter.objectives.all().delete()
    for position, objective in enumerate(objectives, start=1):
        objective.charter = charter
        objective.position = position
    Objective.objects.bulk_create(objectives)


OBJECTIVES = {"objectives": Extra[Charter](read=_read_objectives, write=_write_objectives)}


def clean_objectives(entries: Sequence[Mapping[str, Any]]) -> list[Objective]:
    """Validate a list of objectives; the first error names its place (``objectives.2.target_value``)."""
    objectives: list[Objective] = []
    for index, entry in enumerate(entries):
        unknown = sorted(set(entry) - set(OBJECTIVE_FIELDS))
        if unknown:
            raise DomainRuleError(f"Unknown field: {unknown[0]}.", field=f"objectives.{index}.{unknown[0]}")
        values = dict(entry)
        target = values.get("target_value")
        if target is not None and not isinstance(target, Decimal):
            try:
                values["target_value"] = Decimal(str(target))
            except InvalidOperation:
                raise DomainRuleError(
                    f"Objective {index + 1}: the target value {target!r} is not a number.",
                    field=f"objectives.{index}.target_value",
                ) from None
        if isinstance(values.get("due_date"), str):
            try:
                values["due_date"] = dt.date.fromisoformat(values["due_date"])
            except ValueError:
                raise DomainRuleError(
                    f"Objective {index + 1}: the due date must be YYYY-MM-DD.",
                    field=f"objectives.{index}.due_date",
                ) from None
        objective = Objective(position=index + 1, **values)
        try:
            objective.full_clean(exclude=["charter"], validate_constraints=False)
        except ValidationError as error:
            name, messages = next(iter(error.message_dict.items()))
            raise DomainRuleError(
                f"Objective {index + 1}: {name.replace('_', ' ')}: {' '.join(messages)}",
                field=f"objectives.{index}.{name}",
            ) from error
        objectives.append(objective)
    return objectives


def _prepare(project: Project, data: Mapping[str, Any]) -> dict[str, Any]:
    """Validate the named people and objectives; normalise the lists."""
    refuse_unknown(data, CHARTER_FIELDS)
    prepared = dict(data)
    for name in LIST_FIELDS:
        if name in prepared:
            prepared[name] = list(prepared[name])
    if prepared.get("sponsor") is not None:
        require_person_on_project(prepared["sponsor"], project, field="sponsor", what="sponsor")
    if prepared.get("project_manager") is not None:
        require_person_on_project(
            prepared["project_manager"], project, field="project_manager", what="project manager"
        )
    if "objectives" in prepared:
        prepared["objectives"] = clean_objectives(prepared["objectives"])
    return prepared


def charter_create(*, actor: Any, project: Project, data: Mapping[str, Any] | None = None) -> Charter:
    """Create the project's charter (a draft) with ``data``; needs the manager role on the project."""
    require_role(actor, project.scope, Role.MANAGER)
    prepared = _prepare(project, data or {})
    if Charter.objects.filter(project=project).exists():
        raise DomainRuleError(
            f"Project {project.code} already has a charter; edit it instead.", field="project"
        )
    objectives = prepared.pop("objectives", [])
    with transaction.atomic():
        charter = Charter(project=project, scope=project.scope, **prepared)
        return create_audited(
            actor=actor,
            instance=charter,
            scope=project.scope,
            extras=OBJECTIVES,
            values={"objectives": objectives},
        )


def charter_update(
    *, actor: Any, charter: Charter, data: Mapping[str, Any], expected_version: int | None
) -> Charter:
    """Edit a draft, returned or approved charter; needs the manager role.

    A change to an approved charter moves it back to draft: it needs a new approval. A submitted
    charter waits for the sponsor's decision and cannot be edited.
    """
    require_role(actor, charter.scope, Role.MANAGER)
    prepared = _prepare(charter.project, data)
    if charter.status not in EDITABLE_STATES:
        raise DomainRuleError(
            "The charter is submitted for approval; it can be edited again once the sponsor has "
            "approved or returned it.",
            field="status",
        )
    with transaction.atomic():
        updated, changes = update_audited(
            actor=actor,
            instance=charter,
            data=prepared,
            expected_version=expected_version,
            scope=charter.scope,
            extras=OBJECTIVES,
        )
        if changes and updated.status == CharterStatus.APPROVED:
            # Re-read (version-checked against the write just made) and record the return to draft.
            updated, _ = update_audited(
                actor=actor,
                instance=updated,
                data={"status": CharterStatus.DRAFT},
                expected_version=updated.version,
                scope=charter.scope,
                note="Changed after approval: back to draft; the change needs a new approval.",
            )
    return updated


def charter_save(
    *,
    actor: Any,
    project: Project,
    charter: Charter | None,
    data: Mapping[str, Any],
    expected_version: int | None,
) -> Charter:
    """Create the charter on its first edit, or update it (the web form's single entry point)."""
    if charter is None:
        return charter_create(actor=actor, project=project, data=data)
    return charter_update(actor=actor, charter=charter, data=data, expected_version=expected_version)


def content_of(charter: Charter) -> dict[str, Any]:
    """The charter's content as plain data (kept with an approval as the approved version)."""
    return {
        "purpose": charter.purpose,
        "objectives": _read_objectives(charter),
        **{name: list(getattr(charter, name)) for name in LIST_FIELDS},
        "sponsor": str(charter.sponsor) if charter.sponsor else None,
        "project_manager": str(charter.project_manager) if charter.project_manager else None,
    }


def _record(
    charter: Charter, kind: str, actor: Any, comment: str, content: dict[str, Any] | None = None
) -> None:
    CharterDecision.objects.create(
        charter=charter,
        kind=kind,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        comment=comment,
        charter_version=charter.version,
        content=content or {},
    )


def charter_submit(
    *, actor: Any, charter: Charter, expected_version: int | None, comment: str = ""
) -> Charter:
    """Submit a draft or returned charter to its sponsor; needs the manager role."""
    require_role(actor, charter.scope, Role.MANAGER)
    if charter.status not in SUBMITTABLE_STATES:
        raise DomainRuleError(
            f"The charter is {charter.get_status_display().lower()}; only a draft or returned charter "
            "can be submitted.",
            field="status",
        )
    if charter.sponsor_id is None:
        raise DomainRuleError("Name the sponsor before submitting the charter.", field="sponsor")
    with transaction.atomic():
        updated, _ = update_audited(
            actor=actor,
            instance=charter,
            data={"status": CharterStatus.SUBMITTED},
            expected_version=expected_version,
            scope=charter.scope,
            note=f"Submitted for approval. {comment}".strip(),
        )
        _record(updated, DecisionKind.SUBMITTED, actor, comment)
    return updated


def require_sponsor(actor: Any, charter: Charter) -> None:
    """Only the named sponsor decides (a PMO administrator cannot decide on their behalf)."""
    require_role(actor, charter.scope, Role.VIEWER)
    if charter.sponsor_id is None or getattr(actor, "pk", None) != charter.sponsor_id:
        raise PermissionDenied("only the charter's named sponsor can approve or return it")


def charter_decide(
    *, actor: Any, charter: Charter, decision: str, comment: str = "", expected_version: int | None
) -> Charter:
    """The sponsor approves a submitted charter, or returns it with a comment saying what to change."""
    require_sponsor(actor, charter)
    if decision not in Decision.values:
        raise DomainRuleError(f"Decide 'approve' or 'return', not {decision!r}.", field="decision")
    if charter.status != CharterStatus.SUBMITTED:
        raise DomainRuleError(
            f"The charter is {charter.get_status_display().lower()}, not submitted for approval.",
            field="status",
        )
    if decision == Decision.RETURN and not comment.strip():
        raise DomainRuleError("Say what must change: returning a charter needs a comment.", field="comment")
    approve = decision == Decision.APPROVE
    label = "Approved" if approve else "Returned"
    with transaction.atomic():
        current = lock_for_update(charter, expected_version=expected_version)
        data: dict[str, Any] = {"status": CharterStatus.APPROVED if approve else CharterStatus.RETURNED}
        if approve:
            # The approval write makes version v+1; that version's content is the approved one.
            data |= {
                "approved_version": current.version + 1,
                "approved_at": timezone.now(),
                "approved_by": actor,
            }
        updated, _ = update_audited(
            actor=actor,
            instance=current,
            data=data,
            expected_version=current.version,
            scope=charter.scope,
            note=f"{label}: {comment}" if comment else label,
        )
        kind = DecisionKind.APPROVED if approve else DecisionKind.RETURNED
        _record(updated, kind, actor, comment, content_of(updated) if approve else None)
    return updated
