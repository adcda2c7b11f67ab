"""Writes of change control (``change_request_<verb>``, ``change_authority_set``), one transaction each.

Lifecycle: a contributor drafts a request and its operations, assesses it (impact on a copy of
the plan), submits it (assessed again, routed to the authority its impact needs); only that
authority approves or rejects it, with a comment; a manager of the project applies an approved
request, which changes the real plan through the projects, costs and resources services (all
operations or none) and, when chosen on approval, saves the baseline over. Everything is audited.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from pmo.accounts.choices import Role
from pmo.accounts.selectors import require_role
from pmo.changes import adapters
from pmo.changes.apply import apply_operations
from pmo.changes.choices import ChangeCategory, ChangeStatus, Decision
from pmo.changes.models import ChangeAuthority, ChangeRequest
from pmo.changes.operations import clean_operations, resolve
from pmo.changes.routing import authority_of, require_decider, required_authority
from pmo.core.audit import audit_log, audited_fields, diff, snapshot
from pmo.core.choices import AuditAction
from pmo.core.errors import DomainRuleError
from pmo.core.services import instance_create, instance_update, lock_for_update
from pmo.projects.choices import BASELINE_NUMBERS
from pmo.projects.models import Project
from pmo.projects.services.baselines import baseline_save
from pmo.projects.services.schedule import lock_project

#: What the requester may change while the request is a draft.
REQUEST_FIELDS = ("title", "description", "reason", "category", "operations")
#: What the level above may change on a project's thresholds.
AUTHORITY_FIELDS = ("manager_max_days", "manager_max_cost", "board_max_days", "board_max_cost", "sponsor")


#: Fields the services set (not editable by users) whose changes are audited too.
STATE_FIELDS = (
    "status",
    "assessed_at",
    "required_authority",
    "decided_by",
    "decided_at",
    "decision_comment",
    "rebaseline",
    "baseline_number",
    "applied_by",
    "applied_at",
)


def _update(
    *,
    actor: Any,
    request: ChangeRequest,
    data: Mapping[str, Any],
    expected_version: int | None,
    note: str = "",
) -> ChangeRequest:
    """Lock, version-check, change and audit a request, state fields included (always bumps the version)."""
    current = lock_for_update(request, expected_version=expected_version)
    fields = [*audited_fields(current), *STATE_FIELDS]
    before = snapshot(current, fields)
    for name, value in data.items():
        setattr(current, name, value)
    current.full_clean()
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db()
    audit_log(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=current,
        scope=current.scope,
        changes=diff(before, snapshot(current, fields)),
        note=note,
    )
    return current


def _clean(project: Project, data: Mapping[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(data) - set(REQUEST_FIELDS))
    if unknown:
        raise DomainRuleError(f"read-only or unknown field: {', '.join(unknown)}", field=unknown[0])
    clean = dict(data)
    if "title" in clean:
        clean["title"] = str(clean["title"] or "").strip()
        if not clean["title"]:
            raise DomainRuleError("Give the change request a title.", field="title")
        if len(clean["title"]) > 200:
            raise DomainRuleError("The title is longer than 200 characters.", field="title")
    if "category" in clean and clean["category"] not in ChangeCategory.values:
        raise DomainRuleError(
            f"{clean['category']!r} is not a category; use scope, schedule, cost or quality.",
            field="category",
        )
    if "operations" in clean:
        clean["operations"] = clean_operations(clean["operations"])
        resolve(project, clean["operations"])
    return clean


def change_request_create(
    *,
    actor: Any,
    project: Project,
    title: str,
    description: str = "",
    reason: str = "",
    category: str = ChangeCategory.SCOPE,
    operations: list[dict[str, Any]] | None = None,
) -> ChangeRequest:
    """Draft a change request on ``project``; contributor. Numbered CR-1, CR-2... per project."""
    require_role(actor, project.scope, Role.CONTRIBUTOR)
    clean = _clean(
        project,
        {
            "title": title,
            "description": description or "",
            "reason": reason or "",
            "category": category,
            "operations": operations or [],
        },
    )
    with transaction.atomic():
        locked = lock_project(project)
        last = ChangeRequest.objects.filter(project=locked).aggregate(last=Max("number"))["last"] or 0
        request = ChangeRequest(
            project=locked,
            scope=locked.scope,
            number=last + 1,
            requested_by=actor if getattr(actor, "is_authenticated", False) else None,
            **clean,
        )
        return instance_create(actor=actor, instance=request, scope=locked.scope)


def _require_status(request: ChangeRequest, *allowed: str, doing: str) -> None:
    if request.status not in allowed:
        raise DomainRuleError(
            f"{request.code} is {request.get_status_display().lower()}; it cannot be {doing}.", field="status"
        )


def change_request_update(
    *, actor: Any, request: ChangeRequest, data: Mapping[str, Any], expected_version: int | None
) -> ChangeRequest:
    """Change a draft's fields (see :data:`REQUEST_FIELDS`); contributor.

    New operations clear the assessment.
    """
    require_role(actor, request.scope, Role.CONTRIBUTOR)
    _require_status(request, ChangeStatus.DRAFT, doing="edited")
    clean = _clean(request.project, data)
    if "operations" in clean and clean["operations"] != request.operations:
        clean |= {"assessment": None, "assessed_at": None, "required_authority": ""}
    with transaction.atomic():
        return _update(actor=actor, request=request, data=clean, expected_version=expected_version)


def _assessed(request: ChangeRequest) -> dict[str, Any]:
    """Assessment values of ``request`` against the plan as it is now."""
    project = request.project
    refs = resolve(project, request.operations)
    assessment = adapters.assess(project, request.operations, refs)
    return {
        "assessment": assessment,
        "assessed_at": timezone.now(),
        "required_authority": required_authority(assessment, authority_of(project)),
    }


def change_request_assess(
    *, actor: Any, request: ChangeRequest, expected_version: int | None = None
) -> ChangeRequest:
    """Work out the impact on a copy of the plan (nothing in the plan changes); contributor."""
    require_role(actor, request.scope, Role.CONTRIBUTOR)
    _require_status(request, ChangeStatus.DRAFT, ChangeStatus.SUBMITTED, doing="assessed")
    with transaction.atomic():
        current = lock_for_update(request, expected_version=expected_version)
        return _update(
            actor=actor,
            request=current,
            data=_assessed(current),
            expected_version=None,
            note="Impact assessed",
        )


def change_request_submit(
    *, actor: Any, request: ChangeRequest, expected_version: int | None
) -> ChangeRequest:
    """Draft → submitted: assessed again and routed to the authority its impact needs; contributor."""
    require_role(actor, request.scope, Role.CONTRIBUTOR)
    _require_status(request, ChangeStatus.DRAFT, doing="submitted")
    with transaction.atomic():
        current = lock_for_update(request, expected_version=expected_version)
        data = {**_assessed(current), "status": ChangeStatus.SUBMITTED}
        return _update(actor=actor, request=current, data=data, expected_version=None, note="Submitted")


def change_request_withdraw(
    *, actor: Any, request: ChangeRequest, expected_version: int | None
) -> ChangeRequest:
    """Draft or submitted → withdrawn; the requester or a manager of the project."""
    if request.requested_by_id is None or request.requested_by_id != getattr(actor, "pk", None):
        require_role(actor, request.scope, Role.MANAGER)
    else:
        require_role(actor, request.scope, Role.CONTRIBUTOR)
    _require_status(request, ChangeStatus.DRAFT, ChangeStatus.SUBMITTED, doing="withdrawn")
    with transaction.atomic():
        return _update(
            actor=actor,
            request=request,
            data={"status": ChangeStatus.WITHDRAWN},
            expected_version=expected_version,
            note="Withdrawn",
        )


def change_request_decide(
    *,
    actor: Any,
    request: ChangeRequest,
    decision: str,
    comment: str = "",
    rebaseline: bool = False,
    baseline_number: int = 0,
    expected_version: int | None,
) -> ChangeRequest:
    """The required authority approves or rejects a submitted request (rejecting needs a comment).

    ``rebaseline``: applying the change also saves baseline ``baseline_number`` over.
    """
    require_decider(actor, request)
    if decision not in Decision.values:
        raise DomainRuleError(f"Decide 'approve' or 'reject', not {decision!r}.", field="decision")
    _require_status(request, ChangeStatus.SUBMITTED, doing="decided")
    comment = (comment or "").strip()
    if decision == Decision.REJECT and not comment:
        raise DomainRuleError("Say why: rejecting a change request needs a comment.", field="comment")
    if baseline_number not in BASELINE_NUMBERS:
        raise DomainRuleError("Choose a baseline number from 0 to 10.", field="baseline_number")
    approve = decision == Decision.APPROVE
    data: dict[str, Any] = {
        "status": ChangeStatus.APPROVED if approve else ChangeStatus.REJECTED,
        "decided_by": actor,
        "decided_at": timezone.now(),
        "decision_comment": comment,
        "rebaseline": bool(rebaseline) and approve,
        "baseline_number": baseline_number,
    }
    label = "Approved" if approve else "Rejected"
    with transaction.atomic():
        return _update(
            actor=actor,
            request=request,
            data=data,
            expected_version=expected_version,
            note=f"{label}: {comment}" if comment else label,
        )


def change_request_apply(
    *, actor: Any, request: ChangeRequest, expected_version: int | None
) -> ChangeRequest:
    """Approved → applied: the operations change the real plan, all or none; manager of the project.

    An operation that no longer applies (its task, link, fixed cost or assignment was removed or
    changed since the assessment) is refused by number and nothing changes. When the decision
    chose it, the baseline is saved over afterwards (audited by the baselines service).
    """
    require_role(actor, request.scope, Role.MANAGER)
    _require_status(request, ChangeStatus.APPROVED, doing="applied")
    with transaction.atomic():
        current = lock_for_update(request, expected_version=expected_version)
        project = lock_project(current.project)
        refs = resolve(project, current.operations)
        apply_operations(
            actor=actor,
            project=project,
            operations=current.operations,
            refs=refs,
            assessed=(current.assessment or {}).get("versions", {}),
        )
        if current.rebaseline:
            project.refresh_from_db()
            baseline_save(
                actor=actor,
                project=project,
                number=current.baseline_number,
                name=f"After {current.code}",
                overwrite=True,
            )
        return _update(
            actor=actor,
            request=current,
            data={"status": ChangeStatus.APPLIED, "applied_by": actor, "applied_at": timezone.now()},
            expected_version=None,
            note=f"Applied {len(current.operations)} operation(s)"
            + (f"; baseline {current.baseline_number} saved over" if current.rebaseline else ""),
        )


def change_authority_set(
    *,
    actor: Any,
    project: Project,
    data: Mapping[str, Any],
    board_members: list[Any] | None = None,
    expected_version: int | None = None,
) -> ChangeAuthority:
    """Set a project's approval thresholds; a manager of the level above (program or portfolio)."""
    require_role(actor, project.scope.parent or project.scope, Role.MANAGER)
    unknown = sorted(set(data) - set(AUTHORITY_FIELDS))
    if unknown:
        raise DomainRuleError(f"read-only or unknown field: {', '.join(unknown)}", field=unknown[0])
    clean = dict(data)
    for name in ("manager_max_cost", "board_max_cost"):
        if name in clean:
            clean[name] = Decimal(str(clean[name]))
            if clean[name] < 0:
                raise DomainRuleError("A threshold cannot be negative.", field=name)
    merged = {**{f: getattr(authority_of(project), f) for f in AUTHORITY_FIELDS}, **clean}
    if (
        merged["board_max_days"] < merged["manager_max_days"]
        or merged["board_max_cost"] < merged["manager_max_cost"]
    ):
        raise DomainRuleError(
            "The change board's limits cannot be below the project manager's.", field="board_max_days"
        )
    with transaction.atomic():
        existing = ChangeAuthority.objects.filter(project=project).first()
        if existing is None:
            authority = instance_create(
                actor=actor,
                instance=ChangeAuthority(project=project, scope=project.scope, **clean),
                scope=project.scope,
            )
        else:
            authority, _ = instance_update(
                actor=actor,
                instance=existing,
                data=clean,
                expected_version=expected_version,
                scope=project.scope,
            )
        if board_members is not None:
            before = sorted(str(user) for user in authority.board_members.all())
            authority.board_members.set(board_members)
            after = sorted(str(user) for user in board_members)
            if before != after:
                audit_log(
                    actor=actor,
                    action=AuditAction.UPDATE,
                    instance=authority,
                    scope=project.scope,
                    changes={"board_members": [before, after]},
                )
    return authority
