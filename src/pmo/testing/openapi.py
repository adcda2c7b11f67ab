"""API responses checked against the committed OpenAPI schema (``schema/openapi.yaml``).

:class:`SchemaCheckedClient` is DRF's ``APIClient`` that validates every answer under
``/api/v1/`` (status code, content type, headers and body) against the committed schema with
openapi-core, so a test fails the moment the API and its contract drift apart. Use
:meth:`SchemaCheckedClient.unchecked` for the few requests that deliberately go outside the
contract (e.g. a method the endpoint does not have).
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.http import HttpResponse
from openapi_core import Config, OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse
from openapi_core.deserializing.media_types.util import json_loads
from rest_framework.test import APIClient

REPO_ROOT = Path(__file__).resolve().parents[3]
SCHEMA_PATH = REPO_ROOT / "schema" / "openapi.yaml"
API_PREFIX = "/api/v1/"
UNDOCUMENTED_PREFIXES = ("/api/v1/schema/", "/api/v1/docs/")


class _Request(DjangoOpenAPIRequest):
    """Let openapi-core match the path against the schema's templates itself."""

    @property
    def path_pattern(self) -> str | None:
        return None


@functools.cache
def openapi_spec() -> OpenAPI:
    """The committed schema, parsed once per test session."""
    config = Config(extra_media_type_deserializers={"application/problem+json": json_loads})
    return OpenAPI.from_file_path(str(SCHEMA_PATH), config=config)


def assert_matches_schema(response: HttpResponse) -> None:
    """Fail unless ``response`` (from the Django test client) is what the schema promises."""
    request = response.wsgi_request  # type: ignore[attr-defined]
    try:
        openapi_spec().validate_response(_Request(request), DjangoOpenAPIResponse(response))
    except Exception as error:  # openapi-core raises a family of errors; report them all alike
        causes = []
        cause: BaseException | None = error
        while cause is not None:
            causes.append(repr(cause))
            causes.extend(str(e) for e in getattr(cause, "schema_errors", []) or [])
            cause = cause.__cause__
        details = "; ".join(causes)
        raise AssertionError(
            f"{request.method} {request.get_full_path()} → {response.status_code} does not match "
            f"{SCHEMA_PATH.name}: {details}\nbody: {response.content[:2000]!r}"
        ) from error


class SchemaCheckedClient(APIClient):
    """An ``APIClient`` whose every API answer is validated against ``schema/openapi.yaml``."""

    check_schema = True

    def request(self, *args: Any, **kwargs: Any) -> Any:
        """Send the request, then validate the answer when it is an API answer."""
        response = super().request(*args, **kwargs)
        path = response.wsgi_request.path
        if self.check_schema and path.startswith(API_PREFIX) and not path.startswith(UNDOCUMENTED_PREFIXES):
            assert_matches_schema(response)
        return response

    @contextlib.contextmanager
    def unchecked(self) -> Iterator[SchemaCheckedClient]:
        """Skip the schema check inside the ``with`` block."""
        previous, self.check_schema = self.check_schema, False
        try:
            yield self
        finally:
            self.check_schema = previous


def schema_client(world: Any, persona: str, *, auth: str = "token") -> SchemaCheckedClient:
    """A :class:`SchemaCheckedClient` acting as ``persona`` of :class:`pmo.testing.personas.World`.

    ``auth="token"`` sends the persona's API token; ``auth="session"`` signs in with a session
    (and enforces CSRF like a browser would when ``csrf=True`` is set on the client).
    """
    client = SchemaCheckedClient()
    if persona == "anonymous":
        return client
    if auth == "token":
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {world.token_secrets[persona]}")
    elif auth == "session":
        client.force_login(world.users[persona])
    else:
        raise ValueError(f"auth must be 'token' or 'session', not {auth!r}")
    return client


def refreshed(world: Any) -> Any:
    """Re-read every object of a (module-shared) world from the database and return it.

    With ``shared_world`` each test rolls its writes back, but Python objects a previous test
    refreshed may hold versions that no longer exist; API tests build ETags from these objects.
    """
    for side in (world.a, world.b):
        for name in (
            "portfolio",
            "subportfolio",
            "program",
            "project",
            "project_direct",
            "project_sub",
            "team",
            "team_membership",
            "membership",
        ):
            getattr(side, name).refresh_from_db()
    for user in world.users.values():
        user.refresh_from_db()
        if hasattr(user, "_pmo_membership_paths"):
            delattr(user, "_pmo_membership_paths")
    for token in world.tokens.values():
        token.refresh_from_db()
    return world
