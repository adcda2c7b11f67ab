"""Risk register pages and endpoints in the permission battery (``tests/route_registry.APP_ROUTE_MODULES``);
object types ``risk``, ``risk_action`` and ``risk_matrix`` of ``docs/authz/risks.yaml``."""

from __future__ import annotations

from typing import Any

from pmo.testing.registry import PayloadContext, Route, route

RISK = {"uid": "risk"}
ACTION = {"uid": "risk", "action_uid": "risk_action"}


def _risk_form(ctx: PayloadContext) -> dict[str, Any]:
    body: dict[str, Any] = {
        "kind": "threat",
        "title": "Battery risk",
        "category": "technical",
        "probability": 2,
        "impact_time": 3,
        "impact_cost": 1,
        "impact_scope": 0,
        "impact_quality": 0,
        "time_unit": "days",
    }
    if "risk" in ctx.objects:
        body["version"] = int(ctx.side.obj("risk").version)
    return body


def _close_form(ctx: PayloadContext) -> dict[str, Any]:
    return {"version": int(ctx.side.obj("risk").version), "close_reason": "battery"}


def _risk_version(ctx: PayloadContext) -> dict[str, Any]:
    return {"version": int(ctx.side.obj("risk").version)}


def _action_form(ctx: PayloadContext) -> dict[str, Any]:
    body: dict[str, Any] = {"title": "Battery action", "status": "open"}
    if "risk_action" in ctx.objects:
        body["version"] = int(ctx.side.obj("risk_action").version)
    return body


def _action_version(ctx: PayloadContext) -> dict[str, Any]:
    return {"version": int(ctx.side.obj("risk_action").version)}


def _matrix_form(ctx: PayloadContext) -> dict[str, Any]:
    return {"levels": 5, "medium_from": 4, "high_from": 10, "critical_from": 16}


def _api_risk(ctx: PayloadContext) -> dict[str, Any]:
    body: dict[str, Any] = {"title": "Battery risk", "probability": 2, "impact_time": 3}
    if ctx.method == "POST" and "project" in ctx.objects:
        body["node"] = str(ctx.objects["project"].uid)
    return body


def _api_close(ctx: PayloadContext) -> dict[str, Any]:
    return {"close_reason": "battery"}


def _api_action(ctx: PayloadContext) -> dict[str, Any]:
    body: dict[str, Any] = {"title": "Battery action"}
    if ctx.method == "POST" and "risk" in ctx.objects:
        body["risk"] = str(ctx.objects["risk"].uid)
    return body


def _api_matrix(ctx: PayloadContext) -> dict[str, Any]:
    body: dict[str, Any] = {"levels": 5, "medium_from": 4}
    if ctx.method == "POST" and "project" in ctx.objects:
        body["node"] = str(ctx.objects["project"].uid)
    return body


def _node_pages(kind: str) -> list[Route]:
    node = {"uid": kind}
    return [
        route(f"risks:{kind}_register", "risk", kwargs=node, GET="view"),
        route(
            f"risks:{kind}_risk_create", "risk", kwargs=node, payload=_risk_form, GET="create", POST="create"
        ),
        route(
            f"risks:{kind}_matrix", "risk_matrix", kwargs=node, payload=_matrix_form, GET="view", POST="edit"
        ),
    ]


PAGES: list[Route] = [
    *_node_pages("project"),
    *_node_pages("program"),
    *_node_pages("portfolio"),
    route("risks:detail", "risk", kwargs=RISK, GET="view"),
    route("risks:edit", "risk", kwargs=RISK, payload=_risk_form, GET="edit", POST="edit"),
    route("risks:close", "risk", kwargs=RISK, payload=_close_form, POST="close"),
    route("risks:reopen", "risk", kwargs=RISK, payload=_risk_version, POST="close"),
    route("risks:delete", "risk", kwargs=RISK, payload=_risk_version, POST="delete"),
    route("risks:action_create", "risk_action", kwargs=RISK, payload=_action_form, POST="create"),
    route("risks:action_edit", "risk_action", kwargs=ACTION, payload=_action_form, GET="edit", POST="edit"),
    route("risks:action_delete", "risk_action", kwargs=ACTION, payload=_action_version, POST="delete"),
]

API: list[Route] = [
    route("api:risk-list", "site", GET="view"),
    route("api:risk-list", "risk", body={"node": "project"}, payload=_api_risk, POST="create"),
    route(
        "api:risk-detail",
        "risk",
        kwargs=RISK,
        payload=_api_risk,
        GET="view",
        PUT="edit",
        PATCH="edit",
        DELETE="delete",
    ),
    route("api:risk-history", "risk", kwargs=RISK, GET="view"),
    route("api:risk-close", "risk", kwargs=RISK, payload=_api_close, POST="close"),
    route("api:risk-reopen", "risk", kwargs=RISK, POST="close"),
    route("api:risk-action-list", "site", GET="view"),
    route("api:risk-action-list", "risk_action", body={"risk": "risk"}, payload=_api_action, POST="create"),
    route(
        "api:risk-action-detail",
        "risk_action",
        kwargs={"uid": "risk_action"},
        payload=_api_action,
        GET="view",
        PUT="edit",
        PATCH="edit",
        DELETE="delete",
    ),
    route("api:risk-action-history", "risk_action", kwargs={"uid": "risk_action"}, GET="view"),
    route("api:risk-matrix-list", "site", GET="view"),
    route("api:risk-matrix-list", "risk_matrix", body={"node": "project"}, payload=_api_matrix, POST="edit"),
    route(
        "api:risk-matrix-detail",
        "risk_matrix",
        kwargs={"uid": "risk_matrix"},
        payload=_api_matrix,
        GET="view",
        PUT="edit",
        PATCH="edit",
    ),
    route("api:risk-matrix-history", "risk_matrix", kwargs={"uid": "risk_matrix"}, GET="view"),
]

ROUTES: list[Route] = [*PAGES, *API]
