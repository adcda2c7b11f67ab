"""Rules the resources services share: numbers in range, the pool of a project, plain values.

Every check raises :class:`~pmo.core.errors.DomainRuleError` naming the field (and, for bulk rows,
the row), so the web forms, the API and the import report can point at the bad input.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from pmo.core.choices import ScopeKind
from pmo.core.errors import DomainRuleError
from pmo.core.models import Scope
from pmo.resources.choices import ResourceKind
from pmo.resources.models import MAX_QUANTITY, MAX_UNITS

CENT = Decimal("0.01")
RATE_STEP = Decimal("0.0001")


def where(row: int | None) -> str:
    """``"Row 4: "`` for a bulk row, ``""`` for a single edit."""
    return f"Row {row}: " if row is not None else ""


def decimal_value(
    value: Any, *, field: str, step: Decimal, row: int | None = None, minimum: Decimal | None = Decimal(0)
) -> Decimal | None:
    """``value`` (int, float, Decimal or text) as a Decimal rounded to ``step``; ``None`` stays ``None``.

    >>> decimal_value(0.333, field="units", step=CENT)
    Decimal('0.33')
    """
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value)).quantize(step)
    except (InvalidOperation, ValueError) as error:
        raise DomainRuleError(f"{where(row)}{field} {value!r} is not a number.", field=field) from error
    if not number.is_finite():
        raise DomainRuleError(f"{where(row)}{field} {value!r} is not a number.", field=field)
    if minimum is not None and number < minimum:
        raise DomainRuleError(f"{where(row)}{field} cannot be negative (got {number}).", field=field)
    return number


def units_value(
    value: Any, *, kind: str, row: int | None = None, field: str = "units", imported: bool = False
) -> Decimal:
    """Assignment units of a resource of ``kind``.

    Work and cost resources: 0 to 100 (1 = one person full time, 100% in Microsoft Project).
    Material resources, and any ``imported`` value: up to what the column holds (999,999.99), since
    files carry quantities and rates this cap would refuse (a P6 nonlabor resource at 123 units/h).

    >>> units_value("0.5", kind="work")
    Decimal('0.50')
    """
    units = decimal_value(value, field=field, step=CENT, row=row)
    if units is None:
        raise DomainRuleError(f"{where(row)}Give the units (1 = 100%).", field=field)
    if kind == ResourceKind.MATERIAL or imported:
        if units > MAX_QUANTITY:
            raise DomainRuleError(
                f"{where(row)}units of {units} are more than the column holds ({MAX_QUANTITY}).", field=field
            )
    elif units > MAX_UNITS:
        raise DomainRuleError(
            f"{where(row)}units {units} ({units * 100:.0f}%) is more than the most an assignment may "
            f"carry, {MAX_UNITS} ({MAX_UNITS * 100:.0f}%).",
            field=field,
        )
    return units


def minutes_value(value: Any, *, field: str, row: int | None = None) -> int | None:
    """A work amount in whole minutes, 0 or more; ``None`` stays ``None``."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise DomainRuleError(f"{where(row)}{field} must be a number of minutes.", field=field)
    if value < 0:
        raise DomainRuleError(f"{where(row)}{field} cannot be negative (got {value}).", field=field)
    if value > 2**31 - 1:
        raise DomainRuleError(f"{where(row)}{field} {value} is too large.", field=field)
    return round(value)


def aware_value(value: Any, *, field: str, row: int | None = None) -> dt.datetime | None:
    """A timezone-aware datetime (naive ones are refused: their meaning depends on a timezone)."""
    if value is None:
        return None
    if not isinstance(value, dt.datetime):
        raise DomainRuleError(f"{where(row)}{field} must be a date and time.", field=field)
    if value.tzinfo is None or value.utcoffset() is None:
        raise DomainRuleError(
            f"{where(row)}{field} {value.isoformat()} has no timezone; give an aware date and time.",
            field=field,
        )
    return value


def check_span(start: dt.datetime | None, finish: dt.datetime | None, *, row: int | None = None) -> None:
    """An assignment cannot finish before it starts."""
    if start is not None and finish is not None and finish < start:
        raise DomainRuleError(
            f"{where(row)}the finish {finish.isoformat()} is before the start {start.isoformat()}.",
            field="finish",
        )


def require_pool(scope: Scope | None) -> Scope:
    """A pool is the scope of a portfolio."""
    if scope is None or scope.kind != ScopeKind.PORTFOLIO:
        raise DomainRuleError(
            "A resource belongs to the pool of a portfolio; name the portfolio.", field="pool"
        )
    return scope


def name_value(value: Any, *, row: int | None = None, field: str = "name") -> str:
    """A resource name: stripped text, 1 to 255 characters."""
    name = str(value or "").strip()
    if not name:
        raise DomainRuleError(f"{where(row)}a resource needs a name.", field=field)
    if len(name) > 255:
        raise DomainRuleError(f"{where(row)}the name is longer than 255 characters.", field=field)
    return name
