"""OpenAPI generation: every operation documents its problem responses and concurrency headers.

:class:`PmoAutoSchema` is the ``DEFAULT_SCHEMA_CLASS``. From a few attributes of the view it adds,
without per-view boilerplate:

- the ``application/problem+json`` responses each kind of operation can give (400, 401, 403,
  404, 412, 415, 422, 428);
- ``If-Match`` (required) on PUT, PATCH, DELETE and on the detail actions listed in
  ``view.if_match_actions`` of a versioned view (``view.versioned = True``), and the ``ETag``
  response header on its reads and writes;
- ``Idempotency-Key`` on creates of a view with ``idempotent_create = True``;
- the request body from ``view.get_input_serializer_class()`` (input and output serializers
  differ: the input one is the writable-field allow-list).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from pmo.core.api.problems import PROBLEM_CONTENT_TYPE
from pmo.core.api.serializers import ProblemSerializer

PROBLEM_DESCRIPTIONS: dict[int, str] = {
    400: (
        "Invalid input, or a domain rule refuses the change: `errors` names each field "
        "(or query parameter or header) at fault."
    ),
    401: "Not authenticated: send a session cookie or `Authorization: Bearer <token>`.",
    403: "Authenticated, but your role on this scope does not allow the action (or CSRF failed).",
    404: "No such object among those you may see (or, on a list, no such page).",
    412: "Stale `If-Match`: someone changed the object since you read it; the body says who and what.",
    415: "The body must be `application/json`.",
    422: "The `Idempotency-Key` was already used for a different request.",
    428: "`If-Match` is required: send the `ETag` from your last read.",
}

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description='The `ETag` from your last read of the object, e.g. `"<uid>-<version>"`.',
)
IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description=(
        "Any unique string (1–100 characters, e.g. a UUID). A retry with the same key returns the "
        "first answer and creates nothing new."
    ),
)


UID_PATH = OpenApiParameter(
    "uid", OpenApiTypes.UUID, OpenApiParameter.PATH, description="Public id of the object."
)

SUMMARIES: dict[str, str] = {
    "list": "List {plural}",
    "retrieve": "Read one {noun}",
    "create": "Create a {noun}",
    "update": "Replace a {noun}'s editable fields",
    "partial_update": "Change some fields of a {noun}",
    "destroy": "Delete a {noun}",
}


def _etag_header(codes: list[int]) -> OpenApiParameter:
    return OpenApiParameter(
        "ETag",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        response=codes,
        description="Current version of the object; send it back in `If-Match` to change it.",
    )


class PmoAutoSchema(AutoSchema):
    """drf-spectacular's AutoSchema plus problem responses and concurrency headers."""

    def _action(self) -> str:
        return str(getattr(self.view, "action", "") or "")

    def _is_detail(self) -> bool:
        lookup = getattr(self.view, "lookup_url_kwarg", None) or getattr(self.view, "lookup_field", None)
        return bool(lookup) and "{" + str(lookup) + "}" in self.path

    def _needs_if_match(self) -> bool:
        if not getattr(self.view, "versioned", False) or not self._is_detail():
            return False
        if self.method in ("PUT", "PATCH", "DELETE"):
            return True
        return self._action() in getattr(self.view, "if_match_actions", ())

    def _returns_etag(self) -> bool:
        if not getattr(self.view, "versioned", False) or self.method == "DELETE":
            return False
        action = self._action()
        if action in getattr(self.view, "etag_actions", ()):
            return True
        return action in ("retrieve", "create", "update", "partial_update") or self._needs_if_match()

    def get_override_parameters(self) -> list[Any]:
        """Concurrency and idempotency headers, derived from the view's attributes."""
        parameters: list[Any] = list(super().get_override_parameters())
        if "{uid}" in self.path:
            parameters.append(UID_PATH)
        if self._needs_if_match():
            parameters.append(IF_MATCH)
        if self._returns_etag():
            parameters.append(_etag_header([200, 201]))
        if self._is_create_operation() and getattr(self.view, "idempotent_create", False):
            parameters.append(IDEMPOTENCY_KEY)
        return parameters

    def get_summary(self) -> str | None:
        """A short summary naming the resource, unless the view gives its own."""
        summary = super().get_summary()
        template = SUMMARIES.get(self._action())
        serializer_class = getattr(self.view, "serializer_class", None)
        model = getattr(getattr(serializer_class, "Meta", None), "model", None)
        if summary or template is None or model is None:
            return summary
        meta = model._meta
        return template.format(noun=meta.verbose_name, plural=meta.verbose_name_plural)

    def get_request_serializer(self) -> Any:
        """The input (allow-list) serializer of the action when the view names one."""
        getter = getattr(self.view, "get_input_serializer_class", None)
        if getter is not None:
            serializer_class = getter()
            if serializer_class is not None:
                return serializer_class()
        return super().get_request_serializer()

    def _problem_codes(self) -> list[int]:
        codes = {401, 403}
        method = self.method
        if self._is_detail():
            codes.add(404)
        if method == "GET" and not self._is_detail():
            codes.add(400)  # bad filter or ordering
        if method == "GET" and self._is_list_view() and getattr(self.view, "pagination_class", None):
            codes.add(404)  # a page past the end
        if method in ("POST", "PUT", "PATCH"):
            codes.update({400, 415})
        if method == "DELETE":
            codes.add(400)  # a domain rule refuses it (e.g. a portfolio that is not empty)
        if self._needs_if_match():
            codes.update({412, 428})
        if self._is_create_operation() and getattr(self.view, "idempotent_create", False):
            codes.add(422)
        return sorted(codes)

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        problem = self.resolve_serializer(ProblemSerializer, "response").ref
        for code in self._problem_codes():
            responses.setdefault(
                str(code),
                {
                    "content": {PROBLEM_CONTENT_TYPE: {"schema": problem}},
                    "description": PROBLEM_DESCRIPTIONS[code],
                },
            )
        return responses
