"""Gantt: the figure builder's content, the page (query count independent of the task count), the
PDF export, and the milestone page."""

from __future__ import annotations

import datetime as dt
import re
import zlib
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pmo.interchange.text import parse_predecessors
from pmo.projects import charts
from pmo.projects.models import Project, Task
from pmo.projects.services import task_create
from pmo.projects.services.baselines import baseline_save
from pmo.projects.services.progress import project_status_date_set
from pmo.testing.personas import World
from pmo.testing.queries import count_queries

DAY = dt.datetime(2026, 3, 2, 8)


def _row(pk: int, name: str, hours: float, offset: float = 0, **flags: Any) -> dict[str, Any]:
    start = DAY + dt.timedelta(hours=offset)
    row = dict(
        id=pk, position=pk, wbs=str(pk), name=name, outline_level=1, is_summary=False, is_milestone=False,
        start=start, finish=start + dt.timedelta(hours=hours), total_slack=0, free_slack=0, is_critical=False,
        percent_complete=0,
    )  # fmt: skip
    row.update(flags)
    return row


def test_figure_has_critical_baseline_arrows_diamonds_and_status_line() -> None:
    rows = [
        _row(1, "Phase", 48, is_summary=True),
        _row(2, "Dig", 9, is_critical=True),
        _row(3, "Fence", 9, total_slack=960),
        _row(4, "Handover", 0, 24, is_milestone=True, is_critical=True),
    ]
    links = [(2, 3, "SS"), (2, 4, "FS"), (3, 4, "FF")]
    baseline = {2: (DAY, DAY + dt.timedelta(hours=9)), 4: (DAY, DAY)}
    status = dt.datetime(2026, 3, 3)
    figure = charts.gantt_figure(rows, links, baseline=baseline, status_date=status, today=DAY)
    traces = {trace["name"]: trace for trace in figure["data"]}
    assert traces["Critical"]["y"] == [1] and traces["Task"]["y"] == [2] and traces["Summary"]["y"] == [0]
    assert traces["Critical"]["x"] == [9 * 3_600_000]
    assert "Total slack 2.0d" in traces["Task"]["text"][0]
    assert traces["Baseline"]["y"] == [1, 3]
    assert (
        traces["Milestone"]["y"] == [3 + charts.BAR_CENTRE]
        and traces["Milestone"]["marker"]["symbol"] == "diamond"
    )
    # one line trace for every arrow: three links, four points each (the last a None separator)
    assert len(traces["Links"]["x"]) == 12 and traces["Links"]["x"][3::4] == [None, None, None]
    # SS leaves from Dig's start; FS from Dig's finish
    assert traces["Links"]["x"][0] == "2026-03-02 08:00" and traces["Links"]["x"][4] == "2026-03-02 17:00"
    assert len(traces["Link heads"]["x"]) == 3
    lines = {shape["name"]: shape["x0"] for shape in figure["layout"]["shapes"]}
    assert lines == {"Status date": "2026-03-03 00:00", "Today": "2026-03-02 08:00"}
    zooms = [b["label"] for b in figure["layout"]["updatemenus"][0]["buttons"]]
    assert zooms == ["Day", "Week", "Month", "Quarter", "All"]


@pytest.fixture
def project(world: World, march_project: Project) -> Project:
    project = march_project
    return project


def _fill(world: World, project: Project, count: int) -> None:
    admin = world.users["pmo_admin"]
    for n in range(count):
        preds = parse_predecessors(str(n)) if n else None
        task_create(
            actor=admin, project=project, name=f"Step {n + 1}", duration_minutes=480, predecessors=preds
        )


@pytest.mark.django_db
def test_gantt_page_query_count_does_not_grow_with_tasks(
    world: World, project: Project, persona_client: Callable[[str], Client]
) -> None:
    client = persona_client("viewer")
    url = reverse("projects:gantt", kwargs={"uid": project.uid})
    _fill(world, project, 20)
    client.get(url)  # warm caches (sessions, content types)
    with count_queries() as small:
        response = client.get(url)
    assert response.status_code == 200 and b'data-gantt="gantt-data"' in response.content
    admin = world.users["pmo_admin"]
    tasks = [Task(project=project, name=f"Bulk {n}", position=21 + n) for n in range(180)]
    Task.objects.bulk_create(tasks)  # (speed: the query count is what matters here)
    assert Task.objects.filter(project=project).count() == 200
    with count_queries() as large:
        response = client.get(url)
    assert response.status_code == 200 and b"Bulk 179" in response.content
    assert len(large) == len(small), large.report()
    assert admin is not None


@pytest.mark.django_db
def test_pdf_export_is_a_pdf_with_the_task_names(
    world: World, project: Project, persona_client: Callable[[str], Client]
) -> None:
    _fill(world, project, 3)
    baseline_save(actor=world.users["manager"], project=project, number=0)
    project_status_date_set(actor=world.users["manager"], project=project, status_date=dt.date(2026, 3, 3))
    response = persona_client("viewer").get(
        reverse("projects:gantt", kwargs={"uid": project.uid}) + "?format=pdf"
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    body = response.content
    assert body.startswith(b"%PDF-")
    streams = re.findall(rb"stream\r?\n(.*?)\r?\nendstream", body, re.S)
    text = b"".join(zlib.decompress(s) if s[:1] == b"x" else s for s in streams)
    for name in (b"Step 1", b"Step 2", b"Step 3", b"Status date"):
        assert name in text


@pytest.mark.django_db
def test_milestones_page_lists_status_and_variance(
    world: World, project: Project, persona_client: Callable[[str], Client]
) -> None:
    _fill(world, project, 2)
    admin = world.users["pmo_admin"]
    deadline = timezone.make_aware(dt.datetime(2026, 3, 2, 17))
    task_create(
        actor=admin, project=project, name="Gate", duration_minutes=0, deadline=deadline,
        predecessors=parse_predecessors("2"),
    )  # fmt: skip
    url = reverse("projects:milestones", kwargs={"uid": project.uid})
    # the deadline (Mon 17:00) has passed today (no status date): missed
    content = persona_client("viewer").get(url).content.decode()
    assert "Gate" in content and "milestone-missed" in content
    # at a status date before the deadline it is still due, but forecast late (Tue 17:00)
    project_status_date_set(actor=world.users["manager"], project=project, status_date=dt.date(2026, 3, 1))
    content = persona_client("viewer").get(url).content.decode()
    assert "milestone-due" in content and "(forecast after the deadline)" in content


def test_task_names_reach_the_chart_escaped() -> None:
    """Plotly reads HTML in labels and hover text: a hostile task name arrives as text."""
    import datetime as dt

    from pmo.projects.charts import gantt_figure

    start = dt.datetime(2026, 3, 2, 8)
    row = dict(
        id=1, position=1, wbs="1", name='<a href="javascript:alert(1)">x</a>', outline_level=1,
        is_summary=False, is_milestone=False, is_critical=True, start=start,
        finish=start + dt.timedelta(hours=9), total_slack=0, free_slack=0, percent_complete=0,
    )  # fmt: skip
    figure = gantt_figure([row], [], baseline={}, baseline_label="Baseline 0")
    text = str(figure)
    assert "<a href" not in text and "&lt;a href=" in text
