"""Permission-battery routes of the WBS area (see ``routes.py``): the task grid, its row fragments,
paste, the calendars pages, and ``/api/v1/tasks/``, ``calendars/``, ``calendar-exceptions/``.

Bodies are valid, so a missing role check would really write (and the battery would catch it).
"""

from __future__ import annotations

from typing import Any

from pmo.testing.registry import PayloadContext, Route, route

PROJECT = {"uid": "project"}
TASK = {"uid": "project", "task_uid": "task"}
CALENDAR = {"uid": "project", "calendar_uid": "calendar"}
EXCEPTION = {"uid": "project", "calendar_uid": "calendar", "exception_uid": "calendar_exception"}


def _side_obj(ctx: PayloadContext, key: str) -> Any:
    return ctx.side.obj(key)


def _insert(ctx: PayloadContext) -> dict[str, Any]:
    return {"name": "Battery task", "task": str(_side_obj(ctx, "task2").uid)}


def _outline(ctx: PayloadContext) -> dict[str, Any]:
    # task2 sits below task at the same level, so indenting it is allowed.
    return {"task": str(_side_obj(ctx, "task2").uid), "op": "indent"}


def _paste(ctx: PayloadContext) -> dict[str, Any]:
    return {"text": "Name\tDuration\nBattery one\t2d\nBattery two\t1d", "action": "insert", "relative": "on"}


def _row_edit(ctx: PayloadContext) -> dict[str, Any]:
    task = ctx.objects["task"]
    return {
        "version": task.version,
        "name": "Battery write",
        "duration": "3d",
        "initial-duration": "2d",
        "constraint_type": "ASAP",
    }


def _version(ctx: PayloadContext) -> dict[str, Any]:
    return {"version": list(ctx.objects.values())[-1].version}


def _calendar_form(ctx: PayloadContext) -> dict[str, Any]:
    body: dict[str, Any] = {"name": "Battery calendar", "base": ""}
    for day in range(7):
        body[f"day{day}_mode"] = "working" if day < 5 else "off"
        body[f"day{day}_hours"] = "08:00-12:00, 13:00-17:00" if day < 5 else ""
    if "calendar" in ctx.objects:
        body["version"] = ctx.objects["calendar"].version
    return body


def _exception_form(ctx: PayloadContext) -> dict[str, Any]:
    body = {"name": "Battery holiday", "start": "2026-05-01", "finish": "2026-05-01", "recurrence": ""}
    if "calendar_exception" in ctx.objects:
        body["version"] = ctx.objects["calendar_exception"].version
    return body


def _choose(ctx: PayloadContext) -> dict[str, Any]:
    return {"calendar": str(_side_obj(ctx, "calendar").uid)}


def _api_task(ctx: PayloadContext) -> dict[str, Any]:
    return {
        "project": str(ctx.objects["project"].uid),
        "name": "Battery task",
        "duration": "2d",
        "predecessors": "",
    }


def _api_task_patch(ctx: PayloadContext) -> dict[str, Any]:
    return {"name": "Battery write", "duration": "3d"}


def _api_move(ctx: PayloadContext) -> dict[str, Any]:
    return {"before": str(_side_obj(ctx, "summary_task").uid)}


def _empty(ctx: PayloadContext) -> dict[str, Any]:
    return {}


def _api_calendar(ctx: PayloadContext) -> dict[str, Any]:
    return {"project": str(ctx.objects["project"].uid), "name": "Battery calendar"}


def _api_calendar_patch(ctx: PayloadContext) -> dict[str, Any]:
    return {"name": "Battery calendar"}


def _api_exception(ctx: PayloadContext) -> dict[str, Any]:
    return {"calendar": str(ctx.objects["calendar"].uid), "start": "2026-05-01", "finish": "2026-05-01"}


def _api_exception_patch(ctx: PayloadContext) -> dict[str, Any]:
    return {"name": "Battery holiday"}


PAGES: list[Route] = [
    route("projects:tasks", "task", kwargs=PROJECT, payload=_insert, GET="view", POST="create"),
    route("projects:tasks_outline", "task", kwargs=PROJECT, payload=_outline, POST="edit"),
    route("projects:tasks_paste", "task", kwargs=PROJECT, payload=_paste, GET="create", POST="create"),
    route("projects:task_row", "task", kwargs=TASK, payload=_row_edit, GET="view", POST="edit"),
    route("projects:task_delete", "task", kwargs=TASK, payload=_version, GET="delete", POST="delete"),
    route("projects:calendars", "calendar", kwargs=PROJECT, GET="view"),
    route(
        "projects:calendar_create",
        "calendar",
        kwargs=PROJECT,
        payload=_calendar_form,
        GET="create",
        POST="create",
    ),
    route("projects:calendar_choose", "calendar", kwargs=PROJECT, payload=_choose, POST="edit"),
    route(
        "projects:calendar_edit", "calendar", kwargs=CALENDAR, payload=_calendar_form, GET="edit", POST="edit"
    ),
    route(
        "projects:calendar_delete", "calendar", kwargs=CALENDAR, payload=_version, GET="delete", POST="delete"
    ),
    route(
        "projects:calendar_exception_create",
        "calendar",
        kwargs=CALENDAR,
        payload=_exception_form,
        GET="create",
        POST="create",
    ),
    route(
        "projects:calendar_exception_edit",
        "calendar",
        kwargs=EXCEPTION,
        payload=_exception_form,
        GET="edit",
        POST="edit",
    ),
    route(
        "projects:calendar_exception_delete",
        "calendar",
        kwargs=EXCEPTION,
        payload=_version,
        GET="delete",
        POST="delete",
    ),
]

API: list[Route] = [
    route("api:task-list", "site", GET="view"),
    route("api:task-list", "task", body={"project": "project"}, payload=_api_task, POST="create"),
    route(
        "api:task-detail",
        "task",
        kwargs={"uid": "task"},
        payload=_api_task_patch,
        GET="view",
        PATCH="edit",
        DELETE="delete",
    ),
    route("api:task-history", "task", kwargs={"uid": "task"}, GET="view"),
    route("api:task-indent", "task", kwargs={"uid": "task2"}, payload=_empty, POST="edit"),
    route("api:task-outdent", "task", kwargs={"uid": "task"}, payload=_empty, POST="edit"),
    route("api:task-move", "task", kwargs={"uid": "task"}, payload=_api_move, POST="edit"),
    route("api:calendar-list", "site", GET="view"),
    route("api:calendar-list", "calendar", body={"project": "project"}, payload=_api_calendar, POST="create"),
    route(
        "api:calendar-detail",
        "calendar",
        kwargs={"uid": "calendar"},
        payload=_api_calendar_patch,
        GET="view",
        PATCH="edit",
        DELETE="delete",
    ),
    route("api:calendar-history", "calendar", kwargs={"uid": "calendar"}, GET="view"),
    route("api:calendar-exception-list", "site", GET="view"),
    route(
        "api:calendar-exception-list",
        "calendar",
        body={"calendar": "calendar"},
        payload=_api_exception,
        POST="create",
    ),
    route(
        "api:calendar-exception-detail",
        "calendar",
        kwargs={"uid": "calendar_exception"},
        payload=_api_exception_patch,
        GET="view",
        PATCH="edit",
        DELETE="delete",
    ),
    route("api:calendar-exception-history", "calendar", kwargs={"uid": "calendar_exception"}, GET="view"),
]

ROUTES: list[Route] = [*PAGES, *API]
