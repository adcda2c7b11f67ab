"""API authentication by personal token: ``Authorization: Bearer pmo_…``."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from pmo.accounts.models import ApiToken
from pmo.accounts.services import TOKEN_PREFIX, token_digest


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """Look the token up by its SHA-256 digest; refuse revoked, expired or inactive-user tokens."""

    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        parts = header.split()
        if len(parts) != 2 or parts[0] != self.keyword or not parts[1].startswith(TOKEN_PREFIX):
            return None
        try:
            token = ApiToken.objects.select_related("user").get(digest=token_digest(parts[1]))
        except ApiToken.DoesNotExist as error:
            raise exceptions.AuthenticationFailed("invalid API token") from error
        if not token.is_active:
            raise exceptions.AuthenticationFailed("the API token is revoked or expired")
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("the token's user is deactivated")
        now = timezone.now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """Describes :class:`ApiTokenAuthentication` in the OpenAPI schema as HTTP bearer auth."""

    target_class = ApiTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        """``Authorization: Bearer pmo_…`` with a personal token from ``/api/v1/tokens/``."""
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "A personal API token (create one at /api/v1/tokens/): `Authorization: Bearer pmo_…`."
            ),
        }
