"""Fixed costs of tasks (a licence, a fee): managers plan them."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from pmo.accounts.choices import Role
from pmo.accounts.selectors import require_role
from pmo.core.errors import DomainRuleError
from pmo.core.services import instance_create, instance_delete, instance_update
from pmo.costs.choices import Accrual, CostCategory
from pmo.costs.models import FixedCost
from pmo.costs.services.common import refuse_unknown, require_money, require_task_of
from pmo.projects.models import Project, Task

#: What a manager may change on a fixed cost.
FIXED_COST_FIELDS = ("task", "name", "category", "amount", "accrual")


def _clean(project: Project, data: dict[str, Any]) -> dict[str, Any]:
    clean = dict(data)
    if "amount" in clean:
        clean["amount"] = require_money(clean["amount"], field="amount")
    if "category" in clean and clean["category"] not in CostCategory.values:
        raise DomainRuleError(f"{clean['category']!r} is not a cost category.", field="category")
    if "accrual" in clean and clean["accrual"] not in Accrual.values:
        raise DomainRuleError(
            f"{clean['accrual']!r} is not an accrual; use start, end or prorated.", field="accrual"
        )
    if "task" in clean:
        if clean["task"] is None:
            raise DomainRuleError("Name the task the fixed cost belongs to.", field="task")
        require_task_of(project, clean["task"])
        if clean["task"].is_summary:
            raise DomainRuleError(
                f"{clean['task']} is a summary task; put the fixed cost on one of its subtasks.", field="task"
            )
    if "name" in clean and not str(clean["name"]).strip():
        raise DomainRuleError("Name the fixed cost.", field="name")
    return clean


def fixed_cost_create(
    *,
    actor: Any,
    task: Task,
    name: str,
    amount: Any,
    category: str = CostCategory.OTHER,
    accrual: str = Accrual.PRORATED,
) -> FixedCost:
    """Plan a fixed cost on a task; manager of its project."""
    project = task.project
    require_role(actor, project.scope, Role.MANAGER)
    clean = _clean(
        project, {"task": task, "name": name, "amount": amount, "category": category, "accrual": accrual}
    )
    with transaction.atomic():
        cost = FixedCost(project=project, scope=project.scope, **clean)
        return instance_create(actor=actor, instance=cost, scope=project.scope)


def fixed_cost_update(
    *, actor: Any, cost: FixedCost, data: dict[str, Any], expected_version: int | None
) -> FixedCost:
    """Change a fixed cost (see :data:`FIXED_COST_FIELDS`); manager."""
    require_role(actor, cost.scope, Role.MANAGER)
    refuse_unknown(data, FIXED_COST_FIELDS)
    clean = _clean(cost.project, data)
    with transaction.atomic():
        updated, _ = instance_update(
            actor=actor, instance=cost, data=clean, expected_version=expected_version, scope=cost.scope
        )
    return updated


def fixed_cost_delete(*, actor: Any, cost: FixedCost, expected_version: int | None) -> None:
    """Delete a fixed cost; manager."""
    require_role(actor, cost.scope, Role.MANAGER)
    with transaction.atomic():
        instance_delete(actor=actor, instance=cost, expected_version=expected_version, scope=cost.scope)
