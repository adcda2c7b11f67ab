"""The weekly grid of a timesheet as the pages show it: rows = tasks, columns = Monday to Sunday,
with totals per day, per row and for the week; and the parsing of a typed time."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from pmo.core.errors import DomainRuleError
from pmo.projects.models import Task
from pmo.timesheets.models import TimeEntry, Timesheet

_HOURS_MINUTES = re.compile(r"^(-?)(\d+):([0-5]\d)$")


def parse_time(text: str, *, day: dt.date) -> int:
    """Minutes from what a person types in a cell: ``1.5`` or ``1,5`` (hours), ``1:30``, or empty (0).

    >>> parse_time("1:30", day=dt.date(2026, 1, 19)), parse_time("2.25", day=dt.date(2026, 1, 19))
    (90, 135)
    """
    value = text.strip()
    if not value:
        return 0
    match = _HOURS_MINUTES.match(value)
    if match:
        sign = -1 if match.group(1) else 1
        return sign * (int(match.group(2)) * 60 + int(match.group(3)))
    try:
        return round(float(value.replace(",", ".")) * 60)
    except ValueError:
        raise DomainRuleError(
            f"{day:%A} {day:%Y-%m-%d}: {value!r} is not a time; type hours such as 1.5 or 1:30.",
            field=day.isoformat(),
        ) from None


def as_hours(minutes: int) -> str:
    """``90`` → ``"1:30"`` (empty for 0)."""
    return f"{minutes // 60}:{minutes % 60:02d}" if minutes else ""


@dataclass
class Row:
    """One task of the grid with its minutes per day."""

    task: Task
    cells: list[tuple[dt.date, int]]

    @property
    def total(self) -> int:
        """The row's minutes over the week."""
        return sum(minutes for _, minutes in self.cells)


@dataclass
class Grid:
    """The week's grid."""

    week_start: dt.date
    sheet: Timesheet | None
    rows: list[Row] = field(default_factory=list)

    @property
    def days(self) -> list[dt.date]:
        """Monday to Sunday."""
        return [self.week_start + dt.timedelta(days=n) for n in range(7)]

    @property
    def day_totals(self) -> list[int]:
        """Minutes per day over all rows."""
        return [sum(row.cells[n][1] for row in self.rows) for n in range(7)]

    @property
    def total(self) -> int:
        """Minutes over the week."""
        return sum(row.total for row in self.rows)


def build_grid(week_start: dt.date, sheet: Timesheet | None, extra: list[Task]) -> Grid:
    """The grid of ``sheet`` (may be ``None``), with empty rows for the tasks of ``extra``."""
    grid = Grid(week_start=week_start, sheet=sheet)
    minutes: dict[tuple[int, dt.date], int] = {}
    tasks: dict[int, Task] = {}
    if sheet is not None:
        for entry in TimeEntry.objects.filter(timesheet=sheet).select_related("task__project"):
            minutes[(entry.task_id, entry.date)] = entry.minutes
            tasks[entry.task_id] = entry.task
    for task in extra:
        tasks.setdefault(task.pk, task)
    ordered = sorted(tasks.values(), key=lambda t: (t.project.code, t.position))
    grid.rows = [Row(task, [(day, minutes.get((task.pk, day), 0)) for day in grid.days]) for task in ordered]
    return grid


def grid_context(grid: Grid) -> dict[str, Any]:
    """Template values of a grid (hours formatted as H:MM)."""
    return {
        "grid": grid,
        "rows": [
            {
                "task": row.task,
                "cells": [(d, as_hours(m)) for d, m in row.cells],
                "total": as_hours(row.total),
            }
            for row in grid.rows
        ],
        "day_totals": [as_hours(m) for m in grid.day_totals],
        "week_total": as_hours(grid.total),
    }
