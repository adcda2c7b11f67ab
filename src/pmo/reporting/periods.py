"""Reporting periods of a cadence (pure date arithmetic, no Django).

* weekly and fortnightly periods are 7 or 14 days long and end on ``anchor`` plus a whole number
  of periods (the anchor is any period end, so reports fall on the anchor's weekday);
* monthly periods are calendar months (the anchor is not used).

A report is due for a period once its end plus the grace days has passed.

>>> period_containing(dt.date(2026, 11, 26), "weekly", dt.date(2024, 1, 5))
(datetime.date(2026, 11, 21), datetime.date(2026, 11, 27))
>>> period_containing(dt.date(2026, 2, 10), "monthly", dt.date(2024, 1, 5))
(datetime.date(2026, 2, 1), datetime.date(2026, 2, 28))
"""

from __future__ import annotations

import calendar
import datetime as dt

#: Days in a weekly and a fortnightly period.
PERIOD_DAYS = {"weekly": 7, "fortnightly": 14}


def _month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def period_containing(day: dt.date, cadence: str, anchor: dt.date) -> tuple[dt.date, dt.date]:
    """The ``(start, end)`` of the period of ``cadence`` that contains ``day`` (both inclusive)."""
    if cadence == "monthly":
        return day.replace(day=1), _month_end(day)
    length = PERIOD_DAYS[cadence]
    offset = (anchor - day).days % length
    end = day + dt.timedelta(days=offset)
    return end - dt.timedelta(days=length - 1), end


def previous_period(
    period: tuple[dt.date, dt.date], cadence: str, anchor: dt.date
) -> tuple[dt.date, dt.date]:
    """The period just before ``period``."""
    return period_containing(period[0] - dt.timedelta(days=1), cadence, anchor)


def is_period_end(day: dt.date, cadence: str, anchor: dt.date) -> bool:
    """True when ``day`` ends a period of ``cadence``."""
    return period_containing(day, cadence, anchor)[1] == day


def last_due_period(
    today: dt.date, cadence: str, anchor: dt.date, grace_days: int
) -> tuple[dt.date, dt.date]:
    """The latest period whose report is due by ``today``: its end plus ``grace_days`` is before today.

    >>> last_due_period(dt.date(2026, 11, 26), "weekly", dt.date(2024, 1, 5), 3)
    (datetime.date(2026, 11, 14), datetime.date(2026, 11, 20))
    >>> last_due_period(dt.date(2026, 11, 23), "weekly", dt.date(2024, 1, 5), 3)
    (datetime.date(2026, 11, 7), datetime.date(2026, 11, 13))
    """
    cutoff = today - dt.timedelta(days=grace_days)
    # The period holding the cutoff ends on or after it, so it is not due yet: the one before is.
    return previous_period(period_containing(cutoff, cadence, anchor), cadence, anchor)
