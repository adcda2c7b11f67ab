"""The RAG threshold rules of a project: defaults, and the check of a rule set a manager sends.

Rules are JSON: ``{dimension: {rule: number}}``. Index rules (``spi_*``, ``cpi_*``) turn amber
*below* the amber value and red below the red one; count rules (everything else) turn amber *at or
above* the amber value and red at or above the red one. Pure: no Django.

>>> validate_thresholds({"cost": {"cpi_amber": 0.97}})["cost"]
{'cpi_amber': 0.97, 'cpi_red': 0.9}
"""

from __future__ import annotations

import copy
import math
from collections.abc import Mapping
from typing import Any

from pmo.core.errors import DomainRuleError

#: The defaults: every rule a project has, and its value when the manager has not changed it.
DEFAULT_THRESHOLDS: dict[str, dict[str, float]] = {
    "schedule": {"spi_amber": 0.95, "spi_red": 0.9, "slip_days_amber": 5, "slip_days_red": 15},
    "cost": {"cpi_amber": 0.95, "cpi_red": 0.9},
    "scope": {"changes_amber": 5, "changes_red": 15},
    "quality": {
        "open_high_defects_amber": 1,
        "open_high_defects_red": 3,
        "overdue_deliverables_amber": 1,
        "overdue_deliverables_red": 3,
    },
    "resources": {"overallocated_amber": 1, "overallocated_red": 3},
}

#: Rules on an index (lower is worse); the others count things (higher is worse).
INDEX_RULES = ("spi", "cpi")
#: Largest value a rule may take (indices: 10; counts and days: 10,000).
INDEX_MAX = 10.0
COUNT_MAX = 10_000.0


def defaults() -> dict[str, dict[str, float]]:
    """A fresh copy of :data:`DEFAULT_THRESHOLDS` (callers may change it)."""
    return copy.deepcopy(DEFAULT_THRESHOLDS)


def _number(value: Any, field: str, limit: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise DomainRuleError(f"The rule {field} must be a number, not {value!r}.", field=field)
    number = float(value)
    if not math.isfinite(number) or number < 0 or number > limit:
        raise DomainRuleError(f"The rule {field} must be a number from 0 to {limit:g}.", field=field)
    return int(number) if number.is_integer() and limit == COUNT_MAX else number


def validate_thresholds(data: Any) -> dict[str, dict[str, float]]:
    """The full rule set: ``data``'s rules over the defaults, checked, or a refusal naming the rule.

    Unknown dimensions and rules are refused by name (``thresholds.cost.cpi_amber``); a red bound
    that is milder than its amber bound is refused too.
    """
    if not isinstance(data, Mapping):
        raise DomainRuleError("The thresholds must be an object of rules by dimension.", field="thresholds")
    rules = defaults()
    for dimension, given in data.items():
        if dimension not in rules:
            known = ", ".join(rules)
            raise DomainRuleError(
                f"Unknown dimension {dimension!r} in the thresholds (known: {known}).",
                field=f"thresholds.{dimension}",
            )
        if not isinstance(given, Mapping):
            raise DomainRuleError(
                f"The {dimension} thresholds must be an object of rules.", field=f"thresholds.{dimension}"
            )
        for rule, value in given.items():
            field = f"thresholds.{dimension}.{rule}"
            if rule not in rules[dimension]:
                known = ", ".join(rules[dimension])
                raise DomainRuleError(f"Unknown rule {rule!r} for {dimension} (known: {known}).", field=field)
            is_index = rule.split("_")[0] in INDEX_RULES
            rules[dimension][rule] = _number(value, field, INDEX_MAX if is_index else COUNT_MAX)
    for dimension, dimension_rules in rules.items():
        for rule in dimension_rules:
            if not rule.endswith("_amber"):
                continue
            stem = rule.removesuffix("_amber")
            amber, red = dimension_rules[rule], dimension_rules[f"{stem}_red"]
            if stem in INDEX_RULES and red > amber:
                raise DomainRuleError(
                    f"{stem.upper()} turns red below {red:g} but amber only below {amber:g}: "
                    "the red bound must not be above the amber bound.",
                    field=f"thresholds.{dimension}.{stem}_red",
                )
            if stem not in INDEX_RULES and red < amber:
                raise DomainRuleError(
                    f"The red bound of {stem.replace('_', ' ')} ({red:g}) must not be below its amber "
                    f"bound ({amber:g}).",
                    field=f"thresholds.{dimension}.{stem}_red",
                )
    return rules
