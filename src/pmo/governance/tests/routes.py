"""Governance pages and endpoints in the permission battery (``tests/route_registry.APP_ROUTE_MODULES``);
object types of ``docs/authz/governance.yaml``.

The world's exception is open: "acknowledge" and "decide" really act when allowed; "close" of an
open exception is refused (400) for those allowed, which the battery accepts for a write. A new
tolerance by API goes to ``project_direct`` (which has none), so an allowed create really creates.
"""

from __future__ import annotations

from typing import Any

from pmo.testing.registry import PayloadContext, Route, route

TOLERANCE = {"uid": "tolerance"}
EXCEPTION = {"uid": "tolerance_exception"}


def _tolerance_form(ctx: PayloadContext) -> dict[str, Any]:
    return {"dimension": "time", "days": "5", "active": "on", "note": "battery"}


def _tolerance_version(ctx: PayloadContext) -> dict[str, Any]:
    return {"version": int(ctx.objects["tolerance"].version)}


def _exception_version(ctx: PayloadContext) -> dict[str, Any]:
    return {"version": int(ctx.objects["tolerance_exception"].version)}


def _decide_form(ctx: PayloadContext) -> dict[str, Any]:
    return _exception_version(ctx) | {"decision_kind": "approve_plan", "decision": "battery"}


def _api_tolerance(ctx: PayloadContext) -> dict[str, Any]:
    body: dict[str, Any] = {"percent": "12.50", "note": "battery"}
    if ctx.method == "POST":
        body |= {
            "scope": str(ctx.objects.get("project_direct", ctx.side.project_direct).uid),
            "dimension": "cost",
        }
    return body


def _api_decide(ctx: PayloadContext) -> dict[str, Any]:
    return {"decision_kind": "approve_plan", "decision": "battery"}


def _empty(ctx: PayloadContext) -> dict[str, Any]:
    return {}


PAGES: list[Route] = [
    route(
        "governance:project",
        "tolerance",
        kwargs={"uid": "project"},
        payload=_tolerance_form,
        GET="view",
        POST="edit",
    ),
    route(
        "governance:program",
        "tolerance",
        kwargs={"uid": "program"},
        payload=_tolerance_form,
        GET="view",
        POST="edit",
    ),
    route(
        "governance:tolerance_delete",
        "tolerance",
        kwargs=TOLERANCE,
        payload=_tolerance_version,
        POST="delete",
    ),
    route("governance:exceptions", "governance_inbox", GET="view"),
    route("governance:notifications_read", "governance_inbox", POST="read"),
    route("governance:exception", "tolerance_exception", kwargs=EXCEPTION, GET="view"),
    route(
        "governance:exception_acknowledge",
        "tolerance_exception",
        kwargs=EXCEPTION,
        payload=_exception_version,
        POST="acknowledge",
    ),
    route(
        "governance:exception_decide",
        "tolerance_exception",
        kwargs=EXCEPTION,
        payload=_decide_form,
        POST="decide",
    ),
    route(
        "governance:exception_close",
        "tolerance_exception",
        kwargs=EXCEPTION,
        payload=_exception_version,
        POST="close",
    ),
]

API: list[Route] = [
    route("api:tolerance-list", "site", GET="view"),
    route(
        "api:tolerance-list",
        "tolerance",
        body={"scope": "project_direct"},
        payload=_api_tolerance,
        POST="create",
    ),
    route(
        "api:tolerance-detail",
        "tolerance",
        kwargs=TOLERANCE,
        payload=_api_tolerance,
        GET="view",
        PUT="edit",
        PATCH="edit",
        DELETE="delete",
    ),
    route("api:tolerance-history", "tolerance", kwargs=TOLERANCE, GET="view"),
    route("api:exception-list", "site", GET="view"),
    route("api:exception-detail", "tolerance_exception", kwargs=EXCEPTION, GET="view"),
    route("api:exception-history", "tolerance_exception", kwargs=EXCEPTION, GET="view"),
    route(
        "api:exception-acknowledge",
        "tolerance_exception",
        kwargs=EXCEPTION,
        payload=_empty,
        POST="acknowledge",
    ),
    route(
        "api:exception-decide", "tolerance_exception", kwargs=EXCEPTION, payload=_api_decide, POST="decide"
    ),
    route("api:exception-close", "tolerance_exception", kwargs=EXCEPTION, payload=_empty, POST="close"),
]

ROUTES: list[Route] = [*PAGES, *API]
