"""The Plotly figure of the planned-value curve, built as a plain dict (no database, no Django).

The page puts it into a ``json_script`` element; the site's chart script draws every
``.chart[data-chart]`` (as for the milestone chart of :mod:`pmo.projects.charts`).
"""

from __future__ import annotations

from typing import Any

from pmo.costs.curve import PlannedValueCurve


def pv_figure(curve: PlannedValueCurve, currency: str) -> dict[str, Any]:
    """Cumulative PV as a line, and each period's PV as bars, on a date axis.

    Amounts are sent as floats (Plotly's numbers); the table beside the chart shows exact values.
    """
    x = [end.strftime("%Y-%m-%d %H:%M") for end in curve.period_ends]
    cumulative = {
        "type": "scatter",
        "mode": "lines+markers",
        "name": "Planned value (cumulative)",
        "x": x,
        "y": [float(value) for value in curve.cumulative],
        "line": {"color": "#4c78a8", "width": 2},
        "hovertemplate": f"%{{x}}<br>%{{y:,.2f}} {currency}<extra></extra>",
    }
    per_period = {
        "type": "bar",
        "name": "Planned in the period",
        "x": x,
        "y": [float(value) for value in curve.increments],
        "marker": {"color": "#9ecae9"},
        "hovertemplate": f"%{{x}}<br>%{{y:,.2f}} {currency}<extra></extra>",
    }
    return {
        "data": [per_period, cumulative],
        "layout": {
            "height": 320,
            "margin": {"l": 70, "r": 20, "t": 10, "b": 40},
            "xaxis": {"type": "date", "title": {"text": "Period end"}},
            "yaxis": {"title": {"text": currency}, "rangemode": "tozero"},
            "legend": {"orientation": "h", "y": -0.2},
            "paper_bgcolor": "rgba(0,0,0,0)",
            "plot_bgcolor": "rgba(0,0,0,0)",
            "font": {"family": "system-ui, sans-serif", "size": 12, "color": "#333c4e"},
        },
    }
