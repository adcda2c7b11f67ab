"""The Plotly figure of an S-curve (PV, EV, AC and the forecast), built as a plain dict.

The page puts it into a ``json_script`` element; the site's chart script draws every
``.chart[data-chart]`` (as for :mod:`pmo.costs.charts`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pmo.performance.figures import EarnedValueFigures, Series

COLOURS = {"pv": "#4c78a8", "ev": "#2e7d32", "ac": "#c62828", "forecast": "#8e24aa", "bac": "#777777"}


def _x(value: dt.datetime | dt.date) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if isinstance(value, dt.datetime) else value.isoformat()


def _line(
    name: str, key: str, x: list[str], y: list[Any], currency: str, dash: str = "solid"
) -> dict[str, Any]:
    return {
        "type": "scatter",
        "mode": "lines",
        "name": name,
        "x": x,
        "y": y,
        "line": {"color": COLOURS[key], "width": 2, "dash": dash},
        "hovertemplate": f"%{{x}}<br>%{{y:,.2f}} {currency}<extra>{name}</extra>",
        "connectgaps": False,
    }


def s_curve_figure(series: Series, figures: EarnedValueFigures, currency: str) -> dict[str, Any]:
    """Cumulative PV, EV and AC by month end, the status date, BAC and the EAC forecast."""
    x = [_x(end) for end in series.ends]
    data = [
        _line("Planned value (PV)", "pv", x, list(series.pv), currency),
        _line("Earned value (EV)", "ev", x, list(series.ev), currency),
        _line("Actual cost (AC)", "ac", x, list(series.ac), currency),
    ]
    status = _x(figures.status_date)
    if figures.eac is not None and figures.forecast_finish is not None:
        data.append(
            _line(
                "Forecast (AC → EAC)",
                "forecast",
                [status, _x(figures.forecast_finish)],
                [float(figures.ac), float(figures.eac)],
                currency,
                dash="dash",
            )
        )
    if x:
        data.append(
            _line(
                "Budget at completion (BAC)",
                "bac",
                [x[0], x[-1]],
                [float(figures.bac), float(figures.bac)],
                currency,
                dash="dot",
            )
        )
    return {
        "data": data,
        "layout": {
            "height": 360,
            "margin": {"l": 80, "r": 20, "t": 10, "b": 40},
            "xaxis": {"type": "date", "title": {"text": "Month end"}},
            "yaxis": {"title": {"text": currency}, "rangemode": "tozero"},
            "legend": {"orientation": "h", "y": -0.2},
            "shapes": [
                {
                    "type": "line",
                    "xref": "x",
                    "yref": "paper",
                    "x0": status,
                    "x1": status,
                    "y0": 0,
                    "y1": 1,
                    "line": {"color": "#333c4e", "width": 1, "dash": "dot"},
                }
            ],
            "annotations": [
                {
                    "x": status,
                    "y": 1,
                    "xref": "x",
                    "yref": "paper",
                    "text": "status date",
                    "showarrow": False,
                    "yanchor": "bottom",
                    "font": {"size": 11},
                }
            ],
            "paper_bgcolor": "rgba(0,0,0,0)",
            "plot_bgcolor": "rgba(0,0,0,0)",
            "font": {"family": "system-ui, sans-serif", "size": 12, "color": "#333c4e"},
        },
    }
