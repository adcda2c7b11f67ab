"""Shared fixture of the browser tests: a headless Chromium page that may only talk to the live server.

Playwright drives Debian's Chromium (``/usr/bin/chromium``) against pytest-django's live server on
127.0.0.1. Any request that would leave 127.0.0.1 is blocked and reported (every asset must come
from the app itself), and any JavaScript error fails the test. Skips when Chromium is missing, but
fails instead under ``CI=true``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

CHROMIUM = os.environ.get("PMO_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 15_000


def _require_chromium() -> None:
    if shutil.which(CHROMIUM) or os.path.exists(CHROMIUM):
        return
    reason = f"Chromium not found at {CHROMIUM} (apt-get install -y chromium, or set PMO_CHROMIUM)"
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(reason + " (CI=true: refusing to skip)")
    pytest.skip(reason)


@pytest.fixture
def page(live_server: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A Chromium page whose requests may only go to the live server."""
    _require_chromium()
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by fixtures and
    # assertions here are plain synchronous calls, so Django's async-safety guard can stand down.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    host = urlsplit(live_server.url).netloc
    foreign: list[str] = []

    def guard(route: Any) -> None:
        if urlsplit(route.request.url).netloc == host:
            route.continue_()
        else:
            foreign.append(route.request.url)
            route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context()
        context.set_default_timeout(TIMEOUT_MS)
        context.route("**/*", guard)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        yield page
        context.close()
        browser.close()
    assert not foreign, f"requests left the app (CDN?): {foreign}"
    assert not errors, f"JavaScript errors: {errors}"
