"""Working-time calendars: weekly working times, exceptions, recurring exceptions, derivation.

A :class:`Calendar` is a plain frozen description. :meth:`Calendar.compile` turns it, over a date
horizon, into a :class:`CompiledCalendar`: the sorted working intervals in *wall-clock minutes since
1970-01-01* with the cumulative working minutes before each one. Every conversion (add or subtract
working minutes to an instant, count working minutes between two instants) is then a binary search,
``bisect`` for one value and :func:`numpy.searchsorted` for arrays.

Instants are wall-clock minutes (``int``), as Microsoft Project counts them: no daylight-saving
adjustment. :func:`to_minutes` and :func:`from_minutes` convert datetimes.

Two instants can hold the same working-time position: Friday 17:00 and Monday 08:00 are both "after
the same number of working minutes". Like Microsoft Project we keep the distinction: adding a
positive amount of work ends at the *finish form* (Friday 17:00), subtracting work or moving to the
next working time gives the *start form* (Monday 08:00).

Examples
--------
>>> from datetime import date, datetime
>>> cal = Calendar().compile(date(2024, 1, 1), date(2024, 12, 31))
>>> monday_8 = to_minutes(datetime(2024, 1, 1, 8))
>>> from_minutes(cal.add(monday_8, 5 * 480))
datetime.datetime(2024, 1, 5, 17, 0)
>>> from_minutes(cal.add(cal.add(monday_8, 5 * 480), -480))
datetime.datetime(2024, 1, 5, 8, 0)
>>> cal.work_between(monday_8, to_minutes(datetime(2024, 1, 8, 12)))
2640
"""

from __future__ import annotations

import bisect
import calendar as _pycal
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from pmo.engine.schedule.errors import CalendarError, HorizonError

__all__ = [
    "EPOCH",
    "STANDARD_DAY",
    "STANDARD_WEEK",
    "TWENTY_FOUR_HOURS",
    "Calendar",
    "CalendarException",
    "CompiledCalendar",
    "Recurrence",
    "RecurrenceType",
    "WorkingTimes",
    "from_minutes",
    "to_minutes",
]

EPOCH = datetime(1970, 1, 1)
_EPOCH_DATE = EPOCH.date()
MINUTES_PER_DAY = 1440

WorkingTimes = tuple[tuple[int, int], ...]
"""Working periods of one day as ``(from_minute, to_minute)`` after midnight; ``()`` is non-working."""

STANDARD_DAY: WorkingTimes = ((8 * 60, 12 * 60), (13 * 60, 17 * 60))
STANDARD_WEEK: tuple[WorkingTimes | None, ...] = (STANDARD_DAY,) * 5 + ((), ())
TWENTY_FOUR_HOURS: WorkingTimes = ((0, MINUTES_PER_DAY),)

I64Array = npt.NDArray[np.int64]


def to_minutes(value: datetime) -> int:
    """Return wall-clock minutes since 1970-01-01 (seconds are dropped; tzinfo is ignored).

    Parameters
    ----------
    value : datetime
        Naive or aware; an aware value is read as its own wall-clock time.
    """
    delta = value.replace(tzinfo=None) - EPOCH
    return delta.days * MINUTES_PER_DAY + delta.seconds // 60


def from_minutes(minutes: int, tz: object = None) -> datetime:
    """Return the datetime ``minutes`` after 1970-01-01 (wall clock), with ``tzinfo=tz``."""
    value = EPOCH + timedelta(minutes=int(minutes))
    return value.replace(tzinfo=tz) if tz is not None else value  # type: ignore[arg-type]


def _day_number(day: date) -> int:
    return (day - _EPOCH_DATE).days


class RecurrenceType(StrEnum):
    """How a recurring exception repeats."""

    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    YEARLY = "yearly"


@dataclass(frozen=True)
class Recurrence:
    """A repeating pattern of days, bounded by its exception's start and finish dates.

    Parameters
    ----------
    type : RecurrenceType
        Daily, weekly, monthly or yearly.
    period : int
        Every ``period`` days, weeks, months (ignored for yearly).
    weekdays : frozenset of int
        Weekly: the weekdays (0 = Monday ... 6 = Sunday). Relative monthly/yearly: the kind of day
        counted by ``position`` (one weekday, Monday-Friday for "weekday", all seven for "day").
    day : int or None
        Absolute monthly/yearly: the day of the month.
    month : int or None
        Yearly: the month (1-12).
    position : int or None
        Relative monthly/yearly: 1-4 for first...fourth, 5 for last.
    occurrences : int or None
        Stop after this many occurrences (the finish date still bounds them).
    week_start : int
        First day of the week for weekly patterns (0 = Monday ... 6 = Sunday, Microsoft Project's
        default): "every 2 weeks" counts weeks that start on this day.
    """

    type: RecurrenceType
    period: int = 1
    weekdays: frozenset[int] = frozenset()
    day: int | None = None
    month: int | None = None
    position: int | None = None
    occurrences: int | None = None
    week_start: int = 6

    def dates(self, start: date, finish: date) -> Iterator[date]:
        """Yield the days of the pattern between ``start`` and ``finish`` inclusive, in order."""
        count = 0
        for day in self._candidates(start, finish):
            if day < start:
                continue
            if day > finish or (self.occurrences is not None and count >= self.occurrences):
                return
            count += 1
            yield day

    def _candidates(self, start: date, finish: date) -> Iterator[date]:
        period = max(1, self.period)
        if self.type is RecurrenceType.DAILY:
            day = start
            while day <= finish:
                yield day
                day += timedelta(days=period)
        elif self.type is RecurrenceType.WEEKLY:
            week = start - timedelta(days=(start.weekday() - self.week_start) % 7)
            offsets = sorted((wd - self.week_start) % 7 for wd in self.weekdays)
            while week <= finish:
                for offset in offsets:
                    yield week + timedelta(days=offset)
                week += timedelta(weeks=period)
        else:
            step = period if self.type is RecurrenceType.MONTHLY else 12
            year, month = start.year, start.month
            if self.type is RecurrenceType.YEARLY and self.month is not None:
                month = self.month
            while date(year, month, 1) <= finish:
                found = self._in_month(year, month)
                if found is not None:
                    yield found
                month += step
                year += (month - 1) // 12
                month = (month - 1) % 12 + 1

    def _in_month(self, year: int, month: int) -> date | None:
        last = _pycal.monthrange(year, month)[1]
        if self.position is None:
            return date(year, month, min(self.day or 1, last))
        days = [date(year, month, d) for d in range(1, last + 1)]
        matching = [d for d in days if d.weekday() in (self.weekdays or frozenset(range(7)))]
        if not matching:
            return None
        if self.position >= 5:
            return matching[-1]
        return matching[self.position - 1] if self.position <= len(matching) else None


@dataclass(frozen=True)
class CalendarException:
    """Working time that replaces the weekly pattern on some days.

    Parameters
    ----------
    start, finish : date
        First and last day (inclusive) the exception covers.
    working_times : WorkingTimes
        The working periods on those days; empty means non-working.
    recurrence : Recurrence or None
        When given, only the days of the pattern between ``start`` and ``finish`` are affected.
    name : str
        A label (for example "Christmas").
    """

    start: date
    finish: date
    working_times: WorkingTimes = ()
    recurrence: Recurrence | None = None
    name: str = ""

    def dates(self) -> Iterator[date]:
        """Yield every day the exception applies to."""
        if self.recurrence is not None:
            yield from self.recurrence.dates(self.start, self.finish)
            return
        day = self.start
        while day <= self.finish:
            yield day
            day += timedelta(days=1)


def _check_times(times: WorkingTimes, where: str) -> None:
    previous = -1
    for start, end in times:
        if not 0 <= start < end <= MINUTES_PER_DAY or start < previous:
            raise CalendarError(
                f"calendar {where}: working times must be increasing within 00:00-24:00, got {times}"
            )
        previous = end


@dataclass(frozen=True, eq=False)
class Calendar:
    """A working-time calendar (Microsoft Project's Standard calendar by default).

    Parameters
    ----------
    name : str
        Display name.
    week : tuple of WorkingTimes or None
        Seven entries, Monday first. ``None`` inherits the day from ``base``.
    exceptions : tuple of CalendarException
        Later entries win over earlier ones; a derived calendar's exceptions win over its base's.
    base : Calendar or None
        The base calendar of a derived (task or resource) calendar.
    """

    name: str = "Standard"
    week: tuple[WorkingTimes | None, ...] = STANDARD_WEEK
    exceptions: tuple[CalendarException, ...] = ()
    base: Calendar | None = None
    _cache: dict[tuple[int, int], CompiledCalendar] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        if len(self.week) != 7:
            raise CalendarError(f"calendar {self.name!r}: week needs 7 days, got {len(self.week)}")
        for times in self.week:
            if times is not None:
                _check_times(times, repr(self.name))
        for exc in self.exceptions:
            _check_times(exc.working_times, repr(self.name))

    def weekday_times(self, weekday: int) -> WorkingTimes:
        """Return the working times of a weekday (0 = Monday), following the base calendar."""
        times = self.week[weekday]
        if times is None:
            return self.base.weekday_times(weekday) if self.base is not None else ()
        return times

    def exception_days(self, first: date, last: date) -> dict[date, WorkingTimes]:
        """Return the exception days between ``first`` and ``last`` with their working times."""
        days = self.base.exception_days(first, last) if self.base is not None else {}
        for exc in self.exceptions:
            if exc.finish < first or exc.start > last:
                continue
            for day in exc.dates():
                if first <= day <= last:
                    days[day] = exc.working_times
        return days

    def working_times_on(self, day: date) -> WorkingTimes:
        """Return the working times of one day, exceptions included."""
        exc = self.exception_days(day, day)
        return exc[day] if day in exc else self.weekday_times(day.weekday())

    def compile(self, first: date, last: date) -> CompiledCalendar:
        """Compile the calendar between ``first`` and ``last`` inclusive (cached per horizon)."""
        key = (_day_number(first), _day_number(last))
        cached = self._cache.get(key)
        if cached is None:
            cached = _compile(self, first, last)
            self._cache[key] = cached
        return cached


def _compile(cal: Calendar, first: date, last: date) -> CompiledCalendar:
    d0, d1 = _day_number(first), _day_number(last)
    ndays = d1 - d0 + 1
    if ndays <= 0:
        raise CalendarError(f"calendar {cal.name!r}: empty horizon {first}..{last}")
    patterns: list[WorkingTimes] = []
    index: dict[WorkingTimes, int] = {}

    def pattern_id(times: WorkingTimes) -> int:
        if times not in index:
            index[times] = len(patterns)
            patterns.append(times)
        return index[times]

    week_ids = np.array([pattern_id(cal.weekday_times(w)) for w in range(7)], dtype=np.int64)
    day_numbers = np.arange(d0, d1 + 1, dtype=np.int64)
    weekday = (day_numbers + 3) % 7  # 1970-01-01 was a Thursday (weekday 3)
    pattern = week_ids[weekday]
    for day, times in cal.exception_days(first, last).items():
        pattern[_day_number(day) - d0] = pattern_id(times)
    starts_parts: list[I64Array] = []
    ends_parts: list[I64Array] = []
    for pid, times in enumerate(patterns):
        if not times:
            continue
        day_start = day_numbers[pattern == pid] * MINUTES_PER_DAY
        for a, b in times:
            starts_parts.append(day_start + a)
            ends_parts.append(day_start + b)
    if not starts_parts:
        raise CalendarError(f"calendar {cal.name!r} has no working time between {first} and {last}")
    starts = np.concatenate(starts_parts)
    ends = np.concatenate(ends_parts)
    order = np.argsort(starts, kind="stable")
    starts, ends = starts[order], ends[order]
    # Merge touching intervals (24-hour calendars): 24:00 of one day is 00:00 of the next.
    keep = np.ones(starts.size, dtype=bool)
    keep[1:] = starts[1:] != ends[:-1]
    if not keep.all():
        first_of_run = np.flatnonzero(keep)
        last_of_run = np.append(first_of_run[1:] - 1, starts.size - 1)
        starts, ends = starts[first_of_run], ends[last_of_run]
    return CompiledCalendar(cal.name, d0 * MINUTES_PER_DAY, (d1 + 1) * MINUTES_PER_DAY, starts, ends)


class CompiledCalendar:
    """Working intervals of a calendar over a horizon, with cumulative working minutes.

    Parameters
    ----------
    name : str
        The calendar's name (for messages).
    horizon_start, horizon_end : int
        The horizon in wall-clock minutes since 1970-01-01.
    starts, ends : ndarray of int64
        Sorted, disjoint, non-touching working intervals ``[start, end)``.

    Notes
    -----
    ``work`` positions count working minutes from ``horizon_start``. All methods accept Python
    ints; the ``*_array`` variants accept int64 arrays and are vectorised.
    """

    def __init__(
        self, name: str, horizon_start: int, horizon_end: int, starts: I64Array, ends: I64Array
    ) -> None:
        self.name = name
        self.horizon_start = horizon_start
        self.horizon_end = horizon_end
        self.starts = np.ascontiguousarray(starts, dtype=np.int64)
        self.ends = np.ascontiguousarray(ends, dtype=np.int64)
        lengths = self.ends - self.starts
        self.cum_end = np.cumsum(lengths)
        self.cum_start = self.cum_end - lengths
        self.total = int(self.cum_end[-1])
        self._s: list[int] = self.starts.tolist()
        self._e: list[int] = self.ends.tolist()
        self._cs: list[int] = self.cum_start.tolist()
        self._ce: list[int] = self.cum_end.tolist()

    def __repr__(self) -> str:
        span = f"{from_minutes(self.horizon_start)}..{from_minutes(self.horizon_end)}"
        return f"CompiledCalendar({self.name!r}, {span})"

    # ----- scalar conversions -------------------------------------------------------------
    def to_work(self, t: int) -> int:
        """Working minutes between the horizon start and instant ``t``."""
        if not self.horizon_start <= t <= self.horizon_end:
            raise HorizonError(f"{from_minutes(t)} is outside the horizon of calendar {self.name!r}")
        i = bisect.bisect_right(self._s, t) - 1
        if i < 0:
            return 0
        return self._cs[i] + min(t, self._e[i]) - self._s[i]

    def finish_at(self, w: int) -> int:
        """Earliest instant after ``w`` working minutes (ends a working period: *finish form*)."""
        if not 0 <= w <= self.total:
            raise HorizonError(f"working time beyond the horizon of calendar {self.name!r}")
        i = bisect.bisect_left(self._ce, w)
        return self._e[i] - (self._ce[i] - w)

    def start_at(self, w: int) -> int:
        """Latest instant after ``w`` working minutes (begins the next working period: *start form*)."""
        if not 0 <= w < self.total:
            raise HorizonError(f"working time beyond the horizon of calendar {self.name!r}")
        i = bisect.bisect_right(self._cs, w) - 1
        return self._s[i] + (w - self._cs[i])

    def add(self, t: int, minutes: int) -> int:
        """Add working minutes to an instant (negative subtracts); zero returns ``t`` unchanged."""
        if minutes == 0:
            return t
        w = self.to_work(t) + minutes
        return self.finish_at(w) if minutes > 0 else self.start_at(w)

    def next_start(self, t: int) -> int:
        """The instant itself if it is working time, else the start of the next working period."""
        return self.start_at(self.to_work(t))

    def previous_finish(self, t: int) -> int:
        """The instant itself if inside working time, else the end of the previous working period."""
        return self.finish_at(self.to_work(t))

    def work_between(self, a: int, b: int) -> int:
        """Working minutes from ``a`` to ``b`` (negative when ``b`` is before ``a``)."""
        return self.to_work(b) - self.to_work(a)

    def is_working(self, t: int) -> bool:
        """Whether the minute starting at ``t`` is working time."""
        i = bisect.bisect_right(self._s, t) - 1
        return i >= 0 and t < self._e[i]

    # ----- vectorised conversions ---------------------------------------------------------
    def to_work_array(self, t: I64Array) -> I64Array:
        """Vectorised :meth:`to_work`."""
        t = np.asarray(t, dtype=np.int64)
        if t.size and (t.min() < self.horizon_start or t.max() > self.horizon_end):
            raise HorizonError(f"an instant is outside the horizon of calendar {self.name!r}")
        i = np.searchsorted(self.starts, t, side="right") - 1
        ic = np.maximum(i, 0)
        w = self.cum_start[ic] + np.minimum(t, self.ends[ic]) - self.starts[ic]
        return np.asarray(np.where(i < 0, 0, w), dtype=np.int64)

    def finish_at_array(self, w: I64Array) -> I64Array:
        """Vectorised :meth:`finish_at`."""
        w = np.asarray(w, dtype=np.int64)
        if w.size and (w.min() < 0 or w.max() > self.total):
            raise HorizonError(f"working time beyond the horizon of calendar {self.name!r}")
        i = np.searchsorted(self.cum_end, w, side="left")
        return np.asarray(self.ends[i] - (self.cum_end[i] - w), dtype=np.int64)

    def start_at_array(self, w: I64Array) -> I64Array:
        """Vectorised :meth:`start_at`."""
        w = np.asarray(w, dtype=np.int64)
        if w.size and (w.min() < 0 or w.max() >= self.total):
            raise HorizonError(f"working time beyond the horizon of calendar {self.name!r}")
        i = np.searchsorted(self.cum_start, w, side="right") - 1
        return np.asarray(self.starts[i] + (w - self.cum_start[i]), dtype=np.int64)

    def add_array(self, t: I64Array, minutes: I64Array) -> I64Array:
        """Vectorised :meth:`add`."""
        t = np.asarray(t, dtype=np.int64)
        minutes = np.broadcast_to(np.asarray(minutes, dtype=np.int64), t.shape)
        w = self.to_work_array(t) + minutes
        fin = self.finish_at_array(np.clip(w, 0, self.total))
        sta = self.start_at_array(np.clip(w, 0, self.total - 1))
        if w.size and (w.min() < 0 or w.max() > self.total):
            raise HorizonError(f"working time beyond the horizon of calendar {self.name!r}")
        return np.asarray(np.where(minutes > 0, fin, np.where(minutes < 0, sta, t)), dtype=np.int64)


def working_times_from_hours(spans: Sequence[tuple[str, str]]) -> WorkingTimes:
    """Build working times from ``("08:00", "12:00")`` strings; ``"24:00"`` / ``"00:00"`` ends at midnight."""
    out: list[tuple[int, int]] = []
    for a, b in spans:
        ha, ma = (int(x) for x in a.split(":")[:2])
        hb, mb = (int(x) for x in b.split(":")[:2])
        start, end = ha * 60 + ma, hb * 60 + mb
        if end == 0:
            end = MINUTES_PER_DAY
        out.append((start, end))
    return tuple(out)
