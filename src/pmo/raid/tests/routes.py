"""RAID pages and endpoints in the permission battery (``tests/route_registry.APP_ROUTE_MODULES``);
object type ``raid_item`` of ``docs/authz/raid.yaml``. Built per kind from the same table, so a
new kind is covered as soon as it is in :data:`pmo.raid.kinds.KINDS`."""

from __future__ import annotations

from typing import Any

from pmo.raid.kinds import KINDS, Kind
from pmo.testing.registry import PayloadContext, Route, route

#: The world object of each kind (``pmo.raid.tests.world``).
WORLD_KEY = {
    "issue": "raid_issue",
    "assumption": "raid_assumption",
    "dependency": "raid_dependency",
    "decision": "raid_decision",
    "action": "raid_action",
}
#: Valid values of each kind's required choices.
CHOICES = {
    "issue": {"priority": "high", "status": "in_progress"},
    "assumption": {"status": "valid"},
    "dependency": {"direction": "outbound", "status": "at_risk"},
    "decision": {},
    "action": {"status": "in_progress"},
}
ITEM = "raid_item"


def _form(kind: Kind) -> Any:
    def payload(ctx: PayloadContext) -> dict[str, Any]:
        body: dict[str, Any] = {"title": "Battery item", "raised_on": "2026-01-05", **CHOICES[kind.key]}
        if ctx.objects.get(WORLD_KEY[kind.key]) is not None:
            body["version"] = int(ctx.objects[WORLD_KEY[kind.key]].version)
        return body

    return payload


def _version(key: str) -> Any:
    def payload(ctx: PayloadContext) -> dict[str, Any]:
        return {"version": int(ctx.side.obj(key).version)}

    return payload


def _link_form(ctx: PayloadContext) -> dict[str, Any]:
    return {"target": f"assumption:{ctx.side.obj('raid_assumption').uid}", "note": "battery"}


def _decide_form(ctx: PayloadContext) -> dict[str, Any]:
    decision = ctx.side.obj("raid_decision")
    return {"version": decision.version, "chosen_option": "Buy", "rationale": "battery"}


def _supersede_form(ctx: PayloadContext) -> dict[str, Any]:
    return {"version": ctx.side.obj("raid_decided").version, "by": str(ctx.side.obj("raid_decision").uid)}


def _api_item(kind: Kind) -> Any:
    def payload(ctx: PayloadContext) -> dict[str, Any]:
        body: dict[str, Any] = {"title": "Battery item", **CHOICES[kind.key]}
        if ctx.method == "POST" and "project" in ctx.objects:
            body["scope"] = str(ctx.objects["project"].uid)
        return body

    return payload


def _api_link(ctx: PayloadContext) -> dict[str, Any]:
    return {
        "source_kind": "issue",
        "source": str(ctx.objects["raid_issue"].uid),
        "target_kind": "assumption",
        "target": str(ctx.side.obj("raid_assumption").uid),
    }


def _api_decide(ctx: PayloadContext) -> dict[str, Any]:
    return {"chosen_option": "Buy", "rationale": "battery"}


def _api_supersede(ctx: PayloadContext) -> dict[str, Any]:
    return {"by": str(ctx.side.obj("raid_decision").uid)}


def _kind_routes(kind: Kind) -> list[Route]:
    one = {"uid": WORLD_KEY[kind.key]}
    basename = {"issue": "raid-issue"}.get(kind.key, kind.key)
    return [
        route(
            f"raid:{kind.key}_create",
            ITEM,
            kwargs={"uid": "project"},
            payload=_form(kind),
            GET="create",
            POST="create",
        ),
        route(f"raid:{kind.key}", ITEM, kwargs=one, GET="view"),
        route(f"raid:{kind.key}_edit", ITEM, kwargs=one, payload=_form(kind), GET="edit", POST="edit"),
        route(
            f"raid:{kind.key}_delete", ITEM, kwargs=one, payload=_version(WORLD_KEY[kind.key]), POST="delete"
        ),
        route(f"raid:{kind.key}_link", ITEM, kwargs=one, payload=_link_form, POST="link"),
        route(f"api:{basename}-list", "site", GET="view"),
        route(
            f"api:{basename}-list", ITEM, body={"project": "project"}, payload=_api_item(kind), POST="create"
        ),
        route(
            f"api:{basename}-detail",
            ITEM,
            kwargs=one,
            payload=_api_item(kind),
            GET="view",
            PUT="edit",
            PATCH="edit",
            DELETE="delete",
        ),
        route(f"api:{basename}-history", ITEM, kwargs=one, GET="view"),
    ]


PAGES: list[Route] = [
    route("raid:project_log", ITEM, kwargs={"uid": "project"}, GET="view"),
    route("raid:program_log", ITEM, kwargs={"uid": "program"}, GET="view"),
    route("raid:portfolio_log", ITEM, kwargs={"uid": "portfolio"}, GET="view"),
    route(
        "raid:link_delete", ITEM, kwargs={"uid": "raid_link"}, payload=_version("raid_link"), POST="unlink"
    ),
    route("raid:decision_decide", ITEM, kwargs={"uid": "raid_decision"}, payload=_decide_form, POST="decide"),
    route(
        "raid:decision_supersede",
        ITEM,
        kwargs={"uid": "raid_decided"},
        payload=_supersede_form,
        POST="decide",
    ),
]

API: list[Route] = [
    route("api:decision-decide", ITEM, kwargs={"uid": "raid_decision"}, payload=_api_decide, POST="decide"),
    route(
        "api:decision-supersede", ITEM, kwargs={"uid": "raid_decided"}, payload=_api_supersede, POST="decide"
    ),
    route("api:raid-link-list", "site", GET="view"),
    route("api:raid-link-list", ITEM, body={"raid_issue": "raid_issue"}, payload=_api_link, POST="link"),
    route("api:raid-link-detail", ITEM, kwargs={"uid": "raid_link"}, GET="view", DELETE="unlink"),
    route("api:raid-link-history", ITEM, kwargs={"uid": "raid_link"}, GET="view"),
]

ROUTES: list[Route] = [*PAGES, *[r for kind in KINDS.values() for r in _kind_routes(kind)], *API]
