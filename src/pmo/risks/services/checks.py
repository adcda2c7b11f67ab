"""Checks of the values of a risk (levels on the matrix, strategies, percentages, three-point
estimates, linked tasks, owner), each refusal naming its field."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from pmo.accounts.choices import Role
from pmo.accounts.selectors import has_role
from pmo.core.errors import DomainRuleError
from pmo.core.models import Scope
from pmo.projects.models import Task
from pmo.risks.choices import DIMENSIONS, STRATEGIES_OF, ImpactUnit, RiskCategory, RiskKind, Strategy
from pmo.risks.matrix import MatrixSpec

EARLIEST, LATEST = dt.date(1984, 1, 1), dt.date(2149, 12, 31)
MAX_AMOUNT = Decimal("99999999999999.99")
#: Largest time impact: 10 years of working days, or 1,000 % of the linked tasks' duration.
MAX_DAYS, MAX_PERCENT = 2600.0, 1000.0


def refuse_unknown(data: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
    """Refuse keys outside ``allowed`` by name, so nothing is silently ignored."""
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise DomainRuleError(f"read-only or unknown field: {', '.join(unknown)}", field=unknown[0])


def _label(field: str) -> str:
    return field.replace("_", " ")


def level(value: Any, field: str, spec: MatrixSpec, *, lowest: int, optional: bool = False) -> int | None:
    """A whole level from ``lowest`` to the matrix's ``levels``."""
    if value is None or value == "":
        if optional:
            return None
        raise DomainRuleError(f"Give the {_label(field)}.", field=field)
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        raise DomainRuleError(f"The {_label(field)} must be a whole number.", field=field)
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise DomainRuleError(f"The {_label(field)} must be a whole number.", field=field) from None
    if not lowest <= number <= spec.levels:
        raise DomainRuleError(
            f"The {_label(field)} must be from {lowest} to {spec.levels} on this {spec.levels}×{spec.levels} "
            "matrix.",
            field=field,
        )
    return number


def percent(value: Any, field: str = "probability_percent") -> Decimal | None:
    """A percentage from 0 to 100 with two places, or ``None``."""
    if value is None or value == "":
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise DomainRuleError(f"{value!r} is not a percentage.", field=field) from None
    if not number.is_finite() or not Decimal(0) <= number <= Decimal(100):
        raise DomainRuleError("The probability must be from 0 to 100 %.", field=field)
    return number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _number(value: Any, field: str, limit: float) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise DomainRuleError(f"The {_label(field)} must be a number.", field=field) from None
    if not math.isfinite(number) or not 0 <= number <= limit:
        raise DomainRuleError(f"The {_label(field)} must be a number from 0 to {limit:g}.", field=field)
    return number


def _money(value: Any, field: str) -> Decimal:
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise DomainRuleError(f"{value!r} is not an amount of money.", field=field) from None
    if not amount.is_finite() or not Decimal(0) <= amount <= MAX_AMOUNT:
        raise DomainRuleError(f"The {_label(field)} must be an amount from 0 to {MAX_AMOUNT}.", field=field)
    return amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def three_point(values: dict[str, Any], prefix: str) -> None:
    """``<prefix>_min/likely/max``: all three or none; min ≤ most likely ≤ max (in place)."""
    names = (f"{prefix}_min", f"{prefix}_likely", f"{prefix}_max")
    given = [values.get(name) not in (None, "") for name in names]
    if not any(given):
        for name in names:
            values[name] = None
        return
    if not all(given):
        missing = names[given.index(False)]
        raise DomainRuleError(
            f"Give the minimum, most likely and maximum {prefix} impact together.", field=missing
        )
    if prefix == "time":
        limit = MAX_PERCENT if values.get("time_unit") == ImpactUnit.PERCENT else MAX_DAYS
        low, likely, high = (_number(values[name], name, limit) for name in names)
    else:
        low, likely, high = (_money(values[name], name) for name in names)  # type: ignore[assignment]
    if low > likely:
        raise DomainRuleError(
            f"The minimum {prefix} impact ({low:g}) is above the most likely one ({likely:g}).",
            field=names[0],
        )
    if likely > high:
        raise DomainRuleError(
            f"The most likely {prefix} impact ({likely:g}) is above the maximum ({high:g}).", field=names[2]
        )
    values.update(dict(zip(names, (low, likely, high), strict=True)))


def task_ids(value: Any, scope: Scope) -> list[int]:
    """Ids of tasks of the risk's project (a risk of a program or portfolio links none)."""
    if value in (None, ""):
        return []
    if not isinstance(value, (list, tuple)) or not all(
        isinstance(v, int) and not isinstance(v, bool) for v in value
    ):
        raise DomainRuleError("The linked tasks must be a list of task ids.", field="task_ids")
    ids = sorted(set(value))
    if not ids:
        return []
    if scope.kind != "project":
        raise DomainRuleError(
            f"Only a project's risk links tasks; this one is on a {scope.kind}.", field="task_ids"
        )
    found = set(Task.objects.filter(project__scope=scope, pk__in=ids).values_list("pk", flat=True))
    strangers = [pk for pk in ids if pk not in found]
    if strangers:
        raise DomainRuleError(f"Task {strangers[0]} is not a task of this risk's project.", field="task_ids")
    return ids


def check_values(values: dict[str, Any], scope: Scope, spec: MatrixSpec) -> dict[str, Any]:
    """Every value of a risk (merged with what is stored) checked and normalised; refusals name the field."""
    clean = dict(values)
    if not str(clean.get("title") or "").strip():
        raise DomainRuleError("Give the risk a title.", field="title")
    clean["title"] = str(clean["title"]).strip()
    if clean.get("kind") not in RiskKind.values:
        raise DomainRuleError(
            f"{clean.get('kind')!r} is not a kind; use threat or opportunity.", field="kind"
        )
    if clean.get("category") not in RiskCategory.values:
        raise DomainRuleError(f"{clean.get('category')!r} is not a risk category.", field="category")
    strategy = clean.get("strategy") or ""
    if strategy and strategy not in Strategy.values:
        raise DomainRuleError(f"{strategy!r} is not a response strategy.", field="strategy")
    if strategy and strategy not in STRATEGIES_OF[clean["kind"]]:
        fits = ", ".join(STRATEGIES_OF[clean["kind"]])
        article = "an" if clean["kind"] == RiskKind.OPPORTUNITY else "a"
        raise DomainRuleError(
            f"{Strategy(strategy).label} is not a strategy for {article} {clean['kind']} (use {fits}).",
            field="strategy",
        )
    clean["strategy"] = strategy
    clean["probability"] = level(clean.get("probability"), "probability", spec, lowest=1)
    clean["residual_probability"] = level(
        clean.get("residual_probability"), "residual_probability", spec, lowest=1, optional=True
    )
    for dimension in DIMENSIONS:
        clean[f"impact_{dimension}"] = level(
            clean.get(f"impact_{dimension}") or 0, f"impact_{dimension}", spec, lowest=0
        )
        clean[f"residual_{dimension}"] = level(
            clean.get(f"residual_{dimension}"), f"residual_{dimension}", spec, lowest=0, optional=True
        )
    clean["probability_percent"] = percent(clean.get("probability_percent"))
    if clean.get("time_unit") not in ImpactUnit.values:
        raise DomainRuleError(
            f"{clean.get('time_unit')!r} is not a unit; use days or percent.", field="time_unit"
        )
    three_point(clean, "time")
    three_point(clean, "cost")
    clean["task_ids"] = task_ids(clean.get("task_ids"), scope)
    proximity = clean.get("proximity")
    if proximity is not None and (not isinstance(proximity, dt.date) or not EARLIEST <= proximity <= LATEST):
        raise DomainRuleError("Give the proximity as a date from 1984 to 2149.", field="proximity")
    owner = clean.get("owner")
    if owner is not None and not has_role(owner, scope, Role.VIEWER):
        raise DomainRuleError(f"The owner must hold a role on this {scope.kind}.", field="owner")
    return clean
