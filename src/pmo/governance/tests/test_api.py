"""``/api/v1/tolerances/`` and ``/api/v1/exceptions/``: scoped reads, writes through the services
(``If-Match``), the acknowledge and decide actions, refusals naming their field with nothing written.

Answers are validated against ``schema/openapi.yaml`` once it documents these endpoints (the lead
regenerates it); until then the check is skipped for them.
"""

from __future__ import annotations

from typing import Any

import pytest

from pmo.governance.choices import ExceptionStatus
from pmo.governance.models import Tolerance
from pmo.testing.openapi import SCHEMA_PATH, SchemaCheckedClient, schema_client
from pmo.testing.personas import World

API = "/api/v1/"
DOCUMENTED = "/api/v1/tolerances/" in SCHEMA_PATH.read_text(encoding="utf-8")


@pytest.fixture
def as_(world: World) -> Any:
    def make(persona: str) -> SchemaCheckedClient:
        client = schema_client(world, persona)
        client.check_schema = DOCUMENTED
        return client

    return make


def fields(response: Any) -> set[str]:
    assert response["Content-Type"] == "application/problem+json", response.content
    return {error["field"] for error in response.json()["errors"]}


def test_a_viewer_lists_the_tolerances_and_exceptions_of_their_portfolio_only(world: World, as_) -> None:
    client = as_("viewer")
    tolerances = client.get(f"{API}tolerances/").json()["results"]
    exceptions = client.get(f"{API}exceptions/").json()["results"]
    assert [t["uid"] for t in tolerances] == [str(world.a.extras["tolerance"].uid)]
    assert [e["uid"] for e in exceptions] == [str(world.a.extras["tolerance_exception"].uid)]
    assert exceptions[0]["escalated_to"]["uid"] == str(world.a.program.uid)


def test_the_manager_creates_and_changes_a_tolerance(world: World, as_) -> None:
    client = as_("manager")
    created = client.post(
        f"{API}tolerances/",
        {"scope": str(world.a.project_direct.uid), "dimension": "time", "days": 10},
        format="json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["dimension"], body["days"], body["scope"]["kind"]) == ("time", 10, "project")
    changed = client.patch(
        f"{API}tolerances/{body['uid']}/", {"days": 20}, format="json", headers={"If-Match": created["ETag"]}
    )
    assert changed.status_code == 200, changed.content
    assert Tolerance.objects.get(uid=body["uid"]).days == 20


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"dimension": "cost", "percent": "5", "amount": "9"}, "percent"),
        ({"dimension": "time"}, "days"),
        ({"dimension": "cost", "percent": "5", "colour": "red"}, "colour"),
        ({"dimension": "cost", "percent": "5", "version": 3}, "version"),
        ({"dimension": "feelings", "score": 3}, "dimension"),
    ],
)
def test_bad_tolerances_are_refused_by_field_and_write_nothing(
    world: World, as_, fingerprint, body: dict, field: str
) -> None:
    before = fingerprint()
    response = as_("manager").post(
        f"{API}tolerances/", {"scope": str(world.a.project_direct.uid), **body}, format="json"
    )
    assert response.status_code == 400
    assert field in fields(response)
    assert fingerprint() == before


def test_a_second_tolerance_of_the_same_dimension_is_refused(world: World, as_) -> None:
    response = as_("manager").post(
        f"{API}tolerances/",
        {"scope": str(world.a.project.uid), "dimension": "cost", "percent": "3"},
        format="json",
    )
    assert response.status_code == 400 and "dimension" in fields(response)


def test_the_level_above_acknowledges_and_decides_with_if_match(world: World, as_) -> None:
    exception = world.a.extras["tolerance_exception"]
    client = as_("manager")
    url = f"{API}exceptions/{exception.uid}/"
    etag = client.get(url)["ETag"]
    # without If-Match: 428; with it: acknowledged
    assert client.post(f"{url}acknowledge/", {}, format="json").status_code == 428
    ack = client.post(f"{url}acknowledge/", {}, format="json", headers={"If-Match": etag})
    assert ack.status_code == 200 and ack.json()["status"] == ExceptionStatus.ACKNOWLEDGED
    decided = client.post(
        f"{url}decide/",
        {"decision_kind": "approve_plan", "decision": "Exception plan approved."},
        format="json",
        headers={"If-Match": ack["ETag"]},
    )
    assert decided.status_code == 200, decided.content
    assert (decided.json()["status"], decided.json()["decided_by"]) == ("decided", "manager")
    closed = client.post(f"{url}close/", {}, format="json", headers={"If-Match": decided["ETag"]})
    assert closed.status_code == 200 and closed.json()["status"] == "closed"


def test_a_decision_without_its_text_is_refused_by_field(world: World, as_, fingerprint) -> None:
    exception = world.a.extras["tolerance_exception"]
    before = fingerprint()
    response = as_("manager").post(
        f"{API}exceptions/{exception.uid}/decide/",
        {"decision_kind": "stop"},
        format="json",
        headers={"If-Match": exception.etag},
    )
    assert response.status_code == 400 and "decision" in fields(response)
    assert fingerprint() == before


def test_a_contributor_may_not_decide(world: World, as_, fingerprint) -> None:
    exception = world.a.extras["tolerance_exception"]
    before = fingerprint()
    response = as_("contributor").post(
        f"{API}exceptions/{exception.uid}/decide/",
        {"decision_kind": "stop", "decision": "Stop."},
        format="json",
        headers={"If-Match": exception.etag},
    )
    assert response.status_code == 403
    assert fingerprint() == before


def test_another_portfolio_answers_404(world: World, as_) -> None:
    response = as_("manager").get(f"{API}exceptions/{world.b.extras['tolerance_exception'].uid}/")
    assert response.status_code == 404


def test_the_exception_list_does_not_query_per_exception(world: World, as_, max_queries) -> None:
    # given five more exceptions in portfolio A (time tolerances of its projects, raised by the service)
    from decimal import Decimal

    from pmo.governance.measures import Reading
    from pmo.governance.services import exception_raise, tolerance_set

    for project in (world.a.project, world.a.project_direct, world.a.project_sub):
        tolerance = tolerance_set(
            actor=world.users["manager"], scope=project.scope, dimension="time", data={"days": 1}
        )
        exception_raise(tolerance=tolerance, reading=Reading(Decimal(9), Decimal(1), "days", True, "late"))
    client = as_("manager")
    client.get(f"{API}exceptions/")  # warm the per-user caches
    # then the list answers in a fixed number of queries
    with max_queries(8):
        response = client.get(f"{API}exceptions/")
    assert response.json()["count"] == 4
