"""Risk analysis pages and endpoints in the permission battery (``tests/route_registry.APP_ROUTE_MODULES``);
object types of ``docs/authz/simulations.yaml``.

Writes carry valid bodies so a hole in the checks would really write: a new estimate for the side's
second leaf task, a group with a fresh name, a run of 50 iterations.
"""

from __future__ import annotations

from typing import Any

from pmo.testing.registry import PayloadContext, Route, route

PROJECT = {"uid": "project"}
TASK = {"uid": "project", "task_uid": "task2"}
GROUP = {"uid": "project", "group_uid": "correlation_group"}
RUN = {"uid": "project", "run_uid": "simulation_run"}


def _estimate_form(ctx: PayloadContext) -> dict[str, Any]:
    return {"minimum": "1", "most_likely": "1.5", "maximum": "3", "distribution": "triangular"}


def _estimate_version(ctx: PayloadContext) -> dict[str, Any]:
    return {"version": 1}


def _fill_form(ctx: PayloadContext) -> dict[str, Any]:
    return {"minus_percent": "10", "plus_percent": "20", "distribution": "pert"}


def _group_form(ctx: PayloadContext) -> dict[str, Any]:
    return {"name": f"Battery {ctx.method} {ctx.persona}", "coefficient": "0.3"}


def _group_version(ctx: PayloadContext) -> dict[str, Any]:
    return {"version": int(ctx.objects["correlation_group"].version)}


def _run_form(ctx: PayloadContext) -> dict[str, Any]:
    return {"iterations": "50", "note": "battery"}


def _run_version(ctx: PayloadContext) -> dict[str, Any]:
    return {"version": int(ctx.objects["simulation_run"].version)}


def _api_run(ctx: PayloadContext) -> dict[str, Any]:
    return {"project": str(ctx.side.project.uid), "iterations": 50}


def _api_estimate(ctx: PayloadContext) -> dict[str, Any]:
    body: dict[str, Any] = {"minimum_minutes": 600, "most_likely_minutes": 960, "maximum_minutes": 1500}
    if ctx.method == "POST":
        body["task"] = str(ctx.side.obj("task2").uid)
    return body


PAGES: list[Route] = [
    route("simulations:analysis", "simulation_run", kwargs=PROJECT, GET="view"),
    route(
        "simulations:estimate", "risk_estimate", kwargs=TASK, payload=_estimate_form, GET="edit", POST="edit"
    ),
    route(
        "simulations:estimate_delete", "risk_estimate", kwargs=TASK, payload=_estimate_version, POST="edit"
    ),
    route("simulations:fill", "risk_estimate", kwargs=PROJECT, payload=_fill_form, POST="edit"),
    route(
        "simulations:group_create", "correlation_group", kwargs=PROJECT, payload=_group_form, POST="create"
    ),
    route(
        "simulations:group_delete", "correlation_group", kwargs=GROUP, payload=_group_version, POST="delete"
    ),
    route("simulations:run_start", "simulation_run", kwargs=PROJECT, payload=_run_form, POST="create"),
    route("simulations:run", "simulation_run", kwargs=RUN, GET="view"),
    route("simulations:run_rerun", "simulation_run", kwargs=RUN, POST="create"),
    route("simulations:run_delete", "simulation_run", kwargs=RUN, payload=_run_version, POST="delete"),
]

API: list[Route] = [
    route("api:simulation-list", "site", GET="view"),
    route(
        "api:simulation-list", "simulation_run", body={"project": "project"}, payload=_api_run, POST="create"
    ),
    route(
        "api:simulation-detail",
        "simulation_run",
        kwargs={"uid": "simulation_run"},
        GET="view",
        DELETE="delete",
    ),
    route("api:simulation-history", "simulation_run", kwargs={"uid": "simulation_run"}, GET="view"),
    route("api:simulation-rerun", "simulation_run", kwargs={"uid": "simulation_run"}, POST="create"),
    route("api:simulation-estimate-list", "site", GET="view"),
    route(
        "api:simulation-estimate-list",
        "risk_estimate",
        body={"task": "task2"},
        payload=_api_estimate,
        POST="edit",
    ),
    route(
        "api:simulation-estimate-detail",
        "risk_estimate",
        kwargs={"uid": "risk_estimate"},
        payload=_api_estimate,
        GET="view",
        PUT="edit",
        PATCH="edit",
        DELETE="edit",
    ),
    route("api:simulation-estimate-history", "risk_estimate", kwargs={"uid": "risk_estimate"}, GET="view"),
]

ROUTES: list[Route] = [*PAGES, *API]
