"""Pages: the Tolerances section and program page (form for the level above only, refusals at their
field), the exception page's acknowledge → decide flow, the Exceptions page and notifications, and
the dashboard panel on the portfolio overview (the browser test's last step)."""

from __future__ import annotations

from decimal import Decimal

from django.test import Client
from django.urls import reverse

from pmo.accounts.choices import Role
from pmo.accounts.services import membership_grant, user_create
from pmo.governance.choices import ExceptionStatus
from pmo.governance.models import Notification, Tolerance, ToleranceException
from pmo.testing.personas import World


def _client(world: World, persona: str) -> Client:
    client = Client()
    client.force_login(world.users[persona])
    return client


def test_a_viewer_sees_the_tolerances_and_exceptions_without_the_form(world: World) -> None:
    # given project A with the world's cost tolerance and exception
    page = _client(world, "viewer").get(reverse("governance:project", kwargs={"uid": world.a.project.uid}))
    # then the section lists them, and offers no form
    assert page.status_code == 200
    text = page.content.decode()
    assert "10.00% beyond the budget" in text and 'data-exception="cost"' in text
    assert "Save tolerance" not in text


def test_the_program_manager_sets_a_tolerance_from_the_section(world: World) -> None:
    # given the manager of portfolio A (above project A's program)
    client = _client(world, "manager")
    url = reverse("governance:project", kwargs={"uid": world.a.project.uid})
    assert "Save tolerance" in client.get(url).content.decode()
    # when they set a risk threshold of 15
    response = client.post(url, {"dimension": "risk", "score": "15", "active": "on"})
    # then it is saved and the page shows it
    assert response.status_code == 302
    assert Tolerance.objects.get(scope=world.a.project.scope, dimension="risk").score == 15
    assert "score 15 or above" in client.get(url).content.decode()


def test_a_bad_tolerance_form_names_the_field_and_writes_nothing(world: World, fingerprint) -> None:
    client = _client(world, "manager")
    url = reverse("governance:program", kwargs={"uid": world.a.program.uid})
    before = fingerprint()
    # when a cost tolerance comes with both a percent and an amount
    response = client.post(url, {"dimension": "cost", "percent": "5", "amount": "100", "active": "on"})
    # then the form is shown again with the message at the percent field, and nothing is written
    assert response.status_code == 400
    assert "percent or as an amount" in response.content.decode()
    assert fingerprint() == before


def test_the_project_manager_alone_gets_403_on_the_form(world: World, fingerprint) -> None:
    user = user_create(actor=None, username="pm_page", password="x" * 20, email="pmp@example.test")
    membership_grant(
        actor=world.users["pmo_admin"], scope=world.a.project.scope, role=Role.MANAGER, user=user
    )
    client = Client()
    client.force_login(user)
    url = reverse("governance:project", kwargs={"uid": world.a.project.uid})
    assert "Save tolerance" not in client.get(url).content.decode()
    before = fingerprint()
    assert client.post(url, {"dimension": "time", "days": "90", "active": "on"}).status_code == 403
    assert fingerprint() == before


def test_the_program_manager_acknowledges_and_decides_on_the_exception_page(world: World) -> None:
    exception = world.a.extras["tolerance_exception"]
    client = _client(world, "manager")
    url = reverse("governance:exception", kwargs={"uid": exception.uid})
    page = client.get(url).content.decode()
    assert "Acknowledge" in page and "Record decision" in page
    # when they acknowledge it, then record a decision to stop
    ack = client.post(
        reverse("governance:exception_acknowledge", kwargs={"uid": exception.uid}), {"version": 1}
    )
    assert ack.status_code == 302
    exception.refresh_from_db()
    decide_url = reverse("governance:exception_decide", kwargs={"uid": exception.uid})
    # a decision without its text is refused at the field
    empty = client.post(decide_url, {"version": exception.version, "decision_kind": "stop", "decision": ""})
    assert empty.status_code == 400
    done = client.post(
        decide_url, {"version": exception.version, "decision_kind": "stop", "decision": "Stop the project."}
    )
    # then the exception is closed with the decision, shown on its page
    assert done.status_code == 302
    exception.refresh_from_db()
    assert (exception.status, exception.decision) == (ExceptionStatus.CLOSED, "Stop the project.")
    assert "Stop the project." in client.get(url).content.decode()


def test_a_viewer_sees_the_exception_without_the_actions(world: World) -> None:
    exception = world.a.extras["tolerance_exception"]
    page = _client(world, "viewer").get(reverse("governance:exception", kwargs={"uid": exception.uid}))
    assert page.status_code == 200
    assert "Record decision" not in page.content.decode()


def test_the_exception_reaches_the_program_managers_dashboard_and_inbox(world: World) -> None:
    # given the open exception of project A addressed to program A, whose manager was notified
    exception = world.a.extras["tolerance_exception"]
    client = _client(world, "manager")
    # then the portfolio overview shows it in the exceptions panel
    overview = client.get(reverse("portfolios:overview")).content.decode()
    assert 'id="exceptions-panel"' in overview and str(exception.uid) in overview
    # and the Exceptions page lists it as awaiting their decision, with an unread notification
    inbox = client.get(reverse("governance:exceptions")).content.decode()
    assert str(exception.uid) in inbox and 'data-unread="true"' in inbox
    # when they mark their notifications read, none is left unread
    client.post(reverse("governance:notifications_read"))
    assert not Notification.objects.filter(recipient=world.users["manager"], read_at__isnull=True).exists()


def test_the_viewer_has_no_exceptions_panel(world: World) -> None:
    overview = _client(world, "viewer").get(reverse("portfolios:overview")).content.decode()
    assert 'id="exceptions-panel"' not in overview


def test_the_program_page_links_from_the_program(world: World) -> None:
    page = _client(world, "viewer").get(reverse("programs:detail", kwargs={"uid": world.a.program.uid}))
    assert reverse("governance:program", kwargs={"uid": world.a.program.uid}) in page.content.decode()


def test_removing_a_tolerance_keeps_its_exception(world: World) -> None:
    tolerance = world.a.extras["tolerance"]
    client = _client(world, "manager")
    response = client.post(
        reverse("governance:tolerance_delete", kwargs={"uid": tolerance.uid}), {"version": tolerance.version}
    )
    assert response.status_code == 302
    assert not Tolerance.objects.filter(pk=tolerance.pk).exists()
    kept = ToleranceException.objects.get(pk=world.a.extras["tolerance_exception"].pk)
    assert kept.tolerance is None and kept.measured == Decimal("1200.00")
