"""The project budget: managers edit its lines while it is a draft and approve it into a baseline."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from pmo.accounts.choices import Role
from pmo.accounts.selectors import require_role
from pmo.core.audit import audit_log
from pmo.core.choices import AuditAction
from pmo.core.errors import DomainRuleError
from pmo.core.services import instance_create, instance_delete, instance_update
from pmo.costs.choices import BudgetStatus, CostCategory
from pmo.costs.models import Budget, BudgetBaseline, BudgetLine
from pmo.costs.services.common import refuse_unknown, require_date, require_money
from pmo.projects.models import Project

#: What a manager may change on a budget line.
LINE_FIELDS = ("category", "period", "amount", "note")


def _month(value: Any) -> dt.date:
    day = require_date(value, field="period")
    if day.day != 1:
        raise DomainRuleError(
            f"A budget line covers a month: give its first day ({day:%Y-%m}-01), not {day.isoformat()}.",
            field="period",
        )
    return day


def _clean_line(data: dict[str, Any]) -> dict[str, Any]:
    clean = dict(data)
    if "category" in clean and clean["category"] not in CostCategory.values:
        raise DomainRuleError(f"{clean['category']!r} is not a cost category.", field="category")
    if "period" in clean:
        clean["period"] = _month(clean["period"])
    if "amount" in clean:
        clean["amount"] = require_money(clean["amount"], field="amount")
    return clean


def _require_draft(budget: Budget) -> None:
    """Refuse changes to the lines of an approved budget (status read afresh under a row lock, so
    a line cannot change while the budget is being approved); call inside ``transaction.atomic()``."""
    status = Budget.objects.select_for_update().filter(pk=budget.pk).values_list("status", flat=True).first()
    if status != BudgetStatus.DRAFT:
        raise DomainRuleError(
            f"The budget of {budget.project.code} is approved; reopen it to change its lines.", field="status"
        )


def _require_unique(budget: Budget, category: str, period: dt.date, exclude: int | None = None) -> None:
    clash = BudgetLine.objects.filter(budget=budget, category=category, period=period)
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise DomainRuleError(
            f"The budget already has a {CostCategory(category).label.lower()} line for {period:%Y-%m}; "
            "change that line instead.",
            field="period",
        )


def budget_for(*, actor: Any, project: Project) -> Budget:
    """The project's budget, created as an empty draft the first time; manager."""
    require_role(actor, project.scope, Role.MANAGER)
    existing = Budget.objects.filter(project=project).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        return instance_create(
            actor=actor, instance=Budget(project=project, scope=project.scope), scope=project.scope
        )


def budget_line_create(
    *, actor: Any, budget: Budget, category: str, period: dt.date, amount: Any, note: str = ""
) -> BudgetLine:
    """Add a line (category, month, amount) to a draft budget; manager."""
    require_role(actor, budget.scope, Role.MANAGER)
    clean = _clean_line({"category": category, "period": period, "amount": amount})
    with transaction.atomic():
        _require_draft(budget)
        _require_unique(budget, clean["category"], clean["period"])
        line = BudgetLine(budget=budget, scope=budget.scope, note=note, **clean)
        return instance_create(actor=actor, instance=line, scope=budget.scope)


def budget_line_update(
    *, actor: Any, line: BudgetLine, data: dict[str, Any], expected_version: int | None
) -> BudgetLine:
    """Change a line of a draft budget (see :data:`LINE_FIELDS`); manager."""
    require_role(actor, line.scope, Role.MANAGER)
    refuse_unknown(data, LINE_FIELDS)
    clean = _clean_line(data)
    with transaction.atomic():
        _require_draft(line.budget)
        _require_unique(
            line.budget,
            clean.get("category", line.category),
            clean.get("period", line.period),
            exclude=line.pk,
        )
        updated, _ = instance_update(
            actor=actor, instance=line, data=clean, expected_version=expected_version, scope=line.scope
        )
    return updated


def budget_line_delete(*, actor: Any, line: BudgetLine, expected_version: int | None) -> None:
    """Remove a line of a draft budget; manager."""
    require_role(actor, line.scope, Role.MANAGER)
    with transaction.atomic():
        _require_draft(line.budget)
        instance_delete(actor=actor, instance=line, expected_version=expected_version, scope=line.scope)


def _frozen_lines(budget: Budget) -> tuple[list[dict[str, str]], Decimal]:
    rows = BudgetLine.objects.filter(budget=budget).order_by("period", "category")
    lines = [
        {
            "category": row.category,
            "period": row.period.isoformat(),
            "amount": str(row.amount),
            "note": row.note,
        }
        for row in rows
    ]
    return lines, sum((row.amount for row in rows), Decimal("0.00"))


def budget_approve(*, actor: Any, budget: Budget, expected_version: int | None) -> BudgetBaseline:
    """Approve a draft budget: freeze its lines as the next numbered baseline; manager."""
    require_role(actor, budget.scope, Role.MANAGER)
    with transaction.atomic():
        _require_draft(budget)
        lines, total = _frozen_lines(budget)
        if not lines:
            raise DomainRuleError("Add at least one budget line before approving the budget.", field="lines")
        now = timezone.now()
        updated, _ = instance_update(
            actor=actor,
            instance=budget,
            data={"status": BudgetStatus.APPROVED, "approved_at": now, "approved_by": actor},
            expected_version=expected_version,
            scope=budget.scope,
            action=AuditAction.UPDATE,
            note="Budget approved",
        )
        number = (BudgetBaseline.objects.filter(budget=budget).aggregate(n=Max("number"))["n"] or 0) + 1
        baseline = BudgetBaseline.objects.create(
            budget=updated, number=number, lines=lines, total=total, approved_at=now, approved_by=actor
        )
        audit_log(
            actor=actor,
            action=AuditAction.CREATE,
            instance=baseline,
            scope=budget.scope,
            changes={"number": [None, number], "total": [None, str(total)], "lines": [None, lines]},
            note=f"Budget baseline {number}",
        )
    return baseline


def budget_reopen(*, actor: Any, budget: Budget, expected_version: int | None) -> Budget:
    """Make an approved budget a draft again (its baselines stay); manager."""
    require_role(actor, budget.scope, Role.MANAGER)
    with transaction.atomic():
        if Budget.objects.filter(pk=budget.pk, status=BudgetStatus.DRAFT).exists():
            raise DomainRuleError("The budget is already a draft.", field="status")
        updated, _ = instance_update(
            actor=actor,
            instance=budget,
            data={"status": BudgetStatus.DRAFT},
            expected_version=expected_version,
            scope=budget.scope,
            note="Budget reopened",
        )
    return updated
