"""Earned value of a program or portfolio: the sum of its projects, then the ratios.

Indices are never averaged: BAC, PV, EV and AC are summed over the projects and the indices and
forecasts are computed from the sums (:func:`pmo.engine.evm.roll_up`). The S-curve sums the projects'
monthly curves; EV and AC are known up to the earliest status date among the projects.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from pmo.engine.evm import Indices, TimePhased, indices, roll_up
from pmo.performance.earned_value import snapshots
from pmo.performance.figures import EarnedValueFigures, Series
from pmo.projects.models import Project


@dataclass(frozen=True)
class ProjectRow:
    """One project of a roll-up with its own figures."""

    project: Project
    figures: EarnedValueFigures


@dataclass(frozen=True)
class RollUp:
    """The summed figures, the summed S-curve and the projects behind them."""

    figures: EarnedValueFigures | None
    series: Series
    rows: tuple[ProjectRow, ...]


def _indices(f: EarnedValueFigures) -> Indices:
    return indices(bac=float(f.bac), pv=float(f.pv), ev=float(f.ev), ac=float(f.ac))


def sum_series(curves: Sequence[Series]) -> Series:
    """Sum curves on the union of their month ends (other points, such as status dates, are left out).

    Before a curve starts it counts zero; after it ends its PV stays at its last value and its EV
    and AC are unknown (its status date is behind that month end), so the sum is unknown there.
    """
    curves = [_month_ends(c) for c in curves]
    ends = sorted({e for c in curves for e in c.ends})
    if not ends:
        return Series.empty()
    pv = np.zeros(len(ends))
    ev = np.zeros(len(ends))
    ac = np.zeros(len(ends))
    index = {e: i for i, e in enumerate(ends)}
    for curve in curves:
        if not curve.ends:
            continue
        last = index[curve.ends[-1]]
        for end, p, e, a in zip(curve.ends, curve.pv, curve.ev, curve.ac, strict=True):
            i = index[end]
            pv[i] += p
            ev[i] += math.nan if e is None else e
            ac[i] += math.nan if a is None else a
        pv[last + 1 :] += curve.pv[-1]
        ev[last + 1 :] = math.nan
        ac[last + 1 :] = math.nan
    return Series(
        tuple(ends),
        tuple(round(float(v), 2) for v in pv),
        tuple(None if math.isnan(v) else round(float(v), 2) for v in ev),
        tuple(None if math.isnan(v) else round(float(v), 2) for v in ac),
    )


def _month_ends(curve: Series) -> Series:
    """Only the month ends of a curve (a project's own status-date point does not align with others)."""
    keep = [i for i, end in enumerate(curve.ends) if end.day == 1 and end.time() == dt.time(0)]
    return Series(
        tuple(curve.ends[i] for i in keep),
        tuple(curve.pv[i] for i in keep),
        tuple(curve.ev[i] for i in keep),
        tuple(curve.ac[i] for i in keep),
    )


def _spi_t(series: Series, bac: float) -> float | None:
    """SPI(t) of a summed curve, in months (Lipke's period-based earned schedule)."""
    known = [i for i, v in enumerate(series.ev) if v is not None]
    if not known or bac <= 0:
        return None
    phased = TimePhased(
        series.ends,
        bac,
        np.array(series.pv, dtype=np.float64),
        np.array([math.nan if v is None else v for v in series.ev], dtype=np.float64),
        np.array([math.nan if v is None else v for v in series.ac], dtype=np.float64),
    )
    spi = phased.earned_schedule(known[-1]).spi_t
    return None if spi is None else round(spi, 4)


def roll_up_projects(projects: Sequence[Project]) -> RollUp:
    """The roll-up of ``projects`` (fetched by the caller through a scoped selector)."""
    values = snapshots(projects)
    rows = tuple(ProjectRow(p, values[p.pk][0]) for p in projects)
    if not rows:
        return RollUp(None, Series.empty(), ())
    total = roll_up([_indices(r.figures) for r in rows])
    series = sum_series([values[p.pk][1] for p in projects])
    finishes = [r.figures.baseline_finish for r in rows if r.figures.baseline_finish]
    forecasts = [r.figures.forecast_finish for r in rows if r.figures.forecast_finish]
    figures = EarnedValueFigures.build(
        total,
        status_date=min(r.figures.status_date for r in rows),
        baseline_finish=max(finishes) if finishes else None,
        forecast_finish=max(forecasts) if forecasts else None,
        has_baseline=all(r.figures.has_baseline for r in rows if r.figures.has_budget),
    )
    figures = replace(figures, spi_t=_spi_t(series, total.bac), sv_t_days=None)
    return RollUp(figures, series, rows)
