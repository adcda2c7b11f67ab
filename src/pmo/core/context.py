"""Per-request context (request id) available to the service layer without passing it around."""

from __future__ import annotations

from contextvars import ContextVar

request_id_var: ContextVar[str] = ContextVar("pmo_request_id", default="")


def current_request_id() -> str:
    """The id of the request being served, or an empty string outside a request."""
    return request_id_var.get()
