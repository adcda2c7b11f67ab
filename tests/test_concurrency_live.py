"""No lost updates between real threads (issue 2 item 6; SECURITY.md F1).

Two threads against a live server read the same ETag, meet at a barrier and write at the same
instant (on SQLite and on PostgreSQL). A transactional test: it lives apart from the tests that use
the ``world`` fixture, whose module-wide transaction it could not see through.
"""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from typing import Any

import pytest
from django.db import connection

from pmo.projects.models import Project
from pmo.testing.personas import build_world
from tests.test_concurrency import _detail

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
