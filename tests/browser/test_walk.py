"""Browser walk (issue 2 acceptance): log in, see the portfolio tree, walk portfolio → program → project.

Playwright drives Debian's Chromium (``/usr/bin/chromium``) against pytest-django's live server on
127.0.0.1, with the demo organisation loaded by ``pmo demo``. Any request that would leave
127.0.0.1 is blocked and reported (every asset must come from the app itself). Skips when Chromium
is missing, but fails instead under ``CI=true``.
"""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
