"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse


def _optional_url(name: str) -> str | None:
    """The URL of an optional page, or ``None`` while no app provides it."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The CSP nonce and the links of the user menu (the navigation tree is loaded by htmx)."""
    return {
        "csp_nonce": getattr(request, "csp_nonce", ""),
        "jobs_url": _optional_url("jobs:list"),
        "api_docs_url": _optional_url("api:docs"),
    }
