"""RAID pages: the logs of a project, program and portfolio (tabs, filters, htmx, overdue), the
forms of every kind (happy path, bad input naming the field, stale version), linking, deciding."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from pmo.raid.kinds import KINDS
from pmo.raid.models import Decision, Issue, RaidLink
from pmo.raid.services import raid_item_update
from pmo.raid.tests.routes import CHOICES
from pmo.testing.fingerprint import assert_fingerprint_unchanged, db_fingerprint
from pmo.testing.personas import World

pytestmark = pytest.mark.django_db


def client_for(world: World, persona: str) -> Client:
    client = Client()
    client.force_login(world.users[persona])
    return client


def test_project_log_lists_issues_with_overdue_highlight_and_role_actions(world: World) -> None:
    # Given the world's issue, due 2026-02-01 and still open (overdue)
    issue = world.a.obj("raid_issue")
    url = reverse("raid:project_log", kwargs={"uid": world.a.project.uid})
    # when a viewer opens the project's RAID section
    page = client_for(world, "viewer").get(url).content.decode()
    # then the issue shows as overdue, inside the workspace, without the record button
    assert issue.title in page and "Overdue" in page and 'data-section="raid" aria-current="page"' in page
    assert "Record issue" not in page
    assert "Record issue" in client_for(world, "contributor").get(url).content.decode()


def test_program_log_rolls_up_its_projects_and_filters_by_htmx(world: World) -> None:
    url = reverse("raid:program_log", kwargs={"uid": world.a.program.uid})
    client = client_for(world, "viewer")
    # the issue of the program's project appears on the program's log
    assert world.a.obj("raid_issue").title in client.get(url).content.decode()
    # the action tab shows the program's own action; a filter sent by htmx returns the list only
    action = world.a.obj("raid_action")
    response = client.get(url, {"kind": "action", "status": "done"}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "<html" not in response.content.decode()
    assert action.title not in response.content.decode()
    assert action.title in client.get(url, {"kind": "actions", "overdue": "true"}).content.decode()
    # a bad filter value is a 400 naming nothing stored
    assert client.get(url, {"kind": "action", "status": "bogus"}).status_code == 400


def test_portfolio_log_of_another_portfolio_is_404(world: World) -> None:
    url = reverse("raid:portfolio_log", kwargs={"uid": world.b.portfolio.uid})
    assert client_for(world, "viewer").get(url).status_code == 404
    own = reverse("raid:portfolio_log", kwargs={"uid": world.a.portfolio.uid})
    assert client_for(world, "viewer").get(own).status_code == 200


@pytest.mark.parametrize("key", list(KINDS))
def test_contributor_records_and_edits_every_kind(world: World, key: str) -> None:
    kind = KINDS[key]
    client = client_for(world, "contributor")
    create = reverse(f"raid:{key}_create", kwargs={"uid": world.a.project.uid})
    data = {"title": f"New {key}", "raised_on": "2026-01-05", **CHOICES[key]}
    response = client.post(create, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    item = kind.model._default_manager.get(title=f"New {key}")
    assert response["Location"] == reverse(f"raid:{key}", kwargs={"uid": item.uid})
    edit = reverse(f"raid:{key}_edit", kwargs={"uid": item.uid})
    assert client.post(edit, data | {"title": "Renamed", "version": item.version}).status_code == 302
    assert kind.model._default_manager.get(pk=item.pk).title == "Renamed"
    detail = client.get(reverse(f"raid:{key}", kwargs={"uid": item.uid})).content.decode()
    assert "Renamed" in detail and "History" in detail


def test_bad_form_input_names_the_field_and_writes_nothing(world: World) -> None:
    client = client_for(world, "contributor")
    create = reverse("raid:issue_create", kwargs={"uid": world.a.project.uid})
    before = db_fingerprint()
    response = client.post(
        create,
        {
            "title": "Late",
            "raised_on": "2026-05-01",
            "due_date": "2026-04-01",
            "priority": "high",
            "status": "open",
        },
    )
    assert response.status_code == 400
    assert "before the date raised" in response.content.decode()
    assert_fingerprint_unchanged(before)


def test_stale_edit_says_who_changed_what(world: World) -> None:
    issue = world.a.obj("raid_issue")
    raid_item_update(
        actor=world.users["manager"], item=issue, data={"impact": "Worse"}, expected_version=None
    )
    edit = reverse("raid:issue_edit", kwargs={"uid": issue.uid})
    data = {
        "title": "Mine",
        "raised_on": "2026-01-05",
        "priority": "low",
        "status": "open",
        "version": issue.version,
    }
    response = client_for(world, "contributor").post(edit, data)
    assert response.status_code == 409
    assert Issue.objects.get(pk=issue.pk).title != "Mine"


def test_link_from_the_detail_page_shows_on_both_items(world: World) -> None:
    issue, assumption = world.a.obj("raid_issue"), world.a.obj("raid_assumption")
    client = client_for(world, "contributor")
    url = reverse("raid:issue_link", kwargs={"uid": issue.uid})
    assert client.post(url, {"target": f"assumption:{assumption.uid}"}).status_code == 302
    assert RaidLink.objects.count() == 3  # the world's two links and this one
    page = client.get(reverse("raid:assumption", kwargs={"uid": assumption.uid})).content.decode()
    assert issue.title in page
    # linking B's item is refused by name (not among the choices)
    before = db_fingerprint()
    other = world.b.obj("raid_issue")
    response = client.post(url, {"target": f"issue:{other.uid}"})
    assert response.status_code == 400 and "target" in response.content.decode()
    assert_fingerprint_unchanged(before)


def test_manager_decides_then_the_decision_cannot_be_edited(world: World) -> None:
    decision = world.a.obj("raid_decision")
    client = client_for(world, "manager")
    url = reverse("raid:decision_decide", kwargs={"uid": decision.uid})
    data: dict[str, Any] = {
        "version": decision.version,
        "chosen_option": "Buy",
        "rationale": "Cheaper",
        "decided_on": "2026-01-10",
    }
    assert client.post(url, data).status_code == 302
    decided = Decision.objects.get(pk=decision.pk)
    assert (decided.status, decided.decided_on, decided.decided_by) == (
        "decided",
        dt.date(2026, 1, 10),
        world.users["manager"],
    )
    page = client.get(reverse("raid:decision", kwargs={"uid": decision.uid})).content.decode()
    assert reverse("raid:decision_edit", kwargs={"uid": decision.uid}) not in page and "Supersede" in page
    edit = reverse("raid:decision_edit", kwargs={"uid": decision.uid})
    response = client.post(edit, {"title": "Changed", "raised_on": "2026-01-05", "version": decided.version})
    assert response.status_code == 400 and "supersedes it" in response.content.decode()


def test_log_and_detail_pages_stay_within_their_query_budgets(world: World, max_queries: Any) -> None:
    client = client_for(world, "viewer")
    client.get(reverse("raid:program_log", kwargs={"uid": world.a.program.uid}))  # warm the session
    with max_queries(20):
        assert client.get(reverse("raid:program_log", kwargs={"uid": world.a.program.uid})).status_code == 200
    with max_queries(25):
        assert (
            client.get(reverse("raid:issue", kwargs={"uid": world.a.obj("raid_issue").uid})).status_code
            == 200
        )


def test_an_action_recorded_on_the_portfolio_shows_on_its_log_without_tasks(world: World) -> None:
    # Given the portfolio's page, when a contributor records an action there
    client = client_for(world, "contributor")
    create = reverse("raid:action_create", kwargs={"uid": world.a.portfolio.uid})
    form = client.get(create).content.decode()
    assert 'name="tasks"' not in form  # tasks belong to projects only
    response = client.post(
        create, {"title": "Agree the budget cycle", "raised_on": "2026-01-05", "status": "open"}
    )
    # then it is on the portfolio's scope and its log
    assert response.status_code == 302
    log = client.get(reverse("raid:portfolio_log", kwargs={"uid": world.a.portfolio.uid}), {"kind": "action"})
    assert "Agree the budget cycle" in log.content.decode()
    # and the portfolio page links to its RAID log
    page = client.get(reverse("portfolios:detail", kwargs={"uid": world.a.portfolio.uid})).content.decode()
    assert reverse("raid:portfolio_log", kwargs={"uid": world.a.portfolio.uid}) in page
