"""Sign-in (throttled, safe redirects), sign-out and the API tokens page."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from pmo.accounts.models import ApiToken, LoginAttempt
from pmo.testing.personas import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def test_login_page_renders(world, client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert 'autocomplete="current-password"' in response.content.decode()


def test_login_rotates_the_session_and_follows_a_safe_next(world, client):
    client.get(LOGIN)
    before = client.cookies.get("sessionid")
    response = client.post(LOGIN, {"username": "viewer", "password": PASSWORD, "next": "/projects/"})
    assert response.status_code == 302
    assert response["Location"] == "/projects/"
    assert client.cookies["sessionid"].value != (before.value if before else "")
    assert not LoginAttempt.objects.filter(username="viewer").exists()


@pytest.mark.parametrize(
    "target", ["//evil.example/", "https://evil.example/", "javascript:alert(1)", "\\\\evil"]
)
def test_login_ignores_an_unsafe_next(world, client, target):
    response = client.post(LOGIN, {"username": "viewer", "password": PASSWORD, "next": target})
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")


def test_wrong_password_is_recorded_and_explained(world, client):
    response = client.post(LOGIN, {"username": "viewer", "password": "wrong"})
    assert response.status_code == 400
    assert "The username or the password is wrong" in response.content.decode()
    assert LoginAttempt.objects.filter(username="viewer").count() == 1
    assert "_auth_user_id" not in client.session


@override_settings(PMO_LOGIN_MAX_FAILURES=3)
def test_lockout_answers_429_before_checking_the_password(world, client):
    for _ in range(3):
        client.post(LOGIN, {"username": "viewer", "password": "wrong"})
    # Even the right password is refused while locked out.
    response = client.post(LOGIN, {"username": "viewer", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_empty_form_names_the_fields(world, client):
    response = client.post(LOGIN, {"username": ""})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"username", "password"}


def test_logout_is_post_only(world, persona_client):
    client = persona_client("viewer")
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(reverse("portfolios:overview")).status_code == 302


def test_csrf_is_enforced_on_login(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post(LOGIN, {"username": "viewer", "password": PASSWORD})
    assert response.status_code == 403


def test_tokens_page_lists_only_own_tokens(world, persona_client):
    response = persona_client("viewer").get(reverse("accounts:tokens"))
    assert response.status_code == 200
    tokens = response.context["tokens"]
    assert tokens and all(token.user == world.users["viewer"] for token in tokens)


def test_create_token_shows_the_secret_once(world, persona_client):
    client = persona_client("viewer")
    response = client.post(reverse("accounts:tokens"), {"name": "report script", "lifetime": 30})
    assert response.status_code == 200
    secret = response.context["secret"]
    assert secret in response.content.decode()
    token = ApiToken.objects.get(user=world.users["viewer"], name="report script")
    assert token.digest != secret
    assert secret not in client.get(reverse("accounts:tokens")).content.decode()


def test_token_without_name_names_the_field(world, persona_client, fingerprint):
    before = fingerprint()
    response = persona_client("viewer").post(reverse("accounts:tokens"), {"name": "  ", "lifetime": 30})
    assert response.status_code == 400
    assert "name" in response.context["form"].errors
    assert fingerprint() == before


def test_revoke_own_token_and_not_someone_elses(world, persona_client):
    client = persona_client("viewer")
    other = world.tokens["manager"]
    response = client.post(reverse("accounts:token_revoke", kwargs={"uid": other.uid}))
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.revoked_at is None
    own = world.tokens["viewer"]
    assert client.post(reverse("accounts:token_revoke", kwargs={"uid": own.uid})).status_code == 302
    own.refresh_from_db()
    assert own.revoked_at is not None
