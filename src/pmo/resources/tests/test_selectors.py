"""Resource selectors: who sees a pool (the portfolio's members and the members of anything inside it),
who sees assignments (the project's), 404 out of scope, and the grouped view of a project."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import Http404

from pmo.accounts.choices import Role
from pmo.accounts.services import membership_grant, user_create
from pmo.resources import selectors
from pmo.resources.services import assignment_create, resource_create
from pmo.testing.personas import World

pytestmark = pytest.mark.django_db


def member(world: World, name: str, scope: Any, role: str = Role.VIEWER) -> Any:
    user = user_create(actor=None, username=name, password="x-long-password-1", email=f"{name}@example.test")
    membership_grant(actor=world.users["pmo_admin"], scope=scope, role=role, user=user)
    return user


def names(queryset: Any) -> set[str]:
    return {resource.name for resource in queryset}


def test_outsiders_and_people_without_a_role_see_no_resource(world: World, r: Any) -> None:
    assert not selectors.resources_visible(world.users["no_role"]).exists()
    assert not selectors.assignments_visible(world.users["no_role"]).exists()
    outsider = world.users["outsider"]
    assert names(selectors.resources_visible(outsider)) == names(
        [world.b.obj("resource"), world.b.obj("spare_resource")]
    )
    assert not selectors.assignments_visible(outsider).filter(project__portfolio=world.a.portfolio).exists()
    for lookup in (
        lambda: selectors.resource_get(outsider, r.resource.uid),
        lambda: selectors.assignment_get(outsider, r.assignment.uid),
        lambda: selectors.pool_get(outsider, world.a.portfolio.uid),
    ):
        with pytest.raises(Http404):
            lookup()


def test_a_project_member_sees_the_pool_of_its_portfolio(world: World, r: Any) -> None:
    reader = member(world, "reader", world.a.project.scope)
    assert names(selectors.resources_visible(reader)) == {r.resource.name, r.spare.name}
    assert selectors.pool_get(reader, world.a.portfolio.uid) == r.pool
    assert selectors.assignment_get(reader, r.assignment.uid) == r.assignment
    # ...but not the pools of other portfolios, nor of the sub-portfolio beside its project.
    resource_create(actor=world.users["manager"], pool=world.a.subportfolio.scope, name="Sub crane")
    assert "Sub crane" not in names(selectors.resources_visible(reader))
    with pytest.raises(Http404):
        selectors.pool_get(reader, world.a.subportfolio.uid)


def test_a_sub_portfolio_member_sees_its_pool_and_the_one_above(world: World, r: Any) -> None:
    resource_create(actor=world.users["manager"], pool=world.a.subportfolio.scope, name="Sub crane")
    reader = member(world, "reader", world.a.project_sub.scope)
    assert names(selectors.resources_visible(reader)) == {"Sub crane", r.resource.name, r.spare.name}
    # The assignments of other projects stay hidden.
    assert not selectors.assignments_visible(reader).exists()


def test_a_portfolio_member_sees_the_pools_below(world: World, r: Any) -> None:
    resource_create(actor=world.users["manager"], pool=world.a.subportfolio.scope, name="Sub crane")
    assert "Sub crane" in names(selectors.resources_visible(world.users["viewer"]))
    assert selectors.resource_get(world.users["viewer"], r.resource.uid, pool=r.pool) == r.resource
    with pytest.raises(Http404):
        selectors.resource_get(world.users["viewer"], r.resource.uid, pool=world.a.subportfolio.scope)


def test_pool_of_is_the_projects_own_portfolio(world: World) -> None:
    assert selectors.pool_of(world.a.project) == world.a.portfolio.scope  # via its program
    assert selectors.pool_of(world.a.project_direct) == world.a.portfolio.scope
    assert selectors.pool_of(world.a.project_sub) == world.a.subportfolio.scope


def test_pool_counts_only_assignments_the_user_may_see(world: World, r: Any) -> None:
    counts = {
        res.name: res.assignment_count for res in selectors.pool_resources(world.users["viewer"], r.pool)
    }
    assert counts == {r.resource.name: 1, r.spare.name: 0}
    stranger = member(world, "stranger", world.a.project_direct.scope)
    hidden = {res.name: res.assignment_count for res in selectors.pool_resources(stranger, r.pool)}
    assert hidden == {r.resource.name: 0, r.spare.name: 0}


def test_loads_group_a_projects_assignments_by_resource_with_totals(world: World, r: Any) -> None:
    task2 = world.a.obj("task2")
    assignment_create(
        actor=world.users["manager"],
        project=world.a.project,
        task=task2,
        resource=r.resource,
        work_minutes=90,
    )
    assignment_create(actor=world.users["manager"], project=world.a.project, task=task2, resource=r.spare)
    loads = selectors.loads_of(world.users["viewer"], world.a.project)
    assert [(load.resource.pk, len(load.assignments), load.work_minutes) for load in loads] == sorted(
        [(r.resource.pk, 2, 960 + 90), (r.spare.pk, 1, 0)],
        key=lambda row: {r.resource.pk: r.resource.name.lower(), r.spare.pk: r.spare.name.lower()}[row[0]],
    )
    assert next(load for load in loads if load.resource.pk == r.resource.pk).work_hours == 17.5
    assert selectors.loads_of(world.users["outsider"], world.a.project) == []
