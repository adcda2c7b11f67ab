"""The five kinds of RAID item, described once: pages, API, services and tests loop over them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pmo.raid.models import Action, Assumption, Decision, Dependency, Issue, RaidItem

#: Fields every kind lets a contributor write (``tasks`` only on a project's items).
COMMON_FIELDS: tuple[str, ...] = ("title", "description", "owner", "raised_on", "due_date", "tasks")


@dataclass(frozen=True)
class Kind:
    """One kind of RAID item: its model, names and the fields a contributor may write."""

    key: str
    """Singular, lower case: ``issue``; URL names are ``raid:<key>``, ``raid:<key>_edit``..."""
    plural: str
    """In web URLs and tabs: ``issues``."""
    api: str
    """The API collection: ``raid-issues``."""
    model: type[RaidItem]
    own_fields: tuple[str, ...]

    @property
    def label(self) -> str:
        """``Issue``."""
        return str(self.model._meta.verbose_name).capitalize()

    @property
    def label_plural(self) -> str:
        """``Issues``."""
        return str(self.model._meta.verbose_name_plural).capitalize()

    @property
    def fields(self) -> tuple[str, ...]:
        """Every field a contributor may write on this kind."""
        return COMMON_FIELDS + self.own_fields

    @property
    def statuses(self) -> list[tuple[str, str]]:
        """The kind's statuses as ``(value, label)``."""
        meta: Any = self.model._meta
        field = meta.get_field("status")
        return [(str(value), str(label)) for value, label in field.choices or []]


KINDS: dict[str, Kind] = {
    kind.key: kind
    for kind in (
        Kind("issue", "issues", "raid-issues", Issue, ("impact", "priority", "status", "resolution")),
        Kind("assumption", "assumptions", "assumptions", Assumption, ("rationale", "status")),
        Kind(
            "dependency",
            "dependencies",
            "dependencies",
            Dependency,
            ("direction", "other_project", "other_party", "status"),
        ),
        # A decision's status, decider and date change only by deciding or superseding it.
        Kind(
            "decision",
            "decisions",
            "decisions",
            Decision,
            ("context", "options", "chosen_option", "rationale"),
        ),
        Kind("action", "actions", "actions", Action, ("status",)),
    )
}

#: The kinds as choices (``issue``...), for the API's link bodies.
KIND_CHOICES: list[tuple[str, str]] = [(key, kind.label) for key, kind in KINDS.items()]


def kind_of(item: RaidItem) -> Kind:
    """The :class:`Kind` of an item."""
    for kind in KINDS.values():
        if isinstance(item, kind.model):
            return kind
    raise LookupError(f"{type(item).__name__} is not a RAID item")


def kind_named(key: str) -> Kind:
    """The kind called ``key`` (singular or plural), or ``LookupError``."""
    for kind in KINDS.values():
        if key in (kind.key, kind.plural):
            return kind
    raise LookupError(f"{key!r} is not a kind of RAID item")
