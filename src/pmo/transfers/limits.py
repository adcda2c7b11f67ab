"""The caps of imports, read from settings (``PMO_IMPORT_*``; see ``docs/user/import-export.md``)."""

from __future__ import annotations

from django.conf import settings

from pmo.interchange.limits import Limits


def import_limits() -> Limits:
    """The caps of every import, from settings."""
    return Limits(
        max_bytes=settings.PMO_IMPORT_MAX_BYTES,
        max_elements=settings.PMO_IMPORT_MAX_ELEMENTS,
        max_tasks=settings.PMO_IMPORT_MAX_TASKS,
        max_archive_entries=settings.PMO_IMPORT_MAX_ARCHIVE_ENTRIES,
        max_unpacked_bytes=settings.PMO_IMPORT_MAX_UNPACKED_BYTES,
    )
