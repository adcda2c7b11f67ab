"""Validators shared by the quality and charter models (charters may import quality, not the reverse)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

#: Longest item of a list of texts (acceptance criteria, checklist items, charter scope items).
ITEM_MAX_LENGTH = 500


def validate_text_list(value: Any) -> None:
    """A list of non-empty strings of at most :data:`ITEM_MAX_LENGTH` characters each.

    >>> validate_text_list(["Signed off by finance", "Load tested"])
    >>> validate_text_list(["ok", " "])
    Traceback (most recent call last):
    ...
    django.core.exceptions.ValidationError: ['Item 2 is empty or not text.']
    """
    if not isinstance(value, list):
        raise ValidationError("Give a list of texts.")
    for index, item in enumerate(value, start=1):
        if not isinstance(item, str) or not item.strip():
            raise ValidationError(f"Item {index} is empty or not text.")
        if len(item) > ITEM_MAX_LENGTH:
            raise ValidationError(f"Item {index} is longer than {ITEM_MAX_LENGTH} characters.")
