"""Working capacity in buckets of weeks, months or quarters (pure: no database, no Django).

A resource works the minutes its week gives each weekday (the pool's standard week, 8 h Monday
to Friday, or a pool calendar), except on the pool's holidays (nothing) and its time off (nothing
on whole days; ``minutes`` less, never below zero, on part days), times its max units. Buckets
start on a Monday (week), the 1st (month) or the 1st of January, April, July, October (quarter);
only the days from ``start`` to ``end`` (both included) count.

Examples
--------
>>> import datetime as dt
>>> starts = bucket_starts(dt.date(2026, 3, 4), dt.date(2026, 3, 17), "week")
>>> [day.isoformat() for day in starts]
['2026-03-02', '2026-03-09', '2026-03-16']
>>> base_minutes(dt.date(2026, 3, 4), dt.date(2026, 3, 17), starts, (480,) * 5 + (0, 0))
[1440, 2400, 960]
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable, Sequence

__all__ = ["BUCKETS", "STANDARD_WEEK", "base_minutes", "bucket_starts", "days", "floor_to_bucket", "spread"]

BUCKETS = ("week", "month", "quarter")
STANDARD_WEEK: tuple[int, ...] = (480, 480, 480, 480, 480, 0, 0)
ONE_DAY = dt.timedelta(days=1)


def floor_to_bucket(day: dt.date, bucket: str) -> dt.date:
    """The first day of the bucket holding ``day``.

    >>> floor_to_bucket(dt.date(2026, 8, 19), "quarter")
    datetime.date(2026, 7, 1)
    """
    if bucket == "week":
        return day - dt.timedelta(days=day.weekday())
    if bucket == "month":
        return day.replace(day=1)
    if bucket == "quarter":
        return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    raise ValueError(f"bucket must be one of {', '.join(BUCKETS)}, not {bucket!r}")


def _next(day: dt.date, bucket: str) -> dt.date:
    if bucket == "week":
        return day + dt.timedelta(days=7)
    months = 1 if bucket == "month" else 3
    month = day.month - 1 + months
    return dt.date(day.year + month // 12, month % 12 + 1, 1)


def bucket_starts(start: dt.date, end: dt.date, bucket: str) -> list[dt.date]:
    """The first day of every bucket from the one holding ``start`` to the one holding ``end``."""
    starts: list[dt.date] = []
    day = floor_to_bucket(start, bucket)
    while day <= end:
        starts.append(day)
        day = _next(day, bucket)
    return starts


def days(start: dt.date, end: dt.date) -> Iterable[dt.date]:
    """Every day from ``start`` to ``end``, both included."""
    day = start
    while day <= end:
        yield day
        day += ONE_DAY


def index_of(day: dt.date, starts: Sequence[dt.date]) -> int:
    """The bucket of ``day`` (``starts`` sorted, ``day`` on or after the first)."""
    return bisect_right(starts, day) - 1


def base_minutes(start: dt.date, end: dt.date, starts: Sequence[dt.date], week: Sequence[int]) -> list[int]:
    """Minutes of ``week`` per bucket, counting the days from ``start`` to ``end`` only."""
    totals = [0] * len(starts)
    for day in days(start, end):
        totals[index_of(day, starts)] += week[day.weekday()]
    return totals


def spread(
    minutes: float, first: dt.date, last: dt.date, start: dt.date, end: dt.date, starts: Sequence[dt.date]
) -> list[float]:
    """``minutes`` spread evenly over the weekdays (Monday to Friday) from ``first`` to ``last``,
    summed per bucket; days outside ``start``..``end`` are dropped.

    >>> spread(600, dt.date(2026, 3, 2), dt.date(2026, 3, 8), dt.date(2026, 3, 2),
    ...        dt.date(2026, 3, 4), [dt.date(2026, 3, 2)])
    [360.0]
    """
    weekdays = [day for day in days(first, last) if day.weekday() < 5]
    totals = [0.0] * len(starts)
    if not weekdays:
        return totals
    share = minutes / len(weekdays)
    for day in weekdays:
        if start <= day <= end:
            totals[index_of(day, starts)] += share
    return totals
