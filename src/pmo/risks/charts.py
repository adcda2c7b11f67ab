"""The Plotly figure of the risk burn-down, built as a plain dict (no database, no Django).

The page puts it into a ``json_script`` element; the site's chart script draws every
``.chart[data-chart]`` (as for the cost curve of :mod:`pmo.costs.charts`).
"""

from __future__ import annotations

from typing import Any

from pmo.risks.choices import Zone
from pmo.risks.heatmap import BurnDown

#: Colours of the zones (the heat map's CSS uses the same).
ZONE_COLOURS = {
    Zone.LOW: "#a1d99b",
    Zone.MEDIUM: "#fdd96a",
    Zone.HIGH: "#fd8d3c",
    Zone.CRITICAL: "#de2d26",
}


def burndown_figure(data: BurnDown) -> dict[str, Any]:
    """Open risks per zone as stacked bars, and the total exposure as a line on a second axis."""
    x = [week.isoformat() for week in data.weeks]
    bars = [
        {
            "type": "bar",
            "name": f"{Zone(zone).label} risks",
            "x": x,
            "y": data.by_zone[zone],
            "marker": {"color": ZONE_COLOURS[Zone(zone)]},
            "hovertemplate": f"%{{x}}<br>%{{y}} {Zone(zone).label.lower()}<extra></extra>",
        }
        for zone in Zone.values
    ]
    exposure = {
        "type": "scatter",
        "mode": "lines+markers",
        "name": "Exposure (probability × most likely cost)",
        "x": x,
        "y": [float(value) for value in data.exposure],
        "yaxis": "y2",
        "line": {"color": "#333c4e", "width": 2},
        "hovertemplate": "%{x}<br>%{y:,.2f}<extra></extra>",
    }
    return {
        "data": [*bars, exposure],
        "layout": {
            "barmode": "stack",
            "height": 320,
            "margin": {"l": 50, "r": 70, "t": 10, "b": 40},
            "xaxis": {"type": "date", "title": {"text": "Week ending"}},
            "yaxis": {"title": {"text": "Open risks"}, "rangemode": "tozero"},
            "yaxis2": {
                "title": {"text": "Exposure"},
                "overlaying": "y",
                "side": "right",
                "rangemode": "tozero",
            },
            "legend": {"orientation": "h", "y": -0.2},
            "paper_bgcolor": "rgba(0,0,0,0)",
            "plot_bgcolor": "rgba(0,0,0,0)",
            "font": {"family": "system-ui, sans-serif", "size": 12, "color": "#333c4e"},
        },
    }
