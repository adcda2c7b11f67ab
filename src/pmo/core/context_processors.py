"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Expose the CSP nonce to templates (the navigation tree is loaded by htmx)."""
    return {"csp_nonce": getattr(request, "csp_nonce", "")}
