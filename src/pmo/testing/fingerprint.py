"""``db_fingerprint()``: per-table row counts and a hash of the rows of every pmo table.

Two fingerprints taken before and after a request compare equal exactly when the request wrote
nothing that matters. Bookkeeping columns that change on every sign-in or token use
(``last_login``, ``last_used_at``) and "access denied" audit records (which a denied request is
*supposed* to leave, ASVS 16.3.2) are left out.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.db import models

#: Columns that legitimately change on reads (sign-in time, token last use).
IGNORED_COLUMNS = frozenset({"last_login", "last_used_at"})
#: Caches of derived figures that any read may refresh (recomputed from the other tables, never input).
DERIVED_MODELS = frozenset({"performance.EarnedValueSnapshot"})
#: Third-party apps whose rows are also side effects worth catching (the task queue).
EXTRA_APPS = ("django_tasks_db",)


@dataclass(frozen=True)
class TablePrint:
    """Row count and content hash of one table."""

    rows: int
    digest: str


def fingerprinted_models() -> list[type[models.Model]]:
    """Every concrete model of the pmo apps (including M2M through tables) and the task queue."""
    chosen: list[type[models.Model]] = []
    for config in apps.get_app_configs():
        if not (config.name.startswith("pmo.") or config.name in EXTRA_APPS):
            continue
        for model in config.get_models(include_auto_created=True):
            if model._meta.proxy or not model._meta.managed or model._meta.label in DERIVED_MODELS:
                continue
            chosen.append(model)
    return sorted(chosen, key=lambda model: model._meta.db_table)


def _columns(model: type[models.Model]) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields if f.attname not in IGNORED_COLUMNS]


def _rows(model: type[models.Model]) -> Iterable[tuple[object, ...]]:
    queryset = model._default_manager.order_by("pk")
    if model._meta.label == "core.AuditRecord":
        queryset = queryset.exclude(action="denied")
    return queryset.values_list(*_columns(model))


def db_fingerprint(only: Iterable[type[models.Model]] | None = None) -> dict[str, TablePrint]:
    """``{db_table: TablePrint(rows, digest)}`` for every pmo table (or only the given models)."""
    result: dict[str, TablePrint] = {}
    for model in only if only is not None else fingerprinted_models():
        digest = hashlib.blake2b(digest_size=16)
        count = 0
        for row in _rows(model):
            digest.update(repr(row).encode())
            count += 1
        result[model._meta.db_table] = TablePrint(count, digest.hexdigest())
    return result


def fingerprint_diff(before: dict[str, TablePrint], after: dict[str, TablePrint]) -> list[str]:
    """Human-readable differences between two fingerprints (empty when equal)."""
    lines: list[str] = []
    for table in sorted(set(before) | set(after)):
        old, new = before.get(table), after.get(table)
        if old == new:
            continue
        if old is None or new is None or old.rows != new.rows:
            lines.append(f"{table}: {old.rows if old else 0} -> {new.rows if new else 0} rows")
        else:
            lines.append(f"{table}: rows changed in place ({old.rows} rows)")
    return lines


def assert_fingerprint_unchanged(before: dict[str, TablePrint], context: str = "") -> None:
    """Fail with the changed tables when the database differs from ``before``."""
    changes = fingerprint_diff(before, db_fingerprint())
    if changes:
        where = f" after {context}" if context else ""
        raise AssertionError(f"the database changed{where}: " + "; ".join(changes))
