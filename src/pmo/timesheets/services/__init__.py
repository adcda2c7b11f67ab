"""Writes of timesheets; each is one audited transaction (pmo.core.services)."""

from pmo.timesheets.services.decisions import (
    project_timesheet_settings_set,
    require_decider,
    timesheet_approve,
    timesheet_return,
)
from pmo.timesheets.services.entries import entries_set, require_owner, timesheet_submit

__all__ = [
    "entries_set",
    "project_timesheet_settings_set",
    "require_decider",
    "require_owner",
    "timesheet_approve",
    "timesheet_return",
    "timesheet_submit",
]
