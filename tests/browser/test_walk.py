"""Browser walk (issue 2 acceptance): log in, see the portfolio tree, walk portfolio → program → project.

Playwright drives Debian's Chromium (``/usr/bin/chromium``) against pytest-django's live server on
127.0.0.1, with the demo organisation loaded by ``pmo demo``. Any request that would leave
127.0.0.1 is blocked and reported (every asset must come from the app itself). Skips when Chromium
is missing, but fails instead under ``CI=true``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from io import StringIO
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

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


def test_login_and_walk_portfolio_program_project(live_server: Any, page: Any) -> None:
    """Given the demo organisation, when a portfolio manager signs in, then the tree shows the demo
    projects and the walk portfolio → program → project → History works."""
    call_command("demo", stdout=StringIO())
    from playwright.sync_api import expect

    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/portfolios/overview/")
    page.get_by_label("Username").fill("priya")
    page.get_by_label("Password").fill("demo-pmo")
    page.get_by_role("button", name="Sign in").click()

    # The overview: the portfolio tree with the demo programs and projects.
    tree = page.locator("main")
    expect(tree.locator(".tree-card").first).to_be_visible()
    expect(tree).to_contain_text("Digital Transformation")
    expect(tree).to_contain_text("Customer Experience Platform")
    expect(tree).to_contain_text("CX-PORTAL")
    # Priya manages Digital Transformation only: Infrastructure & Operations is not hers to see.
    expect(page.locator("body")).not_to_contain_text("Infrastructure & Operations")

    # Portfolio → program → project.
    tree.locator(".tree-card h2").get_by_role("link", name="Digital Transformation").click()
    expect(page.locator("h1")).to_contain_text("Digital Transformation")
    page.locator("main").get_by_role("link", name="Customer Experience Platform").first.click()
    expect(page.locator("h1")).to_contain_text("Customer Experience Platform")
    page.locator("main").get_by_role("link", name="CX-PORTAL").first.click()
    expect(page.locator("h1")).to_contain_text("Customer Self-Service Portal")
    assert "/projects/" in page.url
    project_url = page.url

    # The History tab (htmx swaps it in and pushes the URL).
    page.get_by_role("link", name="History").click()
    expect(page).to_have_url(project_url + "history/")
    panel = page.locator("section.tab-panel")
    expect(panel).to_contain_text("Created")

    # Signing out ends the session: the overview asks for a login again.
    page.goto(f"{live_server.url}/portfolios/overview/")
    page.locator("details.user-menu summary").click()
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(f"{live_server.url}/accounts/login/")
    page.goto(f"{live_server.url}/portfolios/overview/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/portfolios/overview/")
