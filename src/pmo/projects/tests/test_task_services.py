"""WBS services: the live schedule on a small hand-worked network, outline edits, refusals.

The network (Standard calendar, 8 h days, project start Monday 2026-03-02):

    row 1 Design      3d
    row 2 Build       5d   1FS
    row 3 Document    2d   2SS+1d
    row 4 Test        2d   2FF          (finishes with Build)
    row 5 Release     0d   3, 4FS+1d    milestone

Build runs Thu 5 – Wed 11 March; Document starts a day after Build (Fri 6) and ends Mon 9;
Test ends with Build (Wed 11) so starts Tue 10; Release waits for Test + 1 day: a milestone takes
the finish form of that instant, Thu 12 March 17:00 (as MS Project shows it).
Critical: 1, 2, 4, 5 (Document has slack).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from pmo.core.errors import DomainRuleError, StaleVersionError
from pmo.core.models import AuditRecord
from pmo.interchange.text import parse_predecessors
from pmo.projects.models import Link, Project, Task
from pmo.projects.selectors import predecessor_texts
from pmo.projects.services import (
    PastedRow,
    task_create,
    task_delete,
    task_indent,
    task_move,
    task_outdent,
    task_update,
    tasks_paste,
)
from pmo.projects.tests.helpers import DAY, at
from pmo.testing.fingerprint import db_fingerprint
from pmo.testing.personas import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(world: World, march_project: Project) -> Project:
    project = march_project
    return project


@pytest.fixture
def five(world: World, project: Project) -> dict[int, Task]:
    actor = world.users["manager"]
    spec = [
        ("Design", 3 * DAY, ""),
        ("Build", 5 * DAY, "1FS"),
        ("Document", 2 * DAY, "2SS+1d"),
        ("Test", 2 * DAY, "2FF"),
        ("Release", 0, "3, 4FS+1d"),
    ]
    for name, minutes, preds in spec:
        task_create(
            actor=actor,
            project=project,
            name=name,
            duration_minutes=minutes,
            predecessors=parse_predecessors(preds),
        )
    return {t.position: t for t in Task.objects.filter(project=project)}


def test_the_five_task_network_is_scheduled_as_worked_by_hand(five: dict[int, Task]) -> None:
    assert (five[1].start, five[1].finish) == (at(2), at(4, 17))
    assert (five[2].start, five[2].finish) == (at(5), at(11, 17))
    assert (five[3].start, five[3].finish) == (at(6), at(9, 17))
    assert (five[4].start, five[4].finish) == (at(10), at(11, 17))
    assert five[5].start == at(12, 17) and five[5].is_milestone
    assert [five[i].is_critical for i in range(1, 6)] == [True, True, False, True, True]
    assert five[3].total_slack == 3 * DAY
    project = five[1].project
    project.refresh_from_db()
    assert project.scheduled_finish == at(12, 17)
    assert predecessor_texts(project)[five[5].pk] == "3, 4FS+1d"


def test_lengthening_a_task_moves_its_successors_and_reports_the_changed_rows(
    world: World, five: dict[int, Task]
) -> None:
    change = task_update(
        actor=world.users["contributor"],
        task=five[2],
        data={"duration_minutes": 7 * DAY},
        expected_version=five[2].version,
    )
    assert change.recalculation.finish == at(16, 17)
    assert {five[i].pk for i in (2, 3, 4, 5)} <= change.touched
    assert five[1].pk not in change.touched
    five[4].refresh_from_db()
    assert five[4].finish == at(13, 17)


def test_a_cycle_is_refused_naming_the_rows_and_nothing_is_written(
    world: World, five: dict[int, Task]
) -> None:
    before = db_fingerprint()
    with pytest.raises(
        DomainRuleError, match=r"Row 1: linking to row 5 would make a cycle \(1 → 2 → 4 → 5 → 1\)"
    ):
        task_update(
            actor=world.users["manager"],
            task=five[1],
            data={},
            expected_version=five[1].version,
            predecessors=parse_predecessors("5"),
        )
    assert db_fingerprint() == before


def test_unknown_rows_and_self_links_are_refused(world: World, five: dict[int, Task]) -> None:
    for text, message in (("9", "predecessor row 9 does not exist"), ("3", "its own predecessor")):
        with pytest.raises(DomainRuleError, match=message):
            task_update(
                actor=world.users["manager"],
                task=five[3],
                data={},
                expected_version=five[3].version,
                predecessors=parse_predecessors(text),
            )


def test_an_impossible_hard_constraint_is_refused(world: World, five: dict[int, Task]) -> None:
    before = db_fingerprint()
    with pytest.raises(DomainRuleError, match=r"Row 4: must start on 2026-03-03 08:00 is impossible"):
        task_update(
            actor=world.users["manager"],
            task=five[4],
            data={"constraint_type": "MSO", "constraint_date": at(3)},
            expected_version=five[4].version,
        )
    assert db_fingerprint() == before


def test_a_reachable_constraint_is_accepted(world: World, five: dict[int, Task]) -> None:
    change = task_update(
        actor=world.users["manager"],
        task=five[1],
        data={"constraint_type": "MSO", "constraint_date": at(3)},
        expected_version=five[1].version,
    )
    assert change.task.start == at(3)


def test_a_stale_version_is_refused(world: World, five: dict[int, Task]) -> None:
    with pytest.raises(StaleVersionError):
        task_update(actor=world.users["manager"], task=five[1], data={"name": "x"}, expected_version=99)


def test_a_viewer_may_not_edit(world: World, five: dict[int, Task]) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        task_update(actor=world.users["viewer"], task=five[1], data={"name": "x"}, expected_version=None)


def test_indent_makes_a_summary_and_outdent_undoes_it(world: World, five: dict[int, Task]) -> None:
    actor = world.users["manager"]
    task_indent(actor=actor, task=five[2], expected_version=five[2].version)
    rows = {t.position: t for t in Task.objects.filter(project=five[1].project)}
    assert (rows[1].is_summary, rows[2].parent_id, rows[2].wbs, rows[3].wbs) == (True, rows[1].pk, "1.1", "2")
    # The summary spans its subtask: Design's own duration no longer counts.
    assert rows[1].start == rows[2].start and rows[1].finish == rows[2].finish
    with pytest.raises(DomainRuleError, match="summary task's duration"):
        task_update(
            actor=actor, task=rows[1], data={"duration_minutes": DAY}, expected_version=rows[1].version
        )
    task_outdent(actor=actor, task=rows[2], expected_version=rows[2].version)
    rows = {t.position: t for t in Task.objects.filter(project=five[1].project)}
    assert not rows[1].is_summary and rows[2].wbs == "2"
    assert AuditRecord.objects.filter(object_uid=rows[2].uid, action="move").count() == 2


def test_indenting_the_first_row_is_refused(world: World, five: dict[int, Task]) -> None:
    with pytest.raises(DomainRuleError, match="Row 1 cannot be indented"):
        task_indent(actor=world.users["manager"], task=five[1], expected_version=five[1].version)


def test_move_and_delete_renumber_rows_and_keep_links(world: World, five: dict[int, Task]) -> None:
    actor = world.users["manager"]
    task_move(actor=actor, task=five[5], before=five[1], expected_version=five[5].version)
    names = list(Task.objects.filter(project=five[1].project).values_list("name", flat=True))
    assert names == ["Release", "Design", "Build", "Document", "Test"]
    project = five[1].project
    assert predecessor_texts(project)[five[5].pk] == "4, 5FS+1d"
    task_delete(actor=actor, task=Task.objects.get(pk=five[4].pk), expected_version=five[4].version)
    assert list(Task.objects.filter(project=project).values_list("position", "name")) == [
        (1, "Release"),
        (2, "Design"),
        (3, "Build"),
        (4, "Document"),
    ]
    assert predecessor_texts(project)[five[5].pk] == "4"
    assert not Link.objects.filter(predecessor_id=five[4].pk).exists()


def test_paste_inserts_rows_with_levels_and_links_in_one_recalculation(
    world: World, project: Project
) -> None:
    rows = [
        PastedRow(name="Phase", level=1),
        PastedRow(name="Dig", level=2, duration_minutes=2 * DAY),
        PastedRow(
            name="Pour", level=2, duration_minutes=DAY, predecessors=tuple(parse_predecessors("2FS+1d"))
        ),
    ]
    change = tasks_paste(actor=world.users["contributor"], project=project, rows=rows)
    assert len(change.tasks) == 3
    tasks = {t.position: t for t in Task.objects.filter(project=project)}
    assert tasks[1].is_summary and tasks[3].wbs == "1.2"
    assert tasks[3].start == at(5) and tasks[1].finish == at(5, 17)


def test_a_bad_pasted_outline_names_the_problem(world: World, project: Project) -> None:
    before = db_fingerprint()
    with pytest.raises(DomainRuleError, match="Pasted rows: row 1 cannot be at outline level 3"):
        tasks_paste(actor=world.users["manager"], project=project, rows=[PastedRow(name="x", level=3)])
    assert db_fingerprint() == before


def _names(project: Any) -> list[str]:
    return list(Task.objects.filter(project=project).values_list("name", flat=True))


def test_changing_the_type_and_lag_of_existing_links_updates_each_link(
    world: World, five: dict[int, Task]
) -> None:
    project = five[1].project
    task_update(
        actor=world.users["manager"],
        task=five[5],
        data={},
        expected_version=five[5].version,
        predecessors=parse_predecessors("3SS+1d, 4FS+2d"),
    )
    assert predecessor_texts(project)[five[5].pk] == "3SS+1d, 4FS+2d"
    assert set(Link.objects.filter(successor=five[5]).values_list("type", "lag_minutes")) == {
        ("SS", DAY),
        ("FS", 2 * DAY),
    }


def test_the_schedule_writer_may_name_columns_after_fields() -> None:
    """``adapters._write_schedule`` writes raw SQL with the field names as column names."""
    from pmo.projects.adapters import SCHEDULE_FIELDS

    assert all(Task._meta.get_field(name).column == name for name in SCHEDULE_FIELDS)  # type: ignore[union-attr]


def test_a_new_project_start_date_reschedules_the_project(world: World, five: dict[int, Task]) -> None:
    from pmo.projects.services import project_update

    project = five[1].project
    project.refresh_from_db()
    project_update(
        actor=world.users["manager"],
        project=project,
        data={"start_date": dt.date(2026, 3, 9)},
        expected_version=project.version,
    )
    five[5].refresh_from_db()
    assert five[5].start == at(19, 17)  # a week later than on 12 March


def test_edits_that_reuse_the_cached_input_store_the_schedule_a_full_read_gives(
    world: World, five: dict[int, Task]
) -> None:
    """Field edits recalculate from the cached input plus the edited row; rescheduling afterwards
    from a fresh read of everything must find nothing to change."""
    from pmo.projects import adapters

    actor = world.users["manager"]
    for position, minutes in ((2, 7 * DAY), (4, 3 * DAY), (2, 4 * DAY), (3, 6 * DAY)):
        task = Task.objects.get(pk=five[position].pk)
        task_update(actor=actor, task=task, data={"duration_minutes": minutes}, expected_version=task.version)
    task = Task.objects.get(pk=five[3].pk)
    task_update(
        actor=actor,
        task=task,
        data={"constraint_type": "SNET", "constraint_date": at(16)},
        expected_version=task.version,
    )
    project = Project.objects.get(pk=five[1].project_id)
    assert project.pk in adapters._INPUT_CACHE
    adapters._INPUT_CACHE.clear()
    adapters._RESULT_CACHE.clear()
    assert adapters.recalculate(project).changed == ()
