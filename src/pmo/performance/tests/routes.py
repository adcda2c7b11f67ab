"""Earned-value pages and endpoints in the permission battery (``tests/route_registry.APP_ROUTE_MODULES``);
object types of ``docs/authz/performance.yaml`` (and ``program``/``portfolio`` of the main matrix).

The world's first task of each side has a 50/50 earning rule (``world.py``): creating another rule
for that task is refused (400) for those allowed, which the battery accepts for a write.
"""

from __future__ import annotations

from typing import Any

from pmo.testing.registry import PayloadContext, Route, route

PROJECT = {"uid": "project"}
RULE = {"uid": "earning_rule"}


def _rule_form(ctx: PayloadContext) -> dict[str, Any]:
    return {"task": str(ctx.side.obj("task").uid), "method": "0/100", "milestones": ""}


def _api_rule(ctx: PayloadContext) -> dict[str, Any]:
    body: dict[str, Any] = {"method": "0/100"}
    if ctx.method == "POST":
        body["task"] = str(ctx.side.obj("task").uid)
    return body


ROUTES: list[Route] = [
    route("performance:project", "earned_value", kwargs=PROJECT, GET="view"),
    route("performance:rule_set", "earning_rule", kwargs=PROJECT, payload=_rule_form, POST="edit"),
    route("performance:program", "program", kwargs={"uid": "program"}, GET="view"),
    route("performance:portfolio", "portfolio", kwargs={"uid": "portfolio"}, GET="view"),
    route("api:project-ev-earned-value", "earned_value", kwargs=PROJECT, GET="view"),
    route("api:program-ev-earned-value", "program", kwargs={"uid": "program"}, GET="view"),
    route("api:portfolio-ev-earned-value", "portfolio", kwargs={"uid": "portfolio"}, GET="view"),
    route("api:earning-rule-list", "site", GET="view"),
    route("api:earning-rule-list", "earning_rule", body={"task": "task"}, payload=_api_rule, POST="create"),
    route(
        "api:earning-rule-detail",
        "earning_rule",
        kwargs=RULE,
        payload=_api_rule,
        GET="view",
        PUT="edit",
        PATCH="edit",
        DELETE="delete",
    ),
    route("api:earning-rule-history", "earning_rule", kwargs=RULE, GET="view"),
]
