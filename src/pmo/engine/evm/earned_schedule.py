"""Earned schedule (Lipke, 2003): schedule performance measured in time rather than money.

ES is the time at which the planned-value curve first reached today's earned value, interpolated
linearly between the points of the curve. With the points at period ends ``0, 1, ..., n`` this is
Lipke's ``ES = C + (EV − PV_C) / (PV_{C+1} − PV_C)``, where ``C`` is the last period whose
cumulative PV does not exceed EV. Then SV(t) = ES − AT, SPI(t) = ES / AT and the independent
estimate at completion IEAC(t) = PD / SPI(t), all in the unit of the ``times`` axis (periods,
working days...). Unlike SPI, SPI(t) keeps falling when a late project runs past its planned finish.

Undefined results are ``None``: SPI(t) when AT is zero, IEAC(t) when SPI(t) is undefined or zero.

Examples
--------
The fence (DOMAIN.md example A) on a daily axis: PV 1,000 a day for 4 days, EV 2,500 at the end of
day 3. PV passed 2,000 at day 2 and 3,000 at day 3, so ES = 2 + (2,500 − 2,000) / 1,000 = 2.5 days.

>>> es = earned_schedule([0, 1, 2, 3, 4], [0, 1000, 2000, 3000, 4000], ev=2500, at=3)
>>> es.es, es.sv_t, round(es.spi_t, 6), es.ieac_t
(2.5, -0.5, 0.833333, 4.8)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from pmo.engine.evm.errors import EVMInputError

__all__ = ["EarnedSchedule", "earned_schedule", "schedule_figures"]


@dataclass(frozen=True)
class EarnedSchedule:
    """Earned-schedule figures, in the unit of the time axis they were computed on.

    Attributes
    ----------
    es : float
        Earned schedule: when the plan expected today's earned value.
    at : float
        Actual time: the status date on the same axis.
    pd : float
        Planned duration: when the plan reaches its full value.
    sv_t : float
        ES − AT (negative: behind schedule).
    spi_t : float or None
        ES / AT.
    ieac_t : float or None
        PD / SPI(t), the forecast duration.
    """

    es: float
    at: float
    pd: float
    sv_t: float
    spi_t: float | None
    ieac_t: float | None


def earned_schedule(
    times: Sequence[float] | np.ndarray,
    pv: Sequence[float] | np.ndarray,
    *,
    ev: float,
    at: float,
    pd: float | None = None,
) -> EarnedSchedule:
    """Earned schedule from a cumulative planned-value curve given as points.

    Parameters
    ----------
    times : sequence of float
        Increasing instants of the curve's points (period ends, working days...), the first being
        the plan's start.
    pv : sequence of float
        Cumulative planned value at each instant (non-decreasing; normally 0 at the start).
    ev : float
        Earned value at the status date.
    at : float
        Actual time: the status date on the ``times`` axis.
    pd : float, optional
        Planned duration; by default the first instant at which PV reaches its final value.

    Returns
    -------
    EarnedSchedule

    Raises
    ------
    EVMInputError
        When the two sequences differ in length or are empty, ``times`` is not increasing,
        ``pv`` decreases, or a value is not finite (the error's ``field`` names which).

    Notes
    -----
    EV at or below the first point gives ES at the first instant; EV at or above the final PV gives
    ES = PD (a project cannot be earned "later than finished"). On a flat stretch of the curve the
    *first* instant wins, as the definition says.

    Examples
    --------
    DOMAIN.md example C: cumulative plan 10, 20, 40, 70, 100 % of 100,000 over five periods, EV
    35,000 at the end of period 3. ES = 2 + (35,000 − 20,000) / (40,000 − 20,000) = 2.75.

    >>> r = earned_schedule([0, 1, 2, 3, 4, 5], [0, 1e4, 2e4, 4e4, 7e4, 1e5], ev=35000, at=3)
    >>> r.es, r.sv_t, round(r.spi_t, 6), round(r.ieac_t, 4)
    (2.75, -0.25, 0.916667, 5.4545)
    """
    t = np.asarray(times, dtype=np.float64)
    v = np.asarray(pv, dtype=np.float64)
    if t.ndim != 1 or t.size == 0 or t.shape != v.shape:
        raise EVMInputError(
            f"times and pv must be non-empty sequences of the same length, got {t.shape} and {v.shape}",
            field="pv",
        )
    if not (np.isfinite(t).all() and np.isfinite(v).all()):
        raise EVMInputError("times and pv must be finite numbers", field="pv")
    if np.any(np.diff(t) <= 0):
        raise EVMInputError("times must be strictly increasing", field="times")
    if np.any(np.diff(v) < 0):
        raise EVMInputError("pv must be cumulative (never decreasing)", field="pv")
    for name, value in (("ev", ev), ("at", at), ("pd", pd)):
        if value is not None and not math.isfinite(float(value)):
            raise EVMInputError(f"{name} must be a finite number, got {value!r}", field=name)
    full = float(v[-1])
    # The first instant the curve reaches its final value.
    reach_full = float(t[int(np.argmax(v >= full))])
    planned = reach_full if pd is None else float(pd)
    return schedule_figures(es=_first_reach(t, v, min(float(ev), full)), at=float(at), pd=planned)


def schedule_figures(*, es: float, at: float, pd: float) -> EarnedSchedule:
    """SV(t), SPI(t) and IEAC(t) from an earned schedule, actual time and planned duration.

    >>> round(schedule_figures(es=3.5, at=6, pd=4).ieac_t, 4)  # late: SPI(t) = 3.5 / 6
    6.8571
    """
    spi_t = None if at == 0 else es / at
    ieac_t = None if not spi_t else pd / spi_t
    return EarnedSchedule(es=es, at=at, pd=pd, sv_t=es - at, spi_t=spi_t, ieac_t=ieac_t)


def _first_reach(t: np.ndarray, v: np.ndarray, target: float) -> float:
    """The first instant at which the piecewise-linear curve ``(t, v)`` reaches ``target``."""
    if target <= v[0]:
        return float(t[0])
    # First point at or above the target; the one before it is below (v[0] < target).
    k = int(np.argmax(v >= target))
    t0, t1, v0, v1 = float(t[k - 1]), float(t[k]), float(v[k - 1]), float(v[k])
    return t0 + (target - v0) / (v1 - v0) * (t1 - t0)
