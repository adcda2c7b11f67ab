"""Request id, security headers and the clean 503 when the database is unreachable."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import OperationalError
from django.http import HttpResponse
from django.test import RequestFactory

from pmo.core.context import current_request_id
from pmo.core.middleware import (
    DatabaseUnavailableMiddleware,
    RequestIdMiddleware,
    SecurityHeadersMiddleware,
)


def _ok(request) -> HttpResponse:
    return HttpResponse("ok")


def test_request_id_is_set_during_the_request_and_echoed() -> None:
    """Every request gets an id, visible to services while it runs and echoed in X-Request-ID."""
    seen: list[str] = []

    def view(request) -> HttpResponse:
        seen.append(current_request_id())
        return HttpResponse("ok")

    response = RequestIdMiddleware(view)(RequestFactory().get("/"))
    assert seen[0] and response["X-Request-ID"] == seen[0]
    assert current_request_id() == ""


def test_security_headers_with_a_fresh_nonce() -> None:
    """CSP carries the request's nonce and frame-ancestors 'none'; nosniff and Referrer-Policy are set."""
    request = RequestFactory().get("/")
    request.csp_nonce = "abc123"
    request.user = AnonymousUser()
    response = SecurityHeadersMiddleware(_ok)(request)
    csp = response["Content-Security-Policy"]
    assert "'nonce-abc123'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "Cache-Control" not in response


@pytest.mark.django_db
def test_authenticated_responses_are_not_cached(world) -> None:
    """A signed-in user's responses carry Cache-Control: no-store."""
    request = RequestFactory().get("/")
    request.user = world.users["viewer"]
    assert SecurityHeadersMiddleware(_ok)(request)["Cache-Control"] == "no-store"


def test_database_loss_becomes_a_problem_json_503_on_the_api() -> None:
    """On /api/, a lost database connection is a problem+json 503 with Retry-After."""
    middleware = DatabaseUnavailableMiddleware(_ok)
    response = middleware.process_exception(RequestFactory().get("/api/v1/projects/"), OperationalError("x"))
    assert response is not None
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert response["Retry-After"]
    assert json.loads(response.content)["status"] == 503


def test_database_loss_becomes_a_clean_page_elsewhere() -> None:
    """On pages, the 503 is a short HTML page without any traceback."""
    middleware = DatabaseUnavailableMiddleware(_ok)
    response = middleware.process_exception(RequestFactory().get("/projects/"), OperationalError("secret"))
    assert response is not None and response.status_code == 503
    assert b"Traceback" not in response.content and b"secret" not in response.content


def test_other_exceptions_are_left_alone() -> None:
    """Only database-availability errors are turned into 503."""
    middleware = DatabaseUnavailableMiddleware(_ok)
    assert middleware.process_exception(RequestFactory().get("/"), ValueError("x")) is None
