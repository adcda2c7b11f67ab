"""Bad input (issue 2 acceptance; SECURITY.md A7): 4xx naming the field, and the database unchanged.

Every create and edit form of the hierarchy and every API write endpoint gets the same set of bad
values (empty name, malformed code, finish before start, wrong types), and the API write bodies also
get unknown and read-only keys (every field name of the model that is not writable, plus the
classic mass-assignment keys). Each time: a 4xx whose body names the field, and ``db_fingerprint``
unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from pmo.portfolios.models import Portfolio
from pmo.programs.models import Program
from pmo.projects.models import Project
from pmo.testing.fingerprint import db_fingerprint, fingerprint_diff
from pmo.testing.personas import World

pytestmark = pytest.mark.django_db

#: (case id, changes to a valid body, field that must be named)
BAD_VALUES: list[tuple[str, dict[str, Any], str]] = [
    ("empty-name", {"name": ""}, "name"),
    ("blank-name", {"name": "   "}, "name"),
    ("bad-code", {"code": "has space!"}, "code"),
    ("code-too-long", {"code": "X" * 33}, "code"),
    ("finish-before-start", {"start_date": "2026-05-01", "finish_date": "2026-04-01"}, "finish_date"),
    ("bad-date", {"start_date": "31/12/2026"}, "start_date"),
    ("bad-state", {"state": "exploded"}, "state"),
]
#: Wrong JSON types (the API only).
WRONG_TYPES: list[tuple[str, dict[str, Any], str]] = [
    ("name-is-list", {"name": ["x"]}, "name"),
    ("date-is-number", {"start_date": 20260101}, "start_date"),
    ("state-is-object", {"state": {"a": 1}}, "state"),
]
#: Keys nobody may set through the API body (mass assignment), beyond the model's own fields.
MASS_ASSIGNMENT = [
    "id",
    "uid",
    "version",
    "etag",
    "created_by",
    "is_staff",
    "is_pmo_admin",
    "role",
    "budget_approved",
]

NODE_MODELS = {"portfolio": Portfolio, "program": Program, "project": Project}
WRITABLE = {"code", "name", "description", "owner", "state", "start_date", "finish_date"}
#: Writable fields of one level beyond those every level has.
WRITABLE_OF = {"project": {"priority"}}


def _valid_form(kind: str, obj: Any = None) -> dict[str, Any]:
    data = {
        "code": "GOOD-1",
        "name": "Good name",
        "description": "",
        "state": "planning",
        "start_date": "2026-02-01",
        "finish_date": "2026-03-01",
    }
    if obj is not None:
        data["version"] = obj.version
    return data


def _names_field_html(body: str, field: str) -> bool:
    return f'href="#id_{field}"' in body or f'id="id_{field}_error"' in body


FORM_TARGETS: dict[str, Callable[[World], tuple[str, Any]]] = {
    "portfolios:create": lambda w: (reverse("portfolios:create"), None),
    "portfolios:create_child": lambda w: (
        reverse("portfolios:create_child", kwargs={"uid": w.a.portfolio.uid}),
        None,
    ),
    "programs:create": lambda w: (reverse("programs:create", kwargs={"uid": w.a.portfolio.uid}), None),
    "projects:create": lambda w: (reverse("projects:create", kwargs={"uid": w.a.program.uid}), None),
    "portfolios:edit": lambda w: (
        reverse("portfolios:edit", kwargs={"uid": w.a.subportfolio.uid}),
        w.a.subportfolio,
    ),
    "programs:edit": lambda w: (reverse("programs:edit", kwargs={"uid": w.a.program.uid}), w.a.program),
    "projects:edit": lambda w: (reverse("projects:edit", kwargs={"uid": w.a.project.uid}), w.a.project),
}


@pytest.mark.parametrize("target", FORM_TARGETS)
@pytest.mark.parametrize(("case", "changes", "field"), BAD_VALUES, ids=[c[0] for c in BAD_VALUES])
def test_form_rejects_bad_value_naming_the_field(
    shared_world, shared_persona_client, target, case, changes, field
) -> None:
    """Given a valid form, when one value is bad, then 400 with the field named and nothing written."""
    url, obj = FORM_TARGETS[target](shared_world)
    client = shared_persona_client("pmo_admin")
    before = db_fingerprint()
    response = client.post(url, {**_valid_form(target, obj), **changes})
    assert response.status_code == 400, f"{target} {case}: {response.status_code}"
    assert _names_field_html(response.content.decode(), field), f"{target} {case}: {field} not named"
    assert not fingerprint_diff(before, db_fingerprint())


@pytest.mark.parametrize("target", [t for t in FORM_TARGETS if t.endswith(":create")])
def test_form_rejects_a_duplicate_code(shared_world, shared_persona_client, target) -> None:
    """Codes are unique across the installation: a taken code is named, nothing is written."""
    url, _obj = FORM_TARGETS[target](shared_world)
    before = db_fingerprint()
    taken = {
        "portfolios": shared_world.a.portfolio,
        "programs": shared_world.a.program,
        "projects": shared_world.a.project,
    }
    code = taken[target.split(":")[0]].code
    response = shared_persona_client("pmo_admin").post(url, {**_valid_form(target), "code": code})
    assert response.status_code == 400
    assert _names_field_html(response.content.decode(), "code")
    assert not fingerprint_diff(before, db_fingerprint())


@pytest.mark.parametrize("target", [t for t in FORM_TARGETS if t.endswith(":edit")])
def test_form_ignores_keys_it_does_not_offer(shared_world, shared_persona_client, target) -> None:
    """Mass assignment through a form: keys outside the form (parent, scope, uid...) change nothing."""
    url, obj = FORM_TARGETS[target](shared_world)
    extra = {
        "uid": "00000000-0000-0000-0000-000000000000",
        "scope": shared_world.b.portfolio.scope.pk,
        "portfolio": shared_world.b.portfolio.pk,
        "program": shared_world.b.program.pk,
        "parent": shared_world.b.portfolio.pk,
        "created_at": "2000-01-01T00:00:00Z",
    }
    response = shared_persona_client("manager").post(url, {**_valid_form(target, obj), **extra})
    assert response.status_code == 302
    fresh = type(obj).objects.get(pk=obj.pk)
    assert (fresh.uid, fresh.scope_id, fresh.scope.path) == (obj.uid, obj.scope_id, obj.scope.path)
    assert fresh.name == "Good name"


@pytest.mark.parametrize("target", [t for t in FORM_TARGETS if t.endswith(":edit")])
def test_form_refuses_an_owner_from_another_portfolio(shared_world, shared_persona_client, target) -> None:
    """The owner must be someone the editor can see; B's outsider is named as an invalid choice."""
    url, obj = FORM_TARGETS[target](shared_world)
    before = db_fingerprint()
    response = shared_persona_client("manager").post(
        url, {**_valid_form(target, obj), "owner": shared_world.users["outsider"].pk}
    )
    assert response.status_code == 400
    assert _names_field_html(response.content.decode(), "owner")
    assert not fingerprint_diff(before, db_fingerprint())


# -- API ------------------------------------------------------------------------------------------


def _api_create(world: World, kind: str) -> tuple[str, dict[str, Any]]:
    body: dict[str, Any] = {"code": "GOOD-1", "name": "Good name", "start_date": "2026-02-01"}
    if kind == "portfolio":
        body["parent"] = str(world.a.portfolio.uid)
    elif kind == "program":
        body["portfolio"] = str(world.a.portfolio.uid)
    else:
        body["program"] = str(world.a.program.uid)
    return reverse(f"api:{kind}-list"), body


def _api_target(world: World, kind: str) -> Any:
    return {"portfolio": world.a.subportfolio, "program": world.a.program, "project": world.a.project}[kind]


def _problem_fields(response: Any) -> set[str]:
    assert response["Content-Type"].startswith("application/problem+json"), response["Content-Type"]
    return {error["field"].split(".")[0] for error in response.json().get("errors", [])}


def _send(client: Any, method: str, url: str, body: Any, etag: str = "") -> Any:
    headers = {"HTTP_IF_MATCH": etag} if etag else {}
    return client.generic(method, url, json.dumps(body), content_type="application/json", **headers)


@pytest.mark.parametrize("kind", NODE_MODELS)
@pytest.mark.parametrize("method", ["POST", "PATCH", "PUT"])
@pytest.mark.parametrize(
    ("case", "changes", "field"), BAD_VALUES + WRONG_TYPES, ids=[c[0] for c in BAD_VALUES + WRONG_TYPES]
)
def test_api_rejects_bad_value_naming_the_field(
    shared_world, shared_api_client, kind, method, case, changes, field
) -> None:
    """Given a valid body, when one value is bad or of the wrong type, then 400 naming the field."""
    client = shared_api_client("pmo_admin")
    if method == "POST":
        url, body = _api_create(shared_world, kind)
        etag = ""
    else:
        obj = _api_target(shared_world, kind)
        url, etag = reverse(f"api:{kind}-detail", kwargs={"uid": obj.uid}), obj.etag
        body = {"code": obj.code, "name": obj.name} if method == "PUT" else {}
    before = db_fingerprint()
    response = _send(client, method, url, {**body, **changes}, etag)
    assert response.status_code == 400, (
        f"{method} {kind} {case}: {response.status_code} {response.content[:300]}"
    )
    assert field in _problem_fields(response), f"{method} {kind} {case}: {response.json()}"
    assert not fingerprint_diff(before, db_fingerprint())


def _forbidden_keys(kind: str) -> list[str]:
    model = NODE_MODELS[kind]
    names = {f.name for f in model._meta.get_fields() if not f.auto_created or f.concrete}
    names |= {f.attname for f in model._meta.concrete_fields}
    return sorted(
        (names | set(MASS_ASSIGNMENT) | {"zz_unknown_key"})
        - WRITABLE
        - WRITABLE_OF.get(kind, set())
        - {"parent", "portfolio", "program"}
    )


@pytest.mark.parametrize("kind", NODE_MODELS)
@pytest.mark.parametrize("method", ["POST", "PATCH"])
def test_api_rejects_every_read_only_or_unknown_key(shared_world, shared_api_client, kind, method) -> None:
    """Every model field that is not writable, and every mass-assignment key, is refused by name."""
    client = shared_api_client("pmo_admin")
    failures = []
    for key in _forbidden_keys(kind):
        if method == "POST":
            url, body = _api_create(shared_world, kind)
            etag = ""
        else:
            obj = _api_target(shared_world, kind)
            url, body, etag = reverse(f"api:{kind}-detail", kwargs={"uid": obj.uid}), {"name": "N"}, obj.etag
        before = db_fingerprint()
        response = _send(client, method, url, {**body, key: "1"}, etag)
        if response.status_code != 400 or key not in _problem_fields(response):
            failures.append(f"{key}: {response.status_code} {response.content[:200]!r}")
        elif fingerprint_diff(before, db_fingerprint()):
            failures.append(f"{key}: the database changed")
    assert not failures, f"{method} {kind} accepted or mis-named: " + "; ".join(failures)


@pytest.mark.parametrize("kind", ["program", "project"])
def test_api_move_fields_are_refused_on_patch(shared_world, shared_api_client, kind) -> None:
    """Re-parenting is a deliberate move, not a field edit: PATCH with a parent is refused by name."""
    client = shared_api_client("pmo_admin")
    obj = _api_target(shared_world, kind)
    url = reverse(f"api:{kind}-detail", kwargs={"uid": obj.uid})
    before = db_fingerprint()
    response = _send(client, "PATCH", url, {"portfolio": str(shared_world.b.portfolio.uid)}, obj.etag)
    assert response.status_code == 400 and "portfolio" in _problem_fields(response)
    assert not fingerprint_diff(before, db_fingerprint())


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"role": "admin"}, "role"),
        ({"role": "owner"}, "role"),
        ({"role": "viewer", "user": "nobody-at-all"}, "user"),
        ({"role": "viewer", "scope": "not-a-uuid"}, "scope"),
    ],
)
def test_api_membership_grant_rejects_bad_values(shared_world, shared_api_client, body, field) -> None:
    """Granting a role: bad role, unknown user, malformed scope are named; nothing is written."""
    client = shared_api_client("manager")
    valid = {"scope": str(shared_world.a.program.uid), "user": "contributor", "role": "viewer"}
    before = db_fingerprint()
    response = _send(client, "POST", reverse("api:membership-list"), {**valid, **body})
    assert response.status_code == 400
    assert field in _problem_fields(response)
    assert not fingerprint_diff(before, db_fingerprint())


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "x", "expires_at": "2000-01-01T00:00:00Z"}, "expires_at"),
        ({"name": "x", "user": "viewer"}, "user"),
    ],
)
def test_api_token_create_rejects_bad_values(shared_world, shared_api_client, body, field) -> None:
    """Creating a token: empty name, past expiry, or trying to set its owner are named."""
    before = db_fingerprint()
    response = _send(shared_api_client("manager"), "POST", reverse("api:token-list"), body)
    assert response.status_code == 400
    assert field in _problem_fields(response)
    assert not fingerprint_diff(before, db_fingerprint())


@pytest.mark.parametrize("raw", ["not json", "[1, 2]", '"a string"', "null"])
def test_api_rejects_bodies_that_are_not_objects(shared_world, shared_api_client, raw) -> None:
    """Malformed JSON or a non-object body is a 400 problem, never a 500."""
    client = shared_api_client("pmo_admin")
    response = client.generic("POST", reverse("api:project-list"), raw, content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
