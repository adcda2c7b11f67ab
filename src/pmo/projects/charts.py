"""Plotly figures of the schedule, built as plain dicts from row data (no database, no Django).

The pages put the figure into a ``json_script`` element and a static script draws it. Building a
dict directly (instead of ``plotly.graph_objects``, which validates every property) keeps a
5,000-task Gantt well under the page's time budget; every per-task value lives in a handful of
traces (bars by kind, one scatter of diamonds, one line trace of all arrows with ``None``
separators), never one trace or shape per task.

Dates in the rows are naive wall-clock datetimes (the views convert from the database's aware
values); they are sent as ``"YYYY-MM-DD HH:MM"`` strings, which Plotly reads on a date axis.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

#: Row fields the Gantt needs (read with ``values()``).
GANTT_FIELDS = (
    "id",
    "position",
    "wbs",
    "name",
    "outline_level",
    "is_summary",
    "is_milestone",
    "start",
    "finish",
    "total_slack",
    "free_slack",
    "is_critical",
    "percent_complete",
)

COLOURS = {
    "summary": "#333c4e",
    "task": "#4c78a8",
    "critical": "#d62728",
    "baseline": "#b0b7c3",
    "milestone": "#333c4e",
    "link": "#7f8794",
    "status": "#2ca02c",
    "today": "#ff7f0e",
}
ROW_HEIGHT = 24
#: Bars sit a little above the row's centre, the baseline bar just below them.
BAR_WIDTH, BAR_OFFSET = 0.5, -0.38
BASELINE_WIDTH, BASELINE_OFFSET = 0.2, 0.14
BAR_CENTRE = BAR_OFFSET + BAR_WIDTH / 2
DAY_MS = 86_400_000
#: Zoom levels: label, days shown, tick spacing, tick format.
ZOOMS: tuple[tuple[str, int, Any, str], ...] = (
    ("Day", 14, DAY_MS, "%a %d %b"),
    ("Week", 84, 7 * DAY_MS, "%d %b"),
    ("Month", 366, "M1", "%b %Y"),
    ("Quarter", 3 * 366, "M3", "Q%q %Y"),
)
LINK_ENDS = {
    "FS": ("finish", "start"),
    "SS": ("start", "start"),
    "FF": ("finish", "finish"),
    "SF": ("start", "finish"),
}


def fmt(value: dt.datetime | dt.date | None) -> str | None:
    """A date for Plotly (``"YYYY-MM-DD HH:MM"``); ``None`` stays ``None``."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value.strftime("%Y-%m-%d")


def _days(minutes: int | None, minutes_per_day: int) -> str:
    if minutes is None:
        return "—"
    return f"{minutes / minutes_per_day:.1f}d"


def _text(value: Any) -> str:
    """User text for Plotly, which reads a subset of HTML in labels and hover text: escaped, so a
    task named ``<b>`` or ``<a href=...>`` shows as typed (Plotly turns the entities back)."""
    return escape(str(value), quote=False)


def _label(row: Mapping[str, Any], width: int = 42) -> str:
    indent = "  " * max(0, int(row.get("outline_level") or 1) - 1)
    name = _text(row["name"])
    text = f"{row['position']}  {indent}{name}"
    return text if len(text) <= width else text[: width - 1] + "…"


def _bar_trace(name: str, colour: str, *, width: float, offset: float, **extra: Any) -> dict[str, Any]:
    return {
        "type": "bar",
        "orientation": "h",
        "name": name,
        "y": [],
        "base": [],
        "x": [],
        "text": [],
        "width": width,
        "offset": offset,
        "marker": {"color": colour},
        "hovertemplate": "%{text}<extra></extra>",
        "textposition": "none",
        **extra,
    }


def _line(x: str | None, colour: str, label: str) -> tuple[dict[str, Any], dict[str, Any]]:
    shape = {
        "type": "line",
        "xref": "x",
        "yref": "paper",
        "x0": x,
        "x1": x,
        "y0": 0,
        "y1": 1,
        "line": {"color": colour, "width": 2, "dash": "dash"},
        "name": label,
    }
    note = {
        "x": x,
        "y": 1,
        "xref": "x",
        "yref": "paper",
        "yanchor": "bottom",
        "text": label,
        "showarrow": False,
        "font": {"color": colour, "size": 11},
    }
    return shape, note


def gantt_figure(
    rows: Sequence[Mapping[str, Any]],
    links: Sequence[tuple[int, int, str]] = (),
    *,
    baseline: Mapping[int, tuple[dt.datetime | None, dt.datetime | None]] | None = None,
    baseline_label: str = "Baseline",
    status_date: dt.datetime | None = None,
    today: dt.datetime | None = None,
    minutes_per_day: int = 480,
) -> dict[str, Any]:
    """The Gantt chart of a schedule as a Plotly figure dict.

    Parameters
    ----------
    rows : sequence of mappings
        One per task in outline order, with :data:`GANTT_FIELDS` (dates naive, wall clock).
    links : sequence of (predecessor id, successor id, type)
        Dependencies; type is ``FS``, ``SS``, ``FF`` or ``SF``.
    baseline : mapping of task id to (start, finish), optional
        The compared baseline; drawn as thin bars under the current ones.
    status_date, today : datetime, optional
        Drawn as dashed vertical lines.
    minutes_per_day : int
        To show slack in days.

    Returns
    -------
    dict
        ``{"data": [...], "layout": {...}}``; traces are named ``Summary``, ``Task``,
        ``Critical``, ``Baseline``, ``Milestone``, ``Links`` and ``Link heads``.

    Examples
    --------
    >>> day = dt.datetime(2026, 3, 2, 8)
    >>> rows = [
    ...     dict(id=1, position=1, wbs="1", name="Dig", outline_level=1, is_summary=False,
    ...          is_milestone=False, start=day, finish=day + dt.timedelta(hours=9), total_slack=0,
    ...          free_slack=0, is_critical=True, percent_complete=0),
    ...     dict(id=2, position=2, wbs="2", name="Done", outline_level=1, is_summary=False,
    ...          is_milestone=True, start=day + dt.timedelta(hours=9), finish=day + dt.timedelta(hours=9),
    ...          total_slack=0, free_slack=0, is_critical=True, percent_complete=0),
    ... ]
    >>> figure = gantt_figure(rows, [(1, 2, "FS")])
    >>> [trace["name"] for trace in figure["data"] if trace.get("y")]
    ['Critical', 'Milestone', 'Links', 'Link heads']
    """
    baseline = baseline or {}
    summary = _bar_trace("Summary", COLOURS["summary"], width=BAR_WIDTH * 0.5, offset=BAR_OFFSET)
    normal = _bar_trace("Task", COLOURS["task"], width=BAR_WIDTH, offset=BAR_OFFSET)
    critical = _bar_trace("Critical", COLOURS["critical"], width=BAR_WIDTH, offset=BAR_OFFSET)
    base = _bar_trace(
        baseline_label,
        COLOURS["baseline"],
        width=BASELINE_WIDTH,
        offset=BASELINE_OFFSET,
        legendgroup="baseline",
    )
    base["name"] = "Baseline"
    diamonds: dict[str, Any] = {
        "type": "scatter",
        "mode": "markers",
        "name": "Milestone",
        "x": [],
        "y": [],
        "text": [],
        "marker": {"symbol": "diamond", "size": 12, "color": [], "line": {"width": 1, "color": "#fff"}},
        "hovertemplate": "%{text}<extra></extra>",
    }
    index: dict[int, int] = {}
    ends: dict[int, tuple[str | None, str | None]] = {}
    ticktext: list[str] = []
    first: dt.datetime | None = None
    last: dt.datetime | None = None
    for i, row in enumerate(rows):
        index[row["id"]] = i
        ticktext.append(_label(row))
        start, finish = row["start"], row["finish"]
        s, f = fmt(start), fmt(finish)
        ends[row["id"]] = (s, f)
        if start is None or finish is None:
            continue
        first = start if first is None or start < first else first
        last = finish if last is None or finish > last else last
        text = (
            f"<b>{row['position']}. {_text(row['name'])}</b><br>Start {s}<br>Finish {f}"
            f"<br>Total slack {_days(row['total_slack'], minutes_per_day)}"
            f" · free slack {_days(row['free_slack'], minutes_per_day)}"
            f"<br>{row['percent_complete']}% complete"
        )
        if row["is_milestone"]:
            diamonds["x"].append(f)
            diamonds["y"].append(i + BAR_CENTRE)
            diamonds["text"].append(text)
            diamonds["marker"]["color"].append(COLOURS["critical" if row["is_critical"] else "milestone"])
        else:
            trace = summary if row["is_summary"] else critical if row["is_critical"] else normal
            trace["y"].append(i)
            trace["base"].append(s)
            trace["x"].append((finish - start).total_seconds() * 1000)
            trace["text"].append(text)
        planned = baseline.get(row["id"])
        bs, bf = planned if planned else (None, None)
        if bs is not None and bf is not None:
            base["y"].append(i)
            base["base"].append(fmt(bs))
            base["x"].append(max((bf - bs).total_seconds() * 1000, DAY_MS / 48))
            base["text"].append(
                f"<b>{row['position']}. {_text(row['name'])}</b><br>{baseline_label}"
                f"<br>Start {fmt(bs)}<br>Finish {fmt(bf)}"
            )
    arrows: dict[str, Any] = {
        "type": "scatter",
        "mode": "lines",
        "name": "Links",
        "x": [],
        "y": [],
        "line": {"color": COLOURS["link"], "width": 1},
        "hoverinfo": "skip",
        "showlegend": False,
    }
    heads: dict[str, Any] = {
        "type": "scatter",
        "mode": "markers",
        "name": "Link heads",
        "x": [],
        "y": [],
        "marker": {"symbol": [], "size": 7, "color": COLOURS["link"]},
        "hoverinfo": "skip",
        "showlegend": False,
    }
    for pred, succ, kind in links:
        if pred not in index or succ not in index:
            continue
        pred_side, succ_side = LINK_ENDS.get(kind, LINK_ENDS["FS"])
        px = ends[pred][1 if pred_side == "finish" else 0]
        sx = ends[succ][1 if succ_side == "finish" else 0]
        if px is None or sx is None:
            continue
        py, sy = index[pred] + BAR_CENTRE, index[succ] + BAR_CENTRE
        # An elbow from the predecessor's end down (or up) to the successor's row, then across.
        arrows["x"] += [px, px, sx, None]
        arrows["y"] += [py, sy, sy, None]
        heads["x"].append(sx)
        heads["y"].append(sy)
        heads["marker"]["symbol"].append("triangle-right" if sx >= px else "triangle-left")
    shapes: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    for value, colour, label in (
        (status_date, COLOURS["status"], "Status date"),
        (today, COLOURS["today"], "Today"),
    ):
        if value is not None:
            shape, note = _line(fmt(value), colour, label)
            shapes.append(shape)
            notes.append(note)
    traces = [summary, normal, critical, base, diamonds, arrows, heads]
    layout = _gantt_layout(len(rows), ticktext, first, last, status_date or today, traces)
    layout["shapes"], layout["annotations"] = shapes, notes
    return {"data": traces, "layout": layout}


def _gantt_layout(
    count: int,
    ticktext: list[str],
    first: dt.datetime | None,
    last: dt.datetime | None,
    anchor: dt.datetime | None,
    traces: list[dict[str, Any]],
) -> dict[str, Any]:
    start = (first or anchor or dt.datetime(2000, 1, 1)) - dt.timedelta(days=1)
    end = (last or start) + dt.timedelta(days=2)
    focus = anchor if anchor is not None and start <= anchor <= end else start
    buttons = []
    for label, days, dtick, tickformat in ZOOMS:
        low = focus - dt.timedelta(days=min(days // 4, 30)) if focus is not start else start
        buttons.append(
            {
                "label": label,
                "method": "relayout",
                "args": [
                    {
                        "xaxis.range": [fmt(low), fmt(low + dt.timedelta(days=days))],
                        "xaxis.dtick": dtick,
                        "xaxis.tickformat": tickformat,
                    }
                ],
            }
        )
    buttons.append(
        {
            "label": "All",
            "method": "relayout",
            "args": [{"xaxis.autorange": True, "xaxis.dtick": None, "xaxis.tickformat": None}],
        }
    )
    every = [True] * len(traces)
    critical_only = [t["name"] in ("Critical", "Milestone") for t in traces]
    return {
        "barmode": "overlay",
        "height": max(240, 90 + ROW_HEIGHT * count),
        "margin": {"l": 280, "r": 24, "t": 64, "b": 40},
        "xaxis": {"type": "date", "range": [fmt(start), fmt(end)], "side": "top", "showgrid": True},
        "yaxis": {
            "autorange": "reversed",
            "tickmode": "array",
            "tickvals": list(range(count)),
            "ticktext": ticktext,
            "showgrid": False,
            "zeroline": False,
            "automargin": False,
            "fixedrange": True,
        },
        "hovermode": "closest",
        "showlegend": True,
        "legend": {"orientation": "h", "y": -0.02, "yanchor": "top"},
        "updatemenus": [
            {
                "type": "buttons",
                "direction": "right",
                "x": 0,
                "y": 1.0,
                "xanchor": "left",
                "yanchor": "bottom",
                "pad": {"b": 28},
                "showactive": True,
                "buttons": buttons,
            },
            {
                "type": "buttons",
                "direction": "right",
                "x": 1,
                "y": 1.0,
                "xanchor": "right",
                "yanchor": "bottom",
                "pad": {"b": 28},
                "showactive": True,
                "buttons": [
                    {"label": "All tasks", "method": "restyle", "args": [{"visible": every}]},
                    {"label": "Critical only", "method": "restyle", "args": [{"visible": critical_only}]},
                ],
            },
        ],
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "font": {"family": "system-ui, sans-serif", "size": 12, "color": "#333c4e"},
    }


def milestone_figure(rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """A timeline of milestones: current date (filled diamond), baseline date (hollow), deadline (cross).

    ``rows`` carry ``name``, ``finish``, ``baseline_finish``, ``deadline`` (naive datetimes or
    ``None``) and ``status`` (``met``, ``missed``, ``due``), in display order.

    Examples
    --------
    >>> when = dt.datetime(2026, 5, 1, 17)
    >>> fig = milestone_figure([dict(name="Go live", finish=when, baseline_finish=None, deadline=None,
    ...                               status="due")])
    >>> fig["data"][0]["x"], fig["data"][0]["y"]
    (['2026-05-01 17:00'], ['Go live'])
    """
    colours = {"met": "#2ca02c", "missed": "#d62728", "due": "#4c78a8"}
    names = [_text(row["name"]) for row in rows]
    current = {
        "type": "scatter",
        "mode": "markers",
        "name": "Current",
        "x": [fmt(row["finish"]) for row in rows],
        "y": names,
        "marker": {
            "symbol": "diamond",
            "size": 13,
            "color": [colours.get(row["status"], "#4c78a8") for row in rows],
        },
        "text": [row["status"] for row in rows],
        "hovertemplate": "%{y}<br>%{x}<br>%{text}<extra></extra>",
    }
    planned = [row for row in rows if row.get("baseline_finish")]
    base = {
        "type": "scatter",
        "mode": "markers",
        "name": "Baseline",
        "x": [fmt(row["baseline_finish"]) for row in planned],
        "y": [_text(row["name"]) for row in planned],
        "marker": {"symbol": "diamond-open", "size": 13, "color": "#7f8794"},
        "hovertemplate": "%{y}<br>baseline %{x}<extra></extra>",
    }
    due = [row for row in rows if row.get("deadline")]
    deadlines = {
        "type": "scatter",
        "mode": "markers",
        "name": "Deadline",
        "x": [fmt(row["deadline"]) for row in due],
        "y": [_text(row["name"]) for row in due],
        "marker": {"symbol": "x-thin-open", "size": 11, "color": "#d62728", "line": {"width": 2}},
        "hovertemplate": "%{y}<br>deadline %{x}<extra></extra>",
    }
    return {
        "data": [current, base, deadlines],
        "layout": {
            "height": max(200, 80 + 28 * len(rows)),
            "margin": {"l": 200, "r": 24, "t": 24, "b": 40},
            "xaxis": {"type": "date"},
            "yaxis": {"autorange": "reversed", "type": "category"},
            "showlegend": True,
            "legend": {"orientation": "h"},
            "paper_bgcolor": "rgba(0,0,0,0)",
            "plot_bgcolor": "rgba(0,0,0,0)",
            "font": {"family": "system-ui, sans-serif", "size": 12, "color": "#333c4e"},
        },
    }
