"""The probability-impact matrix: scores, zones, the check of a matrix's settings, trends.

Pure (no database). A matrix has ``levels`` probability levels and as many impact levels per
dimension (default 5×5). A risk's score is its probability level times its highest impact level;
the zone of a score is low below ``medium_from``, then medium, high from ``high_from`` and
critical from ``critical_from``.

>>> spec = MatrixSpec()
>>> score(3, {"time": 2, "cost": 4, "scope": 0, "quality": 1})
12
>>> zone_of(12, spec), zone_of(4, spec), zone_of(25, spec)
('high', 'low', 'critical')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pmo.core.errors import DomainRuleError
from pmo.risks.choices import Trend, Zone

#: Smallest and largest number of levels of a matrix.
MIN_LEVELS, MAX_LEVELS = 3, 10


@dataclass(frozen=True)
class MatrixSpec:
    """The effective matrix of a scope: its size and the scores where the zones begin."""

    levels: int = 5
    medium_from: int = 5
    high_from: int = 10
    critical_from: int = 15
    defined_at: str = ""
    """The name of the node that defines it ("" for the built-in default)."""

    @property
    def level_range(self) -> range:
        """The probability and impact levels, 1 to ``levels``."""
        return range(1, self.levels + 1)


DEFAULT_MATRIX = MatrixSpec()


def score(probability: int | None, impacts: Mapping[str, int | None]) -> int | None:
    """Probability × the highest impact, or ``None`` without a probability."""
    if probability is None:
        return None
    return int(probability) * max((int(v) for v in impacts.values() if v is not None), default=0)


def zone_of(value: int | None, spec: MatrixSpec) -> str:
    """The zone of a score on ``spec`` (low when there is no score)."""
    if value is None or value < spec.medium_from:
        return Zone.LOW.value
    if value < spec.high_from:
        return Zone.MEDIUM.value
    if value < spec.critical_from:
        return Zone.HIGH.value
    return Zone.CRITICAL.value


def trend_of(scores: Sequence[int]) -> str:
    """Rising, steady or falling: the last score against the one before it (oldest first).

    >>> trend_of([4, 8]), trend_of([8, 4]), trend_of([6]), trend_of([5, 5])
    ('rising', 'falling', 'steady', 'steady')
    """
    if len(scores) < 2 or scores[-1] == scores[-2]:
        return Trend.STEADY.value
    return Trend.RISING.value if scores[-1] > scores[-2] else Trend.FALLING.value


def _integer(data: Mapping[str, Any], name: str, low: int, high: int) -> int:
    value = data[name]
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            value = int(str(value))
        except ValueError:
            raise DomainRuleError(
                f"The {name.replace('_', ' ')} must be a whole number.", field=name
            ) from None
    if not low <= value <= high:
        raise DomainRuleError(f"The {name.replace('_', ' ')} must be from {low} to {high}.", field=name)
    return int(value)


def validate_matrix(data: Mapping[str, Any]) -> dict[str, int]:
    """The matrix settings checked: levels 3-10, thresholds rising strictly within 2..levels².

    >>> validate_matrix({"levels": 4, "medium_from": 3, "high_from": 6, "critical_from": 12})["levels"]
    4
    """
    levels = _integer(data, "levels", MIN_LEVELS, MAX_LEVELS)
    top = levels * levels
    medium = _integer(data, "medium_from", 2, top)
    high = _integer(data, "high_from", 2, top)
    critical = _integer(data, "critical_from", 2, top)
    if high <= medium:
        raise DomainRuleError(f"High must begin above medium ({medium}).", field="high_from")
    if critical <= high:
        raise DomainRuleError(f"Critical must begin above high ({high}).", field="critical_from")
    return {"levels": levels, "medium_from": medium, "high_from": high, "critical_from": critical}
