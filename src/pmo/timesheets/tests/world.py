"""Timesheet objects of each side in the persona world (``WORLD_EXTENSIONS``).

The PMO administrator logs two hours on the side's task in the week of 2026-01-12 (A; B: a week
earlier) and submits the
sheet, so ``decide`` really writes when the side's manager approves it (and the administrator, the
sheet's owner, is refused with 400: nobody decides their own sheet). A sheet has no text field, so
it carries no canary; the task names shown with it do.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from pmo.timesheets.services import entries_set, timesheet_submit

WEEK = dt.date(2026, 1, 12)


def extend(side: Any, *, admin: Any, manager: Any, canary: Callable[[], str]) -> dict[str, Any]:
    """Create and submit the side's timesheet through the services; returns it by registry key."""
    week = WEEK if side.name == "A" else WEEK - dt.timedelta(days=7)  # one sheet per person and week
    cells = [{"task": side.obj("task"), "date": week, "minutes": 120}]
    sheet = entries_set(actor=admin, week_start=week, cells=cells)
    return {"timesheet": timesheet_submit(actor=admin, timesheet=sheet)}
