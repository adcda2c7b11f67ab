"""Generic write helpers: scope creation and re-parenting, versioned updates, stale writes."""

from __future__ import annotations

import pytest

from pmo.core.choices import ScopeKind
from pmo.core.errors import StaleVersionError
from pmo.core.models import Scope
from pmo.core.services import lock_for_update, scope_create, scope_reparent
from pmo.projects.services import project_update

pytestmark = pytest.mark.django_db


def test_scope_create_builds_the_materialised_path() -> None:
    """A root scope's path is ``/id/``; a child's is its parent's path plus its own id."""
    root = scope_create(kind=ScopeKind.PORTFOLIO, parent=None)
    child = scope_create(kind=ScopeKind.PROGRAM, parent=root)
    assert root.path == f"/{root.pk}/"
    assert child.path == f"/{root.pk}/{child.pk}/"
    assert child.ancestor_ids() == [root.pk, child.pk]


def test_scope_reparent_rewrites_the_whole_subtree() -> None:
    """Moving a scope rewrites its path and every descendant's, and nothing else."""
    a = scope_create(kind=ScopeKind.PORTFOLIO, parent=None)
    b = scope_create(kind=ScopeKind.PORTFOLIO, parent=None)
    program = scope_create(kind=ScopeKind.PROGRAM, parent=a)
    project = scope_create(kind=ScopeKind.PROJECT, parent=program)
    sibling = scope_create(kind=ScopeKind.PROJECT, parent=a)

    scope_reparent(scope=program, new_parent=b)

    program.refresh_from_db()
    project.refresh_from_db()
    sibling.refresh_from_db()
    assert program.parent == b
    assert program.path == f"/{b.pk}/{program.pk}/"
    assert project.path == f"/{b.pk}/{program.pk}/{project.pk}/"
    assert sibling.path == f"/{a.pk}/{sibling.pk}/"


def test_scope_cannot_move_under_itself() -> None:
    """Re-parenting a scope under its own descendant is refused and changes nothing."""
    a = scope_create(kind=ScopeKind.PORTFOLIO, parent=None)
    child = scope_create(kind=ScopeKind.PORTFOLIO, parent=a)
    with pytest.raises(ValueError, match="under itself"):
        scope_reparent(scope=a, new_parent=child)
    assert Scope.objects.get(pk=a.pk).path == f"/{a.pk}/"


def test_stale_version_names_who_changed_what(world) -> None:
    """Given two editors who read version 1, when the second writes, then 412-style error names the first."""
    project = world.a.project
    read_version = project.version
    project_update(
        actor=world.users["manager"], project=project, data={"name": "First"}, expected_version=read_version
    )
    with pytest.raises(StaleVersionError) as error:
        project_update(
            actor=world.users["pmo_admin"],
            project=project,
            data={"description": "Second"},
            expected_version=read_version,
        )
    stale = error.value
    assert stale.current_version == read_version + 1
    assert stale.expected_version == read_version
    assert stale.changed_by == "Mona Manager"
    assert stale.changed_fields == ["name"]
    assert "Mona Manager changed name" in str(stale)
    project.refresh_from_db()
    assert project.description != "Second"


def test_lock_for_update_without_expected_version_skips_the_check(world) -> None:
    """Internal callers that pass ``expected_version=None`` get the current row."""
    project = world.a.project
    project_update(actor=world.users["manager"], project=project, data={"name": "N"}, expected_version=None)
    current = lock_for_update(project, expected_version=None)
    assert current.version == project.version + 1
