"""Helpers of the projects app's tests: the unit and the month their hand-worked schedules use."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

#: Working minutes in a day of the Standard calendar.
DAY = 480


def at(day: int, hour: int = 8) -> dt.datetime:
    """An aware instant in March 2026 (the month the tests' schedules run in)."""
    return timezone.make_aware(dt.datetime(2026, 3, day, hour))
