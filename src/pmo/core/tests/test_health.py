"""The public health check: 200 when the database answers, 503 when it does not, nothing else."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from pmo.core import health
from pmo.core.tests.ops_support import free_port, run_python


@pytest.mark.django_db
def test_healthz_reports_ok_when_the_database_answers(client: Client) -> None:
    """Given a reachable database, an anonymous GET /healthz is 200 with exactly two fields."""
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"status": "ok", "database": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert "Set-Cookie" not in response


@pytest.mark.django_db
def test_healthz_answers_head_but_not_writes(client: Client) -> None:
    """HEAD works (load balancers use it); POST and the other unsafe methods are 405."""
    url = reverse("healthz")
    assert client.head(url).status_code == 200
    for method in ("post", "put", "patch", "delete"):
        assert getattr(client, method)(url).status_code == 405


class _BrokenConnection:
    """Stands in for ``django.db.connection`` when the server has gone away."""

    def cursor(self) -> Any:
        raise OperationalError("could not connect to server: secret-host-name")


def test_healthz_reports_503_when_the_database_fails(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    """Given a database that refuses connections, /healthz is 503 with Retry-After and no details."""
    monkeypatch.setattr(health, "connection", _BrokenConnection())
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert json.loads(response.content) == {"status": "unavailable", "database": "unavailable"}
    assert b"secret-host-name" not in response.content


def test_healthz_reports_503_against_an_unreachable_postgresql(tmp_path: Path) -> None:
    """End to end: configured for a PostgreSQL server that is not there, /healthz answers 503
    (and the process keeps serving: the next check is answered too)."""
    url = f"postgres://postgres@127.0.0.1:{free_port()}/pmo"
    result = run_python(
        tmp_path,
        "from django.test import Client\n"
        "client = Client()\n"
        "for _ in range(2):\n"
        "    response = client.get('/healthz')\n"
        "    print(response.status_code, response.content.decode())\n",
        DATABASE_URL=url,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    for line in lines:
        status, body = line.split(" ", 1)
        assert status == "503"
        assert json.loads(body) == {"status": "unavailable", "database": "unavailable"}
