"""Checks the costs services share: money, dates in the supported range, unknown fields, tasks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from pmo.core.errors import DomainRuleError
from pmo.projects.models import Project, Task

#: Microsoft Project's date range, which pmo keeps everywhere.
EARLIEST = dt.date(1984, 1, 1)
LATEST = dt.date(2149, 12, 31)
#: The largest amount a money column holds (16 digits, 2 places).
MAX_AMOUNT = Decimal("99999999999999.99")


def require_money(value: Any, *, field: str, positive: bool = False, allow_negative: bool = False) -> Decimal:
    """``value`` as a finite ``Decimal`` rounded to the cent, or a refusal naming ``field``.

    >>> require_money("12.345", field="amount")
    Decimal('12.35')
    """
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise DomainRuleError(f"{value!r} is not an amount of money.", field=field) from None
    if not amount.is_finite():
        raise DomainRuleError(f"The {field.replace('_', ' ')} must be a finite number.", field=field)
    amount = amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)  # half a cent rounds up
    if abs(amount) > MAX_AMOUNT:
        raise DomainRuleError(f"The {field.replace('_', ' ')} is larger than {MAX_AMOUNT}.", field=field)
    if positive and amount <= 0:
        raise DomainRuleError(f"The {field.replace('_', ' ')} must be more than zero.", field=field)
    if not allow_negative and amount < 0:
        raise DomainRuleError(f"The {field.replace('_', ' ')} cannot be negative.", field=field)
    return amount


def require_rate(value: Any, *, field: str = "exchange_rate") -> Decimal:
    """A finite exchange rate above zero, or a refusal naming ``field``."""
    try:
        rate = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise DomainRuleError(f"{value!r} is not an exchange rate.", field=field) from None
    if not rate.is_finite() or rate <= 0:
        raise DomainRuleError("The exchange rate must be a finite number above zero.", field=field)
    return rate


def require_date(value: Any, *, field: str) -> dt.date:
    """A date between 1984-01-01 and 2149-12-31, or a refusal naming ``field``."""
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise DomainRuleError(f"Give the {field.replace('_', ' ')} as a date.", field=field)
    if not EARLIEST <= value <= LATEST:
        raise DomainRuleError(
            f"{value.isoformat()} is outside the supported range 1984-01-01 to 2149-12-31.", field=field
        )
    return value


def require_task_of(project: Project, task: Task | None, *, field: str = "task") -> None:
    """A task named on a cost must belong to the cost's project."""
    if task is not None and task.project_id != project.pk:
        raise DomainRuleError(f"The task {task} is not part of project {project.code}.", field=field)


def refuse_unknown(data: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
    """Refuse keys outside ``allowed`` by name, so nothing is silently ignored."""
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise DomainRuleError(f"read-only or unknown field: {', '.join(unknown)}", field=unknown[0])
