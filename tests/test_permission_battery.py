"""The permission battery (issue 2 item 10; SECURITY.md A1, A3, B3).

Every registered route × {GET, HEAD, POST, PUT, PATCH, DELETE} × persona, each request sent plain
and with ``HX-Request: true`` (pages), against the shared two-portfolio world:

* A's manager and a user without a role, on B's objects (standing for every A persona, none of whom
  has a grant in B): 404, nothing written, no canary of B in the body; the outsider (B's manager)
  on A's objects likewise;
* anonymous: a login redirect (pages) or 401/403 (API);
* viewer, contributor, manager and PMO admin on A's objects: allowed or 403 exactly as
  ``docs/authz-matrix.yaml`` says, and a denied request writes nothing (the tables its statements
  wrote to are fingerprinted against the world's);
* ``HEAD`` (``GET`` without the body): anonymous, out of scope and A's viewer;
* a method the route does not implement: 405 (or 404) for the PMO admin, who reaches furthest.

Which personas run for which method: :func:`pmo.testing.battery.cases_for`. The world is built once
for the module; every request runs in a savepoint that is rolled back.
"""

from __future__ import annotations

import pytest

from pmo.testing.authz import load_matrix
from pmo.testing.battery import cases_for, run_case
from pmo.testing.registry import methods_to_test
from pmo.testing.routes import all_routes
from tests.route_registry import ROUTES

RESOLVED = {route.name: route for route in all_routes()}
CASES = [
    case
    for entry in ROUTES
    if entry.name in RESOLVED
    for case in cases_for(entry, RESOLVED[entry.name], methods_to_test(entry, ROUTES))
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_route_permissions(case, shared_world, shared_clients, shared_baseline, db) -> None:
    """Given the world, when the persona sends the request, then every oracle holds."""
    failures = run_case(case, shared_world, shared_clients, load_matrix(), shared_baseline)
    assert not failures, "\n".join(failures)
