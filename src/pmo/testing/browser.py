"""Steps shared by the browser tests (Playwright pages from the `page` fixture of tests/browser)."""

from __future__ import annotations

import re
from typing import Any

DEMO_PASSWORD = "demo-pmo"


def sign_in(page: Any, base: str, username: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in as ``username`` from a clean slate, and wait until the sign-in has landed.

    The current page is left first (``about:blank``): a request still running on it, such as an
    htmx poll, could otherwise come back after the cookies are cleared, get a new CSRF cookie with
    its redirect to the login page, and make the login form's token stale. Then the cookies are
    cleared, and the step returns only once the browser has left the login page, so the next
    navigation cannot cut the sign-in short.
    """
    from playwright.sync_api import expect

    page.goto("about:blank")
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
