"""Steps shared by the browser tests."""

from __future__ import annotations

import re
from typing import Any

DEMO_PASSWORD = "demo-pmo"


def sign_in(page: Any, base: str, username: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in as ``username`` from a clean slate, and wait until the sign-in has landed.

    Cookies are cleared first (any earlier session and CSRF cookie go), and the step returns only
    once the browser has left the login page, so the next navigation cannot cut the sign-in short.
    """
    from playwright.sync_api import expect

    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
