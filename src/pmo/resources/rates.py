"""Cost rate tables with effective dates (pure: no database, no Django).

A resource's rates change over time: its own rates hold until the first dated row
(:class:`~pmo.resources.models.ResourceRate`), then each row holds from its ``effective_from`` until
the next one. :class:`RateTable` answers "which rates on this day?".

Examples
--------
>>> import datetime as dt
>>> table = RateTable(
...     base=Rates(Decimal("50"), Decimal("75"), None),
...     dated=((dt.date(2026, 7, 1), Rates(Decimal("60"), Decimal("90"), Decimal("10"))),),
... )
>>> table.on(dt.date(2026, 6, 30)).standard
Decimal('50')
>>> table.on(dt.date(2026, 7, 1))
Rates(standard=Decimal('60'), overtime=Decimal('90'), per_use=Decimal('10'))
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

__all__ = ["NO_RATES", "RateTable", "Rates"]


@dataclass(frozen=True)
class Rates:
    """Rates per hour of work (``standard``, ``overtime``) and per use; ``None``: no rate."""

    standard: Decimal | None
    overtime: Decimal | None
    per_use: Decimal | None


NO_RATES = Rates(None, None, None)


@dataclass(frozen=True)
class RateTable:
    """The base rates, then dated rates sorted by day (each holds until the next).

    >>> RateTable().on(dt.date(2026, 1, 1)) == NO_RATES
    True
    """

    base: Rates = NO_RATES
    dated: tuple[tuple[dt.date, Rates], ...] = ()
    _days: tuple[dt.date, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        ordered = tuple(sorted(self.dated, key=lambda item: item[0]))
        object.__setattr__(self, "dated", ordered)
        object.__setattr__(self, "_days", tuple(day for day, _ in ordered))

    @classmethod
    def build(cls, base: Rates, dated: Iterable[tuple[dt.date, Rates]]) -> RateTable:
        """A table from the base rates and dated rows in any order.

        >>> RateTable.build(NO_RATES, [(dt.date(2026, 2, 1), Rates(Decimal(2), None, None)),
        ...                            (dt.date(2026, 1, 1), Rates(Decimal(1), None, None))]
        ...                 ).on(dt.date(2026, 1, 15)).standard
        Decimal('1')
        """
        return cls(base=base, dated=tuple(dated))

    def on(self, day: dt.date) -> Rates:
        """The rates in effect on ``day`` (the last row starting on or before it, else the base).

        >>> t = RateTable(Rates(Decimal(1), None, None), ((dt.date(2026, 3, 1), NO_RATES),))
        >>> t.on(dt.date(2026, 3, 1)) == NO_RATES, t.on(dt.date(2026, 2, 28)).standard
        (True, Decimal('1'))
        """
        index = bisect_right(self._days, day)
        return self.base if index == 0 else self.dated[index - 1][1]
