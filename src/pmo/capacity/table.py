"""The heat map as rows of cells for the page, the API and the export (no queries)."""

from __future__ import annotations

from typing import Any

import numpy as np
from django.utils.html import escape
from django.utils.safestring import mark_safe

from pmo.capacity.selectors import Grid


def as_json(grid: Grid) -> dict[str, Any]:
    """The API's body: buckets, rows with hours of capacity and demand and the over flags."""
    capacity, demand, over = grid.hours(grid.capacity), grid.hours(grid.demand), grid.over.tolist()
    return {
        "dimension": grid.dimension,
        "scenario": str(grid.scenario.uid) if grid.scenario else None,
        "buckets": [day.isoformat() for day in grid.starts],
        "rows": [
            {
                "key": key,
                "label": label,
                "capacity_hours": capacity[i],
                "demand_hours": demand[i],
                "over": over[i],
            }
            for i, (key, label) in enumerate(zip(grid.keys, grid.labels, strict=True))
        ],
    }


EXPORT_HEADERS = ["Row", "Period start", "Capacity hours", "Demand hours", "Over-allocated"]


def export_rows(grid: Grid) -> list[list[Any]]:
    """One line per row × bucket (long format: filters and pivots work on it directly)."""
    capacity, demand, over = grid.hours(grid.capacity), grid.hours(grid.demand), grid.over.tolist()
    starts = [day.isoformat() for day in grid.starts]
    return [
        [label, start, capacity[i][j], demand[i][j], "yes" if over[i][j] else "no"]
        for i, label in enumerate(grid.labels)
        for j, start in enumerate(starts)
    ]


def grid_html(grid: Grid, *, caption: str, cell_url: str) -> str:
    """The heat map table as HTML, built from the arrays: 1,000 rows × 52 periods are 52,000 cells,
    which the template engine (or one object per cell) would take seconds to draw. Labels and URLs
    are escaped; a cell is a button (``data-i``: its period) that ``capacity.js`` turns into an htmx
    request for its drill-down (``cell_url`` + ``row`` + ``index``). A cell's class is its load:
    ``load-over`` (demand above capacity, or demand without capacity), ``load-none`` (no capacity,
    no demand), ``load-3`` (full: 100%), ``load-2`` (80% or more), ``load-1`` (50% or more), ``load-0``."""
    capacity = np.round(grid.capacity / 60.0, 1)
    demand = np.round(grid.demand / 60.0, 1)
    over = grid.over
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(capacity > 0, demand / np.where(capacity > 0, capacity, 1), 0.0)
    level = np.select(
        [over | ((capacity <= 0) & (demand > 0)), capacity <= 0, ratio >= 1.0, ratio >= 0.8, ratio >= 0.5],
        ["load-over", "load-none", "load-3", "load-2", "load-1"],
        default="load-0",
    ).tolist()
    texts: dict[float, str] = {}

    def num(value: float) -> str:
        text = texts.get(value)
        if text is None:
            text = texts[value] = _num(value)
        return text

    head = "".join(f'<th scope="col">{day:%Y-%m-%d}</th>' for day in grid.starts)
    parts = [
        f'<table class="heatmap" data-cell-url="{escape(cell_url)}" aria-describedby="capacity-legend">',
        f'<caption class="visually-hidden">{escape(caption)}</caption>',
        f'<thead><tr><th scope="col">{escape(grid.dimension.capitalize())}</th>{head}',
        '<th scope="col">Over</th></tr></thead><tbody>',
    ]
    flags = over.tolist()
    for i, (key, label) in enumerate(zip(grid.keys, grid.labels, strict=True)):
        row_level, row_over = level[i], flags[i]
        row_demand, row_capacity = demand[i].tolist(), capacity[i].tolist()
        cells = "".join(
            f'<td class="{row_level[j]}"><button type="button" data-i="{j}">'
            f"{'! ' if row_over[j] else ''}{num(row_demand[j])}/{num(row_capacity[j])}</button></td>"
            for j in range(len(grid.starts))
        )
        parts.append(
            f'<tr data-row="{escape(key)}"><th scope="row">{escape(label)}</th>'
            f"{cells}<td>{sum(row_over)}</td></tr>"
        )
    if not grid.keys:
        parts.append(
            f'<tr><td colspan="{len(grid.starts) + 2}" class="muted">No work resources to show.</td></tr>'
        )
    parts.append("</tbody></table>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def _num(value: float) -> str:
    """Hours with one decimal, without a trailing ``.0`` (``64``, ``62.5``)."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text
