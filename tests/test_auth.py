"""Authentication and session security (SECURITY.md A8, A12, B3, B6, D1, D2, E1)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.test import Client, override_settings
from django.urls import reverse

from pmo.accounts.models import LoginAttempt, Membership
from pmo.testing.fingerprint import db_fingerprint, fingerprint_diff
from pmo.testing.personas import PASSWORD
from pmo.testing.routes import all_routes
from tests.route_registry import ROUTES

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def _login(client: Client, username: str, password: str, **extra: str):
    return client.post(reverse("accounts:login"), {"username": username, "password": password}, **extra)


# -- D1: brute force -----------------------------------------------------------------------------


@override_settings(PMO_LOGIN_MAX_FAILURES=5)
def test_login_is_throttled_after_n_failures_even_with_rotating_xff(world) -> None:
    """Given 5 wrong passwords (each from a "new" X-Forwarded-For), then 429, even for the right one."""
    client = Client()
    for number in range(5):
        response = _login(client, "manager", "wrong", HTTP_X_FORWARDED_FOR=f"198.51.100.{number}")
        assert response.status_code == 400
    assert LoginAttempt.objects.filter(username="manager").count() == 5
    locked = _login(client, "manager", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    assert _login(Client(), "MANAGER", PASSWORD).status_code == 429


def test_successful_login_clears_failures_and_redirects(world) -> None:
    """A correct password after a few failures signs in and forgets the failures."""
    client = Client()
    _login(client, "viewer", "wrong")
    response = _login(client, "viewer", PASSWORD)
    assert response.status_code == 302
    assert not LoginAttempt.objects.filter(username="viewer").exists()


# -- D2: session lifecycle -----------------------------------------------------------------------


def test_session_key_rotates_at_login(world) -> None:
    """A session planted before login (fixation) is not the one that ends up signed in."""
    planted = SessionStore()
    planted["planted"] = True
    planted.save()
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = planted.session_key
    assert _login(client, "viewer", PASSWORD).status_code == 302
    new_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert new_key != planted.session_key
    assert not Session.objects.filter(session_key=planted.session_key).exists()


def test_logout_kills_the_session(world) -> None:
    """After logout (POST), the old session cookie no longer signs anyone in."""
    client = Client()
    _login(client, "viewer", PASSWORD)
    old_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.get(reverse("portfolios:overview")).status_code == 200
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert not Session.objects.filter(session_key=old_key).exists()
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = old_key
    response = replay.get(reverse("portfolios:overview"))
    assert response.status_code == 302 and LOGIN in response["Location"]


def test_deactivated_user_is_rejected_on_the_next_request(world, persona_client, api_client) -> None:
    """Deactivating a user ends their session, their token and their ability to log in."""
    client = persona_client("contributor")
    token_client = api_client("contributor")
    assert client.get(reverse("portfolios:overview")).status_code == 200
    user = world.users["contributor"]
    user.is_active = False
    user.save()
    response = client.get(reverse("portfolios:overview"))
    assert response.status_code == 302 and LOGIN in response["Location"]
    assert token_client.get(reverse("api:project-list")).status_code in (401, 403)
    assert _login(Client(), "contributor", PASSWORD).status_code == 400


# -- B6: open redirect ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example/",
        "https://evil.example/",
        "https:evil.example",
        "javascript:alert(1)",
        "\\\\evil.example",
        "/\\evil.example",
        "http://testserver@evil.example/",
    ],
)
def test_login_next_never_leaves_the_site(world, target) -> None:
    """``next=`` pointing elsewhere falls back to the home page, on login and when already signed in."""
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": "viewer", "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("/") and not location.startswith(("//", "/\\")), location
    assert "evil" not in location and "javascript" not in location
    again = client.get(reverse("accounts:login"), {"next": target})
    assert again.status_code == 302 and "evil" not in again["Location"]


def test_login_next_keeps_a_local_path(world) -> None:
    """A local ``next`` is honoured."""
    response = Client().post(
        reverse("accounts:login"), {"username": "viewer", "password": PASSWORD, "next": "/projects/"}
    )
    assert response["Location"] == "/projects/"


# -- B3: CSRF ------------------------------------------------------------------------------------

RESOLVED = {route.name: route for route in all_routes()}
UNSAFE_PAGES = sorted(
    {
        entry.name
        for entry in ROUTES
        if entry.name in RESOLVED and not RESOLVED[entry.name].is_api and set(entry.methods) - {"GET", "HEAD"}
    }
)


@pytest.mark.parametrize("name", UNSAFE_PAGES)
def test_unsafe_pages_need_a_csrf_token(world, name) -> None:
    """Every page that accepts POST refuses it without a token, with a bad one, and cross-origin."""
    from pmo.testing.battery import Case, build_url
    from tests.route_registry import ROUTES as ENTRIES

    entry = next(e for e in ENTRIES if e.name == name)
    url, _ = build_url(Case(entry, RESOLVED[name], "POST", "pmo_admin", "A"), world)
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["pmo_admin"])
    client.get(reverse("portfolios:overview"))  # receive a CSRF cookie
    token = client.cookies.get(settings.CSRF_COOKIE_NAME)
    before = db_fingerprint()
    assert client.post(url, {"name": "x"}).status_code == 403
    assert client.post(url, {"name": "x", "csrfmiddlewaretoken": "A" * 32}).status_code == 403
    if token is not None:
        response = client.post(
            url, {"name": "x", "csrfmiddlewaretoken": token.value}, HTTP_ORIGIN="https://evil.example"
        )
        assert response.status_code == 403
    assert not fingerprint_diff(before, db_fingerprint())


def test_session_authenticated_api_writes_need_csrf(world) -> None:
    """A browser session cannot be ridden to write through the API; a token needs no CSRF."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["manager"])
    url = reverse("api:project-detail", kwargs={"uid": world.a.project.uid})
    response = client.patch(
        url, '{"name": "x"}', content_type="application/json", HTTP_IF_MATCH=world.a.project.etag
    )
    assert response.status_code == 403
    token_client = Client(
        enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {world.token_secrets['manager']}"
    )
    response = token_client.patch(
        url, '{"name": "x"}', content_type="application/json", HTTP_IF_MATCH=world.a.project.etag
    )
    assert response.status_code == 200


# -- E1: headers ---------------------------------------------------------------------------------


def _assert_security_headers(response, *, authenticated: bool) -> str:
    csp = response["Content-Security-Policy"]
    match = re.search(r"'nonce-([^']+)'", csp)
    assert match, csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"]
    if authenticated:
        assert "no-store" in response["Cache-Control"]
    return match.group(1)


def test_security_headers_on_page_fragment_json_and_404(world, persona_client, api_client) -> None:
    """Page, htmx fragment, JSON and 404 all carry CSP (nonce, frame-ancestors), nosniff, no-store."""
    client = persona_client("viewer")
    page = client.get(reverse("portfolios:detail", kwargs={"uid": world.a.portfolio.uid}))
    nonce = _assert_security_headers(page, authenticated=True)
    for tag in re.findall(r"<script\b[^>]*>", page.content.decode()):
        if 'type="application/json"' in tag:  # data, never executed
            continue
        assert f'nonce="{nonce}"' in tag, f"script without the request's nonce: {tag}"
    fragment = client.get(reverse("portfolios:nav"), HTTP_HX_REQUEST="true")
    assert _assert_security_headers(fragment, authenticated=True) != nonce
    _assert_security_headers(api_client("viewer").get(reverse("api:project-list")), authenticated=True)
    missing = client.get("/projects/00000000-0000-0000-0000-000000000000/")
    assert missing.status_code == 404
    _assert_security_headers(missing, authenticated=True)
    anonymous = Client().get(reverse("accounts:login"))
    _assert_security_headers(anonymous, authenticated=False)


def test_server_error_page_shows_no_internals(world, monkeypatch) -> None:
    """A crash gives a plain 500 page: no traceback, no SQL, no settings."""
    from pmo.portfolios import views

    def explode(*args, **kwargs):
        raise RuntimeError("SELECT secret_column FROM accounts_user -- SECRET_KEY")

    monkeypatch.setattr(views, "portfolios_visible", explode, raising=False)
    monkeypatch.setattr(views.PortfolioListView, "get_queryset", explode, raising=False)
    client = Client(raise_request_exception=False)
    client.force_login(world.users["viewer"])
    response = client.get(reverse("portfolios:list"))
    assert response.status_code == 500
    body = response.content.decode()
    for leak in ("Traceback", "SELECT", "secret_column", "SECRET_KEY", "RuntimeError"):
        assert leak not in body
    _assert_security_headers(response, authenticated=True)


# -- A12: tokens as objects ----------------------------------------------------------------------


def test_another_users_token_is_404_everywhere(world, api_client, persona_client) -> None:
    """Reading or revoking somebody else's token by id is 404 (even for a PMO admin); nothing changes."""
    other = world.tokens["outsider"]
    before = db_fingerprint()
    for persona in ("manager", "pmo_admin"):
        client = api_client(persona)
        assert client.get(reverse("api:token-detail", kwargs={"uid": other.uid})).status_code == 404
        assert client.delete(reverse("api:token-detail", kwargs={"uid": other.uid})).status_code == 404
        assert client.post(reverse("api:token-revoke", kwargs={"uid": other.uid})).status_code == 404
        page = persona_client(persona).post(reverse("accounts:token_revoke", kwargs={"uid": other.uid}))
        assert page.status_code == 404
        listed = client.get(reverse("api:token-list")).json()
        assert str(other.uid) not in str(listed)
    assert not fingerprint_diff(before, db_fingerprint())


# -- A8: privilege escalation through memberships ------------------------------------------------


def _membership_url(membership: Membership) -> str:
    return reverse("api:membership-detail", kwargs={"uid": membership.uid})


def test_contributor_cannot_promote_themselves(world, api_client) -> None:
    """PATCHing one's own membership to manager is refused (403); the role stays."""
    own = Membership.objects.get(user=world.users["contributor"])
    response = api_client("contributor").patch(
        _membership_url(own), {"role": "manager"}, format="json", HTTP_IF_MATCH=own.etag
    )
    assert response.status_code == 403
    own.refresh_from_db()
    assert own.role == "contributor"


def test_manager_cannot_grant_pmo_admin_or_move_a_membership(world, api_client) -> None:
    """'admin' is not grantable and a membership's scope is read-only; nothing changes."""
    client = api_client("manager")
    before = db_fingerprint()
    grant = client.post(
        reverse("api:membership-list"),
        {"scope": str(world.a.program.uid), "user": "contributor", "role": "admin"},
        format="json",
    )
    assert grant.status_code == 400
    membership = world.a.team_membership
    moved = client.patch(
        _membership_url(membership),
        {"scope": str(world.b.portfolio.uid)},
        format="json",
        HTTP_IF_MATCH=membership.etag,
    )
    assert moved.status_code == 400
    assert not fingerprint_diff(before, db_fingerprint())


def test_manager_cannot_change_their_own_role(world, api_client) -> None:
    """The manager cannot demote or re-grant themselves through the API."""
    own = world.a.membership
    response = api_client("manager").patch(
        _membership_url(own), {"role": "viewer"}, format="json", HTTP_IF_MATCH=own.etag
    )
    assert response.status_code in (400, 403)
    own.refresh_from_db()
    assert own.role == "manager"


def test_program_manager_cannot_touch_the_portfolio_managers_role(world, api_client) -> None:
    """A manager further down the tree cannot revoke or demote a role held above them."""
    from pmo.accounts.services import membership_grant

    membership_grant(
        actor=world.users["pmo_admin"],
        scope=world.a.program.scope,
        role="manager",
        user=world.users["no_role"],
    )
    client = api_client("no_role")
    target = world.a.membership
    before = db_fingerprint()
    patch = client.patch(
        _membership_url(target), {"role": "viewer"}, format="json", HTTP_IF_MATCH=target.etag
    )
    delete = client.delete(_membership_url(target), HTTP_IF_MATCH=target.etag)
    assert patch.status_code in (403, 404) and delete.status_code in (403, 404)
    assert not fingerprint_diff(before, db_fingerprint())
