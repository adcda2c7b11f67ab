"""No lost updates (issue 2 item 6; SECURITY.md F1): ETag/If-Match on the API, stale-edit notice on forms.

In-process first (deterministic): two API clients read the same ETag, both write; exactly one wins,
the other gets 412 naming who changed what, and succeeds after re-reading. The web form shows the
same conflict as a 409 page naming the person and the fields. Finally, two real threads against a
live server meet at a barrier and write at the same instant (on SQLite and on PostgreSQL).
"""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse

from pmo.projects.models import Project
from pmo.testing.fingerprint import db_fingerprint, fingerprint_diff
from pmo.testing.personas import build_world

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


# -- two real threads against a live server --------------------------------------------------------

ROUNDS = 5


def _request(
    method: str, url: str, token: str, body: dict[str, Any] | None = None, etag: str = ""
) -> tuple[int, dict[str, str], bytes]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)  # noqa: S310 - loopback test server
    request.add_header("Authorization", f"Bearer {token}")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if etag:
        request.add_header("If-Match", etag)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def _race(
    url: str,
    token: str,
    name: str,
    barrier: threading.Barrier,
    results: dict[str, tuple[int, dict[str, str], bytes]],
    persona: str,
) -> None:
    """Read the ETag, wait for the other thread, then write with it."""
    status, headers, _ = _request("GET", url, token)
    assert status == 200
    barrier.wait()
    results[persona] = _request("PATCH", url, token, {"name": name}, etag=headers["ETag"])


def _in_memory_sqlite() -> bool:
    return connection.vendor == "sqlite" and connection.is_in_memory_db()


@pytest.mark.django_db(transaction=True)
def test_two_threads_race_on_a_live_server(live_server) -> None:
    """Two threads GET the same ETag, meet at a barrier and PATCH at once: each round exactly one 200
    and one 412, the row equals the winner, and the loser's retry with a fresh ETag succeeds."""
    if _in_memory_sqlite():
        pytest.skip(
            "an in-memory SQLite test database is one connection shared by every live-server thread; "
            "set PMO_TEST_DATABASE_NAME to a file path to race real SQLite (WAL) transactions"
        )
    world = build_world()
    url = live_server.url + _detail(world.a.project)
    tokens = {"manager": world.token_secrets["manager"], "pmo_admin": world.token_secrets["pmo_admin"]}

    for round_number in range(ROUNDS):
        barrier = threading.Barrier(2, timeout=30)
        results: dict[str, tuple[int, dict[str, str], bytes]] = {}
        values = {name: f"{name} round {round_number}" for name in tokens}

        threads = [
            threading.Thread(
                target=_race, args=(url, tokens[persona], values[persona], barrier, results, persona)
            )
            for persona in tokens
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        statuses = sorted(result[0] for result in results.values())
        assert statuses == [200, 412], f"round {round_number}: {statuses}"

        winner = next(p for p, r in results.items() if r[0] == 200)
        loser = next(p for p, r in results.items() if r[0] == 412)
        assert Project.objects.get(pk=world.a.project.pk).name == values[winner]
        assert json.loads(results[loser][2])["changed_fields"] == ["name"]

        status, headers, _ = _request("GET", url, tokens[loser])
        status, _, _ = _request("PATCH", url, tokens[loser], {"name": values[loser]}, etag=headers["ETag"])
        assert status == 200
        assert Project.objects.get(pk=world.a.project.pk).name == values[loser]
