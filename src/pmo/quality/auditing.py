"""Audited writes of rows that carry related rows (linked tasks, objectives, checklist items).

:func:`pmo.core.services.instance_update` audits a row's own fields. Deliverables, charters and
reviews also carry related rows that users edit *as part of* the row (a deliverable's linked
tasks, a charter's objectives, a review's checklist results); those must share the row's version
and land in the same audit record. ``extras`` maps such a name to a :class:`Extra`: how to read it
as plain data (for the before/after) and how to write a new value.

Used by ``pmo.quality`` and ``pmo.charters`` (which may import quality; core cannot be changed here).
Call inside ``transaction.atomic()``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db import models

from pmo.core.audit import audit_log, diff, snapshot
from pmo.core.choices import AuditAction
from pmo.core.errors import DomainRuleError
from pmo.core.models import Scope, VersionedModel
from pmo.core.services import lock_for_update

M = TypeVar("M", bound=VersionedModel)


@dataclass(frozen=True)
class Extra(Generic[M]):
    """A related value edited with the row: ``read(row)`` as JSON-safe data, ``write(row, value)``."""

    read: Callable[[M], Any]
    write: Callable[[M, Any], None]


def refuse_unknown(data: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
    """Refuse keys outside ``allowed`` by name, so nothing is silently ignored."""
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise DomainRuleError(f"read-only or unknown field: {', '.join(unknown)}", field=unknown[0])


def _snapshot(instance: M, extras: Mapping[str, Extra[M]]) -> dict[str, Any]:
    return snapshot(instance) | {name: extra.read(instance) for name, extra in extras.items()}


def create_audited(
    *,
    actor: Any,
    instance: M,
    scope: Scope | None,
    extras: Mapping[str, Extra[M]] | None = None,
    values: Mapping[str, Any] | None = None,
    note: str = "",
) -> M:
    """Validate and save ``instance``, write its related ``values``, audit it all as one creation."""
    extras = extras or {}
    instance.full_clean()
    instance.save()
    for name, value in (values or {}).items():
        extras[name].write(instance, value)
    audit_log(
        actor=actor,
        action=AuditAction.CREATE,
        instance=instance,
        scope=scope,
        changes={name: [None, value] for name, value in _snapshot(instance, extras).items()},
        note=note,
    )
    return instance


def update_audited(
    *,
    actor: Any,
    instance: M,
    data: Mapping[str, Any],
    expected_version: int | None,
    scope: Scope | None,
    extras: Mapping[str, Extra[M]] | None = None,
    note: str = "",
    action: AuditAction = AuditAction.UPDATE,
    force: bool = False,
) -> tuple[M, dict[str, list[Any]]]:
    """Lock and version-check ``instance``, apply ``data`` (own fields and ``extras``), audit the diff.

    Returns the saved row (re-read) and its field-level changes. Nothing is written when nothing
    changed, unless ``force`` (a decision that must be recorded even if no field moves).
    """
    extras = extras or {}
    current = lock_for_update(instance, expected_version=expected_version)
    before = _snapshot(current, extras)
    own = {name: value for name, value in data.items() if name not in extras}
    for name, value in own.items():
        setattr(current, name, value)
    current.full_clean()
    for name, value in data.items():
        if name in extras:
            # Writers leave equal content alone or rewrite it identically; the diff decides.
            extras[name].write(current, value)
    changes = diff(before, _snapshot(current, extras))
    if changes or force:
        current.version = models.F("version") + 1
        current.save()
        current.refresh_from_db()
        audit_log(actor=actor, action=action, instance=current, scope=scope, changes=changes, note=note)
    return current, changes
