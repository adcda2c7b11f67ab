"""Roll-up of earned value across projects (programs, portfolios): sum first, then take ratios.

Averaging indices is wrong: a program of a 1,000,000 project at CPI 0.5 and a 1,000 project at
CPI 1.5 is not "on budget" (mean CPI 1.0); summing EV and AC gives the CPI the money says.

Examples
--------
>>> from pmo.engine.evm.indices import indices
>>> big = indices(bac=2e6, pv=1e6, ev=1e6, ac=2e6)
>>> small = indices(bac=3000, pv=1000, ev=1500, ac=1000)
>>> round(roll_up([big, small]).cpi, 4), (big.cpi + small.cpi) / 2
(0.5005, 1.0)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from pmo.engine.evm.errors import EVMInputError
from pmo.engine.evm.evaluate import EVResult
from pmo.engine.evm.indices import EACMethod, Indices, indices
from pmo.engine.evm.timephased import TimePhased, _frozen

__all__ = ["roll_up", "roll_up_series"]


def roll_up(items: Sequence[Indices | EVResult], *, method: EACMethod = EACMethod.CPI) -> Indices:
    """Indices of the sum of several projects' BAC, PV, EV and AC.

    The bottom-up ETC is the sum of the projects' bottom-up ETCs, where a project without one counts
    its remaining budget (BAC − EV); ``None`` when no project has one. An empty list gives zeros
    (and ``None`` for every ratio).
    """
    figures = [item.figures if isinstance(item, EVResult) else item for item in items]
    etcs = [f.bottom_up_etc for f in figures]
    bottom_up = None
    if any(e is not None for e in etcs):
        bottom_up = sum(e if e is not None else f.bac - f.ev for f, e in zip(figures, etcs, strict=True))
    return indices(
        bac=sum(f.bac for f in figures),
        pv=sum(f.pv for f in figures),
        ev=sum(f.ev for f in figures),
        ac=sum(f.ac for f in figures),
        bottom_up_etc=bottom_up,
        method=method,
    )


def roll_up_series(series: Sequence[TimePhased]) -> TimePhased:
    """Sum time-phased series that share the same period ends.

    The roll-up's status date is the earliest of the projects' (``None`` when none has one); EV and
    AC are ``nan`` wherever one project's are unknown.

    Raises
    ------
    EVMInputError
        When the list is empty or the period ends differ (field ``period_ends``).
    """
    if not series:
        raise EVMInputError("roll_up_series needs at least one series", field="series")
    ends = series[0].period_ends
    for i, s in enumerate(series[1:], start=1):
        if s.period_ends != ends:
            raise EVMInputError(
                f"series {i} has different period ends from series 0: compute all on the same periods",
                field="period_ends",
            )
    statuses = [s.status_date for s in series if s.status_date is not None]

    def total(name: str) -> np.ndarray:
        return _frozen(np.sum([getattr(s, name) for s in series], axis=0))

    return TimePhased(
        period_ends=ends,
        bac=float(sum(s.bac for s in series)),
        pv=total("pv"),
        ev=total("ev"),
        ac=total("ac"),
        status_date=min(statuses) if statuses else None,
    )
