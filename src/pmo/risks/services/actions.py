"""Writes of response actions: add, change (mark done), delete.

Roles: contributors add and change actions; managers delete them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from pmo.accounts.choices import Role
from pmo.accounts.selectors import has_role, require_role
from pmo.core.errors import DomainRuleError
from pmo.core.services import instance_create, instance_delete, instance_update
from pmo.risks.choices import ActionStatus
from pmo.risks.models import Risk, RiskAction
from pmo.risks.services.checks import EARLIEST, LATEST, refuse_unknown

#: What a contributor may set on a response action.
ACTION_FIELDS: tuple[str, ...] = ("title", "owner", "due_date", "status")


def _check(risk: Risk, values: dict[str, Any]) -> dict[str, Any]:
    clean = dict(values)
    if not str(clean.get("title") or "").strip():
        raise DomainRuleError("Say what the action is.", field="title")
    clean["title"] = str(clean["title"]).strip()
    if clean.get("status") not in ActionStatus.values:
        raise DomainRuleError(f"{clean.get('status')!r} is not a status; use open or done.", field="status")
    due = clean.get("due_date")
    if due is not None and (not isinstance(due, dt.date) or not EARLIEST <= due <= LATEST):
        raise DomainRuleError("Give the due date as a date from 1984 to 2149.", field="due_date")
    owner = clean.get("owner")
    if owner is not None and not has_role(owner, risk.scope, Role.VIEWER):
        raise DomainRuleError(f"The owner must hold a role on this {risk.scope.kind}.", field="owner")
    return clean


def action_create(
    *,
    actor: Any,
    risk: Risk,
    title: str,
    owner: Any = None,
    due_date: dt.date | None = None,
    status: str = ActionStatus.OPEN,
) -> RiskAction:
    """Add a response action to a risk (contributor)."""
    require_role(actor, risk.scope, Role.CONTRIBUTOR)
    clean = _check(risk, {"title": title, "owner": owner, "due_date": due_date, "status": status})
    if clean["status"] == ActionStatus.DONE:
        clean["done_at"] = timezone.now()
    with transaction.atomic():
        action = RiskAction(risk=risk, scope=risk.scope, **clean)
        return instance_create(actor=actor, instance=action, scope=risk.scope)


def action_update(
    *, actor: Any, action: RiskAction, data: Mapping[str, Any], expected_version: int | None
) -> RiskAction:
    """Change an action (contributor); marking it done stamps when."""
    require_role(actor, action.scope, Role.CONTRIBUTOR)
    refuse_unknown(data, ACTION_FIELDS)
    values = {name: getattr(action, name) for name in ACTION_FIELDS} | dict(data)
    clean = {name: value for name, value in _check(action.risk, values).items() if name in data}
    if "status" in clean and clean["status"] != action.status:
        clean["done_at"] = timezone.now() if clean["status"] == ActionStatus.DONE else None
    with transaction.atomic():
        updated, _ = instance_update(
            actor=actor, instance=action, data=clean, expected_version=expected_version, scope=action.scope
        )
    return updated


def action_delete(*, actor: Any, action: RiskAction, expected_version: int | None) -> None:
    """Delete an action (manager)."""
    require_role(actor, action.scope, Role.MANAGER)
    with transaction.atomic():
        instance_delete(actor=actor, instance=action, expected_version=expected_version, scope=action.scope)
