"""Roles, their inheritance down the tree, team memberships and the scoped reads."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from pmo.accounts.choices import Role
from pmo.accounts.selectors import (
    api_tokens_of,
    forget_memberships,
    has_role,
    membership_paths,
    memberships_visible,
    require_role,
    role_on,
    scoped,
    teams_visible,
    users_visible,
)
from pmo.accounts.services import membership_grant, team_create, team_set_members
from pmo.portfolios.selectors import portfolios_visible
from pmo.programs.selectors import programs_visible
from pmo.projects.models import Project
from pmo.projects.selectors import project_get, projects_visible

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["viewer", "contributor", "manager"])
@pytest.mark.parametrize(
    "node", ["portfolio", "subportfolio", "program", "project", "project_direct", "project_sub"]
)
def test_portfolio_role_applies_to_everything_below(world, persona, node) -> None:
    """A role on portfolio A holds on its sub-portfolio, program and every project in it."""
    user = world.users[persona]
    scope = world.a.obj(node).scope
    assert role_on(user, scope) == persona
    assert role_on(user, world.b.obj(node).scope) is None


def test_role_does_not_flow_upwards(world) -> None:
    """A role on a project gives nothing on its program or portfolio."""
    admin = world.users["pmo_admin"]
    no_role = world.users["no_role"]
    membership_grant(actor=admin, scope=world.a.project.scope, role=Role.MANAGER, user=no_role)
    forget_memberships(no_role)
    assert role_on(no_role, world.a.project.scope) == Role.MANAGER
    assert role_on(no_role, world.a.program.scope) is None
    assert role_on(no_role, world.a.portfolio.scope) is None
    assert list(projects_visible(no_role)) == [world.a.project]
    assert not programs_visible(no_role).exists()


def test_team_membership_gives_its_role_to_the_members(world) -> None:
    """A team's role on a program reaches its members, on the program and its projects only."""
    admin = world.users["pmo_admin"]
    no_role = world.users["no_role"]
    team = team_create(actor=admin, name="Auditors")
    membership_grant(actor=admin, scope=world.b.program.scope, role=Role.CONTRIBUTOR, team=team)
    team_set_members(actor=admin, team=team, members=[no_role])
    forget_memberships(no_role)
    assert role_on(no_role, world.b.program.scope) == Role.CONTRIBUTOR
    assert role_on(no_role, world.b.project.scope) == Role.CONTRIBUTOR
    assert role_on(no_role, world.b.portfolio.scope) is None
    assert project_get(no_role, world.b.project.uid) == world.b.project


def test_best_of_direct_and_team_roles_wins(world) -> None:
    """The viewer is also in A's team (viewer on A's program); a direct manager role still wins."""
    admin = world.users["pmo_admin"]
    viewer = world.users["viewer"]
    assert role_on(viewer, world.a.program.scope) == Role.VIEWER
    membership_grant(actor=admin, scope=world.a.program.scope, role=Role.MANAGER, user=viewer)
    forget_memberships(viewer)
    assert role_on(viewer, world.a.program.scope) == Role.MANAGER
    assert role_on(viewer, world.a.portfolio.scope) == Role.VIEWER


def test_pmo_admin_has_every_role_everywhere(world) -> None:
    """A PMO administrator is admin on every scope and sees everything."""
    admin = world.users["pmo_admin"]
    assert role_on(admin, world.b.project.scope) == Role.ADMIN
    assert has_role(admin, world.a.portfolio.scope, Role.MANAGER)
    assert set(projects_visible(admin)) == set(Project.objects.all())


def test_deactivated_user_has_no_role(world) -> None:
    """A deactivated user loses every role at once."""
    manager = world.users["manager"]
    manager.is_active = False
    manager.save()
    forget_memberships(manager)
    assert role_on(manager, world.a.portfolio.scope) is None
    assert membership_paths(manager) == {}
    assert not portfolios_visible(manager).exists()


def test_anonymous_has_nothing(world) -> None:
    """The anonymous user has no role and sees nothing."""
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    assert role_on(anonymous, world.a.portfolio.scope) is None
    assert not projects_visible(anonymous).exists()


def test_require_role_says_which_role_is_needed(world) -> None:
    """Too small a role raises PermissionDenied naming the role and the level."""
    with pytest.raises(PermissionDenied, match="manager role on this project"):
        require_role(world.users["viewer"], world.a.project.scope, Role.MANAGER)
    assert require_role(world.users["manager"], world.a.project.scope, Role.MANAGER) == Role.MANAGER


def test_scoped_reads_stay_inside_the_scope(world) -> None:
    """Each persona sees exactly its side's projects."""
    a_projects = {world.a.project, world.a.project_direct, world.a.project_sub}
    b_projects = {world.b.project, world.b.project_direct, world.b.project_sub}
    assert set(projects_visible(world.users["viewer"])) == a_projects
    assert set(projects_visible(world.users["outsider"])) == b_projects
    assert not projects_visible(world.users["no_role"]).exists()
    assert set(scoped(Project.objects.all(), world.users["manager"])) == a_projects


def test_people_and_teams_visible_only_through_shared_scopes(world) -> None:
    """A's manager sees A's people and team, never the outsider or B's team."""
    manager = world.users["manager"]
    people = set(users_visible(manager))
    assert {world.users["viewer"], world.users["contributor"], manager} <= people
    assert world.users["outsider"] not in people
    assert set(users_visible(world.users["no_role"])) == {world.users["no_role"]}
    assert world.a.team in teams_visible(manager)
    assert world.b.team not in teams_visible(manager)
    memberships = memberships_visible(manager)
    assert world.a.membership in memberships and world.b.membership not in memberships


def test_api_tokens_are_only_ones_own(world) -> None:
    """``api_tokens_of`` lists the user's tokens and nobody else's."""
    assert list(api_tokens_of(world.users["manager"])) == [world.tokens["manager"]]


def test_membership_cache_is_per_user_object_and_can_be_dropped(world) -> None:
    """Roles are read once per user object; ``forget_memberships`` reloads them."""
    admin = world.users["pmo_admin"]
    no_role = world.users["no_role"]
    assert membership_paths(no_role) == {}
    membership_grant(actor=admin, scope=world.a.program.scope, role=Role.VIEWER, user=no_role)
    assert membership_paths(no_role) == {}
    forget_memberships(no_role)
    assert membership_paths(no_role) == {world.a.program.scope.path: Role.VIEWER}
