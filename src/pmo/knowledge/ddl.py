"""The database objects of the lessons search (run by migration ``0001_lessons``).

Kept apart from the models so the migration does not depend on them: PostgreSQL gets a generated,
weighted ``tsvector`` column with a GIN index; SQLite an FTS5 table and a trigger that drops the
index rows of lessons deleted with their project. See :mod:`pmo.knowledge.fulltext`.
"""

from __future__ import annotations

from typing import Any

#: The PostgreSQL generated column and its GIN index (run by the migration on PostgreSQL only).
POSTGRES_DDL = (
    """
    ALTER TABLE knowledge_lesson ADD COLUMN search_document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A')
        || setweight(
            jsonb_to_tsvector('english'::regconfig, coalesce(tags, '[]'::jsonb), '["string"]'), 'A'
        )
        || setweight(to_tsvector('english'::regconfig, coalesce(recommendation, '')), 'B')
        || setweight(
            to_tsvector(
                'english'::regconfig,
                coalesce(what_happened, '') || ' ' || coalesce(impact, '') || ' ' || coalesce(root_cause, '')
            ),
            'C'
        )
    ) STORED
    """,
    "CREATE INDEX knowledge_lesson_search_gin ON knowledge_lesson USING gin (search_document)",
)
POSTGRES_DROP = ("ALTER TABLE knowledge_lesson DROP COLUMN IF EXISTS search_document",)

#: The SQLite FTS5 table and the trigger that follows cascaded deletes.
SQLITE_DDL = (
    "CREATE VIRTUAL TABLE knowledge_lesson_fts USING fts5("
    "title, what_happened, impact, root_cause, recommendation, tags, tokenize='porter unicode61')",
    "CREATE TRIGGER knowledge_lesson_fts_delete AFTER DELETE ON knowledge_lesson "
    "BEGIN DELETE FROM knowledge_lesson_fts WHERE rowid = old.id; END",
)
SQLITE_DROP = (
    "DROP TRIGGER IF EXISTS knowledge_lesson_fts_delete",
    "DROP TABLE IF EXISTS knowledge_lesson_fts",
)


def _statements(schema_editor: Any, *, create: bool) -> tuple[str, ...]:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        return POSTGRES_DDL if create else POSTGRES_DROP
    if vendor == "sqlite":
        return SQLITE_DDL if create else SQLITE_DROP
    return ()


def create_search_index(apps: Any, schema_editor: Any) -> None:
    """Create the search column and index (PostgreSQL) or FTS5 table and trigger (SQLite)."""
    for statement in _statements(schema_editor, create=True):
        schema_editor.execute(statement)


def drop_search_index(apps: Any, schema_editor: Any) -> None:
    """Undo :func:`create_search_index`."""
    for statement in _statements(schema_editor, create=False):
        schema_editor.execute(statement)
