"""Errors as ``application/problem+json`` (RFC 9457), naming the offending field.

Body: ``type``, ``title``, ``status``, ``detail`` and, for validation errors, ``errors``:
a list of ``{"field": name, "message": text}``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from pmo.core.errors import DomainRuleError, StaleVersionError

PROBLEM_CONTENT_TYPE = "application/problem+json"


def _flatten(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    """Turn DRF's nested error detail into a flat list of field/message pairs."""
    items: list[dict[str, str]] = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = key if key != "non_field_errors" else ""
            items.extend(_flatten(value, f"{prefix}.{name}" if prefix and name else prefix or name))
    elif isinstance(detail, list):
        for value in detail:
            items.extend(_flatten(value, prefix))
    else:
        items.append({"field": prefix, "message": str(detail)})
    return items


def problem_response(
    status_code: int, title: str, detail: str, errors: list[dict[str, str]] | None = None, **extra: Any
) -> Response:
    """Build a problem+json response."""
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status_code, "detail": detail}
    if errors:
        body["errors"] = errors
    body.update(extra)
    return Response(body, status=status_code, content_type=PROBLEM_CONTENT_TYPE)


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF exception handler producing problem+json for every error pmo raises on purpose."""
    if isinstance(exc, StaleVersionError):
        return problem_response(
            status.HTTP_412_PRECONDITION_FAILED,
            "Precondition failed",
            str(exc),
            current_version=exc.current_version,
            changed_by=exc.changed_by,
            changed_fields=exc.changed_fields,
        )
    if isinstance(exc, DomainRuleError):
        errors = [{"field": exc.field or "", "message": exc.message}]
        return problem_response(status.HTTP_400_BAD_REQUEST, "Invalid request", exc.message, errors)
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
        errors = _flatten(detail)
        return problem_response(
            status.HTTP_400_BAD_REQUEST, "Invalid request", errors[0]["message"] if errors else "", errors
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        first = errors[0] if errors else {"field": "", "message": "invalid input"}
        detail = f"{first['field']}: {first['message']}" if first["field"] else first["message"]
        problem = problem_response(response.status_code, "Invalid request", detail, errors)
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        title = response.status_text if hasattr(response, "status_text") else "Error"
        problem = problem_response(response.status_code, str(title), str(detail))
    for header in ("WWW-Authenticate", "Retry-After", "Allow"):
        if header in response:
            problem[header] = response[header]
    return problem
