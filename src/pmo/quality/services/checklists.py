"""Checklist templates: attached to a portfolio, program or project, maintained by its managers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction

from pmo.accounts.choices import Role
from pmo.accounts.selectors import require_role
from pmo.core.errors import DomainRuleError
from pmo.core.models import Scope
from pmo.core.services import instance_create, instance_delete, instance_update
from pmo.quality.auditing import refuse_unknown
from pmo.quality.models import ChecklistTemplate

TEMPLATE_FIELDS = ("name", "description", "items")


def checklist_template_create(
    *, actor: Any, scope: Scope, name: str, items: Sequence[str], description: str = ""
) -> ChecklistTemplate:
    """Attach a new checklist template to ``scope``; needs the manager role there."""
    require_role(actor, scope, Role.MANAGER)
    if scope is None:
        raise DomainRuleError("Attach the template to a portfolio, program or project.", field="scope")
    with transaction.atomic():
        template = ChecklistTemplate(scope=scope, name=name, description=description, items=list(items))
        return instance_create(actor=actor, instance=template, scope=scope)


def checklist_template_update(
    *, actor: Any, template: ChecklistTemplate, data: dict[str, Any], expected_version: int | None
) -> ChecklistTemplate:
    """Change a template's name, description or items (reviews keep their copies); manager of its scope."""
    require_role(actor, template.scope, Role.MANAGER)
    refuse_unknown(data, TEMPLATE_FIELDS)
    if "items" in data:
        data = {**data, "items": list(data["items"])}
    with transaction.atomic():
        updated, _ = instance_update(
            actor=actor, instance=template, data=data, expected_version=expected_version, scope=template.scope
        )
    return updated


def checklist_template_delete(
    *, actor: Any, template: ChecklistTemplate, expected_version: int | None
) -> None:
    """Delete a template (reviews that used it keep their checklist); manager of its scope."""
    require_role(actor, template.scope, Role.MANAGER)
    with transaction.atomic():
        instance_delete(
            actor=actor, instance=template, expected_version=expected_version, scope=template.scope
        )
