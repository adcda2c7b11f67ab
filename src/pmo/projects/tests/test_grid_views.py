"""The task grid: inline edits answer the row plus out-of-band rows, refusals stay at the row
(422, nothing saved), stale edits give 409, outline actions redraw the body, viewers read only,
and the grid's query count does not grow with the number of tasks.

The network is the hand-worked one of ``test_task_services.py`` (Standard calendar, project start
Monday 2026-03-02): Design 3d; Build 5d after 1; Document 2d 2SS+1d; Test 2d 2FF; Release 0d 3, 4FS+1d.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from pmo.interchange.text import parse_predecessors
from pmo.projects.models import Link, Project, Task
from pmo.projects.services import task_create
from pmo.testing.fingerprint import db_fingerprint
from pmo.testing.personas import World
from pmo.testing.queries import count_queries

pytestmark = pytest.mark.django_db

DAY = 480
HX = {"HX-Request": "true"}


@pytest.fixture
def project(world: World, march_project: Project) -> Project:
    project = march_project
    return project


@pytest.fixture
def five(world: World, project: Project) -> dict[int, Task]:
    spec = [
        ("Design", 3 * DAY, ""),
        ("Build", 5 * DAY, "1FS"),
        ("Document", 2 * DAY, "2SS+1d"),
        ("Test", 2 * DAY, "2FF"),
        ("Release", 0, "3, 4FS+1d"),
    ]
    for name, minutes, preds in spec:
        task_create(
            actor=world.users["manager"],
            project=project,
            name=name,
            duration_minutes=minutes,
            predecessors=parse_predecessors(preds),
        )
    return {t.position: t for t in Task.objects.filter(project=project)}


def row_url(project: Project, task: Task) -> str:
    return reverse("projects:task_row", kwargs={"uid": project.uid, "task_uid": task.uid})


def grid_url(project: Project) -> str:
    return reverse("projects:tasks", kwargs={"uid": project.uid})


def edit_body(task: Task, **changes: str) -> dict[str, str]:
    """What the editor posts when the user changes ``changes`` (everything else as shown)."""
    shown = {
        "duration": f"{task.duration_minutes // DAY}d",
        "start": "",
        "finish": "",
        "predecessors": "",
    }
    body = {
        "version": str(task.version),
        "name": task.name,
        "constraint_type": task.constraint_type,
        "constraint_date": "",
        "calendar": "",
        "notes": task.notes,
    }
    for name, value in shown.items():
        body[name] = changes.pop(name, value)
        body[f"initial-{name}"] = value
    body.update(changes)
    return body


def test_editing_a_duration_returns_the_moved_successors_out_of_band(
    persona_client: Any, project: Project, five: dict[int, Task]
) -> None:
    # given the five-task network, where Build (row 2) drives Document, Test and Release
    client: Client = persona_client("contributor")
    build = five[2]
    # when the contributor changes Build from 5d to 7d in its row editor
    response = client.post(row_url(project, build), edit_body(build, duration="7d"), headers=HX)
    # then the answer is Build's row plus every moved row out of band, and the project finish
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith(f'<tr id="t-{build.uid}"')
    for position in (3, 4, 5):
        assert f'<tr id="t-{five[position].uid}" class="' in html
    assert html.count('hx-swap-oob="true"') == 4  # three rows and the project dates
    assert "2026-03-13" in html  # Build now finishes Fri 13 March
    release = Task.objects.get(pk=five[5].pk)
    assert release.finish is not None and release.finish.date() == dt.date(2026, 3, 16)
    assert "Mon 2026-03-16 17:00" in html  # Release is the project finish
    assert Task.objects.get(pk=build.pk).duration_minutes == 7 * DAY


def test_a_plain_post_saves_and_redirects_to_the_row(
    persona_client: Any, project: Project, five: dict[int, Task]
) -> None:
    client: Client = persona_client("contributor")
    response = client.post(row_url(project, five[1]), edit_body(five[1], name="Design v2"))
    assert response.status_code == 303
    assert response["Location"].endswith(f"#t-{five[1].uid}")
    assert Task.objects.get(pk=five[1].pk).name == "Design v2"


def test_saving_a_name_does_not_turn_the_shown_start_into_a_constraint(
    persona_client: Any, project: Project, five: dict[int, Task]
) -> None:
    # given the editor showed Build's start and finish
    client: Client = persona_client("contributor")
    build = five[2]
    body = edit_body(build, name="Build it")
    body |= {"start": "2026-03-05 08:00", "initial-start": "2026-03-05 08:00"}
    # when only the name changes
    client.post(row_url(project, build), body, headers=HX)
    # then the task stays "as soon as possible"
    assert Task.objects.get(pk=build.pk).constraint_type == "ASAP"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"predecessors": "3XX"}, "'3XX' is not a predecessor"),
        ({"predecessors": "5"}, "would make a cycle"),
        ({"predecessors": "9"}, "predecessor row 9 does not exist"),
        ({"start": "2026-13-45"}, "'2026-13-45' is not a valid date"),
        ({"duration": "5x"}, "'5x' is not a duration"),
        ({"constraint_type": "MSO"}, "needs a date"),
    ],
)
def test_a_refused_edit_stays_at_the_row_with_its_message_and_saves_nothing(
    persona_client: Any, project: Project, five: dict[int, Task], changes: dict[str, str], message: str
) -> None:
    # given the five-task network
    client: Client = persona_client("contributor")
    test = five[4]
    before = db_fingerprint()
    # when the contributor saves Test's row with something the schedule refuses
    response = client.post(row_url(project, test), edit_body(test, **changes), headers=HX)
    # then 422, the row editor with the message at the row (an alert) and the typed input kept
    assert response.status_code == 422
    html = response.content.decode()
    assert html.startswith(f'<tr id="t-{test.uid}" class="editing')
    assert 'role="alert"' in html and "Row 4" in html
    assert message in html.replace("&#x27;", "'")
    for value in changes.values():
        assert f'value="{value}"' in html
    # and nothing was written
    assert db_fingerprint() == before


def test_an_impossible_constraint_is_refused_naming_the_row(
    persona_client: Any, project: Project, five: dict[int, Task]
) -> None:
    # given Build cannot start before Thu 5 March (Design takes three days)
    client: Client = persona_client("contributor")
    body = edit_body(five[2], constraint_type="MSO", constraint_date="2026-03-03 08:00")
    response = client.post(row_url(project, five[2]), body, headers=HX)
    assert response.status_code == 422
    assert "Row 2: must start on 2026-03-03 08:00 is impossible" in response.content.decode()
    assert Task.objects.get(pk=five[2].pk).constraint_type == "ASAP"


def test_a_stale_row_gives_409_saying_who_changed_it_and_keeps_the_input(
    persona_client: Any, project: Project, five: dict[int, Task]
) -> None:
    # given the manager saved Design after the contributor opened it
    manager, contributor = persona_client("manager"), persona_client("contributor")
    design = five[1]
    assert (
        manager.post(row_url(project, design), edit_body(design, name="Design (manager)")).status_code == 303
    )
    # when the contributor saves the version they read
    response = contributor.post(row_url(project, design), edit_body(design, name="Design (mine)"), headers=HX)
    # then 409 with who changed what, the input kept with the new version, nothing overwritten
    assert response.status_code == 409
    html = response.content.decode()
    assert "changed name" in html and 'value="Design (mine)"' in html
    assert f'name="version" value="{design.version + 1}"' in html
    assert Task.objects.get(pk=design.pk).name == "Design (manager)"


def test_viewers_get_a_read_only_grid(persona_client: Any, project: Project, five: dict[int, Task]) -> None:
    viewer: Client = persona_client("viewer")
    html = viewer.get(grid_url(project)).content.decode()
    assert "Design" in html and "Release" in html
    assert "row-edit" not in html and "Add task" not in html and "Paste rows" not in html
    assert viewer.get(row_url(project, five[1]) + "?edit=1", headers=HX).status_code == 403
    assert viewer.post(row_url(project, five[1]), edit_body(five[1], name="x")).status_code == 403


def test_the_grid_shows_every_column(persona_client: Any, project: Project, five: dict[int, Task]) -> None:
    html = persona_client("viewer").get(grid_url(project)).content.decode()
    # Document: 2d, 2SS+1d, slack (not critical); Release: milestone, two predecessors
    assert "<td>2SS+1d</td>" in html and "<td>3, 4FS+1d</td>" in html
    assert 'aria-label="Milestone"' in html
    assert html.count('class="crit"') == 4  # Design, Build, Test, Release


def test_insert_above_and_add_milestone_redraw_the_body_with_the_new_row_open(
    persona_client: Any, project: Project, five: dict[int, Task]
) -> None:
    client: Client = persona_client("contributor")
    response = client.post(grid_url(project), {"task": str(five[3].uid), "name": "Review"}, headers=HX)
    assert response.status_code == 200
    review = Task.objects.get(project=project, name="Review")
    assert review.position == 3
    html = response.content.decode()
    assert f'<tr id="t-{review.uid}" class="editing' in html
    # Release's predecessors were renumbered (3 → 4, 4 → 5)
    assert "4, 5FS+1d" in html
    client.post(grid_url(project), {"milestone": "on"}, headers=HX)
    milestone = Task.objects.get(project=project, name="New milestone")
    assert milestone.is_milestone and milestone.duration_minutes == 0 and milestone.position == 7


def test_outline_actions_indent_move_and_refuse_at_the_row(
    persona_client: Any, project: Project, five: dict[int, Task]
) -> None:
    client: Client = persona_client("contributor")
    outline = reverse("projects:tasks_outline", kwargs={"uid": project.uid})
    # indent Build under Design
    assert client.post(outline, {"task": str(five[2].uid), "op": "indent"}, headers=HX).status_code == 200
    design = Task.objects.get(pk=five[1].pk)
    assert design.is_summary and Task.objects.get(pk=five[2].pk).parent_id == design.pk
    # Design is the first row: it cannot move up; the message is at its row, nothing changes
    before = db_fingerprint()
    response = client.post(outline, {"task": str(five[1].uid), "op": "up"}, headers=HX)
    assert response.status_code == 422 and "already the first at its level" in response.content.decode()
    assert db_fingerprint() == before
    # Test (row 4) moves down below Release
    client.post(outline, {"task": str(five[4].uid), "op": "down"})
    assert Task.objects.get(pk=five[4].pk).position == 5
    # Release moves above row 1
    client.post(outline, {"task": str(five[5].uid), "op": "move", "before": "1"})
    assert Task.objects.get(pk=five[5].pk).position == 1


def test_delete_asks_then_removes_the_row_and_its_links(
    persona_client: Any, project: Project, five: dict[int, Task]
) -> None:
    client: Client = persona_client("contributor")
    url = reverse("projects:task_delete", kwargs={"uid": project.uid, "task_uid": five[4].uid})
    confirm = client.get(url, headers=HX)
    assert confirm.status_code == 200 and "Delete row 4" in confirm.content.decode()
    response = client.post(url, {"version": five[4].version}, headers=HX)
    assert response.status_code == 200
    assert not Task.objects.filter(pk=five[4].pk).exists()
    assert "<td>3, 4FS+1d</td>" not in response.content.decode()
    assert Link.objects.filter(successor__name="Release").count() == 1


def test_a_task_of_another_project_is_not_found_under_this_one(
    persona_client: Any, world: World, project: Project, five: dict[int, Task]
) -> None:
    other = world.a.extras["task"]  # a task of A's other project
    client: Client = persona_client("manager")
    assert client.get(row_url(project, other) + "?edit=1", headers=HX).status_code == 404
    outline = reverse("projects:tasks_outline", kwargs={"uid": project.uid})
    assert client.post(outline, {"task": str(other.uid), "op": "indent"}).status_code == 404


def _tasks(world: World, project: Project, count: int) -> None:
    for number in range(count):
        preds = parse_predecessors(str(number)) if number else None
        task_create(actor=world.users["manager"], project=project, name=f"T{number}", predecessors=preds)


def test_the_grid_query_count_does_not_grow_with_the_tasks(
    persona_client: Any, world: World, project: Project
) -> None:
    # given 20 tasks on one project and 200 on another, with links and a calendar
    big = world.a.project_sub
    _tasks(world, project, 20)
    _tasks(world, big, 200)
    client: Client = persona_client("contributor")
    client.get(grid_url(project))  # warm the session
    with count_queries() as small_log:
        assert client.get(grid_url(project)).status_code == 200
    with count_queries() as big_log:
        response = client.get(grid_url(big))
    # then both pages run the same number of queries
    assert response.content.decode().count("<tr id=") == 200
    assert len(big_log) == len(small_log), big_log.report()
    assert len(big_log) <= 14, big_log.report()


def test_an_outline_action_on_a_row_changed_since_it_was_shown_is_refused(
    persona_client: Any, project: Project, five: dict[int, Task]
) -> None:
    """The editor sends the row's version with indent, outdent and moves: a stale one gives 409."""
    client: Client = persona_client("contributor")
    outline = reverse("projects:tasks_outline", kwargs={"uid": project.uid})
    build = Task.objects.get(pk=five[2].pk)
    before = list(Task.objects.filter(project=project).values_list("id", "position", "outline_level"))
    for op in ("indent", "down"):
        response = client.post(
            outline, {"task": str(build.uid), "op": op, "version": build.version + 1}, headers=HX
        )
        assert response.status_code == 409
    assert list(Task.objects.filter(project=project).values_list("id", "position", "outline_level")) == before
    response = client.post(
        outline, {"task": str(build.uid), "op": "indent", "version": build.version}, headers=HX
    )
    assert response.status_code == 200
    assert Task.objects.get(pk=build.pk).outline_level == 2
