"""Plotly figures of a run's stored results, built as plain dicts (no database).

The page puts each into a ``json_script`` element; the site's chart script draws every
``.chart[data-chart]`` (as for :mod:`pmo.costs.charts`).
"""

from __future__ import annotations

from typing import Any

FONT = {"family": "system-ui, sans-serif", "size": 12, "color": "#333c4e"}
BLUE, LIGHT, RED, GREEN, GREY = "#4c78a8", "#9ecae9", "#e45756", "#54a24b", "#888888"


def _layout(**extra: Any) -> dict[str, Any]:
    return {
        "height": 340,
        "margin": {"l": 70, "r": 60, "t": 10, "b": 50},
        "legend": {"orientation": "h", "y": -0.25},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "font": FONT,
        **extra,
    }


def _vline(x: Any, color: str, label: str, dash: str = "dash") -> tuple[dict[str, Any], dict[str, Any]]:
    shape = {
        "type": "line",
        "xref": "x",
        "yref": "paper",
        "x0": x,
        "x1": x,
        "y0": 0,
        "y1": 1,
        "line": {"color": color, "width": 2, "dash": dash},
    }
    note = {
        "x": x,
        "y": 1,
        "xref": "x",
        "yref": "paper",
        "text": label,
        "showarrow": False,
        "yanchor": "bottom",
        "font": {"color": color, "size": 11},
    }
    return shape, note


def _p(results: dict[str, Any], p: int, key: str) -> Any:
    return next((row[key] for row in results["percentiles"] if row["p"] == p), None)


def finish_figure(results: dict[str, Any]) -> dict[str, Any]:
    """Finish-date histogram (share of iterations) and S-curve, with P10–P90 shaded and the planned
    finish and the deadline marked."""
    finish = results["finish"]
    edges = finish["histogram"]["edge_dates"]
    counts = finish["histogram"]["counts"]
    total = sum(counts) or 1
    bars = {
        "type": "bar",
        "name": "Share of iterations",
        "x": edges[:-1],
        "y": [c / total for c in counts],
        "offset": 0,
        "marker": {"color": LIGHT},
        "hovertemplate": "from %{x}<br>%{y:.1%}<extra></extra>",
    }
    curve = {
        "type": "scatter",
        "mode": "lines",
        "name": "Probability of finishing by (S-curve)",
        "yaxis": "y2",
        "x": finish["s_curve_dates"],
        "y": [p for _, p in finish["s_curve"]],
        "line": {"color": BLUE, "width": 2},
        "hovertemplate": "%{x}<br>%{y:.0%}<extra></extra>",
    }
    shapes: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    p10, p90 = _p(results, 10, "date"), _p(results, 90, "date")
    if p10 and p90:
        shapes.append(
            {
                "type": "rect",
                "xref": "x",
                "yref": "paper",
                "x0": p10,
                "x1": p90,
                "y0": 0,
                "y1": 1,
                "fillcolor": "rgba(76,120,168,0.08)",
                "line": {"width": 0},
            }
        )
    marks = [(results["planned"]["date"], GREEN, "Planned")]
    if results.get("deadline"):
        marks.append((results["deadline"]["date"] + "T23:59", RED, "Deadline"))
    marks.append((_p(results, 80, "date"), GREY, "P80"))
    for x, color, label in marks:
        if x:
            shape, note = _vline(x, color, label, "dot" if label == "P80" else "dash")
            shapes.append(shape)
            notes.append(note)
    return {
        "data": [bars, curve],
        "layout": _layout(
            xaxis={"type": "date", "title": {"text": "Project finish"}},
            yaxis={"title": {"text": "Share of iterations"}, "tickformat": ".0%", "rangemode": "tozero"},
            yaxis2={
                "overlaying": "y",
                "side": "right",
                "range": [0, 1],
                "tickformat": ".0%",
                "title": {"text": "Cumulative"},
            },
            shapes=shapes,
            annotations=notes,
            bargap=0.02,
        ),
    }


def tornado_figure(results: dict[str, Any]) -> dict[str, Any] | None:
    """What each risk adds to the mean finish (working days), largest first at the top."""
    bars = [b for b in results["tornado"] if b["finish_mean"] is not None][:15]
    if not bars:
        return None
    per_day = results.get("minutes_per_day") or 480
    bars = list(reversed(bars))
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "name": "Mean finish (days)",
                "y": [b["risk"] for b in bars],
                "x": [b["finish_mean"] / per_day for b in bars],
                "marker": {"color": RED},
                "hovertemplate": "%{y}<br>+%{x:.1f} working days (mean)<extra></extra>",
            },
            {
                "type": "bar",
                "orientation": "h",
                "name": "P80 finish (days)",
                "y": [b["risk"] for b in bars],
                "x": [(b["finish_p80"] or 0) / per_day for b in bars],
                "marker": {"color": "#f58518"},
                "hovertemplate": "%{y}<br>+%{x:.1f} working days (P80)<extra></extra>",
            },
        ],
        "layout": _layout(
            height=max(220, 40 * len(bars) + 100),
            barmode="group",
            margin={"l": 200, "r": 20, "t": 10, "b": 50},
            xaxis={"title": {"text": "Working days added to the finish"}},
            yaxis={"automargin": True},
        ),
    }


def cost_figure(results: dict[str, Any], currency: str) -> dict[str, Any] | None:
    """Project cost histogram and S-curve, the planned cost marked."""
    cost = results.get("cost")
    if not cost:
        return None
    edges, counts = cost["histogram"]["edges"], cost["histogram"]["counts"]
    total = sum(counts) or 1
    shapes, notes = [], []
    if results["planned"].get("cost") is not None:
        shape, note = _vline(results["planned"]["cost"], GREEN, "Planned")
        shapes, notes = [shape], [note]
    return {
        "data": [
            {
                "type": "bar",
                "name": "Share of iterations",
                "x": edges[:-1],
                "y": [c / total for c in counts],
                "offset": 0,
                "marker": {"color": LIGHT},
            },
            {
                "type": "scatter",
                "mode": "lines",
                "name": "Probability of costing at most",
                "yaxis": "y2",
                "x": [x for x, _ in cost["s_curve"]],
                "y": [p for _, p in cost["s_curve"]],
                "line": {"color": BLUE},
            },
        ],
        "layout": _layout(
            xaxis={"title": {"text": f"Project cost ({currency})"}},
            yaxis={"tickformat": ".0%", "rangemode": "tozero"},
            yaxis2={"overlaying": "y", "side": "right", "range": [0, 1], "tickformat": ".0%"},
            shapes=shapes,
            annotations=notes,
            bargap=0.02,
        ),
    }


def scatter_figure(results: dict[str, Any], currency: str) -> dict[str, Any] | None:
    """Finish against cost of the first iterations, with the P80 finish and P80 cost lines: the points
    below and left of both are the joint confidence of P80."""
    scatter = results.get("scatter")
    if not scatter:
        return None
    shapes, notes = [], []
    p80_date, p80_cost = _p(results, 80, "date"), _p(results, 80, "cost")
    if p80_date:
        shape, note = _vline(p80_date, GREY, "P80 finish", "dot")
        shapes.append(shape)
        notes.append(note)
    if p80_cost is not None:
        shapes.append(
            {
                "type": "line",
                "xref": "paper",
                "yref": "y",
                "x0": 0,
                "x1": 1,
                "y0": p80_cost,
                "y1": p80_cost,
                "line": {"color": GREY, "dash": "dot"},
            }
        )
    return {
        "data": [
            {
                "type": "scattergl",
                "mode": "markers",
                "name": "Iterations",
                "x": scatter["finish"],
                "y": scatter["cost"],
                "marker": {"color": BLUE, "size": 4, "opacity": 0.5},
            },
        ],
        "layout": _layout(
            xaxis={"type": "date", "title": {"text": "Project finish"}},
            yaxis={"title": {"text": currency}},
            shapes=shapes,
            annotations=notes,
        ),
    }
