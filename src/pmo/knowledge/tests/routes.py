"""Lessons pages and endpoints in the permission battery (``tests/route_registry.APP_ROUTE_MODULES``);
object type ``lesson`` of ``docs/authz/knowledge.yaml``. The cross-project search page is a site
page: everyone signed in may open it and finds only what they may see."""

from __future__ import annotations

from typing import Any

from pmo.testing.registry import PayloadContext, Route, route

PROJECT = {"uid": "project"}
LESSON = {"uid": "project", "lesson_uid": "lesson"}


def _lesson_form(ctx: PayloadContext) -> dict[str, Any]:
    return {
        "version": int(ctx.side.obj("lesson").version),
        "title": "Battery lesson",
        "kind": "went_well",
        "category": "process",
        "what_happened": "battery",
        "tags": "battery",
    }


def _lesson_version(ctx: PayloadContext) -> dict[str, Any]:
    return {"version": int(ctx.side.obj("lesson").version)}


def _api_lesson(ctx: PayloadContext) -> dict[str, Any]:
    body: dict[str, Any] = {"title": "Battery lesson", "what_happened": "battery", "tags": ["battery"]}
    if ctx.method == "POST" and "project" in ctx.objects:
        body["project"] = str(ctx.objects["project"].uid)
    return body


PAGES: list[Route] = [
    route("knowledge:search", "site", GET="view"),
    route("knowledge:lessons", "lesson", kwargs=PROJECT, GET="view"),
    route(
        "knowledge:lesson_create", "lesson", kwargs=PROJECT, payload=_lesson_form, GET="create", POST="create"
    ),
    route("knowledge:lesson_edit", "lesson", kwargs=LESSON, payload=_lesson_form, GET="edit", POST="edit"),
    route("knowledge:lesson_delete", "lesson", kwargs=LESSON, payload=_lesson_version, POST="delete"),
]

API: list[Route] = [
    route("api:lesson-list", "site", GET="view"),
    route("api:lesson-list", "lesson", body={"project": "project"}, payload=_api_lesson, POST="create"),
    route(
        "api:lesson-detail",
        "lesson",
        kwargs={"uid": "lesson"},
        payload=_api_lesson,
        GET="view",
        PUT="edit",
        PATCH="edit",
        DELETE="delete",
    ),
    route("api:lesson-history", "lesson", kwargs={"uid": "lesson"}, GET="view"),
]

ROUTES: list[Route] = [*PAGES, *API]
