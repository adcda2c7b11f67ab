"""Generic write helpers that every app's services build on.

Each helper must be called inside ``transaction.atomic()`` (the app service opens it): it writes
the row, bumps the version and writes the audit record in that same transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from django.db import models

from pmo.core.audit import audit_log, diff, latest_change, snapshot
from pmo.core.choices import AuditAction
from pmo.core.errors import StaleVersionError
from pmo.core.models import Scope, VersionedModel

M = TypeVar("M", bound=VersionedModel)


def scope_create(*, kind: str, parent: Scope | None) -> Scope:
    """Create a scope node under ``parent`` and fill in its materialised path."""
    scope = Scope.objects.create(kind=kind, parent=parent)
    scope.path = f"{parent.path if parent else '/'}{scope.pk}/"
    scope.save(update_fields=["path"])
    return scope


def scope_reparent(*, scope: Scope, new_parent: Scope) -> None:
    """Move ``scope`` and its whole subtree under ``new_parent``, rewriting every path."""
    old_prefix = scope.path
    new_prefix = f"{new_parent.path}{scope.pk}/"
    if new_prefix.startswith(old_prefix):
        raise ValueError("a scope cannot be moved under itself or one of its descendants")
    subtree = list(Scope.objects.select_for_update().filter(path__startswith=old_prefix))
    for node in subtree:
        node.path = new_prefix + node.path[len(old_prefix) :]
    Scope.objects.bulk_update(subtree, ["path"])
    Scope.objects.filter(pk=scope.pk).update(parent=new_parent)
    scope.parent = new_parent
    scope.path = new_prefix


def instance_create(*, actor: Any, instance: M, scope: Scope | None) -> M:
    """Validate, save and audit a new row."""
    instance.full_clean()
    instance.save()
    audit_log(
        actor=actor,
        action=AuditAction.CREATE,
        instance=instance,
        scope=scope,
        changes={name: [None, value] for name, value in snapshot(instance).items()},
    )
    return instance


def lock_for_update(instance: M, *, expected_version: int | None) -> M:
    """Re-read ``instance`` under a row lock and check the client's version against it."""
    current = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
    if expected_version is not None and current.version != expected_version:
        last = latest_change(current)
        raise StaleVersionError(
            current_version=current.version,
            expected_version=expected_version,
            changed_by=str(last.actor) if last and last.actor else "",
            changed_at=last.at if last else None,
            changed_fields=last.changed_fields() if last else [],
        )
    return current


def instance_update(
    *,
    actor: Any,
    instance: M,
    data: Mapping[str, Any],
    expected_version: int | None,
    scope: Scope | None,
    action: AuditAction = AuditAction.UPDATE,
    note: str = "",
) -> tuple[M, dict[str, list[Any]]]:
    """Apply ``data`` to a locked, version-checked copy of ``instance``; audit the changed fields.

    Returns the saved row and the field-level changes. Nothing is written when nothing changed.
    """
    current = lock_for_update(instance, expected_version=expected_version)
    before = snapshot(current)
    for name, value in data.items():
        setattr(current, name, value)
    current.full_clean()
    changes = diff(before, snapshot(current))
    if changes:
        current.version = models.F("version") + 1
        current.save()
        current.refresh_from_db()
        audit_log(actor=actor, action=action, instance=current, scope=scope, changes=changes, note=note)
    return current, changes


def instance_delete(*, actor: Any, instance: M, expected_version: int | None, scope: Scope | None) -> None:
    """Version-check, audit and delete a row."""
    current = lock_for_update(instance, expected_version=expected_version)
    audit_log(
        actor=actor,
        action=AuditAction.DELETE,
        instance=current,
        scope=scope,
        changes={name: [value, None] for name, value in snapshot(current).items()},
    )
    current.delete()
