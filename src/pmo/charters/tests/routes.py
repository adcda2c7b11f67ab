"""The charter's pages and endpoints in the permission battery (``tests/route_registry.APP_ROUTE_MODULES``).

Object type ``charter`` of ``docs/authz/charters.yaml``; the world's charter (on each side's
project) is submitted and its sponsor is the side's manager persona, so ``decide`` really writes
for A's manager and is 403 for everyone else (the PMO administrator included).
"""

from __future__ import annotations

from typing import Any

from pmo.testing.registry import PayloadContext, Route, route

PROJECT = {"uid": "project"}
CHARTER = {"uid": "charter"}


def _version(ctx: PayloadContext) -> int:
    return int(ctx.side.obj("charter").version)


def _edit_form(ctx: PayloadContext) -> dict[str, Any]:
    return {
        "version": _version(ctx),
        "purpose": "battery",
        "objectives-TOTAL_FORMS": "0",
        "objectives-INITIAL_FORMS": "0",
    }


def _submit_form(ctx: PayloadContext) -> dict[str, Any]:
    return {"version": _version(ctx), "comment": "battery"}


def _decide_form(ctx: PayloadContext) -> dict[str, Any]:
    return {"version": _version(ctx), "decision": "approve", "comment": "battery"}


def _api_create(ctx: PayloadContext) -> dict[str, Any]:
    return {"project": str(ctx.objects["project_direct"].uid), "purpose": "battery"}


def _api_edit(ctx: PayloadContext) -> dict[str, Any]:
    return {"purpose": "battery"}


def _api_submit(ctx: PayloadContext) -> dict[str, Any]:
    return {"comment": "battery"}


def _api_decide(ctx: PayloadContext) -> dict[str, Any]:
    return {"decision": "approve", "comment": "battery"}


ROUTES: list[Route] = [
    route("charters:charter", "charter", kwargs=PROJECT, GET="view"),
    route("charters:history", "charter", kwargs=PROJECT, GET="view"),
    route("charters:edit", "charter", kwargs=PROJECT, payload=_edit_form, GET="edit", POST="edit"),
    route("charters:submit", "charter", kwargs=PROJECT, payload=_submit_form, POST="submit"),
    route("charters:decide", "charter", kwargs=PROJECT, payload=_decide_form, POST="decide"),
    route("api:charter-list", "site", GET="view"),
    route(
        "api:charter-list", "charter", body={"project": "project_direct"}, payload=_api_create, POST="create"
    ),
    route(
        "api:charter-detail",
        "charter",
        kwargs=CHARTER,
        payload=_api_edit,
        GET="view",
        PUT="edit",
        PATCH="edit",
    ),
    route("api:charter-history", "charter", kwargs=CHARTER, GET="view"),
    route("api:charter-submit", "charter", kwargs=CHARTER, payload=_api_submit, POST="submit"),
    route("api:charter-decide", "charter", kwargs=CHARTER, payload=_api_decide, POST="decide"),
]
