"""When each levelled resource can work: its capacity steps in working minutes of the reference calendar.

A resource's capacity is its maximum units, zero on the whole days off of the resource (its pool's
holidays and its whole-day time off), and lower in proportion on days of part-day time off and on
the days its pool calendar gives fewer minutes than the reference calendar (see
:mod:`pmo.leveling.adapters`, whose :func:`build_plan` uses :func:`days_off`, :class:`Calendars`
and :func:`capacity_steps`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from pmo.engine.schedule.calendars import CompiledCalendar, to_minutes
from pmo.resources.models import STANDARD_WEEK_MINUTES, PoolHoliday, TimeOff

__all__ = ["WHOLE_DAY", "Calendars", "Week", "availability_versions", "capacity_steps", "days_off", "week_of"]

#: A whole day off in :func:`days_off` (part days give the minutes off).
WHOLE_DAY = -1


def days_off(pools: dict[int, int], first: dt.date, last: dt.date) -> dict[int, dict[dt.date, int]]:
    """Days off of each resource (``{resource id: pool scope id}``) from ``first`` to ``last``, as
    ``{day: minutes off}`` (:data:`WHOLE_DAY` for the pool's holidays and whole-day time off; the
    minutes a day of part-day time off, the largest when several overlap). Two queries."""
    holidays: dict[int, set[dt.date]] = {}
    for pool_id, start, end in PoolHoliday.objects.filter(
        scope_id__in=set(pools.values()), start__lte=last, end__gte=first
    ).values_list("scope_id", "start", "end"):
        holidays.setdefault(pool_id, set()).update(_days(max(start, first), min(end, last)))
    out = {pk: dict.fromkeys(holidays.get(pool_id, ()), WHOLE_DAY) for pk, pool_id in pools.items()}
    for pk, start, end, minutes in TimeOff.objects.filter(
        resource_id__in=list(pools), start__lte=last, end__gte=first
    ).values_list("resource_id", "start", "end", "minutes_per_day"):
        for day in _days(max(start, first), min(end, last)):
            before = out[pk].get(day, 0)
            if before != WHOLE_DAY:
                out[pk][day] = WHOLE_DAY if minutes is None else max(before, int(minutes))
    return out


def availability_versions(pools: dict[int, int]) -> dict[int, list[tuple[Any, ...]]]:
    """What :func:`days_off` reads of each resource (``{resource id: pool scope id}``), as
    ``(kind, id, version)`` rows: its time off and its pool's holidays, so that a fingerprint of a
    plan changes when any of them is added, edited or deleted. Two queries."""
    holidays: dict[int, list[tuple[Any, ...]]] = {}
    for pool_id, pk, version in (
        PoolHoliday.objects.filter(scope_id__in=set(pools.values()))
        .order_by("pk")
        .values_list("scope_id", "pk", "version")
    ):
        holidays.setdefault(pool_id, []).append(("h", pk, version))
    out = {pk: list(holidays.get(pool_id, ())) for pk, pool_id in pools.items()}
    for resource_id, pk, version in (
        TimeOff.objects.filter(resource_id__in=list(pools))
        .order_by("pk")
        .values_list("resource_id", "pk", "version")
    ):
        out[resource_id].append(("o", pk, version))
    return out


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


I64 = npt.NDArray[np.int64]
#: Minutes of work per weekday, Monday first (``PoolCalendar.week_minutes``).
Week = tuple[int, ...]


def week_of(minutes: Any) -> Week:
    """A pool calendar's week (an empty one is the pool's standard week, as in the heat map)."""
    return tuple(int(m) for m in minutes) if minutes else STANDARD_WEEK_MINUTES


def _merge(a: I64, b: I64, left: I64, capacity: int) -> tuple[tuple[int, int], ...]:
    """Capacity steps of the day spans ``[a, b)`` (in time order, each below ``capacity``): adjacent
    spans of equal capacity merged, and back to ``capacity`` after each run."""
    if not a.size:
        return ()
    new = np.ones(a.size, dtype=np.bool_)
    new[1:] = (a[1:] != b[:-1]) | (left[1:] != left[:-1])
    first = np.flatnonzero(new)
    last = np.append(first[1:], a.size) - 1
    starts, ends, values = a[first], b[last], left[first]
    # Back up at the end of each run, unless the next run starts there (it sets its own value).
    up = np.ones(first.size, dtype=np.bool_)
    up[:-1] = ends[:-1] != starts[1:]
    times = np.column_stack((starts, ends)).ravel()
    caps = np.column_stack((values, np.full(first.size, capacity, dtype=np.int64))).ravel()
    keep = np.column_stack((np.ones(first.size, dtype=np.bool_), up)).ravel()
    return tuple(zip(times[keep].tolist(), caps[keep].tolist(), strict=True))


def _steps(
    calendar: CompiledCalendar,
    origin: int,
    days: dict[dt.date, int],
    capacity: int,
    week: Week | None = None,
) -> tuple[tuple[int, int], ...]:
    """Capacity steps of a resource over its days off (in working minutes from time 0): none on a
    whole day off; on a day with part-day time off, the capacity in proportion to the working time
    left that day (4 hours off an 8-hour day at 100%: 50% all day), rounded down. ``week``: the
    pool calendar of a resource that never works fewer minutes than the reference calendar (the
    time off comes off its own day)."""
    spans: list[tuple[int, int, int]] = []
    for day in sorted(days):
        midnight = to_minutes(dt.datetime(day.year, day.month, day.day))
        start_of_day = calendar.to_work(midnight)
        a = max(start_of_day - origin, 0)
        b = calendar.to_work(midnight + 1440) - origin
        if b <= a:
            continue  # no working time that day, or before time 0
        working = b - (start_of_day - origin)
        own = working if week is None else week[day.weekday()]
        off = days[day]
        left = 0 if off == WHOLE_DAY else capacity * min(max(own - off, 0), working) // working
        if left < capacity:
            spans.append((a, b, left))
    if not spans:
        return ()
    starts, ends, values = (np.array(column, dtype=np.int64) for column in zip(*spans, strict=True))
    return _merge(starts, ends, values, capacity)


@dataclass(frozen=True)
class _Grid:
    """The days of the leveling horizon on the reference calendar (only built when a levelled
    resource follows a pool calendar): per day, its start (clipped at 0) and end in working minutes
    from time 0, its working minutes and its weekday (0 = Monday)."""

    first: dt.date
    start: I64
    end: I64
    working: I64
    weekday: I64

    @classmethod
    def of(cls, calendar: CompiledCalendar, origin: int, first: dt.date, last: dt.date) -> _Grid:
        """The days from ``first`` to ``last`` (both included); one vectorised pass."""
        count = (last - first).days + 1
        midnight = to_minutes(dt.datetime(first.year, first.month, first.day))
        bounds = calendar.to_work_array(midnight + 1440 * np.arange(count + 1, dtype=np.int64)) - origin
        weekday = (first.weekday() + np.arange(count, dtype=np.int64)) % 7
        return cls(first, np.maximum(bounds[:-1], 0), bounds[1:], np.diff(bounds), weekday)

    def longest(self) -> list[int]:
        """The most working minutes of each weekday (Monday first) in the horizon."""
        out = np.zeros(7, dtype=np.int64)
        np.maximum.at(out, self.weekday, self.working)
        return [int(m) for m in out]

    def by_week(self, week: Week, capacity: int) -> I64:
        """The capacity of each day by ``week`` alone (0 on days without reference working time)."""
        own = np.asarray(week, dtype=np.int64)[self.weekday]
        return capacity * np.minimum(own, self.working) // np.maximum(self.working, 1)

    def steps(self, week: Week, capacity: int, days: dict[dt.date, int]) -> tuple[tuple[int, int], ...]:
        """Capacity steps of a resource working ``week`` with ``days`` off, over the horizon."""
        own = np.asarray(week, dtype=np.int64)[self.weekday]
        for day, off in days.items():
            i = (day - self.first).days
            if 0 <= i < own.size:
                own[i] = 0 if off == WHOLE_DAY else max(int(own[i]) - off, 0)
        left = capacity * np.minimum(own, self.working) // np.maximum(self.working, 1)
        keep = (left < capacity) & (self.end > self.start)
        return _merge(self.start[keep], self.end[keep], left[keep], capacity)

    def run(self, by_week: I64, units: int) -> int:
        """The most working minutes in a row (reference working days) with ``by_week`` at least
        ``units``."""
        days = self.working > 0
        work = np.where(by_week[days] >= units, self.working[days], 0)
        total = np.cumsum(work)
        since = total - np.maximum.accumulate(np.where(work > 0, 0, total))
        return int(since.max()) if since.size else 0


@dataclass
class Calendars:
    """The pool calendars of the levelled resources, over the horizon's :class:`_Grid`."""

    grid: _Grid
    weeks: dict[str, tuple[Week, str]]
    """Engine resource key → (week, calendar name) of every levelled resource with a calendar."""
    limiting: frozenset[str]
    """The keys whose week gives fewer minutes than the reference calendar on some weekday."""
    _by_week: dict[tuple[Week, int], I64] = field(default_factory=dict)
    _runs: dict[tuple[Week, int, int], int] = field(default_factory=dict)

    @classmethod
    def of(
        cls,
        calendar: CompiledCalendar,
        origin: int,
        days: tuple[dt.date, dt.date],
        weeks: dict[str, tuple[Week, str]],
    ) -> Calendars | None:
        """The calendars of ``weeks`` (``None`` when no resource has one: nothing to compute)."""
        if not weeks:
            return None
        grid = _Grid.of(calendar, origin, *days)
        longest = grid.longest()
        limiting = frozenset(key for key, (week, _) in weeks.items() if any(map(int.__lt__, week, longest)))
        return cls(grid, weeks, limiting)

    def by_week(self, week: Week, capacity: int) -> I64:
        """Capacity per day of the horizon by ``week`` alone (memoised)."""
        key = (week, capacity)
        if key not in self._by_week:
            self._by_week[key] = self.grid.by_week(week, capacity)
        return self._by_week[key]

    def refusal(self, task: str, resource: str, key: str, capacity: int, units: int, duration: int) -> str:
        """Why a levelled task of ``duration`` working minutes needing ``units`` of the resource
        can never be placed by the resource's week, or ``""``."""
        if key not in self.limiting or duration == 0:
            return ""
        week, name = self.weeks[key]
        by_week = self.by_week(week, capacity)
        peak = int(by_week[self.grid.working > 0].max(initial=0))
        if units > peak:
            return (
                f"Task {task!r} needs {units}% of {resource}, who works {peak}% at most on any day by "
                f"the calendar {name!r}: lower the assignment's units or change the resource's calendar."
            )
        run_key = (week, capacity, units)
        if run_key not in self._runs:
            self._runs[run_key] = self.grid.run(by_week, units)
        run = self._runs[run_key]
        if duration > run:
            return (
                f"Task {task!r} needs {units}% of {resource} for {duration / 60:g} working hours in a "
                f"row, but the calendar {name!r} gives {resource} that much for {run / 60:g} working "
                "hours in a row at most: shorten or split the task, lower the assignment's units or "
                "change the resource's calendar."
            )
        return ""


def capacity_steps(
    calendar: CompiledCalendar,
    origin: int,
    calendars: Calendars | None,
    key: str,
    capacity: int,
    days: dict[dt.date, int],
) -> tuple[tuple[int, int], ...]:
    """Capacity steps of the resource ``key`` with ``days`` off: every day of the horizon when its
    pool calendar limits it, else over its days off only (nothing to compute without any)."""
    week = calendars.weeks.get(key) if calendars else None
    if calendars and week and key in calendars.limiting:
        return calendars.grid.steps(week[0], capacity, days)
    return _steps(calendar, origin, days, capacity, week[0] if week else None)
