"""Heat maps (inherent and residual) and the weekly burn-down of a register.

Pure over rows already read: the views pass the scoped risks and score rows.

>>> from types import SimpleNamespace as R
>>> risk = R(probability=3, score=12, residual_probability=None, residual_score=None)
>>> rows = heat_map([risk], MatrixSpec())
>>> [(c.probability, c.impact, c.count) for row in rows for c in row if c.count]
[(3, 4, 1)]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pmo.risks.choices import RiskStatus, Zone
from pmo.risks.matrix import MatrixSpec, zone_of

#: Most weeks the burn-down shows (the latest ones).
MAX_WEEKS = 104


@dataclass(frozen=True)
class Cell:
    """One cell of a heat map: a probability level, an impact level, its zone and its risks."""

    probability: int
    impact: int
    zone: str
    count: int

    @property
    def zone_label(self) -> str:
        """The zone's label (the cell's text says it, not only its colour)."""
        return str(Zone(self.zone).label)


def _position(risk: Any, residual: bool) -> tuple[int, int] | None:
    probability = risk.residual_probability if residual else risk.probability
    value = risk.residual_score if residual else risk.score
    if probability is None or value is None or probability <= 0:
        return None
    return int(probability), int(value) // int(probability)


def heat_map(risks: Iterable[Any], spec: MatrixSpec, *, residual: bool = False) -> list[list[Cell]]:
    """Rows of cells, the highest probability first; each cell counts the risks placed in it.

    A risk sits at its probability and its highest impact (score ÷ probability); a risk without a
    residual assessment is left out of the residual map.
    """
    counts: dict[tuple[int, int], int] = {}
    for risk in risks:
        position = _position(risk, residual)
        if position is not None:
            counts[position] = counts.get(position, 0) + 1
    return [
        [Cell(p, i, zone_of(p * i, spec), counts.get((p, i), 0)) for i in spec.level_range]
        for p in reversed(spec.level_range)
    ]


def cell_of(risk: Any, *, residual: bool = False) -> tuple[int, int] | None:
    """The (probability, impact) cell of a risk on the inherent or residual map."""
    return _position(risk, residual)


@dataclass
class BurnDown:
    """Per week (its Sunday): the total exposure and the number of open risks per zone."""

    weeks: list[dt.date] = field(default_factory=list)
    exposure: list[Decimal] = field(default_factory=list)
    by_zone: dict[str, list[int]] = field(default_factory=lambda: {z: [] for z in Zone.values})

    def rows(self) -> list[tuple[Any, ...]]:
        """Per week: its end, the open risks per zone (low to critical), the exposure."""
        zones = [self.by_zone[z] for z in Zone.values]
        return [
            (week, *(counts[i] for counts in zones), self.exposure[i]) for i, week in enumerate(self.weeks)
        ]


def week_end(day: dt.date) -> dt.date:
    """The Sunday ending the week of ``day``."""
    return day + dt.timedelta(days=6 - day.weekday())


def burn_down(
    rows: Sequence[tuple[int, dt.datetime, int, Decimal, str]], spec: MatrixSpec, today: dt.date
) -> BurnDown:
    """The burn-down from score rows ``(risk_id, at, current_score, exposure, status)``, oldest first.

    Each week counts every risk as its last row at or before the week's end says: open risks add
    their exposure and count in their zone (on today's matrix); closed ones drop out.
    """
    result = BurnDown()
    if not rows:
        return result
    first = week_end(rows[0][1].date())
    last = week_end(today)
    weeks: list[dt.date] = []
    day = first
    while day <= last:
        weeks.append(day)
        day += dt.timedelta(days=7)
    weeks = weeks[-MAX_WEEKS:]
    state: dict[int, tuple[int, Decimal, str]] = {}
    index = 0
    for end in weeks:
        while index < len(rows) and rows[index][1].date() <= end:
            risk_id, _, current, exposure, status = rows[index]
            state[risk_id] = (current, exposure, status)
            index += 1
        open_rows = [(c, e) for c, e, s in state.values() if s == RiskStatus.OPEN]
        result.weeks.append(end)
        result.exposure.append(sum((e for _, e in open_rows), Decimal("0.00")))
        zones = [zone_of(c, spec) for c, _ in open_rows]
        for zone in Zone.values:
            result.by_zone[zone].append(zones.count(zone))
    return result
