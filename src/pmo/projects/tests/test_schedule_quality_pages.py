"""Schedule quality page and API: the table, links to the offending rows, the empty state, a query
count that does not grow with the tasks, the JSON shape, and 404 for someone outside the project."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from pmo.projects.models import Project, Task
from pmo.projects.tests.test_schedule_quality import add, build, task, update
from pmo.testing.openapi import schema_client
from pmo.testing.personas import World
from pmo.testing.queries import count_queries

pytestmark = pytest.mark.django_db


def _url(project: Project) -> str:
    return reverse("projects:schedule_quality", kwargs={"uid": project.uid})


def test_page_lists_checks_and_links_offending_rows(
    world: World, march_project: Project, persona_client: Callable[[str], Client]
) -> None:
    project = build(world, march_project)
    add(world, project, "Loose", 1)
    response = persona_client("viewer").get(_url(project))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<tr id="check-') == 14
    assert "Missing logic" in html and "Baseline execution index" in html and "≤ 5 %" in html
    loose = task(project, "Loose")
    tasks_url = reverse("projects:tasks", kwargs={"uid": project.uid})
    assert f'href="{tasks_url}#t-{loose.uid}">6. Loose</a>' in html
    assert 'id="offending-logic"' in html and 'id="offending-bei"' not in html
    assert '<span class="badge badge-cancelled">Fail</span>' in html
    assert "Schedule quality" in html  # the workspace navigation entry


def test_page_shows_link_offenders_as_predecessor_to_successor(
    world: World, march_project: Project, persona_client: Callable[[str], Client]
) -> None:
    project = build(world, march_project)
    update(world, project, "Cure", "3SS")
    html = persona_client("viewer").get(_url(project)).content.decode()
    pour, cure = task(project, "Pour"), task(project, "Cure")
    assert f'#t-{pour.uid}">3. Pour</a> → <a href="' in html and f'#t-{cure.uid}">4. Cure</a>' in html


def test_empty_project_says_no_tasks_yet(
    march_project: Project, persona_client: Callable[[str], Client]
) -> None:
    html = persona_client("viewer").get(_url(march_project)).content.decode()
    assert "No tasks yet" in html and 'id="check-' not in html


def test_page_query_count_does_not_grow_with_tasks(
    world: World, march_project: Project, persona_client: Callable[[str], Client]
) -> None:
    project = build(world, march_project)
    client = persona_client("viewer")
    client.get(_url(project))  # warm caches (sessions, content types, calendars)
    with count_queries() as small:
        assert client.get(_url(project)).status_code == 200
    Task.objects.bulk_create([Task(project=project, name=f"Bulk {n}", position=6 + n) for n in range(60)])
    with count_queries() as large:
        response = client.get(_url(project))
    assert response.status_code == 200 and b"Bulk 59" in response.content
    assert len(large) == len(small), large.report()


def test_api_answers_fourteen_checks_with_offending_task_uids(world: World, march_project: Project) -> None:
    project = build(world, march_project)
    add(world, project, "Loose", 1)
    answer = schema_client(world, "viewer").get(f"/api/v1/projects/{project.uid}/schedule-quality/")
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["project"] == str(project.uid) and body["task_count"] == 6 and body["baseline"] == 0
    assert [c["number"] for c in body["checks"]] == list(range(1, 15))
    logic = body["checks"][0]
    assert logic["key"] == "logic" and logic["passed"] is False and logic["unit"] == "%"
    assert logic["tasks"] == [str(task(project, "Loose").uid)] and logic["threshold"] == "≤ 5 %"
    assert body["checks"][13]["key"] == "bei" and body["checks"][13]["figure"] == 1.0


def test_api_lists_offending_links_by_task_uid(world: World, march_project: Project) -> None:
    project = build(world, march_project)
    update(world, project, "Cure", "3FS+1d")
    body = schema_client(world, "viewer").get(f"/api/v1/projects/{project.uid}/schedule-quality/").json()
    lags = next(c for c in body["checks"] if c["key"] == "lags")
    pour, cure = task(project, "Pour"), task(project, "Cure")
    assert lags["links"] == [{"predecessor": str(pour.uid), "successor": str(cure.uid)}]


def test_api_hides_the_project_from_an_outsider(world: World, march_project: Project) -> None:
    url = f"/api/v1/projects/{march_project.uid}/schedule-quality/"
    assert schema_client(world, "outsider").get(url).status_code == 404
    empty = schema_client(world, "viewer").get(url)
    assert empty.status_code == 200 and empty.json()["checks"] == [] and empty.json()["task_count"] == 0
