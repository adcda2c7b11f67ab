"""``/api/v1/`` people and access: users, teams, memberships, personal tokens and the audit list."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from pmo.accounts.models import ApiToken, Membership
from pmo.accounts.services import token_create
from pmo.testing.fingerprint import db_fingerprint
from pmo.testing.openapi import SchemaCheckedClient, refreshed, schema_client
from pmo.testing.personas import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(shared_world: World, db: None) -> World:
    """The shared world, re-read for this test."""
    return refreshed(shared_world)


@pytest.fixture
def as_(world: World) -> Any:
    def make(persona: str, auth: str = "token") -> SchemaCheckedClient:
        return schema_client(world, persona, auth=auth)

    return make


def fields_of(response: Any) -> set[str]:
    assert response["Content-Type"] == "application/problem+json"
    return {error["field"] for error in response.json()["errors"]}


# --- users ---------------------------------------------------------------------------------------


def test_users_are_those_sharing_a_scope(world: World, as_: Any) -> None:
    names = {row["username"] for row in as_("viewer").get("/api/v1/users/").json()["results"]}
    assert {"viewer", "contributor", "manager"} <= names
    assert "outsider" not in names and "no_role" not in names
    assert as_("viewer").get("/api/v1/users/outsider/").status_code == 404
    assert as_("viewer").get("/api/v1/users/manager/").json()["full_name"] == "Mona Manager"
    lonely = as_("no_role").get("/api/v1/users/").json()
    assert [row["username"] for row in lonely["results"]] == ["no_role"]


def test_me(world: World, as_: Any) -> None:
    me = as_("pmo_admin", "session").get("/api/v1/users/me/").json()
    assert me["username"] == "pmo_admin" and me["is_pmo_admin"] is True
    assert me["email"] == "pmo_admin@example.test"


def test_users_are_read_only(world: World, as_: Any) -> None:
    client = as_("pmo_admin")
    with client.unchecked():
        assert client.post("/api/v1/users/", {"username": "x"}).status_code == 405
        assert client.delete("/api/v1/users/viewer/").status_code == 405


# --- teams ---------------------------------------------------------------------------------------


def test_teams_visible_and_created_by_pmo_admin_only(world: World, as_: Any) -> None:
    seen = {row["uid"] for row in as_("viewer").get("/api/v1/teams/").json()["results"]}
    assert seen == {str(world.a.team.uid)}
    assert as_("outsider").get(f"/api/v1/teams/{world.a.team.uid}/").status_code == 404
    body = {"name": "Delivery", "members": ["viewer", "manager"]}
    assert as_("manager").post("/api/v1/teams/", body).status_code == 403
    created = as_("pmo_admin").post("/api/v1/teams/", body)
    assert created.status_code == 201
    assert sorted(created.json()["members"]) == ["manager", "viewer"]
    unknown = as_("pmo_admin").post("/api/v1/teams/", {"name": "X", "members": ["ghost"]})
    assert unknown.status_code == 400
    assert fields_of(unknown) == {"members.0"}


# --- memberships ---------------------------------------------------------------------------------


def test_memberships_list_is_scoped_and_filterable(world: World, as_: Any) -> None:
    side_a = {
        str(world.a.obj(name).uid)
        for name in ("portfolio", "subportfolio", "program", "project", "project_direct", "project_sub")
    }
    rows = as_("viewer").get("/api/v1/memberships/").json()["results"]
    assert rows and all(row["scope"]["uid"] in side_a for row in rows)
    on_program = as_("viewer").get("/api/v1/memberships/", {"scope": str(world.a.program.uid)}).json()
    assert str(world.a.team.uid) in [row["team"] for row in on_program["results"]]
    assert on_program["results"][0]["scope"]["kind"] == "program"
    managers = as_("viewer").get("/api/v1/memberships/", {"role": "manager"}).json()["results"]
    assert [row["user"] for row in managers] == ["manager"]


def test_manager_grants_changes_and_revokes(world: World, as_: Any) -> None:
    client = as_("manager")
    # grant: the contributor becomes viewer directly on A's project
    granted = client.post(
        "/api/v1/memberships/",
        {"user": "contributor", "scope": str(world.a.project.uid), "role": "viewer"},
    )
    assert granted.status_code == 201
    uid = granted.json()["uid"]
    assert granted.json()["scope"] == {
        "kind": "project",
        "uid": str(world.a.project.uid),
        "code": world.a.project.code,
        "name": world.a.project.name,
    }
    url = f"/api/v1/memberships/{uid}/"
    # change the role: needs If-Match
    assert client.patch(url, {"role": "manager"}).status_code == 428
    changed = client.patch(url, {"role": "manager"}, HTTP_IF_MATCH=granted["ETag"])
    assert changed.status_code == 200 and changed.json()["role"] == "manager"
    stale = client.delete(url, HTTP_IF_MATCH=granted["ETag"])
    assert stale.status_code == 412
    assert client.delete(url, HTTP_IF_MATCH=changed["ETag"]).status_code == 204
    assert not Membership.objects.filter(uid=uid).exists()


def test_membership_patch_allows_only_role(world: World, as_: Any) -> None:
    membership = Membership.objects.get(scope=world.a.portfolio.scope, user=world.users["viewer"])
    before = db_fingerprint()
    response = as_("manager").patch(
        f"/api/v1/memberships/{membership.uid}/",
        {"role": "contributor", "scope": str(world.b.portfolio.uid), "user": "manager"},
        HTTP_IF_MATCH=membership.etag,
    )
    assert response.status_code == 400
    assert fields_of(response) == {"scope", "user"}
    assert db_fingerprint() == before


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"user": "contributor", "role": "admin"}, 400, "role"),
        ({"user": "ghost", "role": "viewer"}, 400, "user"),
        ({"role": "viewer"}, 400, "user"),
        ({"user": "contributor", "role": "viewer", "is_staff": True}, 400, "is_staff"),
        ({"user": "contributor", "role": "viewer", "uid": "x"}, 400, "uid"),
    ],
)
def test_bad_grants_are_rejected_naming_the_field(
    world: World, as_: Any, body: dict[str, Any], status: int, field: str
) -> None:
    before = db_fingerprint()
    response = as_("manager").post("/api/v1/memberships/", {"scope": str(world.a.project.uid), **body})
    assert response.status_code == status
    assert field in fields_of(response)
    assert db_fingerprint() == before


def test_no_grant_outside_scope_nor_by_small_roles(world: World, as_: Any) -> None:
    before = db_fingerprint()
    cross = as_("manager").post(
        "/api/v1/memberships/", {"user": "contributor", "scope": str(world.b.project.uid), "role": "viewer"}
    )
    assert cross.status_code == 400 and fields_of(cross) == {"scope"}
    small = as_("contributor").post(
        "/api/v1/memberships/", {"user": "viewer", "scope": str(world.a.project.uid), "role": "manager"}
    )
    assert small.status_code == 403
    own = Membership.objects.get(scope=world.a.portfolio.scope, user=world.users["contributor"])
    self_promote = as_("contributor").patch(
        f"/api/v1/memberships/{own.uid}/", {"role": "manager"}, HTTP_IF_MATCH=own.etag
    )
    assert self_promote.status_code == 403
    assert as_("outsider").get(f"/api/v1/memberships/{own.uid}/").status_code == 404
    assert db_fingerprint() == before


def test_membership_grant_is_idempotent(world: World, as_: Any) -> None:
    body = {"user": "contributor", "scope": str(world.a.project.uid), "role": "viewer"}
    first = as_("manager").post("/api/v1/memberships/", body, HTTP_IDEMPOTENCY_KEY="grant-1")
    again = as_("manager").post("/api/v1/memberships/", body, HTTP_IDEMPOTENCY_KEY="grant-1")
    assert first.status_code == again.status_code == 201
    assert first.json()["uid"] == again.json()["uid"]
    assert (
        Membership.objects.filter(scope=world.a.project.scope, user=world.users["contributor"]).count() == 1
    )


# --- tokens --------------------------------------------------------------------------------------


def test_token_lifecycle(world: World, as_: Any) -> None:
    client = as_("viewer", "session")
    created = client.post("/api/v1/tokens/", {"name": "laptop"})
    assert created.status_code == 201
    secret = created.json()["secret"]
    assert secret.startswith("pmo_")
    token = ApiToken.objects.get(uid=created.json()["uid"])
    assert token.digest != secret and secret not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    # the secret works, and is never shown again
    bearer = SchemaCheckedClient()
    bearer.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert bearer.get("/api/v1/users/me/").json()["username"] == "viewer"
    listed = client.get("/api/v1/tokens/").json()["results"]
    assert {row["name"] for row in listed} == {"viewer token", "laptop"}
    assert all("secret" not in row for row in listed)
    # revoked: 401 from then on
    assert client.post(f"/api/v1/tokens/{token.uid}/revoke/").json()["is_active"] is False
    assert bearer.get("/api/v1/users/me/").status_code == 401


def test_delete_revokes_token(world: World, as_: Any) -> None:
    token = world.tokens["manager"]
    client = as_("manager", "session")
    assert client.delete(f"/api/v1/tokens/{token.uid}/").status_code == 204
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert as_("manager").get("/api/v1/users/me/").status_code == 401


def test_expired_and_invalid_tokens_are_401(world: World) -> None:
    token, secret = token_create(user=world.users["viewer"], name="short")
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    for credential in (f"Bearer {secret}", "Bearer pmo_not-a-real-token"):
        client = SchemaCheckedClient()
        client.credentials(HTTP_AUTHORIZATION=credential)
        response = client.get("/api/v1/projects/")
        assert response.status_code == 401
        assert response["Content-Type"] == "application/problem+json"


def test_another_users_token_is_404(world: World, as_: Any) -> None:
    theirs = world.tokens["manager"]
    client = as_("viewer")
    before = db_fingerprint()
    assert client.get(f"/api/v1/tokens/{theirs.uid}/").status_code == 404
    assert client.delete(f"/api/v1/tokens/{theirs.uid}/").status_code == 404
    assert client.post(f"/api/v1/tokens/{theirs.uid}/revoke/").status_code == 404
    assert db_fingerprint() == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "x", "expires_at": "2001-01-01T00:00:00Z"}, "expires_at"),
        ({"name": "x", "expires_at": "not a date"}, "expires_at"),
        ({"name": "x", "user": "manager"}, "user"),
        ({"name": "x", "prefix": "pmo_"}, "prefix"),
    ],
)
def test_bad_token_requests_name_the_field(world: World, as_: Any, body: dict[str, Any], field: str) -> None:
    response = as_("viewer").post("/api/v1/tokens/", body)
    assert response.status_code == 400
    assert field in fields_of(response)


def test_token_create_refuses_idempotency_key(world: World, as_: Any) -> None:
    response = as_("viewer").post("/api/v1/tokens/", {"name": "x"}, HTTP_IDEMPOTENCY_KEY="t-1")
    assert response.status_code == 400
    assert fields_of(response) == {"Idempotency-Key"}


# --- audit ---------------------------------------------------------------------------------------


def test_audit_list_is_scoped(world: World, as_: Any) -> None:
    project = world.a.project
    as_("manager").patch(f"/api/v1/projects/{project.uid}/", {"name": "Audited"}, HTTP_IF_MATCH=project.etag)
    rows = as_("viewer").get("/api/v1/audit/", {"object_uid": str(project.uid)}).json()["results"]
    assert [row["action"] for row in rows] == ["update", "create"]
    assert rows[0]["object_type"] == "project" and rows[0]["actor"] == "manager"
    assert as_("outsider").get("/api/v1/audit/", {"object_uid": str(project.uid)}).json()["count"] == 0
    every = as_("outsider").get("/api/v1/audit/").content.decode()
    for canary in world.canaries_a:
        assert canary not in every
    assert as_("viewer").get("/api/v1/audit/", {"action": "nope"}).status_code == 400
