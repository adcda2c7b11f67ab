"""The public health check used by load balancers, orchestrators and monitoring.

``GET /healthz`` answers 200 ``{"status": "ok", "database": "ok"}`` when a trivial query succeeds
and 503 ``{"status": "unavailable", "database": "unavailable"}`` when the database cannot be
reached. It needs no login and says nothing else (no versions, hosts or error text).
"""

from __future__ import annotations

import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger("pmo.health")


def database_ok() -> bool:
    """True when the default database answers ``SELECT 1``."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:  # OperationalError and InterfaceError are DatabaseErrors
        logger.warning("health check: database unavailable (%s)", type(error).__name__)
        return False
    return True


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """Report whether the application can reach its database (200 or 503)."""
    if database_ok():
        return JsonResponse({"status": "ok", "database": "ok"})
    response = JsonResponse({"status": "unavailable", "database": "unavailable"}, status=503)
    response["Retry-After"] = "5"
    return response
