"""Earned-value figures and indices from four numbers: BAC, PV, EV and AC (ANSI/EIA-748, PMBOK).

:func:`indices` turns the cumulative values at one status date into variances, performance indices
and forecasts. A roll-up passes the *sums* of its projects' values (see :mod:`pmo.engine.evm.rollup`);
indices are never averaged.

Conventions
-----------
- CV = EV − AC; SV = EV − PV; CPI = EV / AC; SPI = EV / PV.
- EAC by four methods (:class:`EACMethod`): (1) BAC / CPI, (2) AC + (BAC − EV),
  (3) AC + (BAC − EV) / (CPI · SPI), (4) AC + bottom-up ETC. For each: ETC = EAC − AC,
  VAC = BAC − EAC, TCPI(EAC) = (BAC − EV) / (EAC − AC). TCPI(BAC) = (BAC − EV) / (BAC − AC).
- Ratios are computed in the algebraically equal form with the fewest divisions (EAC(1) is
  ``BAC · AC / EV``, not ``BAC / CPI`` with a rounded CPI), so the fence example gives exactly 4,480.
- **A division by zero gives ``None``** ("not defined"), never an exception: CPI when AC = 0, SPI when
  PV = 0, EAC(1) and EAC(3) when a needed index is undefined or zero, TCPI when its denominator is
  zero, EAC(4) when no bottom-up ETC was given. A negative TCPI(BAC) means the budget is already
  spent (AC > BAC) and is returned as computed.

Examples
--------
The fence (DOMAIN.md worked example A):

>>> f = indices(bac=4000, pv=3000, ev=2500, ac=2800)
>>> f.cv, f.sv, round(f.cpi, 6), round(f.spi, 6)
(-300.0, -500.0, 0.892857, 0.833333)
>>> f.eac, f.etc, f.vac, f.tcpi_bac
(4480.0, 1680.0, -480.0, 1.25)
>>> f.forecast(EACMethod.COMPOSITE).eac
4816.0
>>> indices(bac=4000, pv=0, ev=0, ac=0).cpi is None
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from pmo.engine.evm.errors import EVMInputError

__all__ = ["EACMethod", "Forecast", "Indices", "indices"]


class EACMethod(StrEnum):
    """How the estimate at completion is forecast (DOMAIN.md section 2, in that order)."""

    CPI = "cpi"
    """(1) BAC / CPI: future work at the cost efficiency so far."""
    BUDGET_RATE = "budget"
    """(2) AC + (BAC − EV): future work at the budgeted rate."""
    COMPOSITE = "cpi_spi"
    """(3) AC + (BAC − EV) / (CPI · SPI): cost and schedule efficiency both weigh on the rest."""
    BOTTOM_UP = "bottom_up"
    """(4) AC + a bottom-up estimate to complete."""


@dataclass(frozen=True)
class Forecast:
    """The forecast of one EAC method; each value is ``None`` where it is not defined.

    Attributes
    ----------
    method : EACMethod
    eac : float or None
        Estimate at completion.
    etc : float or None
        Estimate to complete, EAC − AC.
    vac : float or None
        Variance at completion, BAC − EAC (negative: over budget).
    tcpi : float or None
        To-complete performance index to reach this EAC, (BAC − EV) / (EAC − AC).
    """

    method: EACMethod
    eac: float | None
    etc: float | None
    vac: float | None
    tcpi: float | None


@dataclass(frozen=True)
class Indices:
    """Earned-value figures at one status date.

    Attributes
    ----------
    bac, pv, ev, ac : float
        Budget at completion, planned value, earned value, actual cost (cumulative).
    bottom_up_etc : float or None
        The bottom-up estimate to complete used by EAC(4).
    cv, sv : float
        Cost and schedule variances.
    cpi, spi : float or None
        Cost and schedule performance indices (``None`` when AC or PV is zero).
    cv_percent, sv_percent : float or None
        CV / EV and SV / PV.
    percent_complete, percent_spent : float or None
        EV / BAC and AC / BAC (``None`` when BAC is zero).
    tcpi_bac : float or None
        (BAC − EV) / (BAC − AC).
    forecasts : tuple of Forecast
        One per :class:`EACMethod`, in the order of the enum.
    method : EACMethod
        The method behind :attr:`eac`, :attr:`etc`, :attr:`vac` and :attr:`tcpi_eac`.
    """

    bac: float
    pv: float
    ev: float
    ac: float
    bottom_up_etc: float | None
    cv: float
    sv: float
    cpi: float | None
    spi: float | None
    cv_percent: float | None
    sv_percent: float | None
    percent_complete: float | None
    percent_spent: float | None
    tcpi_bac: float | None
    forecasts: tuple[Forecast, ...]
    method: EACMethod = EACMethod.CPI

    def forecast(self, method: EACMethod) -> Forecast:
        """Return the forecast of one EAC method."""
        return next(f for f in self.forecasts if f.method is method)

    @property
    def eac(self) -> float | None:
        """Estimate at completion by :attr:`method`."""
        return self.forecast(self.method).eac

    @property
    def etc(self) -> float | None:
        """Estimate to complete by :attr:`method`."""
        return self.forecast(self.method).etc

    @property
    def vac(self) -> float | None:
        """Variance at completion by :attr:`method`."""
        return self.forecast(self.method).vac

    @property
    def tcpi_eac(self) -> float | None:
        """To-complete performance index to the EAC of :attr:`method`."""
        return self.forecast(self.method).tcpi


def _ratio(numerator: float, denominator: float) -> float | None:
    """``numerator / denominator``, or ``None`` when the denominator is zero."""
    return None if denominator == 0 else numerator / denominator


def _finite(value: float, name: str) -> float:
    number = float(value)
    if not math.isfinite(number):
        raise EVMInputError(f"{name} must be a finite number, got {value!r}", field=name)
    return number


def _forecast(method: EACMethod, eac: float | None, bac: float, ev: float, ac: float) -> Forecast:
    if eac is None:
        return Forecast(method, None, None, None, None)
    return Forecast(method, eac, eac - ac, bac - eac, _ratio(bac - ev, eac - ac))


def indices(
    *,
    bac: float,
    pv: float,
    ev: float,
    ac: float,
    bottom_up_etc: float | None = None,
    method: EACMethod = EACMethod.CPI,
) -> Indices:
    """Compute variances, indices and the four EAC forecasts from cumulative values.

    Parameters
    ----------
    bac, pv, ev, ac : float
        Budget at completion, planned value, earned value and actual cost at the status date.
        For a roll-up, pass the sums over the projects.
    bottom_up_etc : float, optional
        The estimate to complete built from the tasks (EAC method 4); ``None`` leaves EAC(4) undefined.
    method : EACMethod
        The method :attr:`Indices.eac` (and ETC, VAC, TCPI(EAC)) reports; every method is in
        :attr:`Indices.forecasts` regardless.

    Returns
    -------
    Indices

    Raises
    ------
    EVMInputError
        When a value is not a finite number (the error's ``field`` names it).

    Examples
    --------
    Microsoft's TCPI example (DOMAIN.md worked example B):

    >>> indices(bac=200, pv=130, ev=125, ac=150).tcpi_bac
    1.5
    """
    bac = _finite(bac, "bac")
    pv = _finite(pv, "pv")
    ev = _finite(ev, "ev")
    ac = _finite(ac, "ac")
    etc_bu = None if bottom_up_etc is None else _finite(bottom_up_etc, "bottom_up_etc")
    cpi = _ratio(ev, ac)
    spi = _ratio(ev, pv)
    remaining = bac - ev
    # BAC / CPI = BAC · AC / EV; undefined when CPI is undefined (AC = 0) or zero (EV = 0).
    eac_cpi = None if not cpi else bac * ac / ev
    # (BAC − EV) / (CPI · SPI) = (BAC − EV) · AC · PV / EV²; undefined when either index is.
    eac_composite = None if not cpi or not spi else ac + remaining * ac * pv / (ev * ev)
    forecasts = (
        _forecast(EACMethod.CPI, eac_cpi, bac, ev, ac),
        _forecast(EACMethod.BUDGET_RATE, ac + remaining, bac, ev, ac),
        _forecast(EACMethod.COMPOSITE, eac_composite, bac, ev, ac),
        _forecast(EACMethod.BOTTOM_UP, None if etc_bu is None else ac + etc_bu, bac, ev, ac),
    )
    return Indices(
        bac=bac,
        pv=pv,
        ev=ev,
        ac=ac,
        bottom_up_etc=etc_bu,
        cv=ev - ac,
        sv=ev - pv,
        cpi=cpi,
        spi=spi,
        cv_percent=_ratio(ev - ac, ev),
        sv_percent=_ratio(ev - pv, pv),
        percent_complete=_ratio(ev, bac),
        percent_spent=_ratio(ac, bac),
        tcpi_bac=_ratio(remaining, bac - ac),
        forecasts=forecasts,
        method=method,
    )
