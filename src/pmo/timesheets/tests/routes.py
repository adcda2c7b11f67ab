"""Timesheet pages and endpoints in the permission battery (``tests/route_registry.APP_ROUTE_MODULES``);
object types of ``docs/authz/timesheets.yaml``.

The personal pages (the week grid, a cell, submit, the approvals list) act on the signed-in user's
own sheet: everyone signed in may use them (a person without a project simply has no task to log
on: the cell answers 400 naming why). ``decide`` acts on the world's submitted sheet of the side.
"""

from __future__ import annotations

from typing import Any

from pmo.testing.registry import PayloadContext, Route, route


def _cell(ctx: PayloadContext) -> dict[str, Any]:
    return {
        "week": "2026-02-02",
        "task": str(ctx.world.a.obj("task").uid),
        "date": "2026-02-03",
        "time": "1:30",
    }


def _submit(ctx: PayloadContext) -> dict[str, Any]:
    return {"week": "2026-02-02"}


def _decide(ctx: PayloadContext) -> dict[str, Any]:
    sheet = ctx.side.obj("timesheet")
    return {"decision": "approve", "version": sheet.version}


ROUTES: list[Route] = [
    route("timesheets:mine", "timesheet_own", GET="view"),
    route("timesheets:cell", "timesheet_own", payload=_cell, POST="log"),
    route("timesheets:submit", "timesheet_own", payload=_submit, POST="submit"),
    route("timesheets:approvals", "timesheet_own", GET="view"),
    route("timesheets:decide", "timesheet", kwargs={"uid": "timesheet"}, payload=_decide, POST="decide"),
]


def _api_week(ctx: PayloadContext) -> dict[str, Any]:
    task = str(ctx.world.a.obj("task").uid)
    return {"week_start": "2026-02-02", "entries": [{"task": task, "date": "2026-02-03", "minutes": 90}]}


def _api_return(ctx: PayloadContext) -> dict[str, Any]:
    return {"comment": "battery"}


def _empty(ctx: PayloadContext) -> dict[str, Any]:
    return {}


SHEET = {"uid": "timesheet"}
ROUTES += [
    route("api:timesheet-list", "timesheet_own", GET="view"),
    route("api:timesheet-set-week", "timesheet_own", payload=_api_week, POST="log"),
    route("api:timesheet-detail", "timesheet", kwargs=SHEET, GET="view"),
    route("api:timesheet-submit", "timesheet", kwargs=SHEET, payload=_empty, POST="submit"),
    route("api:timesheet-approve", "timesheet", kwargs=SHEET, payload=_empty, POST="decide"),
    route("api:timesheet-return-sheet", "timesheet", kwargs=SHEET, payload=_api_return, POST="decide"),
]


def _settings(ctx: PayloadContext) -> dict[str, Any]:
    return {"update_progress": "on"}


ROUTES += [
    route(
        "timesheets:project_settings",
        "timesheet_settings",
        kwargs={"uid": "project"},
        payload=_settings,
        GET="view",
        POST="edit",
    ),
]
