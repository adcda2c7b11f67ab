"""No lost updates (issue 2 item 6; SECURITY.md F1): ETag/If-Match on the API, stale-edit notice on forms.

In-process first (deterministic): two API clients read the same ETag, both write; exactly one wins,
the other gets 412 naming who changed what, and succeeds after re-reading. The web form shows the
same conflict as a 409 page naming the person and the fields. Two real threads racing on a live
server are in ``test_concurrency_live.py`` (a transactional test, kept apart from the ``world`` ones).
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from pmo.projects.models import Project
from pmo.testing.fingerprint import db_fingerprint, fingerprint_diff

pytestmark = pytest.mark.django_db


def _detail(project: Project) -> str:
    return reverse("api:project-detail", kwargs={"uid": project.uid})


def test_same_etag_one_wins_one_gets_412_then_retries(world, api_client) -> None:
    """Given two clients holding the same ETag, when both PATCH, then 200 and 412; the loser retries."""
    manager, admin = api_client("manager"), api_client("pmo_admin")
    url = _detail(world.a.project)
    first, second = manager.get(url), admin.get(url)
    assert first.status_code == second.status_code == 200
    etag = first["ETag"]
    assert etag and etag == second["ETag"] == world.a.project.etag

    winner = manager.patch(url, {"name": "Winner's name"}, format="json", HTTP_IF_MATCH=etag)
    loser = admin.patch(url, {"description": "Loser's text"}, format="json", HTTP_IF_MATCH=etag)

    assert winner.status_code == 200
    assert loser.status_code == 412
    assert loser["Content-Type"].startswith("application/problem+json")
    problem = loser.json()
    assert problem["changed_by"] == "Mona Manager"
    assert problem["changed_fields"] == ["name"]
    assert "Mona Manager" in problem["detail"] and "name" in problem["detail"]
    project = Project.objects.get(pk=world.a.project.pk)
    assert project.name == "Winner's name"
    assert project.description == world.a.project.description
    assert winner["ETag"] == project.etag != etag

    fresh = admin.get(url)
    retry = admin.patch(url, {"description": "Loser's text"}, format="json", HTTP_IF_MATCH=fresh["ETag"])
    assert retry.status_code == 200
    project.refresh_from_db()
    assert (project.name, project.description) == ("Winner's name", "Loser's text")


def test_write_without_if_match_is_428_and_writes_nothing(world, api_client) -> None:
    """PATCH and DELETE without If-Match are refused with 428 naming the header."""
    client = api_client("manager")
    url = _detail(world.a.project)
    before = db_fingerprint()
    for response in (client.patch(url, {"name": "x"}, format="json"), client.delete(url)):
        assert response.status_code == 428
        assert any(error["field"] == "If-Match" for error in response.json().get("errors", []))
    assert not fingerprint_diff(before, db_fingerprint())


def test_wildcard_or_foreign_etag_is_refused(world, api_client) -> None:
    """``If-Match: *`` is 428 (it would switch the check off); another object's ETag is 412."""
    client = api_client("manager")
    url = _detail(world.a.project)
    assert client.patch(url, {"name": "x"}, format="json", HTTP_IF_MATCH="*").status_code == 428
    other = world.a.project_direct.etag
    assert client.patch(url, {"name": "x"}, format="json", HTTP_IF_MATCH=other).status_code == 412


def test_session_client_gets_the_same_protection(world, api_client) -> None:
    """The API behaves the same with session authentication."""
    client = api_client("manager", auth="session")
    url = _detail(world.a.project)
    etag = client.get(url)["ETag"]
    assert client.patch(url, {"name": "A"}, format="json", HTTP_IF_MATCH=etag).status_code == 200
    assert client.patch(url, {"name": "B"}, format="json", HTTP_IF_MATCH=etag).status_code == 412


def test_stale_web_form_says_who_changed_which_field(world, persona_client) -> None:
    """Given a manager with the edit form open, when an admin saves first, then the manager's save is
    refused with a notice naming the admin and the field, and their input is kept."""
    project = world.a.project
    edit = reverse("projects:edit", kwargs={"uid": project.uid})
    manager = persona_client("manager")
    assert manager.get(edit).status_code == 200
    read_version = project.version

    admin = persona_client("pmo_admin")
    form = {
        "code": project.code,
        "name": "Admin's name",
        "description": project.description,
        "state": project.state,
        "version": read_version,
    }
    assert admin.post(edit, form).status_code == 302

    stale = manager.post(edit, {**form, "name": project.name, "description": "Manager's text"})
    assert stale.status_code == 409
    body = stale.content.decode()
    assert "Pat Admin" in body
    assert "name" in body.lower()
    assert "Manager&#x27;s text" in body or "Manager's text" in body
    project.refresh_from_db()
    assert project.name == "Admin's name"
    assert project.description != "Manager's text"
