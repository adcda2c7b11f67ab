"""Project workspace in a real browser (issue 4 acceptance).

A program manager creates a project, adds five tasks with FS, SS and FF links and a lag in the task
grid, sees the critical path on the Gantt, saves baseline 0, lengthens a task, and sees the finish
move and the variance against the baseline. Playwright drives Debian's Chromium against the live
server on 127.0.0.1 (see ``test_walk.py`` for the page fixture: no request may leave the app and
no JavaScript error may occur).

The network (Standard calendar, start Monday 2 March 2026):
row 1 Design 3d; 2 Build 5d after 1; 3 Document 2d, 2SS+1d; 4 Test 2d, 2FF; 5 Release (milestone)
after 3 and 4FS+1d. Critical: Design, Build, Test, Release (Document has 3 days of slack).
Release falls on Thu 12 March 17:00; lengthening Build by 3 days moves it to Tue 17 March.
"""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from pmo.testing.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TASKS = (
    ("Design", "3d", ""),
    ("Build", "5d", "1"),
    ("Document", "2d", "2SS+1d"),
    ("Test", "2d", "2FF"),
    ("Release", "0d", "3, 4FS+1d"),
)


def _add_task(page: Any, name: str, duration: str, predecessors: str) -> None:
    page.locator("#new-task-name").fill(name)
    page.get_by_role("button", name="Add task", exact=True).click()
    editor = page.locator("tr.editing")
    editor.locator("input[name=duration]").fill(duration)
    editor.locator("input[name=predecessors]").fill(predecessors)
    editor.get_by_role("button", name="Save").click()
    from playwright.sync_api import expect

    expect(page.locator("tr.editing")).to_have_count(0)
    expect(page.locator("#task-grid")).to_contain_text(name)


def _open_section(page: Any, name: str) -> None:
    page.get_by_role("navigation", name="Project sections").get_by_role("link", name=name, exact=True).click()


def test_plan_a_project_baseline_it_and_see_the_slip(live_server: Any, page: Any) -> None:
    """Given a program manager, when they plan five linked tasks, baseline and then slip one,
    then the Gantt shows the critical path and the baseline page shows the variance."""
    from playwright.sync_api import expect

    call_command("demo", stdout=StringIO())
    base = live_server.url
    sign_in(page, base, "marcus")

    # Create a project in the Customer Experience Platform program.
    page.goto(f"{base}/programs/")
    page.locator("main").get_by_role("link", name="Customer Experience Platform").first.click()
    page.get_by_role("link", name="New project").click()
    page.locator("#id_code").fill("CX-FENCE")
    page.locator("#id_name").fill("Fence the depot")
    page.locator("#id_start_date").fill("2026-03-02")
    page.get_by_role("button", name="Create project").click()
    expect(page.locator("h1")).to_contain_text("Fence the depot")

    # Five tasks with FS, SS and FF links and a lag, typed in the grid.
    _open_section(page, "Tasks")
    for name, duration, predecessors in TASKS:
        _add_task(page, name, duration, predecessors)
    grid = page.locator("#task-grid")
    expect(grid.locator("tr", has_text="Release")).to_contain_text("2026-03-12")
    expect(page.locator("#project-finish")).to_contain_text("2026-03-12")
    expect(grid.locator("tr.critical")).to_have_count(4)
    expect(grid.locator("tr", has_text="Document")).not_to_have_class("critical")

    # The Gantt draws the critical path: the critical bars are Design, Build and Test.
    _open_section(page, "Gantt")
    expect(page.locator("#gantt-chart .main-svg").first).to_be_visible()
    figure = json.loads(page.locator("#gantt-data").text_content() or "{}")
    traces = {trace.get("name"): trace for trace in figure["data"]}
    labels = figure["layout"]["yaxis"]["ticktext"]  # row i of the chart is labelled labels[i]
    critical_rows = " ".join(labels[int(y)] for y in traces["Critical"]["y"])
    for name in ("Design", "Build", "Test"):
        assert name in critical_rows
    assert "Document" not in critical_rows
    expect(page.locator("#gantt-chart")).to_contain_text("Release")

    # Save baseline 0.
    _open_section(page, "Baselines")
    page.locator("#baseline-save-form").get_by_label("Name").fill("Approved plan")
    page.locator("#baseline-save-form").get_by_role("button", name="Save baseline").click()
    expect(page.locator("main")).to_contain_text("Approved plan")

    # Lengthen Build from 5 to 8 days: the finish moves three working days.
    _open_section(page, "Tasks")
    page.get_by_role("link", name="Edit row 2").click()
    editor = page.locator("tr.editing")
    editor.locator("input[name=duration]").fill("8d")
    editor.get_by_role("button", name="Save").click()
    expect(page.locator("tr.editing")).to_have_count(0)
    expect(page.locator("#project-finish")).to_contain_text("2026-03-17")
    expect(grid.locator("tr", has_text="Release")).to_contain_text("2026-03-17")

    # The variance against baseline 0: Release finishes 3 working days late; slipped tasks list it.
    _open_section(page, "Baselines")
    release = page.locator("#variance tr", has_text="Release")
    expect(release).to_contain_text("2026-03-12 17:00")
    expect(release).to_contain_text("2026-03-17 17:00")
    expect(release.locator("td").nth(7)).to_have_text("3.0")
    page.get_by_role("link", name="Slipped tasks").click()
    expect(page.locator("#variance")).to_contain_text("Release")
    expect(page.locator("#variance")).not_to_contain_text("Design")
