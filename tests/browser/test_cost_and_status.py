"""Cost tracking and status reporting in a real browser (issue 6 acceptance).

On the demo organisation: Tom logs a day on the portal project in the week of its status date and
submits the week; Marcus (its manager) approves it; the Earned value section then shows AC (and the
S-curve's AC at the status date) higher by exactly Tom's hours at his rate (85/h). Then Marcus drafts
a status report, overrides one RAG with a comment, submits it and downloads its PDF.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from pmo.testing.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOURS = Decimal("7.5")
RATE = Decimal("85")


def _ev_page(page: Any, base: str, uid: Any) -> tuple[Decimal, float]:
    """AC on the Earned value section, and the S-curve's last known AC value."""
    page.goto(f"{base}/projects/{uid}/earned-value/")
    ac = Decimal(page.locator("[data-figure=ac]").first.inner_text().split()[0])
    chart = json.loads(page.locator("#ev-chart-data").text_content())
    trace = next(t for t in chart["data"] if t["name"] == "Actual cost (AC)")
    known = [v for v in trace["y"] if v is not None]
    return ac, known[-1]


def _free_week(project: Any) -> dt.date:
    """The latest week up to the status date in which Tom has no timesheet yet."""
    from pmo.timesheets.models import Timesheet

    week = project.status_date - dt.timedelta(days=project.status_date.weekday())
    while Timesheet.objects.filter(user__username="tom", week_start=week).exists():
        week -= dt.timedelta(days=7)
    return week


def test_logged_time_moves_actual_cost_and_a_report_is_submitted(live_server: Any, page: Any) -> None:
    """Given the demo, when Tom's approved day reaches the portal project, then AC and the S-curve
    move by his hours at his rate; and a status report goes from draft to a downloaded PDF."""
    from playwright.sync_api import expect

    from pmo.projects.models import Project

    call_command("demo", stdout=StringIO())
    base = live_server.url
    project = Project.objects.get(code="CX-PORTAL")
    week = _free_week(project)

    sign_in(page, base, "marcus")
    ac_before, curve_before = _ev_page(page, base, project.uid)

    # Tom logs 7.5 hours on Visual design on the Monday of that week and submits the week.
    sign_in(page, base, "tom")
    page.goto(f"{base}/timesheets/?week={week:%Y-%m-%d}")
    page.locator("#add-task").select_option(label="CX-PORTAL · Visual design")
    page.get_by_role("button", name="Add row").click()
    page.wait_for_load_state("load")  # htmx must be bound before the cell changes
    cell = page.get_by_label(f"Visual design, {week:%A %Y-%m-%d}")
    cell.fill(str(HOURS))
    cell.press("Tab")
    expect(page.locator("[data-week-total]")).to_contain_text("7")
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.locator("[data-sheet-status]")).to_have_text("Submitted")

    # Marcus approves it.
    sign_in(page, base, "marcus")
    page.goto(f"{base}/timesheets/approvals/")
    page.get_by_role("button", name="Approve").first.click()
    page.wait_for_load_state("load")

    ac_after, curve_after = _ev_page(page, base, project.uid)
    assert ac_after - ac_before == HOURS * RATE
    assert curve_after - curve_before == pytest.approx(float(HOURS * RATE))

    # Marcus drafts this period's status report, overrides the schedule RAG with a comment, submits.
    page.goto(f"{base}/projects/{project.uid}/")
    page.get_by_role("navigation", name="Project sections").get_by_role(
        "link", name="Status", exact=True
    ).click()
    page.get_by_role("button", name="Draft report", exact=True).click()
    page.wait_for_load_state("load")
    page.get_by_label("Schedule override", exact=True).select_option("red")
    page.get_by_label("Schedule override comment").fill(
        "The supplier confirmed a three-week delay yesterday."
    )
    page.get_by_role("button", name="Submit", exact=True).click()
    expect(page.locator("[data-status]").first).to_have_attribute("data-status", "submitted")
    expect(page.locator("#rag-table")).to_contain_text("three-week delay")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download PDF").click()
    download = download_info.value
    pdf = Path(download.path()).read_bytes()
    assert pdf.startswith(b"%PDF") and download.suggested_filename.endswith(".pdf")

    from pmo.reporting.models import StatusReport

    report = StatusReport.objects.get(project=project, status="submitted")
    assert report.snapshot and report.submitted_by.username == "marcus"
