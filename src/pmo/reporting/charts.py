"""The Plotly figure of a project's trend: SPI and CPI of each submitted report, and the number of
dimensions rated red or amber (a plain dict: no database; the site's chart script draws it)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pmo.reporting.models import StatusReport


def trend_rows(reports: Sequence[StatusReport]) -> list[dict[str, Any]]:
    """One row per submitted report, oldest first: period end, SPI, CPI, reds and ambers (snapshot)."""
    rows = []
    for report in sorted(reports, key=lambda r: r.period_end):
        snapshot = report.snapshot or {}
        figures = snapshot.get("figures") or {}
        finals = [d.get("final") for d in snapshot.get("dimensions") or []]
        rows.append(
            {
                "end": report.period_end.isoformat(),
                "spi": figures.get("spi"),
                "cpi": figures.get("cpi"),
                "red": finals.count("red"),
                "amber": finals.count("amber"),
            }
        )
    return rows


def trend_figure(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """SPI and CPI as lines over the report dates, reds and ambers as bars on a second axis."""
    x = [row["end"] for row in rows]
    return {
        "data": [
            {
                "type": "bar",
                "name": "Red dimensions",
                "x": x,
                "y": [r["red"] for r in rows],
                "marker": {"color": "#d62728"},
                "yaxis": "y2",
                "opacity": 0.35,
            },
            {
                "type": "bar",
                "name": "Amber dimensions",
                "x": x,
                "y": [r["amber"] for r in rows],
                "marker": {"color": "#ffa500"},
                "yaxis": "y2",
                "opacity": 0.35,
            },
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": "SPI",
                "x": x,
                "y": [r["spi"] for r in rows],
                "line": {"color": "#4c78a8", "width": 2},
            },
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": "CPI",
                "x": x,
                "y": [r["cpi"] for r in rows],
                "line": {"color": "#2ca02c", "width": 2},
            },
        ],
        "layout": {
            "height": 300,
            "barmode": "stack",
            "margin": {"l": 50, "r": 50, "t": 10, "b": 40},
            "xaxis": {"type": "date", "title": {"text": "Period end"}},
            "yaxis": {"title": {"text": "Index"}, "rangemode": "tozero"},
            "yaxis2": {
                "title": {"text": "Dimensions"},
                "overlaying": "y",
                "side": "right",
                "rangemode": "tozero",
                "dtick": 1,
            },
            "legend": {"orientation": "h", "y": -0.25},
            "paper_bgcolor": "rgba(0,0,0,0)",
            "plot_bgcolor": "rgba(0,0,0,0)",
            "font": {"family": "system-ui, sans-serif", "size": 12, "color": "#333c4e"},
        },
    }
