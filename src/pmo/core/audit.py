"""The audit trail: field snapshots, diffs and the record writer used by every service."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from pmo.core.choices import AuditAction
from pmo.core.context import current_request_id
from pmo.core.models import AuditRecord, Scope


def json_value(value: Any) -> Any:
    """Convert a model field value to a JSON-safe value for the audit trail."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [json_value(item) for item in value]
    if isinstance(value, dict):
        return {str(key): json_value(item) for key, item in value.items()}
    return str(value)


def audited_fields(instance: models.Model) -> list[str]:
    """Concrete, editable field names of a model, excluding bookkeeping columns."""
    skip = {"id", "uid", "version", "created_at", "updated_at", "scope", "password"}
    return [
        field.name for field in instance._meta.concrete_fields if field.name not in skip and field.editable
    ]


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """JSON-safe values of ``fields`` (default: all audited fields) of ``instance``."""
    names = list(fields) if fields is not None else audited_fields(instance)
    return {name: json_value(getattr(instance, name)) for name in names}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Field-level ``{name: [before, after]}`` for the fields whose value changed."""
    return {
        name: [before.get(name), after.get(name)]
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    }


def audit_log(
    *,
    actor: Any,
    action: AuditAction | str,
    instance: models.Model,
    scope: Scope | None,
    changes: dict[str, Any],
    note: str = "",
) -> AuditRecord:
    """Write one audit record; call inside the transaction of the change it describes."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditRecord.objects.create(
        actor=user,
        action=action,
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=True),
        object_id=str(instance.pk),
        object_uid=getattr(instance, "uid", None),
        object_repr=str(instance)[:300],
        scope=scope,
        changes=changes,
        note=note,
        request_id=current_request_id(),
    )


def latest_change(instance: models.Model) -> AuditRecord | None:
    """The most recent audit record of ``instance``, if any."""
    return (
        AuditRecord.objects.filter(
            content_type=ContentType.objects.get_for_model(instance, for_concrete_model=True),
            object_id=str(instance.pk),
        )
        .select_related("actor")
        .first()
    )
