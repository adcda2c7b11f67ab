"""Production overrides: refuse to start on unsafe configuration, harden cookies and transport."""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

PLACEHOLDER_KEYS = {"", "change-me", "changeme", "secret", "django-insecure", "placeholder"}

_key = os.environ.get("PMO_SECRET_KEY", "")
if _key.strip().lower() in PLACEHOLDER_KEYS or _key.startswith("django-insecure") or len(_key) < 50:
    raise ImproperlyConfigured(
        "PMO_SECRET_KEY must be set to a random value of at least 50 characters in production"
    )
SECRET_KEY = _key
DEBUG = False
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = os.environ.get("PMO_SSL_REDIRECT", "true").lower() != "false"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("PMO_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
