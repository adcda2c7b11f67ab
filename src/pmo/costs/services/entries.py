"""Cost entries (invoices, expenses): contributors add and edit them, managers delete them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction

from pmo.accounts.choices import Role
from pmo.accounts.selectors import require_role
from pmo.core.errors import DomainRuleError
from pmo.core.services import instance_create, instance_delete, instance_update
from pmo.costs.choices import CostCategory, EntryKind
from pmo.costs.currencies import project_currency, require_currency
from pmo.costs.models import CostEntry
from pmo.costs.services.common import (
    refuse_unknown,
    require_date,
    require_money,
    require_rate,
    require_task_of,
)
from pmo.projects.models import Project, Task

#: What a contributor may change on a cost entry.
ENTRY_FIELDS = (
    "kind",
    "date",
    "category",
    "task",
    "amount",
    "currency",
    "exchange_rate",
    "reference",
    "description",
)


def _clean(project: Project, data: dict[str, Any]) -> dict[str, Any]:
    """Check and normalise the given fields of an entry (currency and rate are checked together later)."""
    clean = dict(data)
    if "date" in clean:
        clean["date"] = require_date(clean["date"], field="date")
    if "amount" in clean:
        # A negative amount is a credit note.
        clean["amount"] = require_money(clean["amount"], field="amount", allow_negative=True)
    if "category" in clean and clean["category"] not in CostCategory.values:
        raise DomainRuleError(f"{clean['category']!r} is not a cost category.", field="category")
    if "kind" in clean and clean["kind"] not in EntryKind.values:
        raise DomainRuleError(f"{clean['kind']!r} is not a kind of cost entry.", field="kind")
    if "currency" in clean:
        clean["currency"] = require_currency(clean["currency"])
    if "exchange_rate" in clean:
        clean["exchange_rate"] = require_rate(clean["exchange_rate"])
    if "task" in clean:
        require_task_of(project, clean["task"])
    return clean


def _check_rate(currency: str, rate: Decimal) -> None:
    if currency == project_currency() and rate != 1:
        raise DomainRuleError(
            f"An entry in the project currency {currency} has the exchange rate 1.", field="exchange_rate"
        )


def cost_entry_create(
    *,
    actor: Any,
    project: Project,
    date: dt.date,
    category: str,
    amount: Any,
    currency: str | None = None,
    exchange_rate: Any = None,
    task: Task | None = None,
    kind: str = EntryKind.INVOICE,
    reference: str = "",
    description: str = "",
) -> CostEntry:
    """Record an invoice or expense; contributor.

    ``currency`` defaults to the project currency (rate 1); another currency must be a known
    ISO 4217 code and needs its ``exchange_rate`` to the project currency.
    """
    require_role(actor, project.scope, Role.CONTRIBUTOR)
    code = project_currency() if currency is None else currency
    data = _clean(
        project,
        {"date": date, "category": category, "amount": amount, "currency": code, "task": task, "kind": kind},
    )
    if exchange_rate is None:
        if data["currency"] != project_currency():
            raise DomainRuleError(
                f"Give the exchange rate from {data['currency']} to {project_currency()}.",
                field="exchange_rate",
            )
        rate = Decimal(1)
    else:
        rate = require_rate(exchange_rate)
    _check_rate(data["currency"], rate)
    with transaction.atomic():
        entry = CostEntry(
            project=project,
            scope=project.scope,
            exchange_rate=rate,
            reference=reference,
            description=description,
            **data,
        )
        return instance_create(actor=actor, instance=entry, scope=project.scope)


def cost_entry_update(
    *, actor: Any, entry: CostEntry, data: dict[str, Any], expected_version: int | None
) -> CostEntry:
    """Change an entry's fields (see :data:`ENTRY_FIELDS`); contributor."""
    require_role(actor, entry.scope, Role.CONTRIBUTOR)
    refuse_unknown(data, ENTRY_FIELDS)
    clean = _clean(entry.project, data)
    moved = "currency" in clean and clean["currency"] != entry.currency
    if moved and "exchange_rate" not in clean and clean["currency"] != project_currency():
        raise DomainRuleError(
            f"Give the exchange rate from {clean['currency']} to {project_currency()}.",
            field="exchange_rate",
        )
    _check_rate(clean.get("currency", entry.currency), clean.get("exchange_rate", entry.exchange_rate))
    with transaction.atomic():
        updated, _ = instance_update(
            actor=actor, instance=entry, data=clean, expected_version=expected_version, scope=entry.scope
        )
    return updated


def cost_entry_delete(*, actor: Any, entry: CostEntry, expected_version: int | None) -> None:
    """Delete an entry (recorded by mistake); manager."""
    require_role(actor, entry.scope, Role.MANAGER)
    with transaction.atomic():
        instance_delete(actor=actor, instance=entry, expected_version=expected_version, scope=entry.scope)
