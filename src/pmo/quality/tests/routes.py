"""Deliverables and quality pages and endpoints in the permission battery
(``tests/route_registry.APP_ROUTE_MODULES``); object types of ``docs/authz/quality.yaml``.

The world's deliverable is in review and its acceptor is the side's manager persona, so ``decide``
really writes for A's manager and is 403 for everyone else (the PMO administrator included).
"""

from __future__ import annotations

from typing import Any

from pmo.testing.registry import PayloadContext, Route, route

PROJECT = {"uid": "project"}
DELIVERABLE = {"uid": "project", "deliverable_uid": "deliverable"}
REVIEW = {"uid": "project", "review_uid": "review"}
DEFECT = {"uid": "project", "defect_uid": "defect"}
TEMPLATE = {"uid": "project", "template_uid": "checklist_template"}


def _v(ctx: PayloadContext, key: str) -> int:
    return int(ctx.side.obj(key).version)


def _deliverable_form(ctx: PayloadContext) -> dict[str, Any]:
    return {
        "version": _v(ctx, "deliverable"),
        "name": "Battery deliverable",
        "acceptance_criteria": "battery",
    }


def _deliverable_note(ctx: PayloadContext) -> dict[str, Any]:
    return {"version": _v(ctx, "deliverable"), "note": "battery"}


def _deliverable_decide(ctx: PayloadContext) -> dict[str, Any]:
    return {"version": _v(ctx, "deliverable"), "decision": "accept", "comment": "battery"}


def _review_form(ctx: PayloadContext) -> dict[str, Any]:
    review = ctx.side.obj("review")
    return {
        "version": review.version,
        "reviewer": review.reviewer_id,
        "review_date": "2026-01-21",
        "result": "pass",
        "defects_found": "0",
        "notes": "battery",
        "checklist-TOTAL_FORMS": "2",
        "checklist-INITIAL_FORMS": "2",
        "checklist-0-result": "pass",
        "checklist-1-result": "fail",
    }


def _review_version(ctx: PayloadContext) -> dict[str, Any]:
    return {"version": _v(ctx, "review")}


def _defect_form(ctx: PayloadContext) -> dict[str, Any]:
    return {"version": _v(ctx, "defect"), "title": "Battery defect", "severity": "low"}


def _defect_version(ctx: PayloadContext) -> dict[str, Any]:
    return {"version": _v(ctx, "defect")}


def _template_form(ctx: PayloadContext) -> dict[str, Any]:
    return {
        "version": _v(ctx, "checklist_template"),
        "scope": str(ctx.side.project.uid),
        "name": "Battery checklist",
        "items": "one\ntwo",
    }


def _template_version(ctx: PayloadContext) -> dict[str, Any]:
    return {"version": _v(ctx, "checklist_template")}


# -- API bodies -----------------------------------------------------------------------------------


def _api_deliverable(ctx: PayloadContext) -> dict[str, Any]:
    body: dict[str, Any] = {"name": "Battery deliverable", "acceptance_criteria": ["battery"]}
    if "project" in ctx.objects and ctx.method == "POST":
        body["project"] = str(ctx.objects["project"].uid)
    return body


def _api_note(ctx: PayloadContext) -> dict[str, Any]:
    return {"note": "battery"}


def _api_accept(ctx: PayloadContext) -> dict[str, Any]:
    return {"decision": "accept", "comment": "battery"}


def _api_review(ctx: PayloadContext) -> dict[str, Any]:
    body: dict[str, Any] = {"reviewer": "manager", "review_date": "2026-01-21", "result": "pass"}
    if ctx.method == "POST" and "deliverable" in ctx.objects:
        body["deliverable"] = str(ctx.objects["deliverable"].uid)
    return body


def _api_defect(ctx: PayloadContext) -> dict[str, Any]:
    body: dict[str, Any] = {"title": "Battery defect", "severity": "low"}
    if ctx.method == "POST" and "deliverable" in ctx.objects:
        body["deliverable"] = str(ctx.objects["deliverable"].uid)
    return body


def _api_close(ctx: PayloadContext) -> dict[str, Any]:
    return {}


def _api_template(ctx: PayloadContext) -> dict[str, Any]:
    body: dict[str, Any] = {"name": "Battery checklist", "items": ["one"]}
    if ctx.method == "POST" and "project" in ctx.objects:
        body["scope"] = str(ctx.objects["project"].uid)
    return body


PAGES: list[Route] = [
    route("quality:deliverables", "deliverable", kwargs=PROJECT, GET="view"),
    route(
        "quality:deliverable_create",
        "deliverable",
        kwargs=PROJECT,
        payload=_deliverable_form,
        GET="create",
        POST="create",
    ),
    route("quality:deliverable", "deliverable", kwargs=DELIVERABLE, GET="view"),
    route(
        "quality:deliverable_edit",
        "deliverable",
        kwargs=DELIVERABLE,
        payload=_deliverable_form,
        GET="edit",
        POST="edit",
    ),
    route(
        "quality:deliverable_delete",
        "deliverable",
        kwargs=DELIVERABLE,
        payload=_deliverable_note,
        POST="delete",
    ),
    route(
        "quality:deliverable_submit",
        "deliverable",
        kwargs=DELIVERABLE,
        payload=_deliverable_note,
        POST="submit",
    ),
    route(
        "quality:deliverable_decide",
        "deliverable",
        kwargs=DELIVERABLE,
        payload=_deliverable_decide,
        POST="decide",
    ),
    route(
        "quality:review_create",
        "quality_review",
        kwargs=DELIVERABLE,
        payload=_review_form,
        GET="create",
        POST="create",
    ),
    route(
        "quality:review_edit", "quality_review", kwargs=REVIEW, payload=_review_form, GET="edit", POST="edit"
    ),
    route("quality:review_delete", "quality_review", kwargs=REVIEW, payload=_review_version, POST="delete"),
    route(
        "quality:defect_create",
        "defect",
        kwargs=DELIVERABLE,
        payload=_defect_form,
        GET="create",
        POST="create",
    ),
    route("quality:defect_edit", "defect", kwargs=DEFECT, payload=_defect_form, GET="edit", POST="edit"),
    route("quality:defect_close", "defect", kwargs=DEFECT, payload=_defect_version, POST="close"),
    route("quality:defect_reopen", "defect", kwargs=DEFECT, payload=_defect_version, POST="close"),
    route("quality:defect_delete", "defect", kwargs=DEFECT, payload=_defect_version, POST="delete"),
    route("quality:checklists", "checklist_template", kwargs=PROJECT, GET="view"),
    route(
        "quality:checklist_create",
        "checklist_template",
        kwargs=PROJECT,
        payload=_template_form,
        GET="create",
        POST="create",
    ),
    route(
        "quality:checklist_edit",
        "checklist_template",
        kwargs=TEMPLATE,
        payload=_template_form,
        GET="edit",
        POST="edit",
    ),
    route(
        "quality:checklist_delete",
        "checklist_template",
        kwargs=TEMPLATE,
        payload=_template_version,
        POST="delete",
    ),
]

API: list[Route] = [
    route("api:deliverable-list", "site", GET="view"),
    route(
        "api:deliverable-list",
        "deliverable",
        body={"project": "project"},
        payload=_api_deliverable,
        POST="create",
    ),
    route(
        "api:deliverable-detail",
        "deliverable",
        kwargs={"uid": "deliverable"},
        payload=_api_deliverable,
        GET="view",
        PUT="edit",
        PATCH="edit",
        DELETE="delete",
    ),
    route("api:deliverable-history", "deliverable", kwargs={"uid": "deliverable"}, GET="view"),
    route(
        "api:deliverable-submit",
        "deliverable",
        kwargs={"uid": "deliverable"},
        payload=_api_note,
        POST="submit",
    ),
    route(
        "api:deliverable-decide",
        "deliverable",
        kwargs={"uid": "deliverable"},
        payload=_api_accept,
        POST="decide",
    ),
    route("api:deliverable-summary", "deliverable", query={"project": "project"}, GET="view"),
    route("api:quality-review-list", "site", GET="view"),
    route(
        "api:quality-review-list",
        "quality_review",
        body={"deliverable": "deliverable"},
        payload=_api_review,
        POST="create",
    ),
    route(
        "api:quality-review-detail",
        "quality_review",
        kwargs={"uid": "review"},
        payload=_api_review,
        GET="view",
        PUT="edit",
        PATCH="edit",
        DELETE="delete",
    ),
    route("api:quality-review-history", "quality_review", kwargs={"uid": "review"}, GET="view"),
    route("api:defect-list", "site", GET="view"),
    route(
        "api:defect-list", "defect", body={"deliverable": "deliverable"}, payload=_api_defect, POST="create"
    ),
    route(
        "api:defect-detail",
        "defect",
        kwargs={"uid": "defect"},
        payload=_api_defect,
        GET="view",
        PUT="edit",
        PATCH="edit",
        DELETE="delete",
    ),
    route("api:defect-history", "defect", kwargs={"uid": "defect"}, GET="view"),
    route("api:defect-close", "defect", kwargs={"uid": "defect"}, payload=_api_close, POST="close"),
    route("api:defect-reopen", "defect", kwargs={"uid": "defect"}, payload=_api_close, POST="close"),
    route("api:checklist-template-list", "site", GET="view"),
    route(
        "api:checklist-template-list",
        "checklist_template",
        body={"scope": "project"},
        payload=_api_template,
        POST="create",
    ),
    route(
        "api:checklist-template-detail",
        "checklist_template",
        kwargs={"uid": "checklist_template"},
        payload=_api_template,
        GET="view",
        PUT="edit",
        PATCH="edit",
        DELETE="delete",
    ),
    route(
        "api:checklist-template-history",
        "checklist_template",
        kwargs={"uid": "checklist_template"},
        GET="view",
    ),
]

ROUTES: list[Route] = [*PAGES, *API]
