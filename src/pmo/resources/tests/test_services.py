"""Resource and assignment services: who may write, the pool and project invariants, units and work
in range, names unique ignoring case, stale versions; every refusal names its field and writes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from pmo.accounts.choices import Role
from pmo.accounts.services import membership_grant, user_create
from pmo.core.errors import DomainRuleError, StaleVersionError
from pmo.core.selectors import history_of
from pmo.projects.models import Task
from pmo.resources.choices import ResourceKind
from pmo.resources.models import Assignment, Resource
from pmo.resources.services import (
    assignment_create,
    assignment_delete,
    assignment_update,
    resource_create,
    resource_delete,
    resource_update,
)
from pmo.testing.fingerprint import assert_fingerprint_unchanged, db_fingerprint
from pmo.testing.personas import World

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 2, 2, 8, tzinfo=dt.UTC)


def person(world: World, name: str, scope: Any, role: str) -> Any:
    user = user_create(actor=None, username=name, password="x-long-password-1", email=f"{name}@example.test")
    membership_grant(actor=world.users["pmo_admin"], scope=scope, role=role, user=user)
    return user


def refused(call: Any, field: str | None) -> DomainRuleError:
    """Run ``call``, expect a DomainRuleError naming ``field``, and check nothing was written."""
    before = db_fingerprint()
    with pytest.raises(DomainRuleError) as error:
        call()
    assert error.value.field == field, error.value.message
    assert_fingerprint_unchanged(before)
    return error.value


# --- resources ------------------------------------------------------------------------------------


def test_manager_adds_a_resource_and_it_is_audited(world: World, r: Any) -> None:
    created = resource_create(
        actor=world.users["manager"],
        pool=r.pool,
        name="  Welder ",
        kind=ResourceKind.WORK,
        max_units=0.5,
        standard_rate="72.125",
        is_generic=True,
    )
    assert (created.name, created.max_units, created.standard_rate) == (
        "Welder",
        Decimal("0.50"),
        Decimal("72.1250"),
    )
    record = history_of(created).first()
    assert record is not None and record.action == "create" and record.scope_id == r.pool.pk
    assert record.changes["name"] == [None, "Welder"]


def test_names_are_unique_in_a_pool_ignoring_case(world: World, r: Any) -> None:
    error = refused(
        lambda: resource_create(actor=world.users["manager"], pool=r.pool, name=r.spare.name.upper()), "name"
    )
    assert r.spare.name in error.message
    # Another pool may use the name.
    other = resource_create(actor=world.users["manager"], pool=world.a.subportfolio.scope, name=r.spare.name)
    assert other.scope_id == world.a.subportfolio.scope.pk


@pytest.mark.parametrize("persona", ["viewer", "contributor"])
def test_pool_edits_need_the_portfolio_manager(world: World, r: Any, persona: str) -> None:
    before = db_fingerprint()
    with pytest.raises(PermissionDenied):
        resource_create(actor=world.users[persona], pool=r.pool, name="Nope")
    with pytest.raises(PermissionDenied):
        resource_update(
            actor=world.users[persona], resource=r.spare, data={"name": "x"}, expected_version=None
        )
    with pytest.raises(PermissionDenied):
        resource_delete(actor=world.users[persona], resource=r.spare, expected_version=None)
    assert_fingerprint_unchanged(before)


def test_a_project_manager_cannot_change_the_pool(world: World, r: Any) -> None:
    lead = person(world, "lead", world.a.project.scope, Role.MANAGER)
    with pytest.raises(PermissionDenied):
        resource_create(actor=lead, pool=r.pool, name="Mine")


def test_a_pool_is_a_portfolio(world: World) -> None:
    refused(
        lambda: resource_create(actor=world.users["pmo_admin"], pool=world.a.program.scope, name="X"), "pool"
    )


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"max_units": -1}, "max_units"),
        ({"standard_rate": "-0.5"}, "standard_rate"),
        ({"kind": "robot"}, "kind"),
        ({"name": "   "}, "name"),
        ({"scope": 1}, "scope"),
        ({"max_units": "lots"}, "max_units"),
    ],
)
def test_bad_resource_values_are_refused_by_field(
    world: World, r: Any, data: dict[str, Any], field: str
) -> None:
    refused(
        lambda: resource_update(
            actor=world.users["manager"], resource=r.spare, data=data, expected_version=r.spare.version
        ),
        field,
    )


def test_resource_update_checks_the_version_and_renames(world: World, r: Any) -> None:
    manager = world.users["manager"]
    renamed = resource_update(
        actor=manager, resource=r.spare, data={"name": "Crane"}, expected_version=r.spare.version
    )
    assert (renamed.name, renamed.version) == ("Crane", r.spare.version + 1)
    with pytest.raises(StaleVersionError):
        resource_update(
            actor=manager, resource=renamed, data={"name": "Hoist"}, expected_version=r.spare.version
        )
    refused(
        lambda: resource_update(
            actor=manager, resource=renamed, data={"name": r.resource.name.lower()}, expected_version=None
        ),
        "name",
    )


def test_a_linked_user_must_be_visible_to_the_manager(world: World, r: Any) -> None:
    manager = world.users["manager"]
    refused(
        lambda: resource_update(
            actor=manager, resource=r.spare, data={"user": world.users["outsider"]}, expected_version=None
        ),
        "user",
    )
    linked = resource_update(
        actor=manager, resource=r.spare, data={"user": world.users["viewer"]}, expected_version=None
    )
    assert linked.user == world.users["viewer"]


def test_a_resource_in_use_cannot_be_deleted(world: World, r: Any) -> None:
    error = refused(
        lambda: resource_delete(actor=world.users["manager"], resource=r.resource, expected_version=None),
        "assignments",
    )
    assert "assigned to 1 task" in error.message and world.a.project.code in error.message
    resource_delete(actor=world.users["manager"], resource=r.spare, expected_version=r.spare.version)
    assert not Resource.objects.filter(pk=r.spare.pk).exists()


# --- assignments ----------------------------------------------------------------------------------


def task2(world: World) -> Task:
    return Task.objects.get(pk=world.a.obj("task2").pk)


def test_a_project_manager_assigns_from_the_portfolio_pool(world: World, r: Any) -> None:
    lead = person(world, "lead", world.a.project.scope, Role.MANAGER)
    created = assignment_create(
        actor=lead,
        project=world.a.project,
        task=task2(world),
        resource=r.resource,
        units=0.333,
        work_minutes=600,
        start=START,
        finish=START + dt.timedelta(days=2),
    )
    assert (created.units, created.work_minutes, created.project_id) == (
        Decimal("0.33"),
        600,
        world.a.project.pk,
    )
    record = history_of(created).first()
    assert record is not None and record.scope_id == world.a.project.scope_id


@pytest.mark.parametrize("persona", ["viewer", "contributor"])
def test_assignments_need_the_project_manager(world: World, r: Any, persona: str) -> None:
    before = db_fingerprint()
    actor = world.users[persona]
    with pytest.raises(PermissionDenied):
        assignment_create(actor=actor, project=world.a.project, task=task2(world), resource=r.resource)
    with pytest.raises(PermissionDenied):
        assignment_update(actor=actor, assignment=r.assignment, data={"units": 1}, expected_version=None)
    with pytest.raises(PermissionDenied):
        assignment_delete(actor=actor, assignment=r.assignment, expected_version=None)
    assert_fingerprint_unchanged(before)


def test_the_task_must_be_the_projects(world: World, r: Any) -> None:
    foreign = Task.objects.filter(project=world.b.project).first()
    refused(
        lambda: assignment_create(
            actor=world.users["pmo_admin"], project=world.a.project, task=foreign, resource=r.resource
        ),
        "task",
    )


def test_the_resource_must_be_in_the_pool_of_the_projects_portfolio(world: World, r: Any) -> None:
    sub_resource = resource_create(actor=world.users["manager"], pool=world.a.subportfolio.scope, name="Sub")
    error = refused(
        lambda: assignment_create(
            actor=world.users["manager"], project=world.a.project, task=task2(world), resource=sub_resource
        ),
        "resource",
    )
    assert world.a.portfolio.code in error.message


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"units": 101}, "units"),
        ({"units": -0.5}, "units"),
        ({"work_minutes": -1}, "work_minutes"),
        ({"remaining_work_minutes": -60}, "remaining_work_minutes"),
        ({"contour": 12}, "contour"),
        ({"start": START, "finish": START - dt.timedelta(hours=1)}, "finish"),
        ({"start": dt.datetime(2026, 2, 2, 8)}, "start"),
    ],
)
def test_bad_assignment_values_are_refused_by_field(
    world: World, r: Any, values: dict[str, Any], field: str
) -> None:
    refused(
        lambda: assignment_create(
            actor=world.users["manager"],
            project=world.a.project,
            task=task2(world),
            resource=r.resource,
            **values,
        ),
        field,
    )


def test_material_assignments_carry_quantities(world: World, r: Any) -> None:
    concrete = resource_create(
        actor=world.users["manager"],
        pool=r.pool,
        name="Concrete",
        kind=ResourceKind.MATERIAL,
        material_label="m3",
    )
    created = assignment_create(
        actor=world.users["manager"], project=world.a.project, task=task2(world), resource=concrete, units=250
    )
    assert created.units == Decimal("250.00")
    # Swapping the quantity onto a work resource would mean 25,000%: refused.
    refused(
        lambda: assignment_update(
            actor=world.users["manager"],
            assignment=created,
            data={"resource": r.spare},
            expected_version=None,
        ),
        "units",
    )


def test_a_resource_is_assigned_to_a_task_once(world: World, r: Any) -> None:
    task = Task.objects.get(pk=r.assignment.task_id)
    refused(
        lambda: assignment_create(
            actor=world.users["manager"], project=world.a.project, task=task, resource=r.resource
        ),
        "resource",
    )
    other = assignment_create(
        actor=world.users["manager"], project=world.a.project, task=task2(world), resource=r.resource
    )
    refused(
        lambda: assignment_update(
            actor=world.users["manager"], assignment=other, data={"task": task}, expected_version=None
        ),
        "resource",
    )


def test_assignment_update_and_delete_are_versioned_and_audited(world: World, r: Any) -> None:
    manager = world.users["manager"]
    version = r.assignment.version
    updated = assignment_update(
        actor=manager,
        assignment=r.assignment,
        data={"units": "1", "work_minutes": 1200},
        expected_version=version,
    )
    assert (updated.units, updated.work_minutes, updated.version) == (Decimal("1.00"), 1200, version + 1)
    record = history_of(updated).first()
    assert record is not None and record.changes["work_minutes"] == [960, 1200]
    with pytest.raises(StaleVersionError):
        assignment_delete(actor=manager, assignment=updated, expected_version=version)
    assignment_delete(actor=manager, assignment=updated, expected_version=updated.version)
    assert not Assignment.objects.filter(pk=r.assignment.pk).exists()
    assert history_of(updated).first().action == "delete"  # type: ignore[union-attr]
