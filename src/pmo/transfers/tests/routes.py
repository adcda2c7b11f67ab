"""Import and export pages and endpoints in the permission battery
(``tests/route_registry.APP_ROUTE_MODULES``); object types of ``docs/authz/transfers.yaml``.

The world's import (``import``) is prepared by each side's manager over ``side.project`` and is
ready to apply, so apply, discard and remap really write when allowed. Uploads sent by the battery
carry no file: an allowed request is refused by the form (400), a denied one must be 403/404 before
the body is judged.
"""

from __future__ import annotations

from typing import Any

from pmo.testing.registry import PayloadContext, Route, route

PROJECT = {"uid": "project"}
IMPORT = {"uid": "import"}


def _version(ctx: PayloadContext) -> dict[str, Any]:
    return {"version": ctx.side.obj("import").version}


def _remap(ctx: PayloadContext) -> dict[str, Any]:
    return {**_version(ctx), "project": "battery"}


def _upload(ctx: PayloadContext) -> dict[str, Any]:
    return {"note": "no file: the form refuses it once the role is checked"}


def _new_form(ctx: PayloadContext) -> dict[str, Any]:
    return {"parent": str(ctx.objects["program"].uid), "code": "BAT-IMP", "name": "Battery import"}


def _api_remap(ctx: PayloadContext) -> dict[str, Any]:
    return {"project": "battery"}


def _api_new(ctx: PayloadContext) -> dict[str, Any]:
    return {"parent": str(ctx.objects["program"].uid), "code": "BAT-IMP", "name": "Battery import"}


def _empty(ctx: PayloadContext) -> dict[str, Any]:
    return {}


PAGES: list[Route] = [
    route("transfers:project_import", "import", kwargs=PROJECT, payload=_upload, GET="create", POST="create"),
    route(
        "transfers:project_export",
        "project_export",
        kwargs={"uid": "project", "fmt": "export_format"},
        GET="export",
    ),
    route(
        "transfers:import_new",
        "import",
        query={"parent": "program"},
        payload=_new_form,
        GET="create",
        POST="create",
    ),
    route("transfers:import", "import", kwargs=IMPORT, GET="view"),
    route("transfers:import_remap", "import", kwargs=IMPORT, payload=_remap, POST="remap"),
    route("transfers:import_apply", "import", kwargs=IMPORT, payload=_version, POST="apply"),
    route("transfers:import_discard", "import", kwargs=IMPORT, payload=_version, POST="discard"),
]

API: list[Route] = [
    route("api:project-imports", "import", kwargs=PROJECT, payload=_empty, POST="create"),
    route("api:import-list", "import", body={"parent": "program"}, payload=_api_new, POST="create"),
    route("api:import-detail", "import", kwargs=IMPORT, GET="view"),
    route("api:import-remap", "import", kwargs=IMPORT, payload=_api_remap, POST="remap"),
    route("api:import-apply", "import", kwargs=IMPORT, payload=_empty, POST="apply"),
    route("api:import-discard", "import", kwargs=IMPORT, payload=_empty, POST="discard"),
    route(
        "api:project-export",
        "project_export",
        kwargs=PROJECT,
        query={"format": "export_format"},
        GET="export",
    ),
]

ROUTES: list[Route] = [*PAGES, *API]
