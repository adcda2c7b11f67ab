"""Template filters of the import pages."""

from __future__ import annotations

import datetime as dt

from django import template

register = template.Library()


@register.filter
def wall_time(value: object) -> str:
    """An ISO datetime string from a preview (the file's wall-clock time) as ``Mon 2027-03-01 08:00``;
    anything else unchanged, empty as an em dash.

    >>> wall_time("2027-03-01T08:00:00"), wall_time(None)
    ('Mon 2027-03-01 08:00', '—')
    """
    if not value:
        return "—"
    try:
        return dt.datetime.fromisoformat(str(value)).strftime("%a %Y-%m-%d %H:%M")
    except ValueError:
        return str(value)
