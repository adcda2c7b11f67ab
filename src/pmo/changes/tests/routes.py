"""Change control pages and endpoints in the permission battery (``tests/route_registry.APP_ROUTE_MODULES``);
object types of ``docs/authz/changes.yaml``.

The world (``world.py``) gives each side's project a draft, a submitted and an approved change
request raised by the PMO administrator; each step acts on the request in the state it needs, so an
allowed request really writes (or is refused with a 4xx the battery accepts for a write).
"""

from __future__ import annotations

from typing import Any

from pmo.testing.registry import PayloadContext, Route, route

PROJECT = {"uid": "project"}
DRAFT = {"uid": "project", "request_uid": "change_request"}
SUBMITTED = {"uid": "project", "request_uid": "change_submitted"}
APPROVED = {"uid": "project", "request_uid": "change_approved"}


def _version_of(key: str) -> Any:
    def payload(ctx: PayloadContext) -> dict[str, Any]:
        return {"version": int(ctx.side.obj(key).version)}

    return payload


def _new_form(ctx: PayloadContext) -> dict[str, Any]:
    return {"title": "Battery change", "category": "schedule", "description": "", "reason": "battery"}


def _edit_form(ctx: PayloadContext) -> dict[str, Any]:
    return _new_form(ctx) | _version_of("change_request")(ctx)


def _operation_form(ctx: PayloadContext) -> dict[str, Any]:
    return {
        "kind": "set_duration",
        "set_duration-op": "set_duration",
        "set_duration-version": int(ctx.side.obj("change_request").version),
        "set_duration-task": str(ctx.side.obj("task").uid),
        "set_duration-duration_days": "4",
    }


def _remove_form(ctx: PayloadContext) -> dict[str, Any]:
    return {"index": 1, "version": int(ctx.side.obj("change_request").version)}


def _decide_form(ctx: PayloadContext) -> dict[str, Any]:
    return {
        "version": int(ctx.side.obj("change_submitted").version),
        "decision": "approve",
        "comment": "battery",
        "baseline_number": 0,
    }


def _authority_form(ctx: PayloadContext) -> dict[str, Any]:
    return {"manager_max_days": 3, "manager_max_cost": "500", "board_max_days": 9, "board_max_cost": "9000"}


def _api_create(ctx: PayloadContext) -> dict[str, Any]:
    return {"project": str(ctx.side.project.uid), "title": "Battery change", "category": "cost"}


def _api_edit(ctx: PayloadContext) -> dict[str, Any]:
    return {"title": "Battery edit", "reason": "battery"}


def _api_decide(ctx: PayloadContext) -> dict[str, Any]:
    return {"decision": "approve", "comment": "battery"}


def _empty(ctx: PayloadContext) -> dict[str, Any]:
    return {}


PAGES: list[Route] = [
    route("changes:list", "change_request", kwargs=PROJECT, GET="view"),
    route("changes:create", "change_request", kwargs=PROJECT, payload=_new_form, POST="create"),
    route(
        "changes:authority",
        "change_authority",
        kwargs=PROJECT,
        payload=_authority_form,
        GET="set",
        POST="set",
    ),
    route("changes:detail", "change_request", kwargs=DRAFT, GET="view"),
    route("changes:edit", "change_request", kwargs=DRAFT, payload=_edit_form, POST="edit"),
    route("changes:operation_add", "change_request", kwargs=DRAFT, payload=_operation_form, POST="edit"),
    route("changes:operation_remove", "change_request", kwargs=DRAFT, payload=_remove_form, POST="edit"),
    route(
        "changes:assess", "change_request", kwargs=DRAFT, payload=_version_of("change_request"), POST="assess"
    ),
    route(
        "changes:submit", "change_request", kwargs=DRAFT, payload=_version_of("change_request"), POST="submit"
    ),
    route(
        "changes:withdraw",
        "change_request",
        kwargs=DRAFT,
        payload=_version_of("change_request"),
        POST="withdraw",
    ),
    route("changes:decide", "change_request", kwargs=SUBMITTED, payload=_decide_form, POST="decide"),
    route(
        "changes:apply",
        "change_request",
        kwargs=APPROVED,
        payload=_version_of("change_approved"),
        POST="apply",
    ),
]

API: list[Route] = [
    route("api:change-request-list", "site", GET="view"),
    route(
        "api:change-request-list",
        "change_request",
        body={"project": "project"},
        payload=_api_create,
        POST="create",
    ),
    route(
        "api:change-request-detail",
        "change_request",
        kwargs={"uid": "change_request"},
        payload=_api_edit,
        GET="view",
        PUT="edit",
        PATCH="edit",
    ),
    route("api:change-request-history", "change_request", kwargs={"uid": "change_request"}, GET="view"),
    route(
        "api:change-request-assess",
        "change_request",
        kwargs={"uid": "change_request"},
        payload=_empty,
        POST="assess",
    ),
    route(
        "api:change-request-submit",
        "change_request",
        kwargs={"uid": "change_request"},
        payload=_empty,
        POST="submit",
    ),
    route(
        "api:change-request-withdraw",
        "change_request",
        kwargs={"uid": "change_request"},
        payload=_empty,
        POST="withdraw",
    ),
    route(
        "api:change-request-decide",
        "change_request",
        kwargs={"uid": "change_submitted"},
        payload=_api_decide,
        POST="decide",
    ),
    route(
        "api:change-request-apply",
        "change_request",
        kwargs={"uid": "change_approved"},
        payload=_empty,
        POST="apply",
    ),
]

ROUTES: list[Route] = [*PAGES, *API]
