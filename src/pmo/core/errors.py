"""Typed errors raised by services and mapped to HTTP responses by the web and API layers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class PmoError(Exception):
    """Base class of every domain error pmo raises on purpose."""


@dataclass
class StaleVersionError(PmoError):
    """The row changed since the client read it (optimistic concurrency).

    ``changed_by``, ``changed_at`` and ``changed_fields`` describe the most recent change so the
    user can be told who changed what.
    """

    current_version: int
    expected_version: int
    changed_by: str = ""
    changed_at: Any = None
    changed_fields: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        who = self.changed_by or "someone else"
        fields = ", ".join(self.changed_fields) or "this record"
        return (
            f"{who} changed {fields} since you loaded it (version {self.expected_version} → "
            f"{self.current_version}); reload to see their change"
        )


class DomainRuleError(PmoError):
    """A write broke an invariant of the domain; ``field`` names the offending input if any."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
