"""The full-text index of lessons, one implementation per database behind one interface.

* PostgreSQL: the generated column ``knowledge_lesson.search_document`` (a weighted ``tsvector``
  over the title, the texts and the tags, GIN-indexed), created by migration ``0001_lessons``; the
  database keeps it current, and queries use ``websearch_to_tsquery`` with quoted terms.
* SQLite: the FTS5 table ``knowledge_lesson_fts`` (``rowid`` = lesson id, Porter stemming), kept
  in sync by the services through :func:`index_lesson` and :func:`unindex_lesson` (a trigger also
  drops the rows of lessons deleted with their project); queries use ``MATCH`` with quoted terms
  and rank with ``bm25``.

:func:`search` takes an already permission-scoped queryset and only narrows it: it can never
return a lesson the queryset did not hold.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import F, FloatField, QuerySet, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat

from pmo.knowledge.models import SEARCHED_FIELDS, Lesson
from pmo.knowledge.query import quoted

#: Markers around matched words in snippets (replaced by ``<mark>`` after HTML escaping).
MARK_START, MARK_END = "\x02", "\x03"


def _sqlite() -> bool:
    return connection.vendor == "sqlite"


# Fixed SQL (table and column names are constants; user input only ever travels as parameters).
_DELETE = "DELETE FROM knowledge_lesson_fts WHERE rowid = %s"
_INSERT = (
    "INSERT INTO knowledge_lesson_fts "
    "(rowid, title, what_happened, impact, root_cause, recommendation, tags) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s)"
)
_MATCHING_IDS = "SELECT rowid FROM knowledge_lesson_fts WHERE knowledge_lesson_fts MATCH %s"
_RANK = (
    "(SELECT -bm25(knowledge_lesson_fts, 10.0, 2.0, 2.0, 2.0, 4.0, 10.0) FROM knowledge_lesson_fts "
    "WHERE knowledge_lesson_fts MATCH %s AND rowid = knowledge_lesson.id)"
)
_SNIPPET = (
    "(SELECT snippet(knowledge_lesson_fts, -1, char(2), char(3), '…', 24) FROM knowledge_lesson_fts "
    "WHERE knowledge_lesson_fts MATCH %s AND rowid = knowledge_lesson.id)"
)


def index_lesson(lesson: Lesson) -> None:
    """(Re)write the lesson's row of the SQLite index; nothing to do on PostgreSQL."""
    if not _sqlite():
        return
    values = [str(getattr(lesson, name) or "") for name in SEARCHED_FIELDS]
    values.append(" ".join(lesson.tags or []))
    with connection.cursor() as cursor:
        cursor.execute(_DELETE, [lesson.pk])
        cursor.execute(_INSERT, [lesson.pk, *values])


def unindex_lesson(lesson_id: int) -> None:
    """Drop a lesson's row from the SQLite index; nothing to do on PostgreSQL."""
    if not _sqlite():
        return
    with connection.cursor() as cursor:
        cursor.execute(_DELETE, [lesson_id])


def search(queryset: QuerySet[Lesson], terms: list[str]) -> QuerySet[Lesson]:
    """The lessons of ``queryset`` matching every term, best first, annotated with ``rank``
    (higher is better) and ``snippet`` (text around the matches, marked with
    :data:`MARK_START` / :data:`MARK_END`)."""
    text = quoted(terms)
    if _sqlite():
        # S611: fixed SQL above; the quoted terms are a parameter.
        return (
            queryset.filter(pk__in=RawSQL(_MATCHING_IDS, [text]))  # noqa: S611
            .annotate(
                rank=RawSQL(_RANK, [text], output_field=FloatField()),  # noqa: S611
                snippet=RawSQL(_SNIPPET, [text], output_field=TextField()),  # noqa: S611
            )
            .order_by("-rank", "-created_at", "-id")
        )
    query = SearchQuery(text, search_type="websearch", config="english")
    # The generated column of migration 0001 (not a model field: the database computes it).
    document = RawSQL("knowledge_lesson.search_document", (), output_field=SearchVectorField())
    body = Concat(
        *[part for name in SEARCHED_FIELDS for part in (F(name), Value(" … "))], output_field=TextField()
    )
    return (
        queryset.alias(document=document)
        .filter(document=query)
        .annotate(
            rank=SearchRank(F("document"), query),
            snippet=SearchHeadline(
                body,
                query,
                config="english",
                start_sel=MARK_START,
                stop_sel=MARK_END,
                max_words=30,
                min_words=12,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        )
        .order_by("-rank", "-created_at", "-id")
    )
