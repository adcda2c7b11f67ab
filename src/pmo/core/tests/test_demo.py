"""``pmo demo``: a believable organisation, created through the services, idempotently."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client, override_settings

from pmo.accounts.choices import Role
from pmo.accounts.models import Membership, Team, User
from pmo.accounts.selectors import role_on
from pmo.core.choices import AuditAction
from pmo.core.management.demo_data import DEMO_PASSWORD, PEOPLE
from pmo.core.models import AuditRecord
from pmo.portfolios.models import Portfolio
from pmo.programs.models import Program
from pmo.projects.models import Project

pytestmark = pytest.mark.django_db


def load() -> str:
    out = StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


def test_demo_builds_the_organisation_through_the_services() -> None:
    """Given an empty database, `pmo demo` creates 2 top-level portfolios (one with a sub-portfolio),
    3 programs, 15 projects in several states, 8 people and a team, each creation audited."""
    output = load()
    assert Portfolio.objects.filter(parent=None).count() == 2
    assert Portfolio.objects.exclude(parent=None).count() == 1
    assert Program.objects.count() == 3
    assert Project.objects.count() == 15
    assert Project.objects.filter(program=None).count() >= 2  # some sit directly in a portfolio
    assert set(Project.objects.values_list("state", flat=True)) >= {
        "proposed",
        "planning",
        "active",
        "completed",
    }
    assert User.objects.count() == len(PEOPLE) == 8
    assert Team.objects.get(name="Platform Engineering").members.count() == 2

    admin = User.objects.get(username="admin")
    assert admin.is_pmo_admin
    for project in Project.objects.all():
        created = AuditRecord.objects.get(object_uid=project.uid, action=AuditAction.CREATE)
        assert created.actor == admin
        assert project.scope.path.startswith(project.portfolio.scope.path)
        assert project.start_date <= project.finish_date
    assert "69 objects created" in output  # 39 for the organisation, 30 tasks in two schedules


def test_demo_schedules_are_planned_baselined_and_tracked() -> None:
    """The portal project has a scheduled WBS, baseline 0, progress to a status date and a slip."""
    call_command("demo", stdout=StringIO())
    from pmo.projects.models import Baseline, Task

    portal = Project.objects.get(code="CX-PORTAL")
    tasks = Task.objects.filter(project=portal)
    assert tasks.count() == 21 and tasks.filter(is_summary=True).count() == 4
    assert tasks.filter(is_critical=True).exists() and tasks.filter(percent_complete=100).exists()
    assert portal.status_date is not None
    baseline = Baseline.objects.get(project=portal, number=0)
    portal.refresh_from_db()
    assert portal.scheduled_finish > baseline.project_finish  # the slip after the baseline
    from pmo.charters.models import Charter
    from pmo.quality.models import Deliverable

    charter = Charter.objects.get(project=portal)
    assert charter.status == "approved" and charter.sponsor.username == "nina"
    assert set(Deliverable.objects.filter(project=portal).values_list("status", flat=True)) == {
        "accepted",
        "planned",
    }


def test_demo_history_holds_a_move_and_edits_by_the_people_in_charge() -> None:
    """The demo's history is real: one audited move between parents and edits by project managers."""
    load()
    network = Project.objects.get(code="DCX-NETWORK")
    assert network.program is not None
    assert network.program.code == "DCX"
    move = AuditRecord.objects.get(object_uid=network.uid, action=AuditAction.MOVE)
    assert move.changes["program"] == [None, str(network.program)]
    assert "steering committee" in move.note
    portal = Project.objects.get(code="CX-PORTAL")
    edits = AuditRecord.objects.filter(object_uid=portal.uid, action=AuditAction.UPDATE)
    (edit,) = [record for record in edits if "state" in record.changes]  # the status date is another
    assert edit.actor.username == "marcus"
    assert edit.changes == {"state": ["planning", "active"]}


def test_demo_roles_are_inherited_down_the_tree() -> None:
    """Roles given at one level hold below it: the portfolio manager manages the sub-portfolio's
    projects, the sponsor views, the team grants contributor rights, outsiders see nothing."""
    load()
    users = {user.username: user for user in User.objects.all()}
    forecasting = Project.objects.get(code="DP-FORECAST").scope  # DIGITAL › DATA › DPM › project
    migration = Project.objects.get(code="DCX-MIGRATE").scope
    assert role_on(users["priya"], forecasting) == Role.MANAGER
    assert role_on(users["elena"], forecasting) == Role.MANAGER
    assert role_on(users["nina"], forecasting) == Role.VIEWER
    assert role_on(users["priya"], migration) is None
    assert role_on(users["tom"], migration) == Role.CONTRIBUTOR  # through Platform Engineering
    assert role_on(users["sofia"], migration) == Role.MANAGER
    assert Membership.objects.filter(team__name="Platform Engineering").count() == 1


def test_demo_is_idempotent() -> None:
    """Running it again creates nothing, changes nothing and writes no audit records."""
    load()
    counts = (Project.objects.count(), User.objects.count(), Membership.objects.count())
    audit = AuditRecord.objects.count()
    versions = dict(Project.objects.values_list("code", "version"))
    output = load()
    assert (Project.objects.count(), User.objects.count(), Membership.objects.count()) == counts
    assert AuditRecord.objects.count() == audit
    assert dict(Project.objects.values_list("code", "version")) == versions
    assert "nothing changed" in output


def test_demo_prints_how_to_sign_in_and_the_accounts_work() -> None:
    """The output lists every account and the password; signing in with them works."""
    output = load()
    assert DEMO_PASSWORD in output
    for person in PEOPLE:
        assert person.username in output
    assert Client().login(username="priya", password=DEMO_PASSWORD)


@override_settings(ENVIRONMENT="production")
def test_demo_refuses_to_run_in_production() -> None:
    """Published demo passwords have no place in production: the command refuses, writes nothing."""
    with pytest.raises(CommandError, match="production"):
        load()
    assert not User.objects.exists()
