"""Capacity pages and endpoints in the permission battery (``tests/route_registry.APP_ROUTE_MODULES``);
object types of ``docs/authz/capacity.yaml``.

Portfolio pages act on the side's portfolio (its pool); a drill-down names the side's assigned
``resource`` as its row (a resource the persona may not see is 404). Scenarios belong to their
owner, so their routes name no world object: a POST keeps a new one for whoever is signed in;
a delete without a scenario of the persona answers 400.
"""

from __future__ import annotations

from typing import Any

from pmo.testing.registry import PayloadContext, Route, route

PORTFOLIO = {"uid": "portfolio"}
ROW = {"row": "resource"}


def _scenario_form(ctx: PayloadContext) -> dict[str, Any]:
    return {"name": "Battery scenario", "moves": ""}


def _scenario_delete(ctx: PayloadContext) -> dict[str, Any]:
    return {"scenario": "", "version": "1"}


PAGES: list[Route] = [
    route("capacity:page", "capacity_site", GET="view"),
    route("capacity:cell", "capacity", query=ROW, GET="view"),
    route("capacity:export", "capacity_site", GET="view"),
    route("capacity:portfolio_page", "capacity", kwargs=PORTFOLIO, GET="view"),
    route("capacity:portfolio_cell", "capacity", kwargs=PORTFOLIO, query=ROW, GET="view"),
    route("capacity:portfolio_export", "capacity", kwargs=PORTFOLIO, GET="view"),
    route("capacity:scenarios", "capacity_scenario", payload=_scenario_form, GET="view", POST="create"),
    route("capacity:scenario_delete", "capacity_scenario", payload=_scenario_delete, POST="delete"),
]

API: list[Route] = [
    route("api:capacity", "capacity_site", GET="view"),
    route("api:capacity-cell", "capacity", query=ROW, GET="view"),
]

ROUTES: list[Route] = [*PAGES, *API]
