"""Errors as ``application/problem+json`` (RFC 9457), naming the offending field.

Body: ``type``, ``title``, ``status``, ``detail`` and ``errors``: a list of
``{"field": name, "message": text}`` (the field is ``""`` when the error is about the request as a
whole, or the header name, e.g. ``If-Match``, when a header is at fault). A stale write (412) adds
``current_version``, ``changed_by``, ``changed_at`` and ``changed_fields`` so the client can tell
its user who changed what.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from pmo.core.errors import DomainRuleError, StaleVersionError

PROBLEM_CONTENT_TYPE = "application/problem+json"


class FieldAPIException(exceptions.APIException):
    """An API error about one named input (a body field or a header such as ``If-Match``)."""

    field: str = ""

    def __init__(self, detail: str | None = None, *, field: str | None = None) -> None:
        super().__init__(detail)
        if field is not None:
            self.field = field


class PreconditionRequired(FieldAPIException):
    """428: a write to a versioned object came without ``If-Match``."""

    status_code = 428
    default_detail = "This request needs an If-Match header with the ETag from your last read."
    default_code = "precondition_required"
    field = "If-Match"


class PreconditionFailed(FieldAPIException):
    """412: ``If-Match`` does not name the object being written."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "If-Match does not match the current ETag of this object."
    default_code = "precondition_failed"
    field = "If-Match"


class UnprocessableEntity(FieldAPIException):
    """422: a well-formed request that cannot be processed (e.g. a reused idempotency key)."""

    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = "The request cannot be processed."
    default_code = "unprocessable"


def _flatten(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    """Turn DRF's nested error detail into a flat list of field/message pairs."""
    items: list[dict[str, str]] = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = "" if key in ("non_field_errors", "__all__") else str(key)
            items.extend(_flatten(value, f"{prefix}.{name}" if prefix and name else prefix or name))
    elif isinstance(detail, list):
        for index, value in enumerate(detail):
            # a list of dicts is a list of nested objects: name the item by its index
            item_prefix = f"{prefix}.{index}" if isinstance(value, dict) and prefix else prefix
            items.extend(_flatten(value, item_prefix))
    else:
        items.append({"field": prefix, "message": str(detail)})
    return items


def problem_body(
    status_code: int,
    title: str,
    detail: str,
    errors: list[dict[str, str]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """The JSON body of a problem response; ``errors`` always has at least one entry."""
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": title,
        "status": status_code,
        "detail": detail,
        "errors": errors or [{"field": "", "message": detail}],
    }
    body.update(extra)
    return body


def problem_response(
    status_code: int,
    title: str,
    detail: str,
    errors: list[dict[str, str]] | None = None,
    **extra: Any,
) -> Response:
    """Build a problem+json DRF response."""
    return Response(
        problem_body(status_code, title, detail, errors, **extra),
        status=status_code,
        content_type=PROBLEM_CONTENT_TYPE,
    )


def _stale_response(exc: StaleVersionError) -> Response:
    changed_at = exc.changed_at.isoformat() if hasattr(exc.changed_at, "isoformat") else None
    message = str(exc)
    errors = [{"field": "If-Match", "message": message}]
    errors.extend(
        {"field": name, "message": f"changed by {exc.changed_by or 'someone else'} since your read"}
        for name in exc.changed_fields
    )
    return problem_response(
        status.HTTP_412_PRECONDITION_FAILED,
        "Precondition failed",
        message,
        errors,
        current_version=exc.current_version,
        changed_by=exc.changed_by,
        changed_at=changed_at,
        changed_fields=list(exc.changed_fields),
    )


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF exception handler producing problem+json for every error pmo raises on purpose."""
    if isinstance(exc, StaleVersionError):
        return _stale_response(exc)
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
        exc = exceptions.NotFound(str(exc) or None)
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
        detail = str(exc.detail) if isinstance(exc, exceptions.APIException) else str(exc)
        title = getattr(response, "status_text", "") or "Error"
        field = getattr(exc, "field", "")
        problem = problem_response(
            response.status_code, str(title), detail, [{"field": field, "message": detail}]
        )
    for header in ("WWW-Authenticate", "Retry-After", "Allow"):
        if header in response:
            problem[header] = response[header]
    return problem


def api_not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """404 problem+json for any path under the API that matches no endpoint."""
    body = problem_body(404, "Not Found", f"no API endpoint at {request.path}")
    return JsonResponse(body, status=404, content_type=PROBLEM_CONTENT_TYPE)
