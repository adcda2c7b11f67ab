"""The route registry: how the permission battery reaches every URL of the site.

Each entry: the URL name, the object type of ``docs/authz-matrix.yaml`` it acts on, where its URL
kwargs (and body references) come from in the shared world (``portfolio``, ``subportfolio``,
``program``, ``project``, ``project_direct``, ``project_sub``, ``membership``, ``team_membership``,
``project_membership``, ``team``, ``user``; ``token`` and ``job`` are the persona's own on A's side
and somebody else's on B's), and the matrix action of every HTTP method it implements (HEAD
follows GET). The battery fills the kwargs with A's objects for the role matrix and with B's
objects for the cross-portfolio attack; any method not listed must answer 405.

A name may appear more than once (variants): e.g. a top-level portfolio and a sub-portfolio obey
different rules for move and delete.

``PUBLIC_ROUTES`` are the routes that need no sign-in, each with its reason. The completeness test
(tests/test_route_completeness.py) fails on any URL name in neither list.
"""

from __future__ import annotations

from typing import Any

from pmo.testing.registry import PayloadContext, Route, route

PUBLIC_ROUTES: dict[str, str] = {
    "healthz": "load balancers probe it without credentials; it reports database reachability only",
    "api:schema": "the OpenAPI document is public API documentation and holds no data",
    "api:docs": "the interactive API page (served from installed assets) holds no data",
    "api:not-found": "catch-all under /api/v1/ answering 404 as problem+json (no view, no data)",
    "core:home": "redirects to the overview, which itself requires sign-in",
    "accounts:login": "the sign-in form; covered by tests/test_auth.py (throttle, session rotation, next=)",
    "projects:feed_ics": (
        "the secret token in the URL is the credential; revoked or unknown tokens answer 404 "
        "and reveal nothing"
    ),
}


# -- payloads (valid-looking bodies, so a hole in the checks would really write) ------------------


def _move_form(ctx: PayloadContext) -> dict[str, Any]:
    node = next(iter(ctx.objects.values()))
    return {"destination": str(ctx.world.a.subportfolio.uid), "version": node.version, "note": "battery"}


def _grant_form(ctx: PayloadContext) -> dict[str, Any]:
    return {"user": ctx.world.users["contributor"].pk, "role": "viewer"}


def _member_edit_form(ctx: PayloadContext) -> dict[str, Any]:
    membership = list(ctx.objects.values())[1]
    prefix = f"m-{membership.uid}"
    return {f"{prefix}-role": "contributor", f"{prefix}-version": membership.version}


def _member_revoke_form(ctx: PayloadContext) -> dict[str, Any]:
    membership = list(ctx.objects.values())[1]
    return {f"m-{membership.uid}-version": membership.version}


def _api_grant(ctx: PayloadContext) -> dict[str, Any]:
    return {"scope": str(ctx.objects["program"].uid), "user": "contributor", "role": "viewer"}


def _api_role(ctx: PayloadContext) -> dict[str, Any]:
    return {"role": "contributor"}


def _api_move_project(ctx: PayloadContext) -> dict[str, Any]:
    return {"portfolio": str(ctx.world.a.subportfolio.uid), "note": "battery"}


def _api_move_program(ctx: PayloadContext) -> dict[str, Any]:
    return {"portfolio": str(ctx.world.a.subportfolio.uid), "note": "battery"}


def _api_move_portfolio(ctx: PayloadContext) -> dict[str, Any]:
    return {"parent": str(ctx.world.a.subportfolio.uid), "note": "battery"}


def _api_team(ctx: PayloadContext) -> dict[str, Any]:
    return {"name": "Battery team", "description": "battery"}


def _api_token(ctx: PayloadContext) -> dict[str, Any]:
    return {"name": "battery token"}


def _token_form(ctx: PayloadContext) -> dict[str, Any]:
    return {"name": "battery token", "lifetime": "30"}


def _empty(ctx: PayloadContext) -> dict[str, Any]:
    return {}


# -- web pages of the hierarchy -------------------------------------------------------------------


def _node_pages(ns: str, obj: str, key: str) -> list[Route]:
    """Pages every level has: workspace, edit, delete, move, history, members."""
    uid = {"uid": key}
    return [
        route(f"{ns}:detail", obj, kwargs=uid, GET="view"),
        route(f"{ns}:history", obj, kwargs=uid, GET="view"),
        route(f"{ns}:edit", obj, kwargs=uid, GET="edit", POST="edit"),
        route(f"{ns}:delete", obj, kwargs=uid, GET="delete", POST="delete"),
        route(f"{ns}:move", obj, kwargs=uid, payload=_move_form, GET="move", POST="move"),
        route(f"{ns}:members", obj, kwargs=uid, payload=_grant_form, GET="view", POST="members"),
    ]


def _member_pages(ns: str, obj: str, key: str, membership: str) -> list[Route]:
    kwargs = {"uid": key, "membership_uid": membership}
    return [
        route(f"{ns}:member_edit", obj, kwargs=kwargs, payload=_member_edit_form, POST="members"),
        route(f"{ns}:member_revoke", obj, kwargs=kwargs, payload=_member_revoke_form, POST="members"),
    ]


PAGES: list[Route] = [
    # site-wide pages and fragments
    route("portfolios:overview", "site", GET="view"),
    route("portfolios:list", "site", GET="view"),
    route("portfolios:nav", "site", GET="view"),
    route("portfolios:search", "site", GET="view"),
    route("programs:list", "site", GET="view"),
    route("projects:list", "site", GET="view"),
    route("portfolios:create", "site", GET="create_portfolio", POST="create_portfolio"),
    route("accounts:logout", "site", payload=_empty, POST="logout"),
    # portfolios (top level and sub-portfolio variants)
    *_node_pages("portfolios", "portfolio", "portfolio"),
    *_node_pages("portfolios", "subportfolio", "subportfolio"),
    route(
        "portfolios:create_child",
        "portfolio",
        kwargs={"uid": "portfolio"},
        GET="create_child",
        POST="create_child",
    ),
    *_member_pages("portfolios", "portfolio", "portfolio", "membership"),
    # programs
    route(
        "programs:create", "portfolio", kwargs={"uid": "portfolio"}, GET="create_child", POST="create_child"
    ),
    *_node_pages("programs", "program", "program"),
    *_member_pages("programs", "program", "program", "team_membership"),
    # projects: in a program, directly in a portfolio, in a sub-portfolio
    route("projects:create", "program", kwargs={"uid": "program"}, GET="create_child", POST="create_child"),
    route(
        "projects:create", "portfolio", kwargs={"uid": "portfolio"}, GET="create_child", POST="create_child"
    ),
    *_node_pages("projects", "project", "project"),
    *_node_pages("projects", "project", "project_direct"),
    *_member_pages("projects", "project", "project", "project_membership"),
    # personal pages: tokens and background jobs
    route("accounts:tokens", "token", payload=_token_form, GET="view", POST="create"),
    route("accounts:token_revoke", "token", kwargs={"uid": "token"}, payload=_empty, POST="revoke"),
    route("jobs:list", "job", GET="view"),
    route("jobs:detail", "job", kwargs={"uid": "job"}, GET="view"),
    route("jobs:start-scope-check", "site", payload=_empty, POST="check_tree"),
]


# -- REST API -------------------------------------------------------------------------------------


def _api_node(basename: str, obj: str, key: str, move_payload: Any) -> list[Route]:
    uid = {"uid": key}
    return [
        route(
            f"api:{basename}-detail", obj, kwargs=uid, GET="view", PUT="edit", PATCH="edit", DELETE="delete"
        ),
        route(f"api:{basename}-history", obj, kwargs=uid, GET="view"),
        route(f"api:{basename}-move", obj, kwargs=uid, payload=move_payload, POST="move"),
    ]


API: list[Route] = [
    route("api:portfolio-list", "site", GET="view", POST="create_portfolio"),
    route("api:portfolio-list", "portfolio", body={"parent": "portfolio"}, POST="create_child"),
    *_api_node("portfolio", "portfolio", "portfolio", _api_move_portfolio),
    *_api_node("portfolio", "subportfolio", "subportfolio", _api_move_portfolio),
    route("api:program-list", "site", GET="view"),
    route("api:program-list", "portfolio", body={"portfolio": "portfolio"}, POST="create_child"),
    *_api_node("program", "program", "program", _api_move_program),
    route("api:project-list", "site", GET="view"),
    route("api:project-list", "program", body={"program": "program"}, POST="create_child"),
    *_api_node("project", "project", "project", _api_move_project),
    route("api:membership-list", "site", GET="view"),
    route("api:membership-list", "program", body={"scope": "program"}, payload=_api_grant, POST="members"),
    route(
        "api:membership-detail",
        "membership",
        kwargs={"uid": "team_membership"},
        payload=_api_role,
        GET="view",
        PATCH="edit",
        DELETE="delete",
    ),
    route("api:team-list", "team", payload=_api_team, GET="view", POST="create"),
    route("api:team-detail", "team", kwargs={"uid": "team"}, GET="view"),
    route("api:user-list", "user", GET="view"),
    route("api:user-me", "user", GET="view"),
    route("api:user-detail", "user", kwargs={"username": "user"}, GET="view"),
    route("api:token-list", "token", payload=_api_token, GET="view", POST="create"),
    route("api:token-detail", "token", kwargs={"uid": "token"}, GET="view", DELETE="revoke"),
    route("api:token-revoke", "token", kwargs={"uid": "token"}, payload=_empty, POST="revoke"),
    route("api:audit-list", "audit", GET="view"),
]

#: Apps keep the routes of their own pages and endpoints in ``pmo/<app>/tests/routes.py`` (``ROUTES``).
APP_ROUTE_MODULES: tuple[str, ...] = (
    "pmo.projects.tests.routes",
    "pmo.charters.tests.routes",
    "pmo.quality.tests.routes",
    "pmo.resources.tests.routes",
    "pmo.costs.tests.routes",
    "pmo.capacity.tests.routes",
    "pmo.leveling.tests.routes",
    "pmo.changes.tests.routes",
    "pmo.risks.tests.routes",
    "pmo.simulations.tests.routes",
    "pmo.transfers.tests.routes",
    "pmo.knowledge.tests.routes",
    "pmo.timesheets.tests.routes",
    "pmo.performance.tests.routes",
    "pmo.reporting.tests.routes",
    "pmo.governance.tests.routes",
    "pmo.raid.tests.routes",
)


def _app_routes() -> list[Route]:
    from importlib import import_module

    routes: list[Route] = []
    for module_name in APP_ROUTE_MODULES:
        try:
            module = import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name and module_name.startswith(error.name):
                continue  # the app has no routes (yet)
            raise
        routes.extend(module.ROUTES)
    return routes


ROUTES: list[Route] = [*PAGES, *API, *_app_routes()]
