"""Pytest fixtures shared by every app's tests (personas, API clients, fingerprints).

Registered for the whole repository by the root ``conftest.py``.

* ``world``: the two-portfolio world of :mod:`pmo.testing.personas`, built once per module and deep
  copied for each test, which runs in a savepoint rolled back afterwards.
* ``shared_world``: the same world built **once per module**, inside a module-wide transaction that
  is rolled back at the end; each test still runs in its own savepoint (request ``db``). Use it for
  heavy parametrised modules; do not mix it with ``transactional_db``/``live_server`` in one module.
* ``persona_client``/``api_client``: factories for signed-in clients (session, or API token).
* ``fingerprint``: ``db_fingerprint`` as a fixture; ``max_queries``: ``assert_max_queries``.

Passwords are hashed with a fast hasher for the whole session (tests only).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client, override_settings
from rest_framework.test import APIClient

from pmo.testing.fingerprint import TablePrint, db_fingerprint
from pmo.testing.personas import PASSWORD, SIGNED_IN, World, build_world, extensions_for
from pmo.testing.queries import assert_max_queries

__all__ = [
    "PASSWORD",
    "api_client",
    "fingerprint",
    "max_queries",
    "persona_client",
    "shared_api_client",
    "shared_clients",
    "shared_persona_client",
    "shared_world",
    "world",
]


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing() -> Iterator[None]:
    """Tests hash passwords with a fast hasher (the real one costs ~0.3 s per user)."""
    override = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    override.enable()
    yield
    override.disable()


@pytest.fixture(scope="module")
def _world_template(
    request: pytest.FixtureRequest, django_db_setup: None, django_db_blocker: Any
) -> Iterator[World]:
    """The module's world, built once inside a module-wide transaction rolled back at module end."""
    with django_db_blocker.unblock():
        _assert_test_database()
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world(extensions_for(request.module.__name__))
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def world(_world_template: World, db: None) -> World:
    """The world (personas, portfolios A and B) for this test, with the extensions its module needs
    (:func:`pmo.testing.personas.extensions_for`).

    Built once per module and given to each test as a deep copy (as Django's ``setUpTestData``
    does): the test runs in a savepoint rolled back afterwards, so the rows and the copied objects
    are as built, whatever the previous test wrote. A module using ``world`` must not hold
    transactional or live-server tests (checked at collection: :func:`check_world_modules`).
    """
    return copy.deepcopy(_world_template)


def check_world_modules(items: list[pytest.Item]) -> None:
    """Refuse a module mixing ``world`` with transactional tests (they could not see the world's
    module-wide transaction, and their flush would run inside it)."""
    by_module: dict[str, list[pytest.Item]] = {}
    for item in items:
        by_module.setdefault(item.nodeid.split("::", 1)[0], []).append(item)
    for module_items in by_module.values():
        if not any("world" in getattr(item, "fixturenames", ()) for item in module_items):
            continue
        for item in module_items:
            marker = item.get_closest_marker("django_db")
            fixtures = set(getattr(item, "fixturenames", ()))
            transactional = bool(marker and marker.kwargs.get("transaction"))
            if transactional or fixtures & {"transactional_db", "live_server"}:
                raise pytest.UsageError(
                    f"{item.nodeid} is transactional in a module that uses the `world` fixture; "
                    "move it to a module of its own"
                )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Collection-time checks of the shared fixtures."""
    check_world_modules(items)


def _assert_test_database() -> None:
    """Refuse to build anything unless the connection points at the test database."""
    expected = getattr(connection.creation, "_get_test_db_name")()  # noqa: B009 - private, untyped
    actual = connection.settings_dict["NAME"]
    if str(actual) != str(expected):
        raise RuntimeError(
            f"shared_world would write to {actual!r}, not the test database {expected!r}: "
            "request the `db` fixture (or mark the test django_db) in tests that use it"
        )


@pytest.fixture(scope="module")
def shared_world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """The world, built once for the module inside a transaction rolled back at module end.

    Tests using it must still request ``db`` (or be marked ``django_db``): pytest-django creates
    the test database only for the databases that marked tests ask for.
    """
    with django_db_blocker.unblock():
        _assert_test_database()
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(scope="module")
def shared_clients(shared_world: World, django_db_blocker: Any) -> dict[str, Client]:
    """One signed-in session :class:`Client` per persona (``anonymous`` has none), plus a
    cookie-less ``"api"`` client to which the battery adds ``Authorization: Bearer``."""
    clients: dict[str, Client] = {"anonymous": Client(), "api": Client()}
    with django_db_blocker.unblock():
        for persona in SIGNED_IN:
            client = Client()
            client.force_login(shared_world.users[persona])
            clients[persona] = client
    return clients


@pytest.fixture(scope="module")
def shared_baseline(shared_clients: dict[str, Client], django_db_blocker: Any) -> dict[str, TablePrint]:
    """The fingerprint of the shared world after every persona signed in."""
    with django_db_blocker.unblock():
        return db_fingerprint()


def _make_client(world: World, persona: str, auth: str, api: bool) -> Client:
    client: Client = APIClient() if api else Client()
    if persona == "anonymous":
        return client
    if auth == "token":
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {world.token_secrets[persona]}"
    elif auth == "session":
        client.force_login(world.users[persona])
    else:
        raise ValueError(f"auth must be 'session' or 'token', not {auth!r}")
    return client


@pytest.fixture
def persona_client(world: World) -> Callable[[str], Client]:
    """``persona_client("manager")``: a Django test client signed in (session) as that persona."""

    def make(persona: str) -> Client:
        return _make_client(world, persona, "session", api=False)

    return make


@pytest.fixture
def api_client(world: World) -> Callable[..., APIClient]:
    """``api_client("viewer", auth="token")``: a DRF client as that persona (``token`` or ``session``)."""

    def make(persona: str, auth: str = "token") -> APIClient:
        client = _make_client(world, persona, auth, api=True)
        assert isinstance(client, APIClient)
        return client

    return make


@pytest.fixture
def shared_persona_client(shared_world: World, db: None) -> Callable[[str], Client]:
    """Like ``persona_client``, over the module's ``shared_world``."""

    def make(persona: str) -> Client:
        return _make_client(shared_world, persona, "session", api=False)

    return make


@pytest.fixture
def shared_api_client(shared_world: World, db: None) -> Callable[..., APIClient]:
    """Like ``api_client``, over the module's ``shared_world``."""

    def make(persona: str, auth: str = "token") -> APIClient:
        client = _make_client(shared_world, persona, auth, api=True)
        assert isinstance(client, APIClient)
        return client

    return make


@pytest.fixture
def fingerprint(db: None) -> Callable[[], dict[str, TablePrint]]:
    """``fingerprint()`` returns :func:`pmo.testing.fingerprint.db_fingerprint` now."""
    return db_fingerprint


@pytest.fixture
def max_queries() -> Callable[[int], Any]:
    """``with max_queries(5): ...`` fails when the block runs more than 5 queries."""
    return assert_max_queries
