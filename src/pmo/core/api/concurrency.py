"""Optimistic concurrency over HTTP: ``ETag`` on reads, ``If-Match`` required on writes.

The ETag of a versioned object is ``"<uid>-<version>"`` (:attr:`VersionedModel.etag`). A client
sends it back in ``If-Match``; the version in it becomes the service's ``expected_version``, and
the service raises :class:`~pmo.core.errors.StaleVersionError` (412, saying who changed what) when
the row moved on in between.
"""

from __future__ import annotations

import re
from typing import Any

from rest_framework.request import Request

from pmo.core.api.problems import PreconditionFailed, PreconditionRequired

ETAG_PATTERN = re.compile(r'^"(?P<uid>[0-9a-fA-F-]{32,36})-(?P<version>\d{1,10})"$')


def parse_etag(tag: str) -> tuple[str, int] | None:
    """``(uid, version)`` of one strong entity tag, or ``None`` when it is not one of ours."""
    match = ETAG_PATTERN.match(tag.strip())
    if not match:
        return None
    return match["uid"].lower().replace("-", ""), int(match["version"])


def expected_version(request: Request, instance: Any) -> int:
    """The version the client last read, taken from ``If-Match``.

    Raises 428 when the header is missing (or is ``*``, which would switch the check off) and
    412 when none of the tags in it belongs to ``instance``.
    """
    header = request.headers.get("If-Match", "").strip()
    noun = instance._meta.verbose_name
    if not header:
        raise PreconditionRequired(
            f"Send If-Match with the ETag of your last read of this {noun} "
            "(GET it first); it protects other people's changes from being overwritten."
        )
    if header == "*":
        raise PreconditionRequired(
            f"If-Match: * does not protect against lost updates; send the ETag of this {noun}."
        )
    own_uid = instance.uid.hex
    for tag in header.split(","):
        parsed = parse_etag(tag)
        if parsed and parsed[0] == own_uid:
            return parsed[1]
    raise PreconditionFailed(
        f"If-Match {header} is not an ETag of this {noun}; its current ETag is {instance.etag}."
    )


def etag_headers(instance: Any) -> dict[str, str]:
    """Response headers describing the current version of ``instance``."""
    return {"ETag": instance.etag}
