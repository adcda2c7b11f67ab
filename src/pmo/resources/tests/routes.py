"""Resource pool and assignment pages and endpoints in the permission battery
(``tests/route_registry.APP_ROUTE_MODULES``); object types of ``docs/authz/resources.yaml``.

Pool routes act on the side's ``spare_resource`` (no task uses it, so an allowed delete really
deletes); assignment routes on the side's ``assignment`` (its resource on its first task).
"""

from __future__ import annotations

from typing import Any

from pmo.testing.registry import PayloadContext, Route, route

POOL = {"uid": "portfolio"}
RESOURCE = {"uid": "portfolio", "resource_uid": "spare_resource"}
PROJECT = {"uid": "project"}
ASSIGNMENT = {"uid": "project", "assignment_uid": "assignment"}
RATE = {"uid": "portfolio", "resource_uid": "spare_resource", "rate_uid": "resource_rate"}


def _v(ctx: PayloadContext, key: str) -> int:
    return int(ctx.side.obj(key).version)


def _resource_form(ctx: PayloadContext) -> dict[str, Any]:
    return {
        "version": _v(ctx, "spare_resource"),
        "name": "Battery resource",
        "kind": "work",
        "max_units": "1",
    }


def _resource_version(ctx: PayloadContext) -> dict[str, Any]:
    return {"version": _v(ctx, "spare_resource")}


def _assignment_form(ctx: PayloadContext) -> dict[str, Any]:
    creating = "assignment" not in ctx.objects
    task = ctx.side.obj("task2" if creating else "task")
    return {
        "version": _v(ctx, "assignment"),
        "task": task.position,
        "resource": ctx.side.obj("resource").pk,
        "units": "0.75",
        "work_hours": "12",
        "contour": "0",
    }


def _rate_form(ctx: PayloadContext) -> dict[str, Any]:
    return {
        "version": _v(ctx, "resource_rate"),
        "effective_from": "2026-09-01",
        "standard_rate": "105",
        "overtime_rate": "150",
        "cost_per_use": "",
    }


def _rate_version(ctx: PayloadContext) -> dict[str, Any]:
    return {"version": _v(ctx, "resource_rate")}


def _api_rate(ctx: PayloadContext) -> dict[str, Any]:
    body: dict[str, Any] = {"standard_rate": "111.5"}
    if ctx.method in ("POST", "PUT"):
        body["effective_from"] = "2026-10-01"
    if ctx.method == "POST" and "spare_resource" in ctx.objects:
        body["resource"] = str(ctx.objects["spare_resource"].uid)
    return body


def _assignment_version(ctx: PayloadContext) -> dict[str, Any]:
    return {"version": _v(ctx, "assignment")}


# -- API bodies -----------------------------------------------------------------------------------


def _api_resource(ctx: PayloadContext) -> dict[str, Any]:
    body: dict[str, Any] = {"name": "Battery resource", "max_units": "2.00"}
    if ctx.method == "POST" and "portfolio" in ctx.objects:
        body["portfolio"] = str(ctx.objects["portfolio"].uid)
    return body


def _api_assignment(ctx: PayloadContext) -> dict[str, Any]:
    body: dict[str, Any] = {"units": "0.25", "work_minutes": 480}
    if ctx.method in ("POST", "PUT"):
        task = ctx.objects.get("task2") or ctx.side.obj("task")
        body["task"] = str(task.uid)
        body["resource"] = str(ctx.side.obj("resource").uid)
    return body


# -- skills, teams, calendars, holidays, time off, resource plans ---------------------------------


def _row(key: str) -> dict[str, str]:
    return {"uid": "portfolio", "row_uid": key}


def _res_row(key: str) -> dict[str, str]:
    return {"uid": "portfolio", "resource_uid": "spare_resource", "row_uid": key}


def _versioned(key: str, **fields: Any) -> Any:
    def payload(ctx: PayloadContext) -> dict[str, Any]:
        values = {name: value(ctx) if callable(value) else value for name, value in fields.items()}
        return {"version": _v(ctx, key), **values}

    return payload


def _pk(key: str) -> Any:
    return lambda ctx: ctx.side.obj(key).pk


def _uid(key: str) -> Any:
    return lambda ctx: str(ctx.side.obj(key).uid)


WEEK = {day: "7.5" for day in ("monday", "tuesday", "wednesday", "thursday", "friday")} | {
    "saturday": "0",
    "sunday": "0",
}
_skill_form = _versioned("skill", name="Battery skill")
_team_form = _versioned(
    "resource_team", name="Battery team", members=lambda ctx: [ctx.side.obj("resource").pk]
)
_calendar_form = _versioned("pool_calendar", name="Battery calendar", **WEEK)
_holiday_form = _versioned("pool_holiday", name="Battery holiday", start="2026-11-02", end="2026-11-03")
_resource_skill_form = _versioned("resource_skill", skill=_pk("spare_skill"), level="4")
_time_off_form = _versioned(
    "time_off", start="2026-09-07", end="2026-09-08", hours_per_day="4", reason="Battery"
)
_resource_calendar_form = _versioned("spare_resource", calendar=_pk("pool_calendar"))


def _plan_form(ctx: PayloadContext) -> dict[str, Any]:
    skill = ctx.side.obj("skill")
    return {"target": f"skill:{skill.pk}", "period": "week", "period_start": "2026-03-09", "hours": "8"}


def _delete_form(key: str) -> Any:
    return lambda ctx: {"version": _v(ctx, key)}


def _api_named(name: str) -> Any:
    def payload(ctx: PayloadContext) -> dict[str, Any]:
        body: dict[str, Any] = {"name": name}
        if ctx.method == "POST" and "portfolio" in ctx.objects:
            body["portfolio"] = str(ctx.objects["portfolio"].uid)
        return body

    return payload


def _api_holiday(ctx: PayloadContext) -> dict[str, Any]:
    return _api_named("Battery holiday")(ctx) | {"start": "2026-11-02", "end": "2026-11-02"}


def _api_resource_skill(ctx: PayloadContext) -> dict[str, Any]:
    body: dict[str, Any] = {"level": 5}
    if ctx.method == "POST" and "spare_resource" in ctx.objects:
        body["resource"] = str(ctx.objects["spare_resource"].uid)
        body["skill"] = str(ctx.side.obj("spare_skill").uid)
    return body


def _api_time_off(ctx: PayloadContext) -> dict[str, Any]:
    body: dict[str, Any] = {"start": "2026-10-05", "end": "2026-10-06", "minutes_per_day": 240}
    if ctx.method == "POST" and "spare_resource" in ctx.objects:
        body["resource"] = str(ctx.objects["spare_resource"].uid)
    return body


def _api_demand(ctx: PayloadContext) -> dict[str, Any]:
    body: dict[str, Any] = {"hours": "24"}
    if ctx.method == "POST" and "project" in ctx.objects:
        body |= {"skill": str(ctx.side.obj("skill").uid), "period": "month", "period_start": "2026-04-01"}
        body["project"] = str(ctx.objects["project"].uid)
    return body


def _api_calendar(ctx: PayloadContext) -> dict[str, Any]:
    return {"calendar": str(ctx.side.obj("pool_calendar").uid)}


def _pool_row_pages(kind: str, key: str, delete_key: str, form: Any) -> list[Route]:
    return [
        route(f"resources:{kind}_create", "resource", kwargs=POOL, payload=form, GET="create", POST="create"),
        route(f"resources:{kind}_edit", "resource", kwargs=_row(key), payload=form, GET="edit", POST="edit"),
        route(
            f"resources:{kind}_delete",
            "resource",
            kwargs=_row(delete_key),
            payload=_delete_form(delete_key),
            POST="delete",
        ),
    ]


def _resource_row_pages(kind: str, key: str, form: Any) -> list[Route]:
    return [
        route(f"resources:{kind}_create", "resource", kwargs=RESOURCE, payload=form, GET="edit", POST="edit"),
        route(
            f"resources:{kind}_edit", "resource", kwargs=_res_row(key), payload=form, GET="edit", POST="edit"
        ),
        route(
            f"resources:{kind}_delete",
            "resource",
            kwargs=_res_row(key),
            payload=_delete_form(key),
            POST="edit",
        ),
    ]


def _pool_row_api(base: str, key: str, payload: Any, *, create: str = "create") -> list[Route]:
    return [
        route(f"api:{base}-list", "site", GET="view"),
        route(f"api:{base}-list", "resource", body={"portfolio": "portfolio"}, payload=payload, POST=create),
        route(
            f"api:{base}-detail",
            "resource",
            kwargs={"uid": key},
            payload=payload,
            GET="view",
            PUT="edit",
            PATCH="edit",
            DELETE="delete",
        ),
        route(f"api:{base}-history", "resource", kwargs={"uid": key}, GET="view"),
    ]


def _resource_row_api(base: str, key: str, payload: Any) -> list[Route]:
    return [
        route(f"api:{base}-list", "site", GET="view"),
        route(
            f"api:{base}-list", "resource", body={"resource": "spare_resource"}, payload=payload, POST="edit"
        ),
        route(
            f"api:{base}-detail",
            "resource",
            kwargs={"uid": key},
            payload=payload,
            GET="view",
            PUT="edit",
            PATCH="edit",
            DELETE="edit",
        ),
        route(f"api:{base}-history", "resource", kwargs={"uid": key}, GET="view"),
    ]


POOL_PAGES: list[Route] = [
    route("resources:pool_setup", "resource", kwargs=POOL, GET="view"),
    *_pool_row_pages("skill", "skill", "spare_skill", _skill_form),
    *_pool_row_pages("team", "resource_team", "resource_team", _team_form),
    *_pool_row_pages("calendar", "pool_calendar", "pool_calendar", _calendar_form),
    *_pool_row_pages("holiday", "pool_holiday", "pool_holiday", _holiday_form),
    route("resources:resource_detail", "resource", kwargs=RESOURCE, GET="view"),
    route(
        "resources:resource_calendar",
        "resource",
        kwargs=RESOURCE,
        payload=_resource_calendar_form,
        POST="edit",
    ),
    *_resource_row_pages("resource_skill", "resource_skill", _resource_skill_form),
    *_resource_row_pages("time_off", "time_off", _time_off_form),
    route("resources:plan", "resource_plan", kwargs=PROJECT, payload=_plan_form, GET="view", POST="edit"),
]

POOL_API: list[Route] = [
    *_pool_row_api("skill", "spare_skill", _api_named("Battery skill")),
    *_pool_row_api("resource-team", "resource_team", _api_named("Battery team")),
    *_pool_row_api("pool-calendar", "pool_calendar", _api_named("Battery calendar")),
    *_pool_row_api("pool-holiday", "pool_holiday", _api_holiday),
    *_resource_row_api("resource-skill", "resource_skill", _api_resource_skill),
    *_resource_row_api("time-off", "time_off", _api_time_off),
    route(
        "api:resource-calendar",
        "resource",
        kwargs={"uid": "spare_resource"},
        payload=_api_calendar,
        POST="edit",
    ),
    route("api:resource-demand-list", "site", GET="view"),
    route(
        "api:resource-demand-list",
        "resource_plan",
        body={"project": "project"},
        payload=_api_demand,
        POST="edit",
    ),
    route(
        "api:resource-demand-detail",
        "resource_plan",
        kwargs={"uid": "resource_demand"},
        payload=_api_demand,
        GET="view",
        PUT="edit",
        PATCH="edit",
        DELETE="edit",
    ),
    route("api:resource-demand-history", "resource_plan", kwargs={"uid": "resource_demand"}, GET="view"),
]


PAGES: list[Route] = [
    route("resources:pool", "resource", kwargs=POOL, GET="view"),
    route(
        "resources:resource_create",
        "resource",
        kwargs=POOL,
        payload=_resource_form,
        GET="create",
        POST="create",
    ),
    route(
        "resources:resource_edit",
        "resource",
        kwargs=RESOURCE,
        payload=_resource_form,
        GET="edit",
        POST="edit",
    ),
    route("resources:resource_delete", "resource", kwargs=RESOURCE, payload=_resource_version, POST="delete"),
    # A resource's dated rates are part of the resource: seeing it shows them, editing it changes them.
    route("resources:rates", "resource", kwargs=RESOURCE, GET="view"),
    route("resources:rate_create", "resource", kwargs=RESOURCE, payload=_rate_form, GET="edit", POST="edit"),
    route("resources:rate_edit", "resource", kwargs=RATE, payload=_rate_form, GET="edit", POST="edit"),
    route("resources:rate_delete", "resource", kwargs=RATE, payload=_rate_version, POST="edit"),
    route("resources:assignments", "assignment", kwargs=PROJECT, GET="view"),
    route(
        "resources:assignment_create",
        "assignment",
        kwargs=PROJECT,
        payload=_assignment_form,
        GET="create",
        POST="create",
    ),
    route(
        "resources:assignment_edit",
        "assignment",
        kwargs=ASSIGNMENT,
        payload=_assignment_form,
        GET="edit",
        POST="edit",
    ),
    route(
        "resources:assignment_delete",
        "assignment",
        kwargs=ASSIGNMENT,
        payload=_assignment_version,
        POST="delete",
    ),
]

API: list[Route] = [
    route("api:resource-list", "site", GET="view"),
    route(
        "api:resource-list", "resource", body={"portfolio": "portfolio"}, payload=_api_resource, POST="create"
    ),
    route(
        "api:resource-detail",
        "resource",
        kwargs={"uid": "spare_resource"},
        payload=_api_resource,
        GET="view",
        PUT="edit",
        PATCH="edit",
        DELETE="delete",
    ),
    route("api:resource-history", "resource", kwargs={"uid": "spare_resource"}, GET="view"),
    route("api:assignment-list", "site", GET="view"),
    route(
        "api:assignment-list", "assignment", body={"task": "task2"}, payload=_api_assignment, POST="create"
    ),
    route(
        "api:assignment-detail",
        "assignment",
        kwargs={"uid": "assignment"},
        payload=_api_assignment,
        GET="view",
        PUT="edit",
        PATCH="edit",
        DELETE="delete",
    ),
    route("api:assignment-history", "assignment", kwargs={"uid": "assignment"}, GET="view"),
    route("api:resource-rate-list", "site", GET="view"),
    route(
        "api:resource-rate-list",
        "resource",
        body={"resource": "spare_resource"},
        payload=_api_rate,
        POST="edit",
    ),
    route(
        "api:resource-rate-detail",
        "resource",
        kwargs={"uid": "resource_rate"},
        payload=_api_rate,
        GET="view",
        PUT="edit",
        PATCH="edit",
        DELETE="edit",
    ),
    route("api:resource-rate-history", "resource", kwargs={"uid": "resource_rate"}, GET="view"),
]

ROUTES: list[Route] = [*PAGES, *API, *POOL_PAGES, *POOL_API]
