"""Baselines: save, save over (audited with the old and new finish), roles, and the variance
table on a hand-worked case.

The network (Standard calendar, project start Monday 2026-03-02):

    row 1 Design  2d            Mon 2 – Tue 3 March
    row 2 Build   3d   1FS      Wed 4 – Fri 6 March

Baseline 1 is saved; Design then grows by 2 days (to 4d): Design finishes Thu 5 (+2d), Build
starts Fri 6 and finishes Tue 10 March: start and finish variance +2 working days (the weekend
does not count), duration variance +2d for Design, 0 for Build.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from pmo.core.errors import DomainRuleError
from pmo.core.models import AuditRecord
from pmo.interchange.text import parse_predecessors
from pmo.projects.models import Baseline, BaselineTask, Project, Task
from pmo.projects.services import task_create, task_update
from pmo.projects.services.baselines import baseline_delete, baseline_save, project_compare_baseline_set
from pmo.projects.tests.helpers import DAY
from pmo.projects.views.baselines import slipped, variance_rows
from pmo.testing.fingerprint import db_fingerprint
from pmo.testing.personas import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(world: World, march_project: Project) -> Project:
    project = march_project
    admin = world.users["pmo_admin"]
    task_create(actor=admin, project=project, name="Design", duration_minutes=2 * DAY)
    task_create(
        actor=admin,
        project=project,
        name="Build",
        duration_minutes=3 * DAY,
        predecessors=parse_predecessors("1"),
    )
    project.refresh_from_db()
    return project


def test_save_copies_every_task_and_the_project_span(world: World, project: Project) -> None:
    # when the manager saves baseline 1
    baseline = baseline_save(actor=world.users["manager"], project=project, number=1, name="Plan")
    # then every task's dates and duration are copied, with the project's span
    values = {
        bt.task.name: bt for bt in BaselineTask.objects.filter(baseline=baseline).select_related("task")
    }
    assert set(values) == {"Design", "Build"}
    assert values["Build"].finish == Task.objects.get(project=project, name="Build").finish
    assert values["Design"].duration_minutes == 2 * DAY
    assert baseline.project_finish == project.scheduled_finish
    assert baseline.saved_by == world.users["manager"]


def test_saving_over_needs_confirmation_and_is_audited_with_old_and_new_finish(
    world: World, project: Project
) -> None:
    manager = world.users["manager"]
    first = baseline_save(actor=manager, project=project, number=1)
    old_finish = first.project_finish
    design = Task.objects.get(project=project, name="Design")
    task_update(
        actor=manager, task=design, data={"duration_minutes": 4 * DAY}, expected_version=design.version
    )
    # saving over without confirmation is refused, naming the number, and writes nothing
    before = db_fingerprint()
    with pytest.raises(DomainRuleError) as refused:
        baseline_save(actor=manager, project=project, number=1)
    assert refused.value.field == "number"
    assert "needs the manager role and is audited" in refused.value.message
    assert db_fingerprint() == before
    # with confirmation, the values are replaced and the audit keeps the old and new finish
    project.refresh_from_db()
    again = baseline_save(actor=manager, project=project, number=1, overwrite=True)
    assert again.pk == first.pk and again.version == first.version + 1
    assert again.project_finish == project.scheduled_finish != old_finish
    record = AuditRecord.objects.filter(object_id=str(first.pk), note__startswith="Saved over").get()
    assert record.changes["project_finish"] == [old_finish.isoformat(), again.project_finish.isoformat()]
    build = BaselineTask.objects.get(baseline=again, task__name="Build")
    assert build.finish == Task.objects.get(project=project, name="Build").finish


@pytest.mark.parametrize("persona", ["viewer", "contributor"])
def test_only_managers_save_and_delete(world: World, project: Project, persona: str) -> None:
    with pytest.raises(PermissionDenied):
        baseline_save(actor=world.users[persona], project=project, number=2)
    baseline = baseline_save(actor=world.users["manager"], project=project, number=2)
    with pytest.raises(PermissionDenied):
        baseline_delete(actor=world.users[persona], baseline=baseline, expected_version=baseline.version)
    baseline_delete(actor=world.users["manager"], baseline=baseline, expected_version=baseline.version)
    assert not Baseline.objects.filter(pk=baseline.pk).exists()


@pytest.mark.parametrize("number", [-1, 11, "3"])
def test_numbers_outside_0_to_10_are_refused(world: World, project: Project, number: object) -> None:
    with pytest.raises(DomainRuleError) as refused:
        baseline_save(actor=world.users["manager"], project=project, number=number)  # type: ignore[arg-type]
    assert refused.value.field == "number"


def test_compare_baseline_is_stored(world: World, project: Project) -> None:
    saved = project_compare_baseline_set(actor=world.users["manager"], project=project, number=4)
    assert saved.compare_baseline == 4
    with pytest.raises(PermissionDenied):
        project_compare_baseline_set(actor=world.users["contributor"], project=project, number=1)


def test_lengthening_a_task_by_two_days_gives_plus_two_days_of_finish_variance(
    world: World, project: Project
) -> None:
    manager = world.users["manager"]
    baseline_save(actor=manager, project=project, number=1)
    design = Task.objects.get(project=project, name="Design")
    # when Design grows from 2d to 4d
    task_update(
        actor=manager, task=design, data={"duration_minutes": 4 * DAY}, expected_version=design.version
    )
    project.refresh_from_db()
    rows = {row["name"]: row for row in variance_rows(project, 1)}
    # then (working days; Build moves over a weekend, which does not count)
    assert rows["Design"]["finish_variance"] == 2.0
    assert rows["Design"]["duration_variance"] == 2.0
    assert rows["Design"]["start_variance"] == 0.0
    assert rows["Build"]["start_variance"] == 2.0
    assert rows["Build"]["finish_variance"] == 2.0
    assert rows["Build"]["duration_variance"] == 0.0
    assert rows["Build"]["finish"] - rows["Build"]["baseline"]["finish"] == dt.timedelta(days=4)
    # the slipped view lists both, biggest slip first (ties by row)
    assert [row["name"] for row in slipped(list(rows.values()))] == ["Design", "Build"]
    # against a baseline never saved, there is nothing to compare
    assert all(row["finish_variance"] is None for row in variance_rows(project, 7))
