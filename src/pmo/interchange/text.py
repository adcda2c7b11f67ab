"""What users type in the task grid, as Microsoft Project accepts it: durations, lags, predecessors.

Durations: ``5d``, ``5 days``, ``2w``, ``4h``, ``30m``, ``1mo``, ``3ed`` (elapsed days), a trailing
``?`` for an estimate, a bare number for days. Predecessors: a comma- or semicolon-separated list
of row numbers, each with an optional type and lag, e.g. ``3FS+2d, 5SS-1d, 7FF, 4, 9FS+50%``.

Examples
--------
>>> parse_duration("5d?", minutes_per_day=480)
ParsedDuration(minutes=2400, elapsed=False, estimated=True)
>>> [str(p) for p in parse_predecessors("3FS+2d, 5ss-1d,7FF;4")]
['3FS+2d', '5SS-1d', '7FF', '4']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Unit words → (engine unit, elapsed). Longest first in the regex below.
_UNITS: dict[str, tuple[str, bool]] = {
    "": ("d", False),
    "m": ("m", False), "min": ("m", False), "mins": ("m", False), "minute": ("m", False),
    "minutes": ("m", False),
    "h": ("h", False), "hr": ("h", False), "hrs": ("h", False), "hour": ("h", False), "hours": ("h", False),
    "d": ("d", False), "dy": ("d", False), "day": ("d", False), "days": ("d", False),
    "w": ("w", False), "wk": ("w", False), "wks": ("w", False), "week": ("w", False), "weeks": ("w", False),
    "mo": ("mo", False), "mon": ("mo", False), "mons": ("mo", False), "month": ("mo", False),
    "months": ("mo", False),
    "em": ("m", True), "emin": ("m", True), "eh": ("h", True), "ehr": ("h", True), "ed": ("d", True),
    "eday": ("d", True), "edays": ("d", True), "ew": ("w", True), "ewk": ("w", True), "emo": ("mo", True),
    "emon": ("mo", True),
}  # fmt: skip

_NUMBER = r"(\d+(?:[.,]\d+)?)"
_DURATION = re.compile(rf"^\s*{_NUMBER}\s*([a-z]*)\s*(\?)?\s*$", re.IGNORECASE)
_PREDECESSOR = re.compile(
    rf"^\s*(\d+)\s*(FS|SS|FF|SF)?\s*(?:([+-])\s*{_NUMBER}\s*(%|[a-z]*))?\s*$", re.IGNORECASE
)


class ParseError(ValueError):
    """Text that cannot be read; the message says what was expected."""


@dataclass(frozen=True)
class ParsedDuration:
    """A duration in minutes (working, or elapsed when ``elapsed``), and whether it is an estimate."""

    minutes: int
    elapsed: bool = False
    estimated: bool = False


@dataclass(frozen=True)
class ParsedPredecessor:
    """One predecessor entry: the row number, the link type and the lag as typed."""

    row: int
    type: str = "FS"
    lag_value: float = 0.0
    lag_unit: str = "d"
    lag_elapsed: bool = False
    lag_percent: bool = False

    def __str__(self) -> str:
        return format_predecessor(
            self.row,
            self.type,
            lag_value=self.lag_value,
            lag_unit=self.lag_unit,
            lag_elapsed=self.lag_elapsed,
            lag_percent=self.lag_percent,
        )


def unit_minutes(
    unit: str, elapsed: bool, *, minutes_per_day: int, minutes_per_week: int, days_per_month: int
) -> int:
    """Minutes in one ``unit`` (working minutes, or calendar minutes when ``elapsed``)."""
    if elapsed:
        return {"m": 1, "h": 60, "d": 1440, "w": 10080, "mo": 43200}[unit]
    return {
        "m": 1,
        "h": 60,
        "d": minutes_per_day,
        "w": minutes_per_week,
        "mo": minutes_per_day * days_per_month,
    }[unit]


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def parse_duration(
    text: str, *, minutes_per_day: int = 480, minutes_per_week: int = 2400, days_per_month: int = 20
) -> ParsedDuration:
    """Read a duration such as ``5d``, ``2.5 weeks``, ``3ed`` or ``4h?``.

    Raises
    ------
    ParseError
        For anything else, naming what was expected.
    """
    match = _DURATION.match(text or "")
    unit_word = match.group(2).lower() if match else ""
    if not match or unit_word not in _UNITS:
        raise ParseError(
            f"{text.strip()!r} is not a duration; use a number and a unit, e.g. 5d, 2w, 4h, 30m, 1mo, 3ed"
        )
    unit, elapsed = _UNITS[unit_word]
    per = unit_minutes(
        unit, elapsed, minutes_per_day=minutes_per_day, minutes_per_week=minutes_per_week,
        days_per_month=days_per_month,
    )  # fmt: skip
    minutes = round(_number(match.group(1)) * per)
    if minutes > 10_000_000:
        raise ParseError(f"{text.strip()!r} is too long for a task duration")
    return ParsedDuration(minutes=minutes, elapsed=elapsed, estimated=bool(match.group(3)))


def format_duration(
    minutes: int | None, *, elapsed: bool = False, estimated: bool = False, minutes_per_day: int = 480
) -> str:
    """Minutes as users read them: days when whole or with one decimal, else hours or minutes."""
    if minutes is None:
        return ""
    mark = "?" if estimated else ""
    prefix = "e" if elapsed else ""
    per_day = 1440 if elapsed else minutes_per_day
    if minutes == 0:
        return f"0{prefix}d{mark}"
    days = minutes / per_day
    if minutes % per_day == 0 or (days >= 1 and round(days * 10) == days * 10):
        return f"{days:g}{prefix}d{mark}"
    if minutes % 60 == 0:
        return f"{minutes // 60}{prefix}h{mark}"
    return f"{minutes}{prefix}m{mark}"


def parse_predecessors(text: str) -> list[ParsedPredecessor]:
    """Read a predecessor list such as ``3FS+2d, 5SS-1d, 7FF, 9FS+50%``.

    Raises
    ------
    ParseError
        Naming the entry that cannot be read (and what an entry looks like).
    """
    entries: list[ParsedPredecessor] = []
    seen: set[int] = set()
    for raw in re.split(r"[,;]", text or ""):
        if not raw.strip():
            continue
        match = _PREDECESSOR.match(raw)
        unit_word = (match.group(5) or "").lower() if match else ""
        if not match or (unit_word != "%" and unit_word not in _UNITS):
            raise ParseError(
                f"{raw.strip()!r} is not a predecessor; write a row number, a type and a lag, "
                "e.g. 3FS+2d, 5SS-1d, 7FF"
            )
        row = int(match.group(1))
        if row in seen:
            raise ParseError(f"row {row} is listed twice")
        seen.add(row)
        sign = -1.0 if match.group(3) == "-" else 1.0
        value = sign * _number(match.group(4)) if match.group(4) else 0.0
        if unit_word == "%":
            entries.append(ParsedPredecessor(row, (match.group(2) or "FS").upper(), value, "d", False, True))
            continue
        unit, elapsed = _UNITS[unit_word]
        entries.append(ParsedPredecessor(row, (match.group(2) or "FS").upper(), value, unit, elapsed))
    return entries


def format_lag(
    lag_minutes: int, *, elapsed: bool = False, percent: float | None = None, minutes_per_day: int = 480
) -> str:
    """``+2d``, ``-1d``, ``+50%`` or ``""`` for no lag."""
    if percent is not None:
        return f"{'+' if percent >= 0 else '-'}{abs(percent):g}%" if percent else ""
    if not lag_minutes:
        return ""
    sign = "+" if lag_minutes > 0 else "-"
    return sign + format_duration(abs(lag_minutes), elapsed=elapsed, minutes_per_day=minutes_per_day)


def format_predecessor(
    row: int,
    link_type: str,
    *,
    lag_value: float = 0.0,
    lag_unit: str = "d",
    lag_elapsed: bool = False,
    lag_percent: bool = False,
) -> str:
    """One entry as typed: ``3``, ``5SS-1d``, ``7FF``, ``9FS+50%`` (FS without lag is just the row)."""
    lag = ""
    if lag_value:
        sign = "+" if lag_value > 0 else "-"
        unit = "%" if lag_percent else ("e" if lag_elapsed else "") + lag_unit
        lag = f"{sign}{abs(lag_value):g}{unit}"
    kind = "" if link_type == "FS" and not lag else link_type
    return f"{row}{kind}{lag}"
