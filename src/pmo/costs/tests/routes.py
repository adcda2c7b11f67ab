"""Cost pages and endpoints in the permission battery (``tests/route_registry.APP_ROUTE_MODULES``);
object types of ``docs/authz/costs.yaml``.

The world's budget is a draft with one line (see ``world.py``), so "approve" really approves when
allowed, and a new line (another month) really adds one; "reopen" of that draft is refused (400)
for those allowed, which the battery accepts for a write.
"""

from __future__ import annotations

from typing import Any

from pmo.testing.registry import PayloadContext, Route, route

PROJECT = {"uid": "project"}
FIXED = {"uid": "project", "cost_uid": "fixed_cost"}
ENTRY_PAGE = {"uid": "project", "entry_uid": "cost_entry"}
ATTACHMENT_PAGE = {"uid": "project", "attachment_uid": "cost_attachment"}


def _line_form(ctx: PayloadContext) -> dict[str, Any]:
    return {"category": "labour", "period": "2026-04-01", "amount": "10.00", "note": "battery"}


def _budget_version(ctx: PayloadContext) -> dict[str, Any]:
    return {"version": int(ctx.side.obj("budget").version)}


def _entry_form(ctx: PayloadContext) -> dict[str, Any]:
    return {
        "kind": "expense",
        "date": "2026-01-20",
        "category": "travel",
        "amount": "12.50",
        "currency": "EUR",
        "reference": "battery",
    }


def _fixed_form(ctx: PayloadContext) -> dict[str, Any]:
    body: dict[str, Any] = {
        "task": ctx.side.obj("task").pk,
        "name": "Battery licence",
        "category": "other",
        "amount": "30.00",
        "accrual": "start",
    }
    if "fixed_cost" in ctx.objects:
        body["version"] = int(ctx.objects["fixed_cost"].version)
    return body


def _fixed_version(ctx: PayloadContext) -> dict[str, Any]:
    return {"version": int(ctx.objects["fixed_cost"].version)}


def _attachment_version(ctx: PayloadContext) -> dict[str, Any]:
    return {"version": int(ctx.objects["cost_attachment"].version)}


def _api_fixed(ctx: PayloadContext) -> dict[str, Any]:
    body: dict[str, Any] = {"amount": "45.00"}
    if ctx.method in ("POST", "PUT"):
        body |= {"task": str(ctx.side.obj("task").uid), "name": "Battery fee", "accrual": "end"}
    return body


def _api_line(ctx: PayloadContext) -> dict[str, Any]:
    body: dict[str, Any] = {"amount": "25.00"}
    if ctx.method == "POST":
        body |= {"project": str(ctx.side.project.uid), "category": "labour", "period": "2026-04-01"}
    elif ctx.method == "PUT":
        body |= {"category": "other", "period": "2026-03-01"}
    return body


def _api_entry(ctx: PayloadContext) -> dict[str, Any]:
    body: dict[str, Any] = {"amount": "7.50", "reference": "battery"}
    if ctx.method == "POST":
        body["project"] = str(ctx.side.project.uid)
    if ctx.method in ("POST", "PUT"):
        body |= {"date": "2026-01-22", "category": "material", "currency": "EUR", "exchange_rate": "1"}
    return body


PAGES: list[Route] = [
    route("costs:cost", "budget", kwargs=PROJECT, GET="view"),
    route("costs:budget_line_create", "budget", kwargs=PROJECT, payload=_line_form, POST="edit"),
    route("costs:budget_approve", "budget", kwargs=PROJECT, payload=_budget_version, POST="approve"),
    route("costs:budget_reopen", "budget", kwargs=PROJECT, payload=_budget_version, POST="approve"),
    route("costs:entry_create", "cost_entry", kwargs=PROJECT, payload=_entry_form, POST="create"),
    route("costs:fixed_cost_create", "fixed_cost", kwargs=PROJECT, payload=_fixed_form, POST="create"),
    route("costs:fixed_cost_edit", "fixed_cost", kwargs=FIXED, payload=_fixed_form, GET="edit", POST="edit"),
    route("costs:fixed_cost_delete", "fixed_cost", kwargs=FIXED, payload=_fixed_version, POST="delete"),
    # A form body carries no file: an allowed upload answers 400 (judged), see test_attachments.py.
    route("costs:attachment_upload", "cost_attachment", kwargs=ENTRY_PAGE, POST="create"),
    route("costs:attachment", "cost_attachment", kwargs=ATTACHMENT_PAGE, GET="view"),
    route(
        "costs:attachment_delete",
        "cost_attachment",
        kwargs=ATTACHMENT_PAGE,
        payload=_attachment_version,
        POST="delete",
    ),
]

LINE = {"uid": "budget_line"}
ENTRY = {"uid": "cost_entry"}

API: list[Route] = [
    route("api:budget-line-list", "site", GET="view"),
    route("api:budget-line-list", "budget", body={"project": "project"}, payload=_api_line, POST="edit"),
    route(
        "api:budget-line-detail",
        "budget",
        kwargs=LINE,
        payload=_api_line,
        GET="view",
        PUT="edit",
        PATCH="edit",
        DELETE="edit",
    ),
    route("api:budget-line-history", "budget", kwargs=LINE, GET="view"),
    route("api:cost-entry-list", "site", GET="view"),
    route(
        "api:cost-entry-list", "cost_entry", body={"project": "project"}, payload=_api_entry, POST="create"
    ),
    route(
        "api:cost-entry-detail",
        "cost_entry",
        kwargs=ENTRY,
        payload=_api_entry,
        GET="view",
        PUT="edit",
        PATCH="edit",
        DELETE="delete",
    ),
    route("api:cost-entry-history", "cost_entry", kwargs=ENTRY, GET="view"),
    route("api:fixed-cost-list", "site", GET="view"),
    route("api:fixed-cost-list", "fixed_cost", body={"task": "task"}, payload=_api_fixed, POST="create"),
    route(
        "api:fixed-cost-detail",
        "fixed_cost",
        kwargs={"uid": "fixed_cost"},
        payload=_api_fixed,
        GET="view",
        PUT="edit",
        PATCH="edit",
        DELETE="delete",
    ),
    route("api:fixed-cost-history", "fixed_cost", kwargs={"uid": "fixed_cost"}, GET="view"),
    route("api:cost-attachment-list", "site", GET="view"),
    # A JSON body carries no file: an allowed upload answers 400 (judged), see test_attachments.py.
    route("api:cost-attachment-list", "cost_attachment", body={"entry": "cost_entry"}, POST="create"),
    route(
        "api:cost-attachment-detail",
        "cost_attachment",
        kwargs={"uid": "cost_attachment"},
        GET="view",
        DELETE="delete",
    ),
    route("api:cost-attachment-history", "cost_attachment", kwargs={"uid": "cost_attachment"}, GET="view"),
    route("api:cost-attachment-download", "cost_attachment", kwargs={"uid": "cost_attachment"}, GET="view"),
]

ROUTES: list[Route] = [*PAGES, *API]
