"""The Plotly figure of a leveling run: the moved tasks before and after, as a small Gantt chart.

A plain dict (no database); the page puts it into a ``json_script`` element and the site's chart
script draws every ``.chart[data-chart]``. Bars are horizontal with a date ``base`` and a length in
milliseconds (Plotly's way of drawing a Gantt chart with bar traces).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

#: Tasks drawn at most (the table lists them all).
MAX_BARS = 40


def _bars(
    changes: Sequence[dict[str, Any]], start: str, finish: str, name: str, color: str
) -> dict[str, Any]:
    bases, lengths, labels = [], [], []
    for change in changes:
        first = dt.datetime.fromisoformat(change[start])
        last = dt.datetime.fromisoformat(change[finish])
        bases.append(first.strftime("%Y-%m-%d %H:%M"))
        lengths.append(max((last - first).total_seconds() * 1000, 3_600_000))
        labels.append(f"{change['position']}. {change['name']}"[:40])
    return {
        "type": "bar",
        "orientation": "h",
        "name": name,
        "y": labels,
        "x": lengths,
        "base": bases,
        "marker": {"color": color},
        "hovertemplate": "%{y}<br>%{base} →<extra>" + name + "</extra>",
    }


def run_figure(changes: Sequence[dict[str, Any]]) -> dict[str, Any] | None:
    """Before (grey) and after (blue) bars of the moved tasks; ``None`` when nothing moved."""
    shown = list(changes[:MAX_BARS])
    if not shown:
        return None
    return {
        "data": [
            _bars(shown, "old_start", "old_finish", "Before leveling", "#bab0ac"),
            _bars(shown, "new_start", "new_finish", "After leveling", "#4c78a8"),
        ],
        "layout": {
            "height": 120 + 40 * len(shown),
            "barmode": "group",
            "xaxis": {"type": "date"},
            "yaxis": {"autorange": "reversed", "automargin": True},
            "margin": {"l": 10, "r": 10, "t": 10, "b": 40},
            "legend": {"orientation": "h"},
        },
    }
