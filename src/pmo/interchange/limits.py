"""Caps applied to every imported file before and while it is parsed.

The web and the CLI build :class:`Limits` from settings (``PMO_IMPORT_*``); tests use small ones.
A reader that reaches a cap stops at once with :class:`~pmo.interchange.errors.ImportRefusedError`, so a
hostile file costs at most the cap in time and memory.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DEFAULT_LIMITS", "Limits"]


@dataclass(frozen=True)
class Limits:
    """Upper bounds for one import.

    Attributes
    ----------
    max_bytes : int
        Largest accepted file (uploads are refused while streaming once they pass it).
    max_elements : int
        Largest number of XML elements (or CSV/XLSX cells) read before refusing.
    max_tasks : int
        Largest number of tasks (activities, rows).
    max_archive_entries : int
        Largest number of entries in an .xlsx archive.
    max_unpacked_bytes : int
        Largest total uncompressed size of an .xlsx archive (declared and as actually read).
    max_compression_ratio : int
        Largest uncompressed/compressed ratio of any archive entry (zip bombs have thousands).
    """

    max_bytes: int = 200 * 1024 * 1024
    max_elements: int = 20_000_000
    max_tasks: int = 100_000
    max_archive_entries: int = 10_000
    max_unpacked_bytes: int = 500 * 1024 * 1024
    max_compression_ratio: int = 1000


DEFAULT_LIMITS = Limits()
