"""The import's bulk services: ``resources_merge`` (match by name ignoring case, create the rest) and
``assignments_replace`` (all of a project's assignments at once), with one audit record each and a
number of queries that does not grow with the rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from pmo.core.errors import DomainRuleError
from pmo.core.models import AuditRecord
from pmo.core.selectors import history_of
from pmo.projects.models import Task
from pmo.resources.models import Assignment, Resource
from pmo.resources.services import assignment_update, assignments_replace, resources_merge
from pmo.testing.fingerprint import assert_fingerprint_unchanged, db_fingerprint
from pmo.testing.personas import World
from pmo.testing.queries import assert_max_queries

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 3, 2, 8, tzinfo=dt.UTC)


def refused(call: Any, field: str, *words: str) -> None:
    before = db_fingerprint()
    with pytest.raises(DomainRuleError) as error:
        call()
    assert error.value.field == field, error.value.message
    for word in words:
        assert word in error.value.message, error.value.message
    assert_fingerprint_unchanged(before)


# --- resources_merge ------------------------------------------------------------------------------


def test_merge_matches_by_name_ignoring_case_and_creates_the_rest(world: World, r: Any) -> None:
    rows = [
        {"name": r.spare.name.upper(), "max_units": 2, "group": "Yard"},
        {"name": "Excavator", "kind": "work", "standard_rate": Decimal("95.5"), "extra": {"uid": 7}},
        {"name": "Gravel", "kind": "material", "material_label": "t"},
    ]
    merged = resources_merge(actor=world.users["manager"], scope=r.pool, rows=rows)
    assert sorted(merged) == sorted(["excavator", "gravel", r.spare.name.lower()])
    spare = Resource.objects.get(pk=r.spare.pk)
    assert merged[r.spare.name.lower()].pk == spare.pk
    assert (spare.name, spare.max_units, spare.group, spare.version) == (
        r.spare.name,  # the name it has keeps its case
        Decimal("2.00"),
        "Yard",
        r.spare.version + 1,
    )
    assert spare.is_generic  # not given, so not changed
    excavator = Resource.objects.get(scope=r.pool, name="Excavator")
    assert (excavator.pk, excavator.standard_rate, excavator.extra) == (
        merged["excavator"].pk,
        Decimal("95.5000"),
        {"uid": 7},
    )
    record = history_of(world.a.portfolio).first()
    assert record is not None
    assert record.changes["resources_created"] == [None, ["Excavator", "Gravel"]]
    assert record.changes["resources_updated"][1][r.spare.name]["max_units"] == ["1.00", "2.00"]


def test_merging_the_same_rows_again_changes_nothing(world: World, r: Any) -> None:
    rows = [{"name": "Excavator", "max_units": 1}]
    resources_merge(actor=world.users["manager"], scope=r.pool, rows=rows)
    before = db_fingerprint()
    again = resources_merge(actor=world.users["manager"], scope=r.pool, rows=rows)
    assert list(again) == ["excavator"]
    assert_fingerprint_unchanged(before)


def test_merge_writes_in_a_few_queries(world: World, r: Any) -> None:
    rows = [{"name": f"Person {n}", "initials": f"P{n}", "max_units": 1} for n in range(300)]
    rows.append({"name": r.resource.name, "group": "Moved"})
    with assert_max_queries(10):
        merged = resources_merge(actor=world.users["manager"], scope=r.pool, rows=rows)
    assert len(merged) == 301
    assert Resource.objects.filter(scope=r.pool).count() == 302
    assert (
        AuditRecord.objects.filter(note__startswith="Resource pool merged: 300 created, 1 updated").count()
        == 1
    )


@pytest.mark.parametrize(
    ("rows", "field", "words"),
    [
        ([{"name": "Ann"}, {"name": "ANN"}], "name", ("Rows 1 and 2",)),
        ([{"name": "Ann"}, {"name": ""}], "name", ("Row 2",)),
        ([{"name": "Ann", "email": "not-an-address"}], "email", ("Row 1",)),
        ([{"name": "Ann", "user": 1}], "user", ("Row 1", "unknown field")),
        ([{"name": "Ann", "max_units": -2}], "max_units", ("Row 1", "negative")),
        ([{"name": "Ann", "kind": "people"}], "kind", ("Row 1",)),
        ([{"name": "Ann", "code": "x" * 65}], "code", ("Row 1",)),
    ],
)
def test_merge_refuses_bad_rows_by_row_and_field(
    world: World, r: Any, rows: list[dict[str, Any]], field: str, words: tuple[str, ...]
) -> None:
    refused(lambda: resources_merge(actor=world.users["manager"], scope=r.pool, rows=rows), field, *words)


def test_merge_needs_the_pool_manager(world: World, r: Any) -> None:
    with pytest.raises(PermissionDenied):
        resources_merge(actor=world.users["contributor"], scope=r.pool, rows=[{"name": "Ann"}])


# --- assignments_replace --------------------------------------------------------------------------


def tasks_for(project: Any, count: int) -> list[int]:
    """``count`` plain tasks appended to ``project`` (test data; the schedule is not needed here)."""
    Task.objects.bulk_create(
        Task(project=project, name=f"Task {n}", position=n, wbs=str(n)) for n in range(1, count + 1)
    )
    return list(Task.objects.filter(project=project).order_by("position").values_list("pk", flat=True))


def test_ten_thousand_assignments_in_a_handful_of_queries(world: World, r: Any) -> None:
    project = world.a.project_direct  # directly in portfolio A: draws on A's pool
    tasks = tasks_for(project, 100)
    merged = resources_merge(
        actor=world.users["manager"], scope=r.pool, rows=[{"name": f"Crew {n}"} for n in range(100)]
    )
    resources = [resource.pk for resource in merged.values()]
    rows = [
        {
            "task_id": task,
            "resource_id": resource,
            "units": 0.5,
            "work_minutes": 480,
            "actual_work_minutes": 60,
            "remaining_work_minutes": 420,
            "contour": 1,
            "start": START,
            "finish": START + dt.timedelta(hours=16),
            "cost": Decimal("120.50"),
            "extra": {"uid": n},
        }
        for n, (task, resource) in enumerate((t, res) for t in tasks for res in resources)
    ]
    assert len(rows) == 10_000
    with assert_max_queries(15):
        written = assignments_replace(actor=world.users["manager"], project=project, rows=rows)
    assert written == 10_000
    stored = Assignment.objects.filter(project=project)
    assert stored.count() == 10_000
    sample = stored.get(task_id=tasks[3], resource_id=resources[5])
    assert (sample.units, sample.work_minutes, sample.contour, sample.cost) == (
        Decimal("0.50"),
        480,
        1,
        Decimal("120.50"),
    )
    record = history_of(project).first()
    assert record is not None and record.changes == {"assignments": [0, 10_000]}


def test_replace_removes_what_the_rows_do_not_hold(world: World, r: Any) -> None:
    project = world.a.project
    task = world.a.obj("task2")
    written = assignments_replace(
        actor=world.users["manager"],
        project=project,
        rows=[{"task_id": task.pk, "resource_id": r.spare.pk, "units": 1}],
    )
    assert written == 1
    assert list(Assignment.objects.filter(project=project).values_list("task_id", "resource_id")) == [
        (task.pk, r.spare.pk)
    ]
    assert history_of(project).first().note == "Assignments replaced: 1 removed, 1 written."  # type: ignore[union-attr]


def _row(world: World, r: Any, **values: Any) -> dict[str, Any]:
    return {"task_id": world.a.obj("task2").pk, "resource_id": r.resource.pk, **values}


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"units": 1_000_000}, "units", ("Row 2", "1000000")),
        ({"units": None}, "units", ("Row 2",)),
        ({"work_minutes": -10}, "work_minutes", ("Row 2", "negative")),
        ({"contour": 9}, "contour", ("Row 2",)),
        ({"start": dt.datetime(2026, 3, 2, 8)}, "start", ("Row 2", "timezone")),
        ({"start": START, "finish": START - dt.timedelta(days=1)}, "finish", ("Row 2",)),
        ({"extra": [1]}, "extra", ("Row 2",)),
        ({"colour": "red"}, "colour", ("Row 2", "unknown field")),
    ],
)
def test_replace_refuses_bad_values_by_row_and_field(
    world: World, r: Any, change: dict[str, Any], field: str, words: tuple[str, ...]
) -> None:
    rows = [_row(world, r, resource_id=r.spare.pk), _row(world, r, **change)]
    refused(
        lambda: assignments_replace(actor=world.users["manager"], project=world.a.project, rows=rows),
        field,
        *words,
    )


def test_replace_refuses_foreign_tasks_and_resources_and_duplicates(world: World, r: Any) -> None:
    manager, project = world.users["manager"], world.a.project
    foreign_task = Task.objects.filter(project=world.b.project).values_list("pk", flat=True).first()
    foreign_resource = world.b.obj("resource").pk
    refused(
        lambda: assignments_replace(
            actor=manager, project=project, rows=[_row(world, r, task_id=foreign_task)]
        ),
        "task_id",
        "Row 1",
        project.code,
    )
    refused(
        lambda: assignments_replace(
            actor=manager, project=project, rows=[_row(world, r, resource_id=foreign_resource)]
        ),
        "resource_id",
        "Row 1",
    )
    refused(
        lambda: assignments_replace(actor=manager, project=project, rows=[_row(world, r), _row(world, r)]),
        "resource_id",
        "Rows 1 and 2",
    )


def test_replace_needs_the_project_manager(world: World, r: Any) -> None:
    before = db_fingerprint()
    with pytest.raises(PermissionDenied):
        assignments_replace(actor=world.users["viewer"], project=world.a.project, rows=[])
    assert_fingerprint_unchanged(before)


def test_imported_units_above_the_cap_are_kept_and_stay_editable(world: World, r: Any) -> None:
    # A P6 nonlabor resource may carry 123 units per hour: an import keeps it (the UI cap is 100).
    task = world.a.obj("task2")
    assignments_replace(
        actor=world.users["manager"],
        project=world.a.project,
        rows=[{"task_id": task.pk, "resource_id": r.resource.pk, "units": 123}],
    )
    stored = Assignment.objects.select_related("project__scope").get(project=world.a.project)
    assert stored.units == Decimal("123.00")
    # Editing something else (the form sends the units back unchanged) works; raising them does not.
    edited = assignment_update(
        actor=world.users["manager"],
        assignment=stored,
        data={"units": "123", "work_minutes": 60, "resource": r.resource},
        expected_version=None,
    )
    assert edited.work_minutes == 60
    refused(
        lambda: assignment_update(
            actor=world.users["manager"], assignment=edited, data={"units": 124}, expected_version=None
        ),
        "units",
    )
