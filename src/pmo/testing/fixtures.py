"""Pytest fixtures shared by every app's tests (personas, API clients, fingerprints).

Registered for the whole repository by the root ``conftest.py``.

* ``world``: the two-portfolio world of :mod:`pmo.testing.personas`, built once per session
  (:class:`WorldStore`) and deep copied for each test, which runs in a savepoint rolled back
  afterwards (inside the module's savepoint, inside the session's transaction).
* ``shared_world``: one copy of that world for all the tests of a module; each test still runs in
  its own savepoint (request ``db``). For heavy parametrised modules.
* A module using either must not hold ``transactional_db``/``live_server`` tests (refused at
  collection).
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
from pmo.testing.personas import PASSWORD, SIGNED_IN, World, build_world
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


class WorldStore:
    """The world of the whole test session: built once, in a transaction that is never committed.

    Every module that uses ``world`` or ``shared_world`` runs inside a savepoint of it, rolled back
    at the module's end, and every test inside a savepoint of that. The transaction is rolled back
    before the first transactional test (pytest-django runs them after all the others) and at the
    end of the session; a later request builds the world again.
    """

    def __init__(self, blocker: Any) -> None:
        self._blocker = blocker
        self._atomic: Any = None
        self._template: World | None = None

    def template(self) -> World:
        """The world as built (build it on first use)."""
        if self._template is None:
            with self._blocker.unblock():
                _assert_test_database()
                self._atomic = transaction.atomic()
                self._atomic.__enter__()
                self._template = build_world()
        return self._template

    def close(self) -> None:
        """Roll the world back (nothing of it is ever committed)."""
        if self._atomic is None:
            return
        with self._blocker.unblock():
            transaction.set_rollback(True)
            self._atomic.__exit__(None, None, None)
        self._atomic, self._template = None, None


_STORES: list[WorldStore] = []
#: Test modules that use the shared world (found at collection).
_WORLD_MODULES: set[str] = set()


@pytest.fixture(scope="session")
def _world_store(django_db_setup: None, django_db_blocker: Any) -> Iterator[WorldStore]:
    """The session's :class:`WorldStore` (the world is built when a module first asks for it)."""
    store = WorldStore(django_db_blocker)
    _STORES.append(store)
    yield store
    store.close()
    _STORES.remove(store)


@pytest.fixture(scope="module")
def _world_template(_world_store: WorldStore, django_db_blocker: Any) -> Iterator[World]:
    """The session's world, inside a savepoint rolled back at the module's end."""
    template = _world_store.template()
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
    try:
        yield template
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def world(_world_template: World, db: None) -> World:
    """The world (personas, portfolios A and B, and every app's objects on both sides).

    Built once per session and given to each test as a deep copy (as Django's ``setUpTestData``
    does): the test runs in a savepoint rolled back afterwards, so the rows and the copied objects
    are as built, whatever an earlier test wrote. A module using ``world`` must not hold
    transactional or live-server tests (checked at collection: :func:`check_world_modules`).
    """
    return copy.deepcopy(_world_template)


def _is_transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    return bool(set(getattr(item, "fixturenames", ())) & {"transactional_db", "live_server"})


def _uses_db(item: pytest.Item) -> bool:
    return bool(item.get_closest_marker("django_db")) or "db" in getattr(item, "fixturenames", ())


def _uses_world(item: pytest.Item) -> bool:
    return "_world_template" in getattr(item, "fixturenames", ())


def _module_of(item: pytest.Item) -> str:
    return item.nodeid.split("::", 1)[0]


def order_for_the_shared_world(items: list[pytest.Item]) -> None:
    """Within pytest-django's order (database tests, then transactional ones, then the rest), run
    the modules that use the shared world first, so it is built once and rolled back once before
    any other database test, which then sees an empty database as it expects."""
    with_world = {_module_of(item) for item in items if _uses_world(item)}
    _WORLD_MODULES.clear()
    _WORLD_MODULES.update(with_world)

    def key(item: pytest.Item) -> tuple[int, int]:
        group = 1 if _is_transactional(item) else 0 if _uses_db(item) else 2
        return group, 0 if _module_of(item) in with_world else 1

    items.sort(key=key)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Roll the session's world back before the first database test of a module that does not use
    it (:func:`order_for_the_shared_world` puts those after the ones that do). Such a test expects
    an empty database; a transactional one must also see everything committed, and its flush
    would otherwise run inside the world's transaction."""
    if (_uses_db(item) or _is_transactional(item)) and _module_of(item) not in _WORLD_MODULES:
        for store in _STORES:
            store.close()


def check_world_modules(items: list[pytest.Item]) -> None:
    """Refuse a module mixing ``world`` with transactional tests (they could not see the world's
    uncommitted rows, and their flush would run inside its transaction)."""
    by_module: dict[str, list[pytest.Item]] = {}
    for item in items:
        by_module.setdefault(_module_of(item), []).append(item)
    for module_items in by_module.values():
        if not any(_uses_world(item) for item in module_items):
            continue
        for item in module_items:
            if _is_transactional(item):
                raise pytest.UsageError(
                    f"{item.nodeid} is transactional in a module that uses the shared world; "
                    "move it to a module of its own"
                )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Collection-time checks of the shared fixtures, and the order they need (this hook runs after
    pytest-django's, which sorts by kind of database use, and keeps that order)."""
    check_world_modules(items)
    order_for_the_shared_world(items)


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
def shared_world(_world_template: World) -> World:
    """The world, shared by the tests of a module (a copy of the session's, in the module's
    savepoint): for heavy parametrised modules whose tests only read it or roll back.

    Tests using it must still request ``db`` (or be marked ``django_db``): pytest-django creates
    the test database only for the databases that marked tests ask for.
    """
    return copy.deepcopy(_world_template)


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
