"""Permission-battery routes of tracking: Gantt, progress, baselines, milestones, schedule quality,
feeds (see ``routes.py``; rules in docs/authz/projects-tracking.yaml). Bodies are valid, so a
missing check would really write."""

from __future__ import annotations

from typing import Any

from pmo.testing.registry import PayloadContext, Route, route

PROJECT = {"uid": "project"}


def _baseline_form(ctx: PayloadContext) -> dict[str, Any]:
    return {"number": "3", "name": "Battery baseline"}


def _compare_form(ctx: PayloadContext) -> dict[str, Any]:
    return {"number": "2"}


def _version(ctx: PayloadContext) -> dict[str, Any]:
    obj = list(ctx.objects.values())[-1]
    return {"version": getattr(obj, "version", 1)}


def _progress_form(ctx: PayloadContext) -> dict[str, Any]:
    task = ctx.objects["task"]
    prefix = f"t{task.pk}"
    return {
        f"{prefix}-percent_complete": "40",
        f"{prefix}-actual_start": "2026-01-05T08:00",
        f"{prefix}-actual_finish": "",
        f"{prefix}-remaining": "",
        f"{prefix}-note": "battery",
        "version": task.version,
    }


def _status_form(ctx: PayloadContext) -> dict[str, Any]:
    return {"status_date": "2026-06-30"}


def _feed_form(ctx: PayloadContext) -> dict[str, Any]:
    return {"name": "Battery feed"}


def _api_baseline(ctx: PayloadContext) -> dict[str, Any]:
    return {"project": str(ctx.objects["project"].uid), "number": 4, "name": "Battery"}


def _api_progress(ctx: PayloadContext) -> dict[str, Any]:
    return {
        "task": str(ctx.objects["task"].uid),
        "percent_complete": 30,
        "actual_start": "2026-01-05T08:00:00",
    }


def _api_status(ctx: PayloadContext) -> dict[str, Any]:
    return {"status_date": "2026-06-30"}


def _api_compare(ctx: PayloadContext) -> dict[str, Any]:
    return {"number": 2}


def _api_feed(ctx: PayloadContext) -> dict[str, Any]:
    return {"project": str(ctx.objects["project"].uid), "name": "Battery feed"}


def _empty(ctx: PayloadContext) -> dict[str, Any]:
    return {}


PAGES: list[Route] = [
    route("projects:gantt", "schedule", kwargs=PROJECT, GET="view"),
    route("projects:progress", "progress", kwargs=PROJECT, GET="view"),
    route(
        "projects:task_progress",
        "progress",
        kwargs={"uid": "project", "task_uid": "task"},
        payload=_progress_form,
        GET="view",
        POST="update",
    ),
    route("projects:status_date", "schedule", kwargs=PROJECT, payload=_status_form, POST="status_date"),
    route(
        "projects:update_as_scheduled", "schedule", kwargs=PROJECT, payload=_status_form, POST="status_date"
    ),
    route("projects:baselines", "baseline", kwargs=PROJECT, payload=_baseline_form, GET="view", POST="save"),
    route(
        "projects:compare_baseline", "schedule", kwargs=PROJECT, payload=_compare_form, POST="choose_baseline"
    ),
    route(
        "projects:baseline_delete",
        "baseline",
        kwargs={"uid": "project", "baseline_uid": "baseline"},
        payload=_version,
        POST="delete",
    ),
    route("projects:milestones", "schedule", kwargs=PROJECT, GET="view"),
    route("projects:schedule_quality", "schedule", kwargs=PROJECT, GET="view"),
    route("projects:feeds", "feed", kwargs=PROJECT, payload=_feed_form, GET="view", POST="create"),
    route(
        "projects:feed_revoke",
        "feed",
        kwargs={"uid": "project", "feed_uid": "feed"},
        payload=_empty,
        POST="revoke",
    ),
]

API: list[Route] = [
    route("api:baseline-list", "site", GET="view"),
    route("api:baseline-list", "baseline", body={"project": "project"}, payload=_api_baseline, POST="save"),
    route("api:baseline-detail", "baseline", kwargs={"uid": "baseline"}, GET="view", DELETE="delete"),
    route("api:progress-list", "site", GET="view"),
    route("api:progress-list", "progress", body={"task": "task"}, payload=_api_progress, POST="update"),
    route(
        "api:project-tracking-status-date",
        "schedule",
        kwargs=PROJECT,
        payload=_api_status,
        POST="status_date",
    ),
    route(
        "api:project-tracking-update-as-scheduled",
        "schedule",
        kwargs=PROJECT,
        payload=_api_status,
        POST="status_date",
    ),
    route(
        "api:project-tracking-compare-baseline",
        "schedule",
        kwargs=PROJECT,
        payload=_api_compare,
        POST="choose_baseline",
    ),
    route("api:project-tracking-gantt", "schedule", kwargs=PROJECT, GET="view"),
    route("api:project-tracking-schedule-quality", "schedule", kwargs=PROJECT, GET="view"),
    route("api:feed-list", "site", GET="view"),
    route("api:feed-list", "feed", body={"project": "project"}, payload=_api_feed, POST="create"),
    route("api:feed-detail", "feed", kwargs={"uid": "feed"}, GET="view"),
    route("api:feed-revoke", "feed", kwargs={"uid": "feed"}, payload=_empty, POST="revoke"),
]

ROUTES: list[Route] = [*PAGES, *API]
