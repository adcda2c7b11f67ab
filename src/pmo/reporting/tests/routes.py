"""Status report pages and endpoints in the permission battery (``tests/route_registry.APP_ROUTE_MODULES``);
object types of ``docs/authz/reporting.yaml``.

The world's report is a draft (see ``world.py``), so "edit" and "submit" really change it when
allowed; "draft" drafts the report of another week (a new row).
"""

from __future__ import annotations

from typing import Any

from pmo.testing.registry import PayloadContext, Route, route

PROJECT = {"uid": "project"}
REPORT = {"uid": "project", "report_uid": "status_report"}


def _draft_form(ctx: PayloadContext) -> dict[str, Any]:
    return {"period_end": "2026-02-13"}


def _edit_form(ctx: PayloadContext) -> dict[str, Any]:
    return {
        "version": int(ctx.side.obj("status_report").version),
        "summary": "battery",
        "schedule_override": "red",
        "schedule_comment": "battery",
    }


def _version(ctx: PayloadContext) -> dict[str, Any]:
    return {"version": int(ctx.side.obj("status_report").version)}


def _settings_form(ctx: PayloadContext) -> dict[str, Any]:
    return {
        "version": int(ctx.side.obj("reporting_settings").version),
        "cadence": "monthly",
        "anchor": "2026-01-02",
        "grace_days": "5",
        "thresholds": '{"cost": {"cpi_amber": 0.97}}',
    }


def _api_report(ctx: PayloadContext) -> dict[str, Any]:
    if ctx.method == "POST":
        return {"project": str(ctx.side.project.uid), "period_end": "2026-02-13"}
    return {"summary": "battery", "scope_override": "green", "scope_comment": "battery"}


def _api_settings(ctx: PayloadContext) -> dict[str, Any]:
    body: dict[str, Any] = {"grace_days": 4}
    if ctx.method == "POST":
        body["project"] = str(ctx.side.project_direct.uid)
    if ctx.method == "PUT":
        body |= {"cadence": "fortnightly", "anchor": "2026-01-02"}
    return body


PAGES: list[Route] = [
    route("reporting:project_status", "status_report", kwargs=PROJECT, GET="view"),
    route("reporting:report_draft", "status_report", kwargs=PROJECT, payload=_draft_form, POST="draft"),
    route("reporting:report", "status_report", kwargs=REPORT, GET="view"),
    route("reporting:report_edit", "status_report", kwargs=REPORT, payload=_edit_form, POST="edit"),
    route("reporting:report_submit", "status_report", kwargs=REPORT, payload=_version, POST="submit"),
    route("reporting:report_pdf", "status_report", kwargs=REPORT, GET="view"),
    route("reporting:report_html", "status_report", kwargs=REPORT, GET="view"),
    route(
        "reporting:settings",
        "reporting_settings",
        kwargs=PROJECT,
        payload=_settings_form,
        GET="view",
        POST="edit",
    ),
    route("reporting:program_status", "program", kwargs={"uid": "program"}, GET="view"),
    route("reporting:portfolio_status", "portfolio", kwargs={"uid": "portfolio"}, GET="view"),
]

API_REPORT = {"uid": "status_report"}
API_SETTINGS = {"uid": "reporting_settings"}

API: list[Route] = [
    route("api:status-report-list", "site", GET="view"),
    route(
        "api:status-report-list",
        "status_report",
        body={"project": "project"},
        payload=_api_report,
        POST="draft",
    ),
    route(
        "api:status-report-detail",
        "status_report",
        kwargs=API_REPORT,
        payload=_api_report,
        GET="view",
        PUT="edit",
        PATCH="edit",
    ),
    route(
        "api:status-report-submit", "status_report", kwargs=API_REPORT, payload=lambda ctx: {}, POST="submit"
    ),
    route("api:status-report-history", "status_report", kwargs=API_REPORT, GET="view"),
    route("api:reporting-settings-list", "site", GET="view"),
    route(
        "api:reporting-settings-list",
        "reporting_settings",
        body={"project": "project_direct"},
        payload=_api_settings,
        POST="edit",
    ),
    route(
        "api:reporting-settings-detail",
        "reporting_settings",
        kwargs=API_SETTINGS,
        payload=_api_settings,
        GET="view",
        PUT="edit",
        PATCH="edit",
    ),
    route("api:reporting-settings-history", "reporting_settings", kwargs=API_SETTINGS, GET="view"),
]

ROUTES: list[Route] = [*PAGES, *API]
