"""Import and export in a real browser (issue 5 item 6).

A program manager imports an MS Project XML file from the shared data (``mspdirelations.xml``: five
tasks, four links of all four types) as a new project, reads the preview, applies it, lands on the
project's tasks with the imported rows, then downloads the project as MS Project XML from the
Export menu. Playwright drives Debian's Chromium against the live server on 127.0.0.1 with the
``page`` fixture of ``tests/browser`` (no request may leave the app, no JavaScript error may occur).
"""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from pmo.testing.browser import sign_in
from pmo.testing.data import require_shared_data
from tests.browser.conftest import page  # noqa: F401 - the fixture, shared with tests/browser

pytestmark = [pytest.mark.browser, pytest.mark.shared_data, pytest.mark.django_db(transaction=True)]


def test_import_a_project_apply_it_and_download_it(live_server: Any, page: Any) -> None:  # noqa: F811
    """Given a program manager and an MS Project file, when they import it as a new project and
    apply, then the tasks page lists its rows; the Export menu downloads it back as MS Project XML."""
    from playwright.sync_api import expect

    source = require_shared_data("mspdi", "mpxj", "mspdirelations.xml")
    call_command("demo", stdout=StringIO())
    base = live_server.url
    sign_in(page, base, "marcus")

    # From the program's page: "Import a project".
    page.goto(f"{base}/programs/")
    page.locator("main").get_by_role("link", name="Customer Experience Platform").first.click()
    page.get_by_role("link", name="Import a project").click()
    page.locator("#id_code").fill("CX-MSP")
    page.locator("#id_name").fill("Relations from MS Project")
    page.locator("#id_file").set_input_files(str(source))
    page.get_by_role("button", name="Upload and preview").click()

    # The preview: five tasks, four links; nothing created yet.
    expect(page.locator("h1")).to_contain_text("mspdirelations.xml")
    expect(page.locator("[data-figure=tasks]")).to_have_text("5")
    expect(page.locator("main")).to_contain_text("Microsoft Project XML")
    page.get_by_role("button", name="Apply: create CX-MSP").click()

    # Landed on the new project's tasks with the imported rows.
    expect(page.locator("h1")).to_contain_text("Relations from MS Project")
    grid = page.locator("#task-grid")
    for name in ("Task 1", "Task 2", "Task 3", "Task 4", "Task 5"):
        expect(grid).to_contain_text(name)

    # Export ▾ → Microsoft Project XML: a download named after the project code.
    page.get_by_text("Export ▾").click()
    with page.expect_download() as info:
        page.get_by_role("menuitem", name="Microsoft Project XML (.xml)").click()
    download = info.value
    assert download.suggested_filename == "CX-MSP.xml"
    content = Path(download.path()).read_bytes()
    assert b"<Project" in content and b"Task 5" in content
