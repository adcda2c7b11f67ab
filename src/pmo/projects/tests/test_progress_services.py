"""Progress: refusals that name the row, the history, the status date, and "update as scheduled"
on a hand-worked case.

The network (Standard calendar, project start Monday 2026-03-02):

    row 1 Survey  2d            Mon 2 08:00 – Tue 3 17:00
    row 2 Build   4d   1FS      Wed 4 08:00 – Mon 9 17:00
    row 3 Paint   2d   2FS      Tue 10 – Wed 11

Update as scheduled to Thursday 5 March (end of day): Survey is finished (100 %, actual finish Tue
17:00); Build started Wed 08:00 and has worked Wed and Thu, 2 of its 4 days: 50 %; Paint has not
started and is left alone. Build still finishes Mon 9 17:00.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from pmo.core.errors import DomainRuleError
from pmo.interchange.text import parse_predecessors
from pmo.projects.models import ProgressEntry, Project, Task
from pmo.projects.services import task_create
from pmo.projects.services.progress import (
    project_status_date_set,
    project_update_as_scheduled,
    task_progress_update,
)
from pmo.projects.tests.helpers import DAY, at
from pmo.testing.fingerprint import db_fingerprint
from pmo.testing.personas import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(world: World, march_project: Project) -> Project:
    project = march_project
    admin = world.users["pmo_admin"]
    task_create(actor=admin, project=project, name="Survey", duration_minutes=2 * DAY)
    task_create(
        actor=admin,
        project=project,
        name="Build",
        duration_minutes=4 * DAY,
        predecessors=parse_predecessors("1"),
    )
    task_create(
        actor=admin,
        project=project,
        name="Paint",
        duration_minutes=2 * DAY,
        predecessors=parse_predecessors("2"),
    )
    project_status_date_set(actor=admin, project=project, status_date=dt.date(2026, 3, 5))
    project.refresh_from_db()
    return project


def task(project: Project, name: str) -> Task:
    return Task.objects.get(project=project, name=name)


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"actual_start": at(4), "actual_finish": at(3)}, "actual_finish", "is before the actual start"),
        ({"percent_complete": 120}, "percent_complete", "between 0 and 100"),
        ({"percent_complete": -5}, "percent_complete", "between 0 and 100"),
        ({"actual_start": at(6)}, "actual_start", "after the status date 2026-03-05"),
        ({"actual_start": at(4), "actual_finish": at(6, 17)}, "actual_finish", "after the status date"),
    ],
)
def test_bad_progress_is_refused_naming_the_row_and_writes_nothing(
    world: World, project: Project, data: dict[str, object], field: str, words: str
) -> None:
    build = task(project, "Build")
    before = db_fingerprint()
    with pytest.raises(DomainRuleError) as refused:
        task_progress_update(actor=world.users["contributor"], task=build, data=data)
    assert refused.value.field == field
    assert refused.value.message.startswith(f"Row {build.position}:")
    assert words in refused.value.message
    assert db_fingerprint() == before


def test_progress_is_recorded_in_the_history_and_reschedules(world: World, project: Project) -> None:
    build = task(project, "Build")
    # when the contributor reports Build started late (Thu 08:00) and 25 % done
    change = task_progress_update(
        actor=world.users["contributor"],
        task=build,
        data={"percent_complete": 25, "actual_start": at(5)},
        expected_version=build.version,
        note="late start",
    )
    saved = change.task
    assert saved.percent_complete == 25 and saved.actual_start == at(5)
    # then 3 days remain after the status date: Fri 6, Mon 9, Tue 10
    assert saved.finish == at(10, 17)
    assert task(project, "Paint").start == at(11)
    entry = ProgressEntry.objects.get(task=build)
    assert (entry.percent_complete, entry.actual_start, entry.note) == (25, at(5), "late start")
    assert entry.status_date == dt.date(2026, 3, 5) and entry.actor == world.users["contributor"]


def test_an_actual_finish_makes_the_task_complete(world: World, project: Project) -> None:
    survey = task(project, "Survey")
    saved = task_progress_update(
        actor=world.users["contributor"],
        task=survey,
        data={"actual_start": at(2), "actual_finish": at(3, 17)},
    ).task
    assert saved.percent_complete == 100 and saved.actual_start == at(2) and saved.remaining_minutes == 0


def test_viewers_cannot_record_progress(world: World, project: Project) -> None:
    with pytest.raises(PermissionDenied):
        task_progress_update(
            actor=world.users["viewer"], task=task(project, "Build"), data={"percent_complete": 5}
        )


def test_update_as_scheduled_to_the_status_date(world: World, project: Project) -> None:
    # when the manager updates the project as scheduled to Thu 5 March
    change = project_update_as_scheduled(actor=world.users["manager"], project=project)
    survey, build, paint = task(project, "Survey"), task(project, "Build"), task(project, "Paint")
    # then Survey is done, Build half done, Paint untouched
    assert (survey.percent_complete, survey.actual_start, survey.actual_finish) == (100, at(2), at(3, 17))
    assert (build.percent_complete, build.actual_start, build.actual_finish) == (50, at(4), None)
    assert (paint.percent_complete, paint.actual_start) == (0, None)
    assert build.finish == at(9, 17)
    assert {t.name for t in change.tasks} == {"Survey", "Build"}
    assert ProgressEntry.objects.filter(project=project).count() == 2
    # and only managers may do it
    with pytest.raises(PermissionDenied):
        project_update_as_scheduled(actor=world.users["contributor"], project=project)


def test_update_as_scheduled_to_another_date_stores_it(world: World, project: Project) -> None:
    project_update_as_scheduled(
        actor=world.users["manager"], project=project, status_date=dt.date(2026, 3, 9)
    )
    project.refresh_from_db()
    assert project.status_date == dt.date(2026, 3, 9)
    assert task(project, "Build").percent_complete == 100


def test_status_date_needs_the_manager_role(world: World, project: Project) -> None:
    with pytest.raises(PermissionDenied):
        project_status_date_set(actor=world.users["contributor"], project=project, status_date=None)
    project_status_date_set(actor=world.users["manager"], project=project, status_date=None)
    project.refresh_from_db()
    assert project.status_date is None


def test_a_started_task_without_actual_start_starts_as_scheduled(world: World, project: Project) -> None:
    # Survey's scheduled start is pushed after the status date (Fri 6): reporting 10 % without an
    # actual start would put the start after the status date, so the message asks for it
    survey = task(project, "Survey")
    with pytest.raises(DomainRuleError) as refused:
        task_progress_update(actor=world.users["contributor"], task=survey, data={"percent_complete": 10})
    assert refused.value.field == "actual_start" and "enter the actual start" in refused.value.message
    # without a status date the limit is the end of today, and the scheduled start (in March) is taken
    project_status_date_set(actor=world.users["manager"], project=project, status_date=None)
    saved = task_progress_update(
        actor=world.users["contributor"], task=task(project, "Survey"), data={"percent_complete": 10}
    ).task
    assert saved.actual_start == at(2)
