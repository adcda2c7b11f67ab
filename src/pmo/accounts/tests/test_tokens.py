"""Personal API tokens: stored hashed, shown once, expiring, revocable (SECURITY A12, D2)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import RequestFactory
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.request import Request

from pmo.accounts.api.authentication import ApiTokenAuthentication
from pmo.accounts.models import ApiToken
from pmo.accounts.services import TOKEN_PREFIX, token_create, token_digest, token_revoke
from pmo.core.errors import DomainRuleError

pytestmark = pytest.mark.django_db


def _authenticate(secret: str | None, header: str | None = None):
    meta = {}
    if header is not None or secret is not None:
        meta["HTTP_AUTHORIZATION"] = header if header is not None else f"Bearer {secret}"
    request = Request(RequestFactory().get("/api/v1/projects/", **meta))
    return ApiTokenAuthentication().authenticate(request)


def test_only_the_digest_is_stored(world) -> None:
    """The secret is returned once; the database keeps a SHA-256 digest and a short prefix."""
    token, secret = token_create(user=world.users["viewer"], name="laptop")
    assert secret.startswith(TOKEN_PREFIX)
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.digest == token_digest(secret) and len(stored.digest) == 64
    assert secret not in {stored.digest, stored.prefix, stored.name}
    assert secret.startswith(stored.prefix) and len(stored.prefix) == 12


def test_default_expiry_and_validation(world) -> None:
    """Tokens expire after the configured days; an empty name or a past expiry names the field."""
    token, _ = token_create(user=world.users["viewer"], name=" ci ")
    assert token.name == "ci"
    assert dt.timedelta(days=89) < token.expires_at - timezone.now() <= dt.timedelta(days=90)
    with pytest.raises(DomainRuleError) as error:
        token_create(user=world.users["viewer"], name="  ")
    assert error.value.field == "name"
    with pytest.raises(DomainRuleError) as error:
        token_create(
            user=world.users["viewer"], name="old", expires_at=timezone.now() - dt.timedelta(seconds=1)
        )
    assert error.value.field == "expires_at"


def test_a_valid_token_authenticates_its_user_and_records_use(world) -> None:
    """A good token authenticates as its owner and stamps last_used_at."""
    user, token = _authenticate(world.token_secrets["manager"])
    assert user == world.users["manager"]
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_expired_token_is_rejected(world) -> None:
    """An expired token fails authentication."""
    ApiToken.objects.filter(pk=world.tokens["viewer"].pk).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    with pytest.raises(exceptions.AuthenticationFailed, match="revoked or expired"):
        _authenticate(world.token_secrets["viewer"])


def test_revoked_token_is_rejected_and_revoking_is_idempotent(world) -> None:
    """Revocation takes effect at once; revoking again changes nothing."""
    token = token_revoke(user=world.users["viewer"], token=world.tokens["viewer"])
    first = token.revoked_at
    assert first is not None and not token.is_active
    assert token_revoke(user=world.users["viewer"], token=token).revoked_at == first
    with pytest.raises(exceptions.AuthenticationFailed):
        _authenticate(world.token_secrets["viewer"])


def test_nobody_revokes_another_users_token(world) -> None:
    """Even a PMO administrator cannot revoke somebody else's token through the service."""
    with pytest.raises(DomainRuleError):
        token_revoke(user=world.users["pmo_admin"], token=world.tokens["viewer"])
    world.tokens["viewer"].refresh_from_db()
    assert world.tokens["viewer"].revoked_at is None


def test_deactivated_users_token_is_rejected(world) -> None:
    """A deactivated user's token stops working (SECURITY D2)."""
    user = world.users["contributor"]
    user.is_active = False
    user.save()
    with pytest.raises(exceptions.AuthenticationFailed, match="deactivated"):
        _authenticate(world.token_secrets["contributor"])


@pytest.mark.parametrize(
    "header",
    ["", "Token abc", "Bearer", "Bearer not-a-pmo-token", "Basic dXNlcjpwYXNz"],
)
def test_other_schemes_are_left_to_other_authenticators(world, header) -> None:
    """Headers that are not ``Bearer pmo_…`` are not ours: no user, no error."""
    assert _authenticate(None, header=header) is None


def test_unknown_token_is_rejected(world) -> None:
    """A well-formed but unknown token fails authentication."""
    with pytest.raises(exceptions.AuthenticationFailed, match="invalid"):
        _authenticate(TOKEN_PREFIX + "x" * 43)
