"""Leveling pages and endpoints in the permission battery (``tests/route_registry.APP_ROUTE_MODULES``);
object types of ``docs/authz/leveling.yaml``.

The world (``world.py``) holds a previewed run of the side's project (``leveling_run``) and an
applied one of the side's portfolio (``applied_leveling_run``). Levelling the side's project,
program or portfolio really keeps a preview when allowed; "undo" of the applied run really undoes
it, and an action a run's state does not allow answers 400, which the battery accepts for a write.
"""

from __future__ import annotations

from typing import Any

from pmo.testing.registry import PayloadContext, Route, route

PREVIEWED = {"uid": "leveling_run"}
APPLIED = {"uid": "applied_leveling_run"}


def _level_form(ctx: PayloadContext) -> dict[str, Any]:
    return {"mode": "heuristic", "time_limit": ""}


def _version_of(key: str) -> Any:
    def payload(ctx: PayloadContext) -> dict[str, Any]:
        return {"version": int(ctx.side.obj(key).version)}

    return payload


def _api_create(ctx: PayloadContext) -> dict[str, Any]:
    return {"node": str(ctx.side.project.uid), "mode": "heuristic"}


def _empty(ctx: PayloadContext) -> dict[str, Any]:
    return {}


PAGES: list[Route] = [
    route(
        "leveling:project",
        "leveling_run",
        kwargs={"uid": "project"},
        payload=_level_form,
        GET="view",
        POST="level",
    ),
    route(
        "leveling:node",
        "leveling_run",
        kwargs={"uid": "program"},
        payload=_level_form,
        GET="view",
        POST="level",
    ),
    route(
        "leveling:node",
        "leveling_run",
        kwargs={"uid": "portfolio"},
        payload=_level_form,
        GET="view",
        POST="level",
    ),
    route("leveling:run", "leveling_run", kwargs=PREVIEWED, GET="view"),
    route(
        "leveling:apply", "leveling_run", kwargs=PREVIEWED, payload=_version_of("leveling_run"), POST="apply"
    ),
    route(
        "leveling:discard",
        "leveling_run",
        kwargs=PREVIEWED,
        payload=_version_of("leveling_run"),
        POST="discard",
    ),
    route(
        "leveling:undo",
        "leveling_run",
        kwargs=APPLIED,
        payload=_version_of("applied_leveling_run"),
        POST="undo",
    ),
]

API: list[Route] = [
    route("api:leveling-run-list", "site", GET="view"),
    route(
        "api:leveling-run-list", "leveling_run", body={"node": "project"}, payload=_api_create, POST="level"
    ),
    route("api:leveling-run-detail", "leveling_run", kwargs=PREVIEWED, GET="view"),
    route("api:leveling-run-history", "leveling_run", kwargs=PREVIEWED, GET="view"),
    route("api:leveling-run-apply", "leveling_run", kwargs=PREVIEWED, payload=_empty, POST="apply"),
    route("api:leveling-run-discard", "leveling_run", kwargs=PREVIEWED, payload=_empty, POST="discard"),
    route("api:leveling-run-undo", "leveling_run", kwargs=APPLIED, payload=_empty, POST="undo"),
]

ROUTES: list[Route] = [*PAGES, *API]
