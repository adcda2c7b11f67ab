"""Query counting: ``assert_max_queries(n)`` and ``count_queries()`` around any block of code.

Usage::

    with assert_max_queries(12):
        client.get(url)

    with count_queries() as captured:
        selector(user)
    assert len(captured) <= 3, captured.report()

On failure the message lists every query (trimmed), so an N+1 is visible at a glance.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections
from django.test.utils import CaptureQueriesContext


class QueryLog(CaptureQueriesContext):
    """A :class:`CaptureQueriesContext` with a readable report of the captured SQL."""

    def report(self, width: int = 240) -> str:
        """One numbered line per captured query, each trimmed to ``width`` characters."""
        lines = []
        for number, query in enumerate(self.captured_queries, start=1):
            sql = " ".join(str(query["sql"]).split())
            lines.append(f"{number:3d}. {sql[:width]}")
        return "\n".join(lines)


@contextmanager
def count_queries(using: str = DEFAULT_DB_ALIAS) -> Iterator[QueryLog]:
    """Capture the queries run inside the block (``len(log)`` is the count)."""
    log = QueryLog(connections[using])
    with log:
        yield log


@contextmanager
def assert_max_queries(limit: int, using: str = DEFAULT_DB_ALIAS) -> Iterator[QueryLog]:
    """Fail when the block runs more than ``limit`` queries; the message lists them all."""
    with count_queries(using) as log:
        yield log
    if len(log) > limit:
        raise AssertionError(f"expected at most {limit} queries, ran {len(log)}:\n{log.report()}")
