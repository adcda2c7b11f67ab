"""Production overrides (``PMO_ENV=production``): refuse unsafe configuration, harden transport.

Imported after :mod:`pmo.settings.base`. The process stops at start-up, with a message naming the
variable to fix, when the secret key is missing, a placeholder or weak, or when
``PMO_ALLOWED_HOSTS`` is not set. With both set, ``pmo check --deploy --fail-level WARNING``
passes. TLS is expected to end at a reverse proxy that sets ``X-Forwarded-Proto``.
"""

from __future__ import annotations

import os
import re

from django.core.exceptions import ImproperlyConfigured

PLACEHOLDER_KEYS = {"", "change-me", "changeme", "secret", "django-insecure", "placeholder", "xxx"}
# Long placeholders copied from examples ("change-me-to-a-long-random-string...") are refused too.
PLACEHOLDER_WORDS = re.compile(r"change.?me|replace.?me|insecure|placeholder|example|your.?secret", re.I)
MIN_KEY_LENGTH = 50
MIN_KEY_UNIQUE_CHARACTERS = 5


def _secret_key() -> str:
    key = os.environ.get("PMO_SECRET_KEY", "").strip()
    if (
        key.lower() in PLACEHOLDER_KEYS
        or key.startswith("django-insecure")
        or PLACEHOLDER_WORDS.search(key)
        or len(key) < MIN_KEY_LENGTH
        or len(set(key)) < MIN_KEY_UNIQUE_CHARACTERS
    ):
        raise ImproperlyConfigured(
            "PMO_SECRET_KEY must be set to a random value of at least 50 characters in production "
            "(for example: python3 -c 'import secrets; print(secrets.token_urlsafe(64))')"
        )
    return key


def _allowed_hosts() -> list[str]:
    hosts = [host.strip() for host in os.environ.get("PMO_ALLOWED_HOSTS", "").split(",") if host.strip()]
    if not hosts or "*" in hosts:
        raise ImproperlyConfigured(
            "PMO_ALLOWED_HOSTS must list the host names pmo is served under (comma-separated, no '*') "
            "in production"
        )
    return hosts


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = _allowed_hosts()
DEBUG = False

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = os.environ.get("PMO_SSL_REDIRECT", "true").lower() != "false"
# Load balancers probe the health check over plain HTTP from inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("PMO_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# E-mail goes out over SMTP in production (the console backend is for laptops and tests).
MAILERS = {
    "default": {
        "BACKEND": os.environ.get("PMO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"),
        "OPTIONS": {
            "host": os.environ.get("PMO_EMAIL_HOST", "localhost"),
            "port": int(os.environ.get("PMO_EMAIL_PORT", "25")),
            "username": os.environ.get("PMO_EMAIL_USER", ""),
            "password": os.environ.get("PMO_EMAIL_PASSWORD", ""),
            "use_tls": os.environ.get("PMO_EMAIL_USE_TLS", "false").lower() == "true",
            "timeout": 10,
        },
    }
}
