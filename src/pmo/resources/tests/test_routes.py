"""The battery's payloads for this app really write when the role allows it.

The permission battery accepts a 400/409/412 for an allowed write (the input was judged, not the
role), so a stale or malformed payload would quietly stop testing the write path. Here A's manager
sends every unsafe request of ``routes.ROUTES`` and each must succeed and change the database.
"""

from __future__ import annotations

from typing import Any

import pytest

from pmo.resources.tests.routes import ROUTES
from pmo.testing.battery import Case, send
from pmo.testing.fingerprint import db_fingerprint, fingerprint_diff
from pmo.testing.personas import World
from pmo.testing.routes import all_routes

pytestmark = pytest.mark.django_db
RESOLVED = {route.name: route for route in all_routes()}
WRITES = [
    (entry, method)
    for entry in ROUTES
    for method in ("POST", "PUT", "PATCH", "DELETE")
    if method in entry.methods
]


@pytest.mark.parametrize(("entry", "method"), WRITES, ids=lambda value: getattr(value, "name", value))
def test_the_managers_battery_write_succeeds(
    entry: Any, method: str, world: World, shared_clients: Any
) -> None:
    case = Case(entry, RESOLVED[entry.name], method, "manager", "A")
    before = db_fingerprint()
    response = send(case, world, shared_clients, htmx=False)
    assert response.status_code in (200, 201, 204, 302), response.content[:800]
    location = response.get("Location", "")
    assert "login" not in location
    assert fingerprint_diff(before, db_fingerprint()), "the request changed nothing"
