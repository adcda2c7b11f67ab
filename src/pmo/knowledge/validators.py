"""Validation of a lesson's tags: a short list of short, lower-case words."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError

#: Most tags on one lesson.
MAX_TAGS = 12
#: Longest tag.
TAG_MAX_LENGTH = 40
_TAG = re.compile(r"^[\w][\w .+#-]*$")


def normalise_tags(value: Any) -> list[str]:
    """Strip, lower-case and de-duplicate tags (order kept); anything not a list is returned as is.

    >>> normalise_tags([" Vendor ", "vendor", "Go-Live"])
    ['vendor', 'go-live']
    """
    if not isinstance(value, list):
        return value  # type: ignore[no-any-return]
    cleaned = [" ".join(item.split()).lower() if isinstance(item, str) else item for item in value]
    return list(dict.fromkeys(cleaned))


def validate_tags(value: Any) -> None:
    """A list of at most :data:`MAX_TAGS` tags: letters, digits, spaces and ``. + # -``.

    >>> validate_tags(["vendor", "go-live"])
    >>> validate_tags(["ok", "<b>"])
    Traceback (most recent call last):
    ...
    django.core.exceptions.ValidationError: ['Tag 2 “<b>” may only hold letters, digits, spaces and . + # -']
    """
    if not isinstance(value, list):
        raise ValidationError("Give the tags as a list of short texts.")
    if len(value) > MAX_TAGS:
        raise ValidationError(f"Give at most {MAX_TAGS} tags.")
    for index, tag in enumerate(value, start=1):
        if not isinstance(tag, str) or not tag.strip():
            raise ValidationError(f"Tag {index} is empty or not text.")
        if len(tag) > TAG_MAX_LENGTH:
            raise ValidationError(f"Tag {index} is longer than {TAG_MAX_LENGTH} characters.")
        if not _TAG.match(tag):
            raise ValidationError(f"Tag {index} “{tag}” may only hold letters, digits, spaces and . + # -")
