"""Validators shared by forms, serializers and services."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")


def validate_code(value: str) -> None:
    """A code is 1–32 letters, digits, dots, dashes or underscores, starting with a letter or digit."""
    if not CODE_PATTERN.match(value or ""):
        raise ValidationError("Use 1–32 letters, digits, '.', '-' or '_', starting with a letter or digit.")
