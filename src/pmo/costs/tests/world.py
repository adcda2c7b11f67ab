"""Costs of each side in the persona world (``WORLD_EXTENSIONS``).

For ``side.project``: a draft budget with one line (other, March 2026, 500.00), so the battery's
"approve" really approves when allowed; a prorated fixed cost on the side's first task; and a cost
entry in US dollars with a PDF receipt attached. Every text field carries a canary.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from pmo.costs.choices import Accrual, CostCategory
from pmo.costs.services import (
    budget_for,
    budget_line_create,
    cost_attachment_add,
    cost_entry_create,
    fixed_cost_create,
)

#: The world's budget line (tests count on it).
WORLD_LINE = {"category": CostCategory.OTHER, "period": dt.date(2026, 3, 1), "amount": Decimal("500.00")}


def extend(side: Any, *, admin: Any, manager: Any, canary: Callable[[], str]) -> dict[str, Any]:
    """Create the side's budget, fixed cost and cost entry through the services, by registry key."""
    budget = budget_for(actor=manager, project=side.project)
    line = budget_line_create(actor=manager, budget=budget, note=f"Line {canary()}", **WORLD_LINE)
    budget.refresh_from_db()
    fixed = fixed_cost_create(
        actor=manager,
        task=side.extras["task"],
        name=f"Fixed {canary()}",
        amount=Decimal("250"),
        category=CostCategory.EQUIPMENT,
        accrual=Accrual.PRORATED,
    )
    entry = cost_entry_create(
        actor=manager,
        project=side.project,
        date=dt.date(2026, 1, 15),
        category=CostCategory.TRAVEL,
        amount=Decimal("120"),
        currency="USD",
        exchange_rate=Decimal("0.9"),
        reference=f"INV-{canary()}",
        description=f"Entry {canary()}",
    )
    attachment = cost_attachment_add(
        actor=manager, entry=entry, name=f"receipt-{canary()}.pdf", content=b"%PDF-1.4\n% receipt\n%%EOF\n"
    )
    return {
        "budget": budget,
        "budget_line": line,
        "fixed_cost": fixed,
        "cost_entry": entry,
        "cost_attachment": attachment,
    }
