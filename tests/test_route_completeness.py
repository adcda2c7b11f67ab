"""Route-completeness gate (Zulip style): every URL is covered by the permission battery.

Every URL name the resolver knows (pages, htmx fragments and API) must be registered in
``tests/route_registry.py`` (object type, where its kwargs come from, the action of each method) or
listed in ``PUBLIC_ROUTES`` with a reason. A new route that is left out fails here, by name, so it
cannot bypass the battery; a registry entry whose route is gone fails too.
"""

from __future__ import annotations

import pytest

from pmo.testing.authz import load_matrix
from pmo.testing.registry import HTTP_METHODS
from pmo.testing.routes import all_routes
from tests.route_registry import PUBLIC_ROUTES, ROUTES

RESOLVED = {route.name: route for route in all_routes()}
REGISTERED = {route.name for route in ROUTES}


def test_every_route_is_registered_or_public() -> None:
    """Given the URL resolver, when compared with the registry, then no route is left out."""
    missing = sorted(set(RESOLVED) - REGISTERED - set(PUBLIC_ROUTES))
    assert not missing, (
        "routes not covered by the permission battery; add them to tests/route_registry.py "
        "(or to PUBLIC_ROUTES with a reason): "
        + ", ".join(f"{name} ({RESOLVED[name].template})" for name in missing)
    )


def test_no_orphaned_registry_entries() -> None:
    """Given the registry, when compared with the resolver, then every entry names a live route."""
    orphans = sorted((REGISTERED | set(PUBLIC_ROUTES)) - set(RESOLVED))
    assert not orphans, "registry entries for routes that no longer exist: " + ", ".join(orphans)


def test_no_route_is_both_public_and_registered() -> None:
    """A route is either checked by the battery or explicitly public, never both."""
    both = sorted(REGISTERED & set(PUBLIC_ROUTES))
    assert not both, "routes both public and registered: " + ", ".join(both)


def test_every_route_is_named() -> None:
    """Unnamed URL patterns cannot be registered, so they are not allowed."""
    unnamed = sorted(name for name in RESOLVED if name.startswith("<unnamed"))
    assert not unnamed, "give these URL patterns a name: " + ", ".join(unnamed)


def test_public_routes_say_why() -> None:
    """Every public route carries the reason it needs no login."""
    silent = sorted(name for name, reason in PUBLIC_ROUTES.items() if not reason.strip())
    assert not silent, "PUBLIC_ROUTES without a reason: " + ", ".join(silent)


@pytest.mark.parametrize("entry", ROUTES, ids=lambda entry: entry.name)
def test_registry_entry_matches_its_route(entry) -> None:
    """Given a registry entry, then its kwargs, methods and actions agree with the route and the matrix."""
    route = RESOLVED.get(entry.name)
    if route is None:
        pytest.skip("orphaned entry (reported by test_no_orphaned_registry_entries)")
    assert set(entry.kwargs) == set(route.kwarg_names), (
        f"{entry.name}: URL kwargs are {sorted(route.kwarg_names)}, the registry fills {sorted(entry.kwargs)}"
    )
    assert entry.methods, f"{entry.name}: no HTTP method registered"
    assert set(entry.methods) <= set(HTTP_METHODS)
    implemented = route.allowed_methods()
    if implemented is not None:
        extra = sorted(set(entry.methods) - implemented)
        assert not extra, f"{entry.name}: registry lists {extra}, the view implements {sorted(implemented)}"
    rules = load_matrix().rules(entry.obj)
    for method, action in entry.methods.items():
        assert action in rules.actions, (
            f"{entry.name} {method}: action {entry.obj}.{action} not in the matrix"
        )


def test_matrix_roles_are_ordered_sensibly() -> None:
    """A PMO administrator may do everything the matrix allows anyone, except the acts reserved to a
    named person (the sponsor's decision, the acceptor's sign-off), which only that person does."""
    matrix = load_matrix()
    for name, rules in matrix.objects.items():
        for action, roles in rules.actions.items():
            if action in rules.named_person:
                assert roles == {"manager"}, f"{name}.{action} is a named person's act: [manager] only"
                continue
            assert not roles or "pmo_admin" in roles, f"{name}.{action} allows others but not pmo_admin"
