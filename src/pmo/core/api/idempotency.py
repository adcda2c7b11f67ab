"""``Idempotency-Key`` on POST creates: a retried request returns the first response.

The first successful answer to ``POST path`` with ``Idempotency-Key: k`` by a user is stored
(:class:`~pmo.core.models.IdempotencyKey`) in the same transaction as the object it created.
A retry with the same key by the same user gets that stored answer back (with
``Idempotent-Replayed: true``) and creates nothing; the same key on another method or path is
refused with 422. Failed requests store nothing, so the client may fix the body and retry with
the same key. Two concurrent requests with one key are serialised by the unique constraint on
``(user, key)``: the loser's transaction rolls back and it replays the winner's answer.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from pmo.core.api.problems import UnprocessableEntity
from pmo.core.models import IdempotencyKey

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 100


def _key_of(request: Request) -> str | None:
    raw = request.headers.get(HEADER)
    if raw is None:
        return None
    key = raw.strip()
    if not key or len(key) > MAX_KEY_LENGTH:
        raise serializers.ValidationError(
            {HEADER: [f"An idempotency key has 1 to {MAX_KEY_LENGTH} characters."]}
        )
    return key


def _replay(stored: IdempotencyKey, request: Request) -> Response:
    if stored.method != request.method or stored.path != request.path:
        raise UnprocessableEntity(
            f"This Idempotency-Key was already used for {stored.method} {stored.path}; "
            "use a new key for a different request.",
            field=HEADER,
        )
    headers: dict[str, str] = {"Idempotent-Replayed": "true"}
    body: Any = stored.body
    if isinstance(body, dict) and body.get("uid") and body.get("version") is not None:
        headers["ETag"] = f'"{body["uid"]}-{body["version"]}"'
    return Response(body, status=stored.status_code, headers=headers)


def idempotent(request: Request, perform: Callable[[], Response]) -> Response:
    """Run ``perform`` (a create) at most once per ``Idempotency-Key`` of the requesting user."""
    key = _key_of(request)
    if key is None or not request.user.is_authenticated:
        return perform()
    stored = IdempotencyKey.objects.filter(user=request.user, key=key).first()
    if stored is not None:
        return _replay(stored, request)
    try:
        with transaction.atomic():
            response = perform()
            if 200 <= response.status_code < 300:
                IdempotencyKey.objects.create(
                    user=request.user,
                    key=key,
                    method=request.method or "POST",
                    path=request.path,
                    status_code=response.status_code,
                    body=json.loads(JSONRenderer().render(response.data)),
                )
    except IntegrityError:
        stored = IdempotencyKey.objects.filter(user=request.user, key=key).first()
        if stored is None:
            raise
        return _replay(stored, request)
    return response
