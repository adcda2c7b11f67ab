"""Shared write steps for portfolios, programs and projects (each app adds its own rules)."""

from __future__ import annotations

from typing import Any, TypeVar

from pmo.core.audit import audit_log
from pmo.core.choices import AuditAction
from pmo.core.errors import DomainRuleError
from pmo.core.models import HierarchyNode, Scope
from pmo.core.services import (
    instance_create,
    instance_update,
    lock_for_update,
    scope_create,
    scope_reparent,
)

# The fields a manager edits on a portfolio, program or project; parents change only by a move.
NODE_EDITABLE_FIELDS = ("code", "name", "description", "owner", "state", "start_date", "finish_date")

N = TypeVar("N", bound=HierarchyNode)


def node_create(*, actor: Any, instance: N, kind: str, parent_scope: Scope | None) -> N:
    """Create the scope node, then save and audit ``instance`` in it (call inside a transaction)."""
    instance.full_clean(exclude=["scope"])
    instance.scope = scope_create(kind=kind, parent=parent_scope)
    return instance_create(actor=actor, instance=instance, scope=instance.scope)


def node_update(
    *,
    actor: Any,
    instance: N,
    data: dict[str, Any],
    expected_version: int | None,
    extra_fields: tuple[str, ...] = (),
) -> N:
    """Apply an edit of a node's own fields in one transaction (the caller has checked the role).

    Keys outside :data:`NODE_EDITABLE_FIELDS` and the level's own ``extra_fields`` are refused by
    name, so nothing is silently ignored.
    """
    from django.db import transaction

    unknown = sorted(set(data) - {*NODE_EDITABLE_FIELDS, *extra_fields})
    if unknown:
        raise DomainRuleError(f"read-only or unknown field: {', '.join(unknown)}", field=unknown[0])
    with transaction.atomic():
        updated, _ = instance_update(
            actor=actor, instance=instance, data=data, expected_version=expected_version, scope=instance.scope
        )
    return updated


def node_move(
    *,
    actor: Any,
    instance: N,
    new_parent_scope: Scope,
    field_changes: dict[str, Any],
    expected_version: int | None,
    note: str = "",
) -> N:
    """Re-parent ``instance`` (and its subtree) and audit the move with before/after labels."""
    from django.db import models

    current = lock_for_update(instance, expected_version=expected_version)
    changes: dict[str, list[Any]] = {}
    for name, value in field_changes.items():
        before = getattr(current, name)
        if before != value:
            changes[name] = [str(before) if before else None, str(value) if value else None]
        setattr(current, name, value)
    if not changes:
        return current
    scope_reparent(scope=current.scope, new_parent=new_parent_scope)
    current.full_clean()
    current.version = models.F("version") + 1
    current.save()
    current.refresh_from_db()
    audit_log(
        actor=actor,
        action=AuditAction.MOVE,
        instance=current,
        scope=current.scope,
        changes=changes,
        note=note,
    )
    return current


def node_delete_scope(scope: Scope) -> None:
    """Delete a scope after its owner row is gone (memberships go with it)."""
    Scope.objects.filter(pk=scope.pk).delete()
