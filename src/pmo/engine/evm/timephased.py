"""Time-phased earned value: cumulative PV, EV and AC at the end of each period (the S-curve).

Values after the status date are not known yet: EV and AC there are ``nan`` (the curve stops),
while PV runs to the end of the plan. Per-period amounts are the differences of the cumulative
values; the first period collects everything up to its end. Index series (CPI, SPI) are ``nan``
where undefined.

Examples
--------
>>> from datetime import datetime
>>> from pmo.engine.evm.model import EVProject, EVTask
>>> week = EVProject((EVTask(1, "Build", 500, datetime(2024, 1, 1, 8), datetime(2024, 1, 5, 17)),))
>>> ends = periods(datetime(2024, 1, 1), datetime(2024, 1, 5, 17), every="day")
>>> time_phased(week, ends).pv.tolist()
[100.0, 200.0, 300.0, 400.0, 500.0]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from pmo.engine.evm._plan import F64, Plan
from pmo.engine.evm.earned_schedule import EarnedSchedule, earned_schedule
from pmo.engine.evm.errors import EVMInputError
from pmo.engine.evm.indices import EACMethod, Indices, indices
from pmo.engine.evm.model import EVProject
from pmo.engine.schedule.calendars import to_minutes

__all__ = ["TimePhased", "periods", "time_phased"]


def _frozen(values: F64) -> F64:
    out = np.array(values, dtype=np.float64)
    out.flags.writeable = False
    return out


def _ratio_series(numerator: F64, denominator: F64) -> F64:
    out = np.full(numerator.shape, np.nan)
    np.divide(numerator, denominator, out=out, where=denominator != 0)
    return out


@dataclass(frozen=True, eq=False)
class TimePhased:
    """Cumulative values at each period end (read-only arrays of the same length).

    Attributes
    ----------
    period_ends : tuple of datetime
        Increasing instants; each value is cumulative up to and including its instant.
    bac : float
        Budget at completion.
    pv, ev, ac : ndarray of float64
        Cumulative planned value, earned value and actual cost; EV and AC are ``nan`` after the
        status date.
    status_date : datetime or None
        The last instant with known EV and AC (``None``: all known).
    """

    period_ends: tuple[datetime, ...]
    bac: float
    pv: F64
    ev: F64
    ac: F64
    status_date: datetime | None = None

    def increments(self) -> tuple[F64, F64, F64]:
        """PV, EV and AC of each period (the first period collects everything up to its end)."""
        return np.diff(self.pv, prepend=0.0), np.diff(self.ev, prepend=0.0), np.diff(self.ac, prepend=0.0)

    def cpi(self) -> F64:
        """Cumulative CPI at each period end (``nan`` where AC is zero or unknown)."""
        return _ratio_series(self.ev, self.ac)

    def spi(self) -> F64:
        """Cumulative SPI at each period end (``nan`` where PV is zero or EV unknown)."""
        return _ratio_series(self.ev, self.pv)

    def figures(self, index: int, method: EACMethod = EACMethod.CPI) -> Indices:
        """Indices and forecasts at the end of period ``index`` (EV and AC must be known there)."""
        ev, ac = float(self.ev[index]), float(self.ac[index])
        if np.isnan(ev) or np.isnan(ac):
            what = f"period {index} ends after the status date: EV and AC are unknown"
            raise EVMInputError(what, field="index")
        return indices(bac=self.bac, pv=float(self.pv[index]), ev=ev, ac=ac, method=method)

    def earned_schedule(self, index: int) -> EarnedSchedule:
        """Earned schedule in *periods* with the status at the end of period ``index``.

        The time axis is 0 at the start of the first period and ``k`` at the end of period ``k``
        (AT = ``index + 1``), with PV 0 at 0: choose period ends whose first period starts at or
        before the baseline start, and that run to the end of the plan (PD is the first period end
        at which PV reaches its final value). This is Lipke's period-based interpolation.
        """
        ev = float(self.ev[index])
        if np.isnan(ev):
            raise EVMInputError(f"period {index} ends after the status date: EV is unknown", field="index")
        times = np.arange(len(self.pv) + 1, dtype=np.float64)
        return earned_schedule(times, np.concatenate(([0.0], self.pv)), ev=ev, at=float(index + 1))


def _check_ends(period_ends: Sequence[datetime]) -> list[int]:
    if not period_ends:
        raise EVMInputError("period_ends must name at least one instant", field="period_ends")
    minutes = [to_minutes(d) for d in period_ends]
    for i in range(1, len(minutes)):
        if minutes[i] <= minutes[i - 1]:
            raise EVMInputError(
                f"period_ends must increase: {period_ends[i]} does not follow {period_ends[i - 1]}",
                field="period_ends",
            )
    return minutes


def time_phased(
    project: EVProject, period_ends: Sequence[datetime], *, status_date: datetime | None = None
) -> TimePhased:
    """Cumulative PV, EV and AC at each of ``period_ends``.

    Parameters
    ----------
    project : EVProject
        Validated here.
    period_ends : sequence of datetime
        Increasing instants (see :func:`periods`).
    status_date : datetime, optional
        EV and AC after it are ``nan``.

    Raises
    ------
    EVMInputError
        Invalid project fields, or period ends that do not increase (field ``period_ends``).
    """
    minutes = _check_ends(period_ends)
    plan = Plan(project)
    limit = None if status_date is None else to_minutes(status_date)
    pv = np.array([plan.pv(t).sum() for t in minutes], dtype=np.float64)
    known = [limit is None or t <= limit for t in minutes]
    ev = np.array([plan.ev(t).sum() if k else np.nan for t, k in zip(minutes, known, strict=True)])
    ac = np.array([plan.ac_total(t) if k else np.nan for t, k in zip(minutes, known, strict=True)])
    return TimePhased(tuple(period_ends), plan.bac, _frozen(pv), _frozen(ev), _frozen(ac), status_date)


def periods(start: datetime, finish: datetime, *, every: str = "week") -> tuple[datetime, ...]:
    """Period ends at midnight from the first boundary after ``start`` until one at or after ``finish``.

    Parameters
    ----------
    every : {"day", "week", "month"}
        Days end at 00:00, weeks on Monday 00:00, months on the 1st at 00:00.

    Examples
    --------
    >>> [d.day for d in periods(datetime(2024, 1, 3, 9), datetime(2024, 1, 17), every="week")]
    [8, 15, 22]
    """
    if every not in ("day", "week", "month"):
        raise EVMInputError(f"every must be 'day', 'week' or 'month', got {every!r}", field="every")
    if finish < start:
        raise EVMInputError(f"finish {finish} is before start {start}", field="finish")
    midnight = datetime(start.year, start.month, start.day, tzinfo=start.tzinfo)
    out: list[datetime] = []
    current = midnight
    while not out or out[-1] < finish:
        if every == "day":
            current = current + timedelta(days=1)
        elif every == "week":
            current = current + timedelta(days=7 - current.weekday() if current.weekday() else 7)
        else:
            year, month = (current.year + 1, 1) if current.month == 12 else (current.year, current.month + 1)
            current = current.replace(year=year, month=month, day=1)
        out.append(current)
    return tuple(out)
