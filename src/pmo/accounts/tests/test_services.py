"""Writes for people and access: who may create users and teams and grant which roles (SECURITY A8)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from pmo.accounts.choices import Role
from pmo.accounts.models import Membership
from pmo.accounts.services import (
    membership_change_role,
    membership_grant,
    membership_revoke,
    team_create,
    team_set_members,
    user_create,
)
from pmo.core.choices import AuditAction
from pmo.core.errors import DomainRuleError
from pmo.core.models import AuditRecord
from pmo.core.selectors import history_of

pytestmark = pytest.mark.django_db


def test_user_create_by_the_system_or_an_admin_only(world) -> None:
    """The system (actor None) and a PMO admin create users; a manager cannot."""
    created = user_create(actor=world.users["pmo_admin"], username="newbie", password="s3cret-pass-word")
    assert created.check_password("s3cret-pass-word")
    record = history_of(created).get(action=AuditAction.CREATE)
    assert record.actor == world.users["pmo_admin"]
    assert "password" not in record.changes
    with pytest.raises(DomainRuleError):
        user_create(actor=world.users["manager"], username="sneaky", password=None)


def test_user_without_password_cannot_log_in(db) -> None:
    """A user created without a password has an unusable one."""
    user = user_create(actor=None, username="sso", password=None)
    assert not user.has_usable_password()


def test_teams_are_managed_by_admins(world) -> None:
    """Only a PMO administrator creates teams or changes their members; changes are audited."""
    admin = world.users["pmo_admin"]
    with pytest.raises(PermissionDenied):
        team_create(actor=world.users["manager"], name="Rogue")
    team = team_create(actor=admin, name="Finance")
    with pytest.raises(PermissionDenied):
        team_set_members(actor=world.users["manager"], team=team, members=[world.users["viewer"]])
    team_set_members(actor=admin, team=team, members=[world.users["viewer"]])
    assert history_of(team).first().changes == {"members": [[], ["Vera Viewer"]]}


def test_manager_grants_roles_up_to_their_own(world) -> None:
    """A's manager may grant viewer, contributor or manager on A's program."""
    manager = world.users["manager"]
    membership = membership_grant(
        actor=manager, scope=world.a.program.scope, role=Role.MANAGER, user=world.users["no_role"]
    )
    assert membership.role == Role.MANAGER
    assert history_of(membership).first().actor == manager


@pytest.mark.parametrize("persona", ["viewer", "contributor"])
def test_smaller_roles_cannot_grant(world, persona) -> None:
    """A viewer or contributor cannot give anyone a role (403), not even a viewer one."""
    before = Membership.objects.count()
    with pytest.raises(PermissionDenied):
        membership_grant(
            actor=world.users[persona],
            scope=world.a.project.scope,
            role=Role.VIEWER,
            user=world.users["no_role"],
        )
    assert Membership.objects.count() == before


def test_manager_cannot_grant_admin_or_unknown_roles(world) -> None:
    """'admin' (PMO administrator) is not a scope role; the message names the field."""
    for role in (Role.ADMIN, "owner"):
        with pytest.raises(DomainRuleError) as error:
            membership_grant(
                actor=world.users["manager"],
                scope=world.a.project.scope,
                role=role,
                user=world.users["no_role"],
            )
        assert error.value.field == "role"


def test_manager_of_a_cannot_grant_on_b(world) -> None:
    """The check uses the requester's role on the target scope: A's manager has none on B."""
    with pytest.raises(PermissionDenied):
        membership_grant(
            actor=world.users["manager"],
            scope=world.b.portfolio.scope,
            role=Role.VIEWER,
            user=world.users["manager"],
        )


def test_grant_names_exactly_one_holder(world) -> None:
    """A membership is for a user or a team, never both or neither."""
    admin = world.users["pmo_admin"]
    with pytest.raises(DomainRuleError):
        membership_grant(actor=admin, scope=world.a.project.scope, role=Role.VIEWER)
    with pytest.raises(DomainRuleError):
        membership_grant(
            actor=admin,
            scope=world.a.project.scope,
            role=Role.VIEWER,
            user=world.users["no_role"],
            team=world.a.team,
        )


def test_nobody_changes_their_own_role(world) -> None:
    """A manager cannot promote or demote themselves."""
    membership = world.a.membership
    with pytest.raises(DomainRuleError) as error:
        membership_change_role(
            actor=world.users["manager"], membership=membership, role=Role.VIEWER, expected_version=None
        )
    assert error.value.field == "role"
    membership.refresh_from_db()
    assert membership.role == Role.MANAGER


def test_contributor_cannot_promote_themselves(world) -> None:
    """A contributor editing their own membership is refused (403) and nothing changes."""
    own = Membership.objects.get(user=world.users["contributor"])
    with pytest.raises(PermissionDenied):
        membership_change_role(
            actor=world.users["contributor"], membership=own, role=Role.MANAGER, expected_version=None
        )
    own.refresh_from_db()
    assert own.role == Role.CONTRIBUTOR


def test_manager_changes_and_revokes_others(world) -> None:
    """A's manager changes the contributor's role, then revokes it; both are audited."""
    manager = world.users["manager"]
    membership = Membership.objects.get(user=world.users["contributor"])
    changed = membership_change_role(
        actor=manager, membership=membership, role=Role.VIEWER, expected_version=membership.version
    )
    assert changed.role == Role.VIEWER
    assert history_of(changed).first().changes == {"role": [Role.CONTRIBUTOR, Role.VIEWER]}
    membership_revoke(actor=manager, membership=changed, expected_version=changed.version)
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert AuditRecord.objects.filter(object_uid=membership.uid, action=AuditAction.DELETE).exists()


def test_manager_of_a_program_cannot_revoke_the_portfolio_manager(world) -> None:
    """A role held higher up the tree is out of reach of a manager further down."""
    admin = world.users["pmo_admin"]
    program_manager = world.users["no_role"]
    membership_grant(actor=admin, scope=world.a.program.scope, role=Role.MANAGER, user=program_manager)
    with pytest.raises(PermissionDenied):
        membership_revoke(actor=program_manager, membership=world.a.membership, expected_version=None)
    assert Membership.objects.filter(pk=world.a.membership.pk).exists()
