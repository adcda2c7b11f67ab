"""``/api/v1/projects/``: CRUD per role, optimistic concurrency, allow-lists, move and history.

Every answer is validated against ``schema/openapi.yaml`` by :class:`SchemaCheckedClient`.
"""

from __future__ import annotations

from typing import Any

import pytest

from pmo.core.models import AuditRecord
from pmo.projects.models import Project
from pmo.projects.services import project_update
from pmo.testing.fingerprint import db_fingerprint
from pmo.testing.openapi import SchemaCheckedClient, refreshed, schema_client
from pmo.testing.personas import World

pytestmark = pytest.mark.django_db

LIST = "/api/v1/projects/"


def detail(project: Project) -> str:
    return f"{LIST}{project.uid}/"


@pytest.fixture
def world(shared_world: World, db: None) -> World:
    """The shared two-portfolio world, re-read for this test (each test rolls back its writes)."""
    return refreshed(shared_world)


@pytest.fixture
def as_(world: World) -> Any:
    """``as_("manager")``: a schema-checked API client acting as that persona (token auth)."""

    def make(persona: str, auth: str = "token") -> SchemaCheckedClient:
        return schema_client(world, persona, auth=auth)

    return make


def problem_fields(response: Any) -> set[str]:
    assert response["Content-Type"] == "application/problem+json"
    return {error["field"] for error in response.json()["errors"]}


# --- reads -------------------------------------------------------------------------------------


def test_list_shows_only_projects_in_scope(world: World, as_: Any) -> None:
    # given A's manager and B's manager (the outsider)
    # when each lists projects
    mine = as_("manager").get(LIST).json()
    theirs = as_("outsider").get(LIST).json()
    # then each sees exactly their own portfolio's three projects
    a_uids = {str(p.uid) for p in (world.a.project, world.a.project_direct, world.a.project_sub)}
    b_uids = {str(p.uid) for p in (world.b.project, world.b.project_direct, world.b.project_sub)}
    assert {row["uid"] for row in mine["results"]} == a_uids
    assert {row["uid"] for row in theirs["results"]} == b_uids
    assert mine["count"] == 3


def test_pmo_admin_sees_everything_and_no_role_sees_nothing(world: World, as_: Any) -> None:
    assert as_("pmo_admin").get(LIST).json()["count"] == 6
    assert as_("no_role").get(LIST).json()["count"] == 0


def test_detail_sets_etag_and_outsider_gets_404(world: World, as_: Any) -> None:
    # given A's project
    project = world.a.project
    # when the viewer reads it, it carries its ETag; when the outsider reads it, it does not exist
    response = as_("viewer").get(detail(project))
    assert response.status_code == 200
    assert response["ETag"] == project.etag
    assert response.json()["etag"] == project.etag
    assert response.json()["program"] == str(world.a.program.uid)
    missing = as_("outsider").get(detail(project))
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/problem+json"
    for canary in world.canaries_a:
        assert canary not in missing.content.decode()


@pytest.mark.parametrize("auth", ["token", "session"])
def test_anonymous_gets_401_problem(world: World, as_: Any, auth: str) -> None:
    response = as_("anonymous", auth).get(LIST)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"] == "Bearer"


def test_unknown_api_path_and_bad_uid_are_problem_404s(world: World, as_: Any) -> None:
    client = as_("manager")
    for path in ("/api/v1/nothing-here/", f"{LIST}not-a-uuid/"):
        with client.unchecked():  # paths outside the contract
            response = client.get(path)
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/problem+json"


# --- filters, ordering, search, pagination ----------------------------------------------------------


def test_filters_by_state_program_portfolio_and_owner(world: World, as_: Any) -> None:
    client = as_("manager")
    by_state = client.get(LIST, {"state": "on_hold"}).json()["results"]
    assert [row["uid"] for row in by_state] == [str(world.a.project_sub.uid)]
    by_program = client.get(LIST, {"program": str(world.a.program.uid)}).json()["results"]
    assert [row["uid"] for row in by_program] == [str(world.a.project.uid)]
    direct = client.get(LIST, {"portfolio": str(world.a.portfolio.uid), "in_program": "false"}).json()
    assert [row["uid"] for row in direct["results"]] == [str(world.a.project_direct.uid)]
    assert client.get(LIST, {"owner": "manager"}).json()["count"] == 3
    assert client.get(LIST, {"owner": "viewer"}).json()["count"] == 0


def test_filter_on_another_portfolio_finds_nothing(world: World, as_: Any) -> None:
    response = as_("manager").get(LIST, {"portfolio": str(world.b.portfolio.uid)})
    assert response.json()["count"] == 0


def test_search_and_ordering(world: World, as_: Any) -> None:
    client = as_("manager")
    found = client.get(LIST, {"search": world.a.project_direct.name.split()[-1]}).json()["results"]
    assert [row["uid"] for row in found] == [str(world.a.project_direct.uid)]
    codes = [row["code"] for row in client.get(LIST, {"ordering": "-code"}).json()["results"]]
    assert codes == sorted(codes, reverse=True)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"ordering": "owner__password"}, "ordering"),
        ({"ordering": "code;--"}, "ordering"),
        ({"state": "bogus"}, "state"),
        ({"program": "not-a-uuid"}, "program"),
        ({"starts_after": "2026-13-45"}, "starts_after"),
    ],
)
def test_bad_filter_values_are_400_naming_the_parameter(
    world: World, as_: Any, params: dict[str, str], field: str
) -> None:
    response = as_("manager").get(LIST, params)
    assert response.status_code == 400
    assert field in problem_fields(response)


def test_pagination(world: World, as_: Any) -> None:
    client = as_("pmo_admin")
    first = client.get(LIST, {"page_size": 4, "ordering": "code"}).json()
    second = client.get(LIST, {"page_size": 4, "ordering": "code", "page": 2}).json()
    assert first["count"] == 6 and len(first["results"]) == 4 and first["next"]
    assert len(second["results"]) == 2 and second["next"] is None
    assert not {r["uid"] for r in first["results"]} & {r["uid"] for r in second["results"]}
    assert client.get(LIST, {"page": 9}).status_code == 404


# --- create ---------------------------------------------------------------------------------


def new_project(parent_field: str, parent_uid: Any, code: str = "API-1", **extra: Any) -> dict[str, Any]:
    return {"code": code, "name": "Created by API", parent_field: str(parent_uid), **extra}


def test_manager_creates_project_in_program(world: World, as_: Any) -> None:
    body = new_project("program", world.a.program.uid, owner="viewer", start_date="2026-02-01")
    response = as_("manager").post(LIST, body)
    assert response.status_code == 201
    data = response.json()
    created = Project.objects.get(uid=data["uid"])
    assert response["ETag"] == created.etag
    assert response["Location"].endswith(f"/api/v1/projects/{created.uid}/")
    assert created.program == world.a.program and created.portfolio == world.a.portfolio
    assert created.owner == world.users["viewer"]
    assert data["state"] == "proposed" and data["version"] == 1
    assert AuditRecord.objects.filter(object_uid=created.uid, action="create").count() == 1


def test_priority_defaults_to_500_and_can_be_given(world: World, as_: Any) -> None:
    client = as_("manager")
    default = client.post(LIST, new_project("program", world.a.program.uid))
    urgent = client.post(LIST, new_project("program", world.a.program.uid, code="API-2", priority=1000))
    assert (default.status_code, urgent.status_code) == (201, 201)
    assert default.json()["priority"] == 500
    assert urgent.json()["priority"] == 1000
    assert Project.objects.get(code="API-2").priority == 1000


def test_create_directly_in_portfolio(world: World, as_: Any) -> None:
    response = as_("manager").post(LIST, new_project("portfolio", world.a.subportfolio.uid))
    assert response.status_code == 201
    assert response.json()["program"] is None
    assert response.json()["portfolio"] == str(world.a.subportfolio.uid)


@pytest.mark.parametrize("persona", ["viewer", "contributor"])
def test_small_roles_cannot_create(world: World, as_: Any, persona: str) -> None:
    before = db_fingerprint()
    response = as_(persona).post(LIST, new_project("program", world.a.program.uid))
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert db_fingerprint() == before


def test_parent_out_of_scope_is_400_naming_the_field_and_writes_nothing(world: World, as_: Any) -> None:
    before = db_fingerprint()
    response = as_("manager").post(LIST, new_project("program", world.b.program.uid))
    assert response.status_code == 400
    assert problem_fields(response) == {"program"}
    assert db_fingerprint() == before


def test_both_or_no_parent_is_400(world: World, as_: Any) -> None:
    client = as_("manager")
    both = new_project("program", world.a.program.uid, portfolio=str(world.a.portfolio.uid))
    assert problem_fields(client.post(LIST, both)) == {"program", "portfolio"}
    assert problem_fields(client.post(LIST, {"code": "X-1", "name": "x"})) == {"program", "portfolio"}


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"code": "bad code!"}, "code"),
        ({"start_date": "2026-02-30"}, "start_date"),
        ({"start_date": "2026-03-01", "finish_date": "2026-02-01"}, "finish_date"),
        ({"state": "finished"}, "state"),
        ({"owner": "nobody-at-all"}, "owner"),
        ({"owner": "outsider"}, "owner"),
        ({"name": ""}, "name"),
        ({"priority": 1001}, "priority"),
        ({"priority": -1}, "priority"),
        ({"priority": "high"}, "priority"),
    ],
)
def test_bad_values_are_400_naming_the_field(
    world: World, as_: Any, extra: dict[str, Any], field: str
) -> None:
    before = db_fingerprint()
    response = as_("manager").post(LIST, new_project("program", world.a.program.uid, **extra))
    assert response.status_code == 400
    assert field in problem_fields(response)
    assert db_fingerprint() == before


def test_duplicate_code_is_400_naming_code(world: World, as_: Any) -> None:
    body = new_project("program", world.a.program.uid, code=world.a.project.code)
    response = as_("manager").post(LIST, body)
    assert response.status_code == 400
    assert problem_fields(response) == {"code"}


@pytest.mark.parametrize("key", ["id", "uid", "version", "created_at", "scope", "is_staff", "etag", "budget"])
def test_unknown_or_read_only_keys_on_create_are_rejected(world: World, as_: Any, key: str) -> None:
    before = db_fingerprint()
    body = new_project("program", world.a.program.uid, **{key: "1"})
    response = as_("manager").post(LIST, body)
    assert response.status_code == 400
    assert key in problem_fields(response)
    assert db_fingerprint() == before


def test_non_json_body_is_415_problem(world: World, as_: Any) -> None:
    response = as_("manager").post(LIST, "code=x", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415
    assert response["Content-Type"] == "application/problem+json"


def test_method_not_allowed_is_405_problem(world: World, as_: Any) -> None:
    client = as_("manager")
    with client.unchecked():
        response = client.put(LIST, {})
    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"


# --- idempotency -----------------------------------------------------------------------------


def test_retried_create_with_same_idempotency_key_creates_once(world: World, as_: Any) -> None:
    client = as_("manager")
    body = new_project("program", world.a.program.uid, code="IDEM-1")
    first = client.post(LIST, body, HTTP_IDEMPOTENCY_KEY="key-123")
    retry = client.post(LIST, body, HTTP_IDEMPOTENCY_KEY="key-123")
    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert retry["Idempotent-Replayed"] == "true"
    assert retry["ETag"] == first["ETag"]
    assert Project.objects.filter(code="IDEM-1").count() == 1


def test_same_idempotency_key_on_another_path_is_422(world: World, as_: Any) -> None:
    client = as_("manager")
    assert (
        client.post(LIST, new_project("program", world.a.program.uid), HTTP_IDEMPOTENCY_KEY="k").status_code
        == 201
    )
    other = client.post(
        "/api/v1/programs/",
        {"code": "PRG-X", "name": "x", "portfolio": str(world.a.portfolio.uid)},
        HTTP_IDEMPOTENCY_KEY="k",
    )
    assert other.status_code == 422
    assert problem_fields(other) == {"Idempotency-Key"}


def test_idempotency_keys_are_per_user(world: World, as_: Any) -> None:
    as_("manager").post(
        LIST, new_project("program", world.a.program.uid, code="U-1"), HTTP_IDEMPOTENCY_KEY="k"
    )
    response = as_("pmo_admin").post(
        LIST, new_project("program", world.a.program.uid, code="U-2"), HTTP_IDEMPOTENCY_KEY="k"
    )
    assert response.status_code == 201
    assert response.json()["code"] == "U-2"


def test_failed_create_does_not_consume_the_key(world: World, as_: Any) -> None:
    client = as_("manager")
    bad = client.post(
        LIST, new_project("program", world.a.program.uid, code="bad code"), HTTP_IDEMPOTENCY_KEY="k2"
    )
    assert bad.status_code == 400
    good = client.post(
        LIST, new_project("program", world.a.program.uid, code="GOOD-1"), HTTP_IDEMPOTENCY_KEY="k2"
    )
    assert good.status_code == 201


# --- update and optimistic concurrency ---------------------------------------------------------


def test_patch_with_etag_updates_and_returns_new_etag(world: World, as_: Any) -> None:
    project = world.a.project
    client = as_("manager")
    etag = client.get(detail(project))["ETag"]
    response = client.patch(detail(project), {"name": "Renamed", "state": "on_hold"}, HTTP_IF_MATCH=etag)
    assert response.status_code == 200
    project.refresh_from_db()
    assert project.name == "Renamed" and project.version == 2
    assert response["ETag"] == project.etag != etag
    record = AuditRecord.objects.filter(object_uid=project.uid, action="update").get()
    assert record.actor == world.users["manager"]
    assert record.changes["state"] == ["active", "on_hold"]


def test_patch_priority_is_saved_audited_and_shown(world: World, as_: Any) -> None:
    project = world.a.project
    client = as_("manager")
    assert client.get(detail(project)).json()["priority"] == 500
    response = client.patch(detail(project), {"priority": 900}, HTTP_IF_MATCH=project.etag)
    assert response.status_code == 200
    assert response.json()["priority"] == 900
    project.refresh_from_db()
    assert project.priority == 900
    record = AuditRecord.objects.filter(object_uid=project.uid, action="update").get()
    assert record.changes["priority"] == [500, 900]


@pytest.mark.parametrize("value", [1001, -1, None, "high"])
def test_patch_priority_outside_0_to_1000_is_400_naming_it_and_nothing_changes(
    world: World, as_: Any, value: Any
) -> None:
    project = world.a.project
    before = db_fingerprint()
    response = as_("manager").patch(detail(project), {"priority": value}, HTTP_IF_MATCH=project.etag)
    assert response.status_code == 400
    assert problem_fields(response) == {"priority"}
    assert db_fingerprint() == before


def test_put_replaces_and_resets_omitted_fields(world: World, as_: Any) -> None:
    project = project_update(
        actor=world.users["manager"], project=world.a.project, data={"priority": 700}, expected_version=None
    )
    response = as_("manager").put(
        detail(project), {"code": project.code, "name": "Only name"}, HTTP_IF_MATCH=project.etag
    )
    assert response.status_code == 200
    project.refresh_from_db()
    assert (project.description, project.owner, project.start_date, project.state, project.priority) == (
        "",
        None,
        None,
        "proposed",
        500,
    )


def test_put_missing_required_field_is_400(world: World, as_: Any) -> None:
    project = world.a.project
    response = as_("manager").put(detail(project), {"name": "No code"}, HTTP_IF_MATCH=project.etag)
    assert response.status_code == 400
    assert problem_fields(response) == {"code"}


def test_write_without_if_match_is_428(world: World, as_: Any) -> None:
    project = world.a.project
    client = as_("manager")
    for method in ("patch", "put", "delete"):
        response = getattr(client, method)(detail(project), {"name": "x"})
        assert response.status_code == 428, method
        assert problem_fields(response) == {"If-Match"}
    star = client.patch(detail(project), {"name": "x"}, HTTP_IF_MATCH="*")
    assert star.status_code == 428
    project.refresh_from_db()
    assert project.version == 1


def test_if_match_of_another_object_is_412(world: World, as_: Any) -> None:
    project = world.a.project
    response = as_("manager").patch(detail(project), {"name": "x"}, HTTP_IF_MATCH=world.a.project_direct.etag)
    assert response.status_code == 412
    assert problem_fields(response) == {"If-Match"}


def test_two_clients_same_etag_one_wins_the_other_gets_412_saying_what_changed(
    world: World, as_: Any
) -> None:
    # given two clients that read the same version
    project = world.a.project
    alice, bob = as_("manager"), as_("pmo_admin")
    etag_a = alice.get(detail(project))["ETag"]
    etag_b = bob.get(detail(project))["ETag"]
    assert etag_a == etag_b
    # when both write with it
    first = alice.patch(detail(project), {"name": "Alice's name"}, HTTP_IF_MATCH=etag_a)
    second = bob.patch(detail(project), {"description": "Bob's text"}, HTTP_IF_MATCH=etag_b)
    # then one wins, the other is told who changed what
    assert first.status_code == 200
    assert second.status_code == 412
    body = second.json()
    assert body["changed_by"] == str(world.users["manager"])
    assert body["changed_fields"] == ["name"]
    assert body["current_version"] == 2
    assert "name" in problem_fields(second)
    project.refresh_from_db()
    assert project.name == "Alice's name" and project.description != "Bob's text"
    # and the loser's retry with a fresh ETag succeeds
    fresh = bob.get(detail(project))["ETag"]
    retry = bob.patch(detail(project), {"description": "Bob's text"}, HTTP_IF_MATCH=fresh)
    assert retry.status_code == 200
    project.refresh_from_db()
    assert (project.name, project.description) == ("Alice's name", "Bob's text")


@pytest.mark.parametrize(
    "body",
    [
        {"portfolio": "00000000-0000-0000-0000-000000000000"},
        {"program": None},
        {"uid": "00000000-0000-0000-0000-000000000000"},
        {"version": 99},
        {"scope": 1},
        {"created_at": "2020-01-01T00:00:00Z"},
        {"is_staff": True},
        {"name": "ok", "surprise": 1},
    ],
)
def test_read_only_or_unknown_keys_on_patch_are_400_and_nothing_changes(
    world: World, as_: Any, body: dict[str, Any]
) -> None:
    project = world.a.project
    before = db_fingerprint()
    response = as_("manager").patch(detail(project), body, HTTP_IF_MATCH=project.etag)
    assert response.status_code == 400
    bad = set(body) - {"name"}
    assert bad <= problem_fields(response)
    assert db_fingerprint() == before


def test_patch_finish_before_existing_start_is_400_naming_finish_date(world: World, as_: Any) -> None:
    project = world.a.project  # starts 2026-01-12
    response = as_("manager").patch(
        detail(project), {"finish_date": "2025-01-01"}, HTTP_IF_MATCH=project.etag
    )
    assert response.status_code == 400
    assert problem_fields(response) == {"finish_date"}


@pytest.mark.parametrize("persona", ["viewer", "contributor"])
def test_small_roles_get_403_on_writes_even_without_if_match(world: World, as_: Any, persona: str) -> None:
    project = world.a.project
    client = as_(persona)
    before = db_fingerprint()
    assert client.patch(detail(project), {"name": "x"}).status_code == 403
    assert client.delete(detail(project), HTTP_IF_MATCH=project.etag).status_code == 403
    assert (
        client.post(f"{detail(project)}move/", {"portfolio": str(world.a.portfolio.uid)}).status_code == 403
    )
    assert db_fingerprint() == before


@pytest.mark.parametrize("method", ["get", "patch", "put", "delete"])
def test_outsider_gets_404_for_every_method(world: World, as_: Any, method: str) -> None:
    project = world.a.project
    before = db_fingerprint()
    response = getattr(as_("outsider"), method)(detail(project), {"name": "x"}, HTTP_IF_MATCH=project.etag)
    assert response.status_code == 404
    assert db_fingerprint() == before


def test_session_auth_enforces_csrf(world: World) -> None:
    client = SchemaCheckedClient(enforce_csrf_checks=True)
    client.force_login(world.users["manager"])
    project = world.a.project
    assert client.get(detail(project)).status_code == 200
    response = client.patch(detail(project), {"name": "x"}, HTTP_IF_MATCH=project.etag)
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


# --- delete, move, history ----------------------------------------------------------------------


def test_delete_with_etag(world: World, as_: Any) -> None:
    project = world.a.project_direct
    client = as_("manager")
    stale = client.delete(detail(project), HTTP_IF_MATCH=f'"{project.uid}-0"')
    assert stale.status_code == 412
    response = client.delete(detail(project), HTTP_IF_MATCH=project.etag)
    assert response.status_code == 204
    assert not Project.objects.filter(pk=project.pk).exists()
    assert client.get(detail(project)).status_code == 404


def test_move_project_to_another_program_is_audited_with_note(world: World, as_: Any) -> None:
    project = world.a.project_direct
    client = as_("manager")
    response = client.post(
        f"{detail(project)}move/",
        {"program": str(world.a.program.uid), "note": "belongs to the program"},
        HTTP_IF_MATCH=project.etag,
    )
    assert response.status_code == 200
    assert response.json()["program"] == str(world.a.program.uid)
    project.refresh_from_db()
    assert response["ETag"] == project.etag
    history = client.get(f"{detail(project)}history/").json()
    assert history["results"][0]["action"] == "move"
    assert history["results"][0]["note"] == "belongs to the program"
    assert history["results"][0]["actor"] == "manager"
    assert history["results"][-1]["action"] == "create"


def test_move_needs_if_match_and_a_visible_destination(world: World, as_: Any) -> None:
    project = world.a.project_direct
    client = as_("manager")
    url = f"{detail(project)}move/"
    assert client.post(url, {"program": str(world.a.program.uid)}).status_code == 428
    before = db_fingerprint()
    cross = client.post(url, {"program": str(world.b.program.uid)}, HTTP_IF_MATCH=project.etag)
    assert cross.status_code == 400
    assert problem_fields(cross) == {"program"}
    assert db_fingerprint() == before


def test_outsider_cannot_pull_a_project_into_their_portfolio(world: World, as_: Any) -> None:
    # the outsider manages B; A's project is invisible to them
    project = world.a.project
    response = as_("outsider").post(
        f"{detail(project)}move/", {"portfolio": str(world.b.portfolio.uid)}, HTTP_IF_MATCH=project.etag
    )
    assert response.status_code == 404


def test_history_is_visible_to_viewers_but_not_outsiders(world: World, as_: Any) -> None:
    url = f"{detail(world.a.project)}history/"
    response = as_("viewer").get(url)
    assert response.status_code == 200
    entry = response.json()["results"][0]
    assert entry["action"] == "create" and entry["actor"] == "pmo_admin"
    assert entry["changes"]["code"] == [None, world.a.project.code]
    assert as_("outsider").get(url).status_code == 404


def test_list_query_count_does_not_grow_with_rows(world: World, as_: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = as_("pmo_admin")
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for number in range(5):
        client.post(LIST, new_project("program", world.a.program.uid, code=f"QC-{number}", owner="viewer"))
    with CaptureQueriesContext(connection) as more:
        assert client.get(LIST).json()["count"] == 11
    assert len(more.captured_queries) == len(few.captured_queries)
