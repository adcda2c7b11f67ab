"""Earned-value figures as the pages, the API and status reports use them (``Decimal`` money).

:class:`EarnedValueFigures` is built from the engine's :class:`~pmo.engine.evm.Indices` (and earned
schedule) and stored in a snapshot as JSON; :class:`Series` is a monthly S-curve.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from pmo.engine.evm import EarnedSchedule, Indices

CENT = Decimal("0.01")


def money(value: float | None) -> Decimal | None:
    """A float from the engine as a ``Decimal`` rounded to the cent (``None`` stays ``None``)."""
    if value is None or not math.isfinite(value):
        return None
    return Decimal(repr(float(value))).quantize(CENT, rounding=ROUND_HALF_UP)


def ratio(value: float | None) -> float | None:
    """An index rounded to 4 places (``None`` when undefined)."""
    return None if value is None or not math.isfinite(value) else round(float(value), 4)


@dataclass(frozen=True)
class EarnedValueFigures:
    """PV, EV, AC, variances, indices and forecasts of a project (or a roll-up) at a status date.

    ``cpi``/``spi``/``spi_t`` are ``None`` when undefined (no cost yet, nothing planned yet).
    ``has_baseline`` is false when no baseline was saved (PV then follows the current schedule);
    ``has_budget`` is false when nothing has a planned cost (then there is nothing to measure).
    """

    status_date: dt.date
    bac: Decimal
    pv: Decimal
    ev: Decimal
    ac: Decimal
    cv: Decimal
    sv: Decimal
    cpi: float | None
    spi: float | None
    spi_t: float | None
    sv_t_days: float | None
    eac: Decimal | None
    etc: Decimal | None
    vac: Decimal | None
    tcpi_bac: float | None
    tcpi_eac: float | None
    eac_by_method: dict[str, Decimal | None]
    percent_complete: float | None
    baseline_finish: dt.datetime | None
    forecast_finish: dt.datetime | None
    has_baseline: bool
    has_budget: bool

    @classmethod
    def build(
        cls,
        indices: Indices,
        *,
        status_date: dt.date,
        schedule: EarnedSchedule | None = None,
        baseline_finish: dt.datetime | None = None,
        forecast_finish: dt.datetime | None = None,
        has_baseline: bool,
    ) -> EarnedValueFigures:
        """Figures from the engine's indices (and earned schedule in days, when known)."""
        zero = Decimal("0.00")
        return cls(
            status_date=status_date,
            bac=money(indices.bac) or zero,
            pv=money(indices.pv) or zero,
            ev=money(indices.ev) or zero,
            ac=money(indices.ac) or zero,
            cv=money(indices.cv) or zero,
            sv=money(indices.sv) or zero,
            cpi=ratio(indices.cpi),
            spi=ratio(indices.spi),
            spi_t=ratio(schedule.spi_t) if schedule else None,
            sv_t_days=ratio(schedule.sv_t) if schedule else None,
            eac=money(indices.eac),
            etc=money(indices.etc),
            vac=money(indices.vac),
            tcpi_bac=ratio(indices.tcpi_bac),
            tcpi_eac=ratio(indices.tcpi_eac),
            eac_by_method={f.method.value: money(f.eac) for f in indices.forecasts},
            percent_complete=ratio(indices.percent_complete),
            baseline_finish=baseline_finish,
            forecast_finish=forecast_finish,
            has_baseline=has_baseline,
            has_budget=indices.bac > 0,
        )

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (money as strings, instants as ISO text)."""
        out: dict[str, Any] = {}
        for key, value in asdict(self).items():
            if isinstance(value, Decimal):
                out[key] = str(value)
            elif isinstance(value, (dt.date, dt.datetime)):
                out[key] = value.isoformat()
            elif isinstance(value, dict):
                out[key] = {k: None if v is None else str(v) for k, v in value.items()}
            else:
                out[key] = value
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> EarnedValueFigures:
        """The inverse of :meth:`to_json`."""

        def dec(key: str) -> Decimal | None:
            return None if data.get(key) is None else Decimal(data[key])

        def instant(key: str) -> dt.datetime | None:
            return None if not data.get(key) else dt.datetime.fromisoformat(data[key])

        zero = Decimal("0.00")
        return cls(
            status_date=dt.date.fromisoformat(data["status_date"]),
            bac=dec("bac") or zero,
            pv=dec("pv") or zero,
            ev=dec("ev") or zero,
            ac=dec("ac") or zero,
            cv=dec("cv") or zero,
            sv=dec("sv") or zero,
            cpi=data.get("cpi"),
            spi=data.get("spi"),
            spi_t=data.get("spi_t"),
            sv_t_days=data.get("sv_t_days"),
            eac=dec("eac"),
            etc=dec("etc"),
            vac=dec("vac"),
            tcpi_bac=data.get("tcpi_bac"),
            tcpi_eac=data.get("tcpi_eac"),
            eac_by_method={k: None if v is None else Decimal(v) for k, v in data["eac_by_method"].items()},
            percent_complete=data.get("percent_complete"),
            baseline_finish=instant("baseline_finish"),
            forecast_finish=instant("forecast_finish"),
            has_baseline=bool(data["has_baseline"]),
            has_budget=bool(data["has_budget"]),
        )


@dataclass(frozen=True)
class Series:
    """A cumulative S-curve at month ends; EV and AC are ``None`` after the status date."""

    ends: tuple[dt.datetime, ...]
    pv: tuple[float, ...]
    ev: tuple[float | None, ...]
    ac: tuple[float | None, ...]

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "ends": [e.isoformat() for e in self.ends],
            "pv": list(self.pv),
            "ev": list(self.ev),
            "ac": list(self.ac),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Series:
        """The inverse of :meth:`to_json` (an empty dict gives an empty series)."""
        return cls(
            tuple(dt.datetime.fromisoformat(e) for e in data.get("ends", [])),
            tuple(data.get("pv", [])),
            tuple(data.get("ev", [])),
            tuple(data.get("ac", [])),
        )

    @classmethod
    def empty(cls) -> Series:
        """No periods."""
        return cls((), (), (), ())


def clean(values: Sequence[float]) -> tuple[float | None, ...]:
    """Engine array values rounded to the cent, ``nan`` as ``None``."""
    return tuple(None if not math.isfinite(v) else round(float(v), 2) for v in values)
