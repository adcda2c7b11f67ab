"""Setting and removing the tolerances of a project or program (managers of the level above)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from pmo.core.errors import DomainRuleError
from pmo.core.models import Scope
from pmo.core.services import instance_create, instance_delete, instance_update
from pmo.governance.choices import MEASURES, Dimension
from pmo.governance.models import Tolerance
from pmo.governance.services.common import refuse_unknown, require_level_above

#: What a manager of the level above may set on a tolerance.
TOLERANCE_FIELDS = ("measure", "active", "days", "percent", "amount", "score", "note")
#: The limit fields each dimension uses (the others must stay empty).
LIMIT_FIELDS: dict[str, tuple[str, ...]] = {
    Dimension.TIME: ("days",),
    Dimension.COST: ("percent", "amount"),
    Dimension.RISK: ("score",),
    Dimension.SCOPE: ("score",),
    Dimension.QUALITY: ("score",),
    Dimension.BENEFITS: (),
}
ALL_LIMITS = ("days", "percent", "amount", "score")


def _number(value: Any, *, field: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise DomainRuleError(f"{value!r} is not a number.", field=field) from None
    if not number.is_finite() or number < 0:
        raise DomainRuleError(f"The {field} must be a number of zero or more.", field=field)
    return number


def clean_tolerance(dimension: str, values: dict[str, Any]) -> dict[str, Any]:
    """Check a tolerance's fields for its dimension; a refusal names the field.

    >>> clean_tolerance("cost", {"measure": "eac_bac", "percent": "10"})["percent"]
    Decimal('10.00')
    """
    if dimension not in Dimension.values:
        raise DomainRuleError(f"{dimension!r} is not a tolerance dimension.", field="dimension")
    clean = dict(values)
    allowed = MEASURES[dimension]
    measure = clean.get("measure") or allowed[0]
    if measure not in allowed:
        names = ", ".join(allowed)
        raise DomainRuleError(
            f"A {dimension} tolerance is measured by {names}, not {measure!r}.", field="measure"
        )
    clean["measure"] = measure
    uses = LIMIT_FIELDS[dimension]
    for name in ALL_LIMITS:
        if name not in uses and clean.get(name) not in (None, ""):
            raise DomainRuleError(f"A {dimension} tolerance has no {name}; leave it empty.", field=name)
        if name not in uses:
            clean[name] = None
    if dimension == Dimension.TIME:
        days = _number(clean.get("days"), field="days")
        if days is None or days != days.to_integral_value():
            raise DomainRuleError("Give the time tolerance as a whole number of days.", field="days")
        clean["days"] = int(days)
    elif dimension == Dimension.COST:
        percent = _number(clean.get("percent"), field="percent")
        amount = _number(clean.get("amount"), field="amount")
        if (percent is None) == (amount is None):
            raise DomainRuleError(
                "Give the cost tolerance as a percent or as an amount (one of them).", field="percent"
            )
        clean["percent"] = None if percent is None else percent.quantize(Decimal("0.01"))
        clean["amount"] = None if amount is None else amount.quantize(Decimal("0.01"))
    elif uses == ("score",):
        score = _number(clean.get("score"), field="score")
        if score is None or score != score.to_integral_value() or not 1 <= score <= 100:
            raise DomainRuleError("Give the threshold as a whole score from 1 to 100.", field="score")
        clean["score"] = int(score)
    return clean


def tolerance_set(
    *, actor: Any, scope: Scope, dimension: str, data: dict[str, Any], expected_version: int | None = None
) -> Tolerance:
    """Create or change the ``dimension`` tolerance of a project or program (see :data:`TOLERANCE_FIELDS`);
    manager of the level above (a project's program or portfolio), never the project manager alone."""
    require_level_above(actor, scope, doing="setting a tolerance")
    refuse_unknown(data, TOLERANCE_FIELDS)
    with transaction.atomic():
        existing = Tolerance.objects.filter(scope=scope, dimension=dimension).first()
        if existing is None:
            clean = clean_tolerance(dimension, data)
            tolerance = Tolerance(scope=scope, dimension=dimension, **clean)
            return instance_create(actor=actor, instance=tolerance, scope=scope)
        merged = {name: getattr(existing, name) for name in TOLERANCE_FIELDS} | dict(data)
        for given, other in (("percent", "amount"), ("amount", "percent")):
            if data.get(given) not in (None, "") and other not in data:
                merged[other] = None  # a cost tolerance switches from one form of limit to the other
        clean = clean_tolerance(dimension, merged)
        updated, _ = instance_update(
            actor=actor, instance=existing, data=clean, expected_version=expected_version, scope=scope
        )
    return updated


def tolerance_delete(*, actor: Any, tolerance: Tolerance, expected_version: int | None) -> None:
    """Remove a tolerance (its exceptions stay, with their history); manager of the level above."""
    require_level_above(actor, tolerance.scope, doing="removing a tolerance")
    with transaction.atomic():
        instance_delete(
            actor=actor, instance=tolerance, expected_version=expected_version, scope=tolerance.scope
        )
