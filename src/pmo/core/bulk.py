"""Writing many rows at once, fast: ids allocated ahead, prepared ``INSERT``/``UPDATE`` statements.

Django's ``bulk_create`` and ``bulk_update`` prepare every value through the field machinery and
``bulk_update`` builds ``CASE`` expressions that grow with the batch: loading a 10,000-task plan
took over ten seconds that way. Here each column gets one adapter (only dates, JSON, UUIDs and
decimals need one), and the statement runs through ``executemany`` (SQLite: one prepared statement,
in process; PostgreSQL: ``COPY ... FROM STDIN`` for inserts, psycopg's pipelined ``executemany``
for updates).

Knowing the ids before inserting lets a caller write rows that point at each other (a task and its
summary task) in one pass. Only model metadata (table and column names) goes into SQL text; every
value is a parameter. Call inside the transaction of the write; no signals are sent and no audit is
written (the caller writes one audit record for the whole operation).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from django.db import connection, models
from django.utils import timezone

BATCH = 2000
_ADAPTED = (models.DateTimeField, models.DateField, models.JSONField, models.UUIDField, models.DecimalField)


def allocate_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` fresh primary keys for ``model``, reserved for the current transaction.

    PostgreSQL draws them from the table's sequence. SQLite, whose writers are serialised (the
    transaction holds the write lock from its ``BEGIN IMMEDIATE``), continues after the largest id
    ever handed out (``sqlite_sequence`` remembers deleted rows' ids, so none is reused).
    """
    if count <= 0:
        return []
    table = model._meta.db_table
    pk_column = str(model._meta.pk.column) if model._meta.pk is not None else "id"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, pk_column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        quote = connection.ops.quote_name
        cursor.execute(f"SELECT MAX({quote(pk_column)}) FROM {quote(table)}")  # noqa: S608
        largest = cursor.fetchone()[0] or 0
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        found = cursor.fetchone()
        start = max(largest, found[0] if found else 0) + 1
    return list(range(start, start + count))


def _adapter(field: models.Field[Any, Any]) -> Callable[[Any], Any] | None:
    if isinstance(field, _ADAPTED):
        return lambda value: field.get_db_prep_save(value, connection)
    return None


def _adapted_rows(
    model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> list[tuple[Any, ...]]:
    fields = {f.attname: f for f in model._meta.concrete_fields}
    adapters = [_adapter(fields[name]) for name in columns]
    return [
        tuple(
            value if adapt is None or value is None else adapt(value)
            for adapt, value in zip(adapters, row, strict=True)
        )
        for row in rows
    ]


def _column(model: type[models.Model], attname: str) -> str:
    """The quoted column of a concrete field given by attname (``parent_id``, ``id``...)."""
    for field in model._meta.concrete_fields:
        if field.attname == attname:
            return connection.ops.quote_name(str(field.column))
    raise ValueError(f"{model.__name__} has no column {attname!r}")


def new_row_defaults(model: type[models.Model]) -> dict[str, Any]:
    """Every concrete column of ``model`` (by attname) with its default; ``uid`` left ``None`` (for
    :func:`insert_rows` to fill per row) and the current time in ``created_at``/``updated_at``."""
    values = {f.attname: f.get_default() for f in model._meta.concrete_fields if not f.primary_key}
    if "uid" in values:
        values["uid"] = None  # insert_rows draws one per row (a default computed once would repeat)
    now = timezone.now()
    for name in ("created_at", "updated_at"):
        if name in values:
            values[name] = now
    return values


def insert_rows(model: type[models.Model], rows: Sequence[Mapping[str, Any]]) -> int:
    """Insert ``rows`` (mappings of attname to value, all with the same keys; include ``id`` to
    choose the keys); a ``uid`` column left ``None`` gets a fresh UUID. Returns the row count."""
    if not rows:
        return 0
    columns = list(rows[0])
    if "uid" in columns:
        rows = [row if row["uid"] is not None else {**row, "uid": uuid.uuid4()} for row in rows]
    quote = connection.ops.quote_name
    names = ", ".join(_column(model, name) for name in columns)
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({marks})"  # noqa: S608
    values = _adapted_rows(model, columns, ([row[name] for name in columns] for row in rows))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY streams the rows in one statement: about ten times faster than executemany.
            table = quote(model._meta.db_table)
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for value in values:
                    copy.write_row(value)
            return len(values)
        for i in range(0, len(values), BATCH):
            cursor.executemany(sql, values[i : i + BATCH])
    return len(values)


def update_rows(model: type[models.Model], columns: Sequence[str], rows: Sequence[Mapping[str, Any]]) -> int:
    """Set ``columns`` (attnames) of each row identified by its ``id``; returns the row count."""
    if not rows:
        return 0
    quote = connection.ops.quote_name
    assign = ", ".join(f"{_column(model, name)} = %s" for name in columns)
    sql = f"UPDATE {quote(model._meta.db_table)} SET {assign} WHERE {quote('id')} = %s"  # noqa: S608
    keyed = [*columns, "id"]
    values = _adapted_rows(model, keyed, ([row[name] for name in keyed] for row in rows))
    with connection.cursor() as cursor:
        for i in range(0, len(values), BATCH):
            cursor.executemany(sql, values[i : i + BATCH])
    return len(values)
