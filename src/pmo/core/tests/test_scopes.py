"""The scope tree: paths after moves, and the scope filter that every selector relies on."""

from __future__ import annotations

import pytest

from pmo.accounts.choices import Role
from pmo.accounts.selectors import role_on, scope_filter, visible_scopes
from pmo.accounts.services import membership_grant, user_create
from pmo.core.choices import ScopeKind
from pmo.core.models import Scope
from pmo.portfolios.services import portfolio_create, portfolio_move
from pmo.programs.services import program_move
from pmo.projects.models import Project
from pmo.projects.selectors import projects_visible
from pmo.projects.services import project_create, project_move

pytestmark = pytest.mark.django_db


def _path(obj) -> str:
    obj.scope.refresh_from_db()
    return obj.scope.path


def test_project_move_rewrites_its_path_and_parents(world) -> None:
    """A project moved from a program to a sub-portfolio hangs under the sub-portfolio afterwards."""
    admin = world.users["pmo_admin"]
    project = world.a.project
    project.assignments.all().delete()  # assignments keep a project in its portfolio's pool
    moved = project_move(
        actor=admin, project=project, new_parent=world.a.subportfolio.scope, expected_version=None
    )
    assert moved.program is None
    assert moved.portfolio == world.a.subportfolio
    assert _path(moved) == f"{world.a.subportfolio.scope.path}{moved.scope.pk}/"
    assert moved.scope.parent == world.a.subportfolio.scope


def test_program_move_carries_its_projects(world) -> None:
    """Moving a program to portfolio B rewrites its projects' paths and their portfolio."""
    admin = world.users["pmo_admin"]
    program = program_move(
        actor=admin, program=world.a.program, portfolio_scope=world.b.portfolio.scope, expected_version=None
    )
    project = Project.objects.get(pk=world.a.project.pk)
    assert program.portfolio == world.b.portfolio
    assert project.portfolio == world.b.portfolio
    assert _path(project) == f"{world.b.portfolio.scope.path}{program.scope.pk}/{project.scope.pk}/"


def test_portfolio_move_rewrites_the_whole_subtree(world) -> None:
    """A sub-portfolio moved under B takes its projects along; A's manager loses sight of them."""
    admin = world.users["pmo_admin"]
    moved = portfolio_move(
        actor=admin, portfolio=world.a.subportfolio, new_parent=world.b.portfolio, expected_version=None
    )
    project = Project.objects.get(pk=world.a.project_sub.pk)
    assert _path(moved) == f"{world.b.portfolio.scope.path}{moved.scope.pk}/"
    assert _path(project).startswith(moved.scope.path)
    manager = world.users["manager"]
    assert not projects_visible(manager).filter(pk=project.pk).exists()
    assert projects_visible(world.users["outsider"]).filter(pk=project.pk).exists()


def test_moving_a_portfolio_under_its_own_child_is_refused(world) -> None:
    """A portfolio cannot become a descendant of itself."""
    from pmo.core.errors import DomainRuleError

    admin = world.users["pmo_admin"]
    child = world.a.subportfolio
    grandchild = portfolio_create(actor=admin, parent=child, code="GC-1", name="Grandchild")
    with pytest.raises(DomainRuleError):
        portfolio_move(actor=admin, portfolio=child, new_parent=grandchild, expected_version=None)


def test_scope_filter_does_not_match_siblings_with_a_common_prefix() -> None:
    """A role on scope ``/N/`` must not reach scope ``/N2/``, whose id merely starts with N."""
    admin = user_create(actor=None, username="root", password=None, is_pmo_admin=True)
    user = user_create(actor=None, username="u", password=None)
    # Ids chosen far above any sequence value, so the string prefix is guaranteed.
    near = Scope.objects.create(pk=9_100_001, kind=ScopeKind.PORTFOLIO, path="/9100001/")
    far = Scope.objects.create(pk=91_000_012, kind=ScopeKind.PORTFOLIO, path="/91000012/")
    prefix_twin = Scope.objects.create(pk=91_000_010, kind=ScopeKind.PORTFOLIO, path="/91000010/")
    membership_grant(actor=admin, scope=near, role=Role.VIEWER, user=user)
    membership_grant(actor=admin, scope=prefix_twin, role=Role.MANAGER, user=admin)

    visible = set(visible_scopes(user).values_list("pk", flat=True))
    assert visible == {near.pk}
    assert role_on(user, far) is None
    assert role_on(user, near) == Role.VIEWER
    condition = scope_filter(user, path_lookup="path")
    assert not Scope.objects.filter(condition).filter(pk__in=[far.pk, prefix_twin.pk]).exists()


def test_scope_filter_for_admin_and_for_nobody(world) -> None:
    """An administrator is not filtered at all; a user without roles sees nothing."""
    assert scope_filter(world.users["pmo_admin"]) is None
    assert not visible_scopes(world.users["no_role"]).exists()


def test_new_child_inherits_roles_immediately(world) -> None:
    """A project created under A is visible to A's viewer at once (no copy of memberships)."""
    project = project_create(
        actor=world.users["manager"], parent=world.a.subportfolio.scope, code="NEW-1", name="New"
    )
    assert role_on(world.users["viewer"], project.scope) == Role.VIEWER
    assert projects_visible(world.users["viewer"]).filter(pk=project.pk).exists()
