"""The generic permission battery (NetBox style): one request, its expected outcome, the oracles.

For a registered route, an HTTP method, a persona and the side of the world whose objects fill the
URL, :func:`expectation` derives what must happen from the authz matrix alone, and
:func:`run_case` sends the request (plain and with ``HX-Request: true``), each inside a savepoint that
is rolled back, and checks:

* the status (404 outside the scope, 403 in scope without the role, 405 for a method the route does
  not implement, a login redirect or 401/403 for anonymous, never a 5xx);
* that no canary of the other side appears in the body;
* that the database fingerprint is unchanged unless the write was allowed, and no mail was sent.
"""

from __future__ import annotations

import copy
import enum
import json
import re
import traceback
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core import mail
from django.db import connection, transaction
from django.http import HttpResponseBase
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pmo.testing.authz import AuthzMatrix
from pmo.testing.fingerprint import TablePrint, db_fingerprint, fingerprint_diff, fingerprinted_models
from pmo.testing.personas import A_ROLES, World
from pmo.testing.registry import SAFE_METHODS, PayloadContext, Route
from pmo.testing.routes import RouteInfo

#: Status codes that mean "the request was let through, the input was then judged" for writes.
ALLOWED_WRITE_REJECTIONS = frozenset({400, 409, 412, 415, 422, 428})


#: Registry keys of objects that belong to a user (the World attribute holding them per persona).
OWN_KEYS = {"token": "tokens", "job": "jobs"}


class Outcome(enum.Enum):
    """What the oracle expects."""

    OK = "allowed"
    FORBIDDEN = "403"
    NOT_FOUND = "404"
    NOT_ALLOWED = "405"
    LOGIN = "login required"


@dataclass(frozen=True)
class Case:
    """One battery request: route × method × persona × side of the world."""

    route: Route
    info: RouteInfo
    method: str
    persona: str
    side: str

    @property
    def id(self) -> str:
        """A readable pytest id."""
        return f"{self.route.name}|{self.method}|{self.persona}@{self.side}"


def cases_for(route: Route, info: RouteInfo, methods: tuple[str, ...]) -> list[Case]:
    """The persona × side combinations the battery runs for one route.

    * On B's objects, A's manager (the widest role in A) and the user without a role stand for
      every A persona: none of them has any grant in B, so their answers can only agree.
    * ``HEAD`` is ``GET`` without the body (Django and DRF route one to the other); it is checked
      for one persona per outcome: anonymous (login), out of scope (404) and A's viewer (allowed).
    * A method the route does not implement must answer 405 whoever asks. The PMO admin, on A's
      objects, reaches further than any other persona, so a 405 (or 404) for them shows that no
      handler exists for anybody; the other personas would only repeat it.
    """
    if route.has_object:
        pairs = [("manager", "B"), ("no_role", "B"), ("outsider", "A"), ("anonymous", "A")]
        pairs += [(p, "A") for p in (*A_ROLES, "pmo_admin")]
        head = [("anonymous", "A"), ("manager", "B"), ("viewer", "A")]
    else:
        pairs = [(p, "A") for p in ("anonymous", "no_role", *A_ROLES, "pmo_admin", "outsider")]
        head = [("anonymous", "A"), ("no_role", "A"), ("viewer", "A")]
    unimplemented = [("pmo_admin", "A")]
    implemented = route.effective_methods()

    def personas(method: str) -> list[tuple[str, str]]:
        if method not in implemented:
            return unimplemented
        return head if method == "HEAD" else pairs

    return [
        Case(route, info, method, persona, side) for method in methods for persona, side in personas(method)
    ]


def matrix_role(persona: str) -> str:
    """The matrix role a persona acts with (the outsider is a manager, of B)."""
    return "manager" if persona == "outsider" else persona


def can_see(case: Case, matrix: AuthzMatrix) -> bool:
    """Whether the persona can see the objects that fill the URL."""
    if not case.route.has_object:
        return True
    rules = matrix.rules(case.route.obj)
    if rules.own:
        return case.side == "A"
    if case.persona == "pmo_admin":
        return True
    if case.side == "A":
        return case.persona in A_ROLES
    return case.persona == "outsider"


def expectation(case: Case, matrix: AuthzMatrix) -> Outcome:
    """The expected outcome of a case, from the registry and the matrix only."""
    action = case.route.action(case.method)
    if action is None:
        return Outcome.NOT_ALLOWED
    if case.persona == "anonymous":
        return Outcome.LOGIN
    if not can_see(case, matrix):
        return Outcome.NOT_FOUND
    allowed = matrix.allows(case.route.obj, action, matrix_role(case.persona))
    return Outcome.OK if allowed else Outcome.FORBIDDEN


def resolve_object(world: World, key: str, side: str, persona: str) -> Any:
    """The world object a registry key names, for ``side`` (``own`` keys: A = mine, B = another's)."""
    if key in OWN_KEYS:
        owned = getattr(world, OWN_KEYS[key])
        if side == "A" and persona != "anonymous":
            return owned[persona]
        return owned["manager" if persona == "outsider" else "outsider"]
    if key == "self":
        return world.users.get(persona) or world.users["manager"]
    if key == "user":
        return world.users["contributor"] if side == "A" else world.users["outsider"]
    return world.side(side).obj(key)


def url_value(obj: Any, kind: str) -> Any:
    """The value that identifies ``obj`` in a URL with a converter of ``kind``."""
    if kind == "int":
        return obj.pk
    for attribute in ("uid", "username", "pk"):
        if hasattr(obj, attribute):
            return getattr(obj, attribute)
    return obj.pk


def build_url(case: Case, world: World) -> tuple[str, dict[str, Any]]:
    """The URL of a case and the world objects it references (URL kwargs, query, body), by key."""
    kwargs: dict[str, Any] = {}
    objects: dict[str, Any] = {}
    for kwarg, key in case.route.kwargs.items():
        obj = objects[key] = resolve_object(world, key, case.side, case.persona)
        kwargs[kwarg] = url_value(obj, case.info.converter_kind(kwarg))
    url = reverse(case.route.name, kwargs=kwargs)
    if case.route.query:
        params = {}
        for param, key in case.route.query.items():
            obj = objects[key] = resolve_object(world, key, case.side, case.persona)
            params[param] = str(url_value(obj, "str"))
        url = f"{url}?{urlencode(params)}"
    for key in case.route.body.values():
        objects[key] = resolve_object(world, key, case.side, case.persona)
    return url, objects


def primary_object(objects: dict[str, Any]) -> Any:
    """The first referenced object (its ETag goes into If-Match)."""
    return next(iter(objects.values()), None)


def default_payload(case: Case, objects: dict[str, Any]) -> dict[str, Any]:
    """A *valid-looking* body, so an authorisation hole would really write (and be caught)."""
    primary = primary_object(objects)
    version = getattr(primary, "version", 1)
    if case.info.is_api:
        refs = {field: str(url_value(objects[key], "str")) for field, key in case.route.body.items()}
        if case.method in ("POST", "PUT"):
            return {"code": "BATTERY-1", "name": "Battery write", **refs}
        return {"name": "Battery write", **refs}
    return {
        "code": "BATTERY-1",
        "name": "Battery write",
        "description": "written by the permission battery",
        "state": "active",
        "version": version,
        "expected_version": version,
        "role": "viewer",
        "note": "battery",
    }


def send(case: Case, world: World, clients: Mapping[str, Client], *, htmx: bool) -> HttpResponseBase:
    """Send one request of ``case``; the client's cookies are restored afterwards (a sign-out or a
    session rotation must not leak into the next case)."""
    client = clients["api"] if case.info.is_api else clients[case.persona]
    saved = copy.deepcopy(client.cookies)
    try:
        return _send(case, world, client, htmx=htmx)
    finally:
        client.cookies = saved


def _send(case: Case, world: World, client: Client, *, htmx: bool) -> HttpResponseBase:
    url, objects = build_url(case, world)
    primary = primary_object(objects)
    headers: dict[str, str] = {}
    if htmx:
        headers["HX-Request"] = "true"
    if case.info.is_api:
        secret = world.token_secrets.get(case.persona)
        if secret:
            headers["Authorization"] = f"Bearer {secret}"
    if case.method in SAFE_METHODS:
        return client.generic(case.method, url, headers=headers)
    if case.method == "DELETE":
        if case.info.is_api and hasattr(primary, "etag"):
            headers["If-Match"] = primary.etag
        return client.generic("DELETE", url, headers=headers)
    ctx = PayloadContext(
        world=world, side=world.side(case.side), method=case.method, persona=case.persona, objects=objects
    )
    payload = case.route.payload(ctx) if case.route.payload else default_payload(case, objects)
    if case.info.is_api:
        if hasattr(primary, "etag"):
            headers["If-Match"] = primary.etag
        return client.generic(
            case.method, url, json.dumps(payload), content_type="application/json", headers=headers
        )
    return client.generic(
        case.method,
        url,
        urlencode(payload, doseq=True),
        content_type="application/x-www-form-urlencoded",
        headers=headers,
    )


def body_of(response: HttpResponseBase) -> str:
    """The decoded body of a (possibly streaming) response."""
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    else:
        content = response.content  # type: ignore[attr-defined]
    return content.decode("utf-8", "replace")


def login_path() -> str:
    """The path of the login page."""
    return reverse(settings.LOGIN_URL) if ":" in settings.LOGIN_URL else settings.LOGIN_URL


def is_login_response(response: HttpResponseBase, info: RouteInfo) -> bool:
    """True when the response sends an anonymous user to sign in (redirect, 401/403, HX-Redirect)."""
    status = response.status_code
    if info.is_api:
        return status in (401, 403)
    target = (
        response.get("Location", "") or response.get("HX-Redirect", "") or response.get("HX-Location", "")
    )
    if login_path() in target:
        return True
    return status in (401, 403) and info.is_fragment


def check_status(outcome: Outcome, response: HttpResponseBase, case: Case) -> str | None:
    """A message when the status contradicts the expected outcome, else ``None``."""
    status = response.status_code
    if status >= 500:
        return f"server error {status}"
    if outcome is Outcome.NOT_ALLOWED:
        if status in (404, 405) or (case.persona == "anonymous" and is_login_response(response, case.info)):
            return None
        return f"expected 405 (method not registered), got {status}"
    if outcome is Outcome.LOGIN:
        if is_login_response(response, case.info):
            return None
        return f"expected a login redirect/401, got {status}"
    if outcome is Outcome.NOT_FOUND:
        if status == 404 or (status == 400 and case.route.object_in_body_only):
            return None
        return f"expected 404 (out of scope), got {status}"
    if outcome is Outcome.FORBIDDEN:
        return None if status == 403 else f"expected 403 (role too small), got {status}"
    # allowed
    if 200 <= status < 400:
        redirect = response.get("Location", "")
        if 300 <= status < 400 and case.method in SAFE_METHODS and login_path() in redirect:
            return f"allowed, but redirected to login ({status})"
        return None
    if case.method not in SAFE_METHODS and status in ALLOWED_WRITE_REJECTIONS:
        return None
    return f"expected an allowed response, got {status}"


#: The table a data-changing statement writes to (Django quotes table names on every backend).
_WRITTEN_TABLE = re.compile(
    r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+"([^"]+)"', re.IGNORECASE
)


def written_tables(queries: list[dict[str, Any]]) -> set[str]:
    """The tables the captured statements wrote to (an unparsable write counts as every table)."""
    tables: set[str] = set()
    for query in queries:
        sql = query["sql"]
        if sql.lstrip().split(" ", 1)[0].upper() not in {"INSERT", "UPDATE", "DELETE", "REPLACE"}:
            continue
        match = _WRITTEN_TABLE.match(sql)
        tables.add(match.group(1) if match else "*")
    return tables


def write_changes(baseline: dict[str, TablePrint], tables: set[str]) -> list[str]:
    """The fingerprint differences of the written tables (all tables when one could not be named).

    Only written tables can differ (Django cascades in Python, with their own statements), so the
    fingerprint of the rest is not recomputed; derived tables and ignored columns stay out as in
    :func:`pmo.testing.fingerprint.db_fingerprint`.
    """
    if not tables:
        return []
    models = fingerprinted_models()
    if "*" not in tables:
        models = [model for model in models if model._meta.db_table in tables]
    after = db_fingerprint(models)
    before = {table: baseline[table] for table in after if table in baseline}
    return fingerprint_diff(before, after)


def forbidden_canaries(world: World, persona: str) -> list[str]:
    """The canaries a persona must never see."""
    if persona == "pmo_admin":
        return []
    if persona == "outsider":
        return world.canaries_a
    if persona == "anonymous":
        return world.canaries_a + world.canaries_b
    return world.canaries_b


def run_case(
    case: Case,
    world: World,
    clients: Mapping[str, Client],
    matrix: AuthzMatrix,
    baseline: dict[str, TablePrint],
) -> list[str]:
    """Run a case plain and as htmx; return the failures (empty when every oracle holds)."""
    outcome = expectation(case, matrix)
    must_not_write = not (outcome is Outcome.OK and case.method not in SAFE_METHODS)
    secrets = forbidden_canaries(world, case.persona)
    failures: list[str] = []
    for htmx in (False, True):
        if htmx and (case.info.is_api or outcome is Outcome.NOT_ALLOWED):
            continue
        variant = "htmx" if htmx else "plain"
        sent_mail = len(mail.outbox)
        response = None
        changes: list[str] = []
        try:
            with transaction.atomic():
                with CaptureQueriesContext(connection) as captured:
                    response = send(case, world, clients, htmx=htmx)
                if must_not_write:
                    changes = write_changes(baseline, written_tables(captured.captured_queries))
                transaction.set_rollback(True)
        except Exception as error:
            tail = "".join(traceback.format_exception(error)[-3:]).strip()
            failures.append(f"[{variant}] raised {type(error).__name__}: {error}\n{tail}")
            continue
        problem = check_status(outcome, response, case)
        if problem:
            failures.append(f"[{variant}] {problem}")
        if case.method != "HEAD" and secrets:
            body = body_of(response)
            leaked = [token for token in secrets if token in body]
            if leaked:
                failures.append(f"[{variant}] body leaks {len(leaked)} canary string(s), e.g. {leaked[0]}")
        if changes:
            failures.append(f"[{variant}] database changed: {'; '.join(changes)}")
        if len(mail.outbox) != sent_mail:
            failures.append(f"[{variant}] mail was sent")
            del mail.outbox[sent_mail:]
    if failures:
        header = (
            f"{case.method} {case.route.name} as {case.persona} on {case.side}'s objects "
            f"(expected {outcome.value})"
        )
        return [f"{header}: {line}" for line in failures]
    return []
