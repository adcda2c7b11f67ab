"""Failed-login throttle shared by every login path (web form, API session login).

Counts recent failures per username and per client address in the database, so it holds across
processes and machines. ``X-Forwarded-For`` is never trusted here; put the real client address in
``REMOTE_ADDR`` at the reverse proxy.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from pmo.accounts.models import LoginAttempt


def client_address(request: HttpRequest) -> str | None:
    """The client address as the server saw it."""
    return request.META.get("REMOTE_ADDR") or None


def is_locked_out(username: str, address: str | None) -> bool:
    """True when the username or the address has too many recent failures."""
    since = timezone.now() - dt.timedelta(seconds=settings.PMO_LOGIN_LOCKOUT_SECONDS)
    limit = settings.PMO_LOGIN_MAX_FAILURES
    recent = LoginAttempt.objects.filter(at__gte=since)
    if recent.filter(username__iexact=username).count() >= limit:
        return True
    return address is not None and recent.filter(address=address).count() >= limit * 4


def record_failure(username: str, address: str | None) -> None:
    """Remember one failed login."""
    with transaction.atomic():
        LoginAttempt.objects.create(username=username[:150], address=address)


def clear_failures(username: str) -> None:
    """Forget a user's failures after a successful login."""
    LoginAttempt.objects.filter(username__iexact=username).delete()
