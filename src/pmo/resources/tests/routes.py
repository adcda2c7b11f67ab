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
]

ROUTES: list[Route] = [*PAGES, *API]
