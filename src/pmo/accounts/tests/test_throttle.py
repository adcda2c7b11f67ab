"""The failed-login throttle: per username and per address, in the database, never trusting XFF."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import RequestFactory, override_settings
from django.utils import timezone

from pmo.accounts.models import LoginAttempt
from pmo.accounts.throttle import clear_failures, client_address, is_locked_out, record_failure

pytestmark = pytest.mark.django_db


@override_settings(PMO_LOGIN_MAX_FAILURES=3)
def test_username_is_locked_after_the_limit_whatever_the_case() -> None:
    """Three failures for 'Mona' lock 'mona' out, from any address."""
    for address in ("10.0.0.1", "10.0.0.2"):
        record_failure("Mona", address)
    assert not is_locked_out("mona", "10.0.0.9")
    record_failure("MONA", "10.0.0.3")
    assert is_locked_out("mona", "10.0.0.9")
    assert not is_locked_out("other", "10.0.0.9")


@override_settings(PMO_LOGIN_MAX_FAILURES=2)
def test_address_is_locked_after_four_times_the_limit() -> None:
    """Password spraying from one address (many usernames) locks the address."""
    for number in range(7):
        record_failure(f"user{number}", "192.0.2.7")
    assert not is_locked_out("fresh", "192.0.2.7")
    record_failure("user8", "192.0.2.7")
    assert is_locked_out("fresh", "192.0.2.7")
    assert not is_locked_out("fresh", "192.0.2.8")


@override_settings(PMO_LOGIN_MAX_FAILURES=2, PMO_LOGIN_LOCKOUT_SECONDS=60)
def test_old_failures_expire() -> None:
    """Failures older than the lockout window no longer count."""
    record_failure("mona", None)
    record_failure("mona", None)
    assert is_locked_out("mona", None)
    LoginAttempt.objects.update(at=timezone.now() - dt.timedelta(seconds=61))
    assert not is_locked_out("mona", None)


@override_settings(PMO_LOGIN_MAX_FAILURES=2)
def test_success_clears_the_username_failures() -> None:
    """After a successful login, the user's failures are forgotten."""
    record_failure("mona", "10.0.0.1")
    record_failure("mona", "10.0.0.1")
    clear_failures("MONA")
    assert not is_locked_out("mona", None)


def test_client_address_ignores_forwarded_headers() -> None:
    """X-Forwarded-For is attacker-controlled; only REMOTE_ADDR counts."""
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="203.0.113.5", REMOTE_ADDR="10.1.1.1")
    assert client_address(request) == "10.1.1.1"
    request = RequestFactory().get("/", REMOTE_ADDR="")
    assert client_address(request) is None


def test_long_usernames_are_truncated_not_rejected() -> None:
    """A 500-character username is still counted (truncated to the column width)."""
    record_failure("x" * 500, None)
    assert LoginAttempt.objects.get().username == "x" * 150
