"""Which reader a file needs, decided from its content (the name only breaks a CSV tie), and one
entry point that reads any supported file into a :class:`~pmo.interchange.document.PlanDocument`.

Examples
--------
>>> detect_format(b"ERMHDR\\t8.2\\t...", "plan.txt")
'xer'
>>> detect_format(b'<?xml version="1.0"?><Project xmlns="http://schemas.microsoft.com/project">', "x")
'mspdi'
>>> detect_format(b"Name,Duration\\nA,5d\\n", "tasks.csv")
'csv'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from pmo.interchange.document import PlanDocument
from pmo.interchange.errors import ImportRefusedError
from pmo.interchange.limits import DEFAULT_LIMITS, Limits

__all__ = ["FORMATS", "detect_format", "read_document"]

FORMATS = ("mspdi", "xer", "pmxml", "xlsx", "csv")
_ROOT = re.compile(rb"<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s>/]")


def _root_element(head: bytes) -> str | None:
    """Name of the first element of an XML head, skipping the declaration, comments and DOCTYPE."""
    text = head
    while True:
        text = text.lstrip()
        if text.startswith(b"<?"):
            end = text.find(b"?>")
            text = text[end + 2 :] if end >= 0 else b""
        elif text.startswith(b"<!--"):
            end = text.find(b"-->")
            text = text[end + 3 :] if end >= 0 else b""
        elif text.startswith(b"<!"):
            return "!DOCTYPE"
        else:
            break
    found = _ROOT.match(text)
    return found.group(2).decode("ascii") if found else None


def detect_format(head: bytes, filename: str = "") -> str:
    """The format of a file from its first bytes (4 KB is plenty) and, for CSV, its name.

    Raises
    ------
    ImportRefusedError
        Empty, or a type we do not read (the message says what was found).
    """
    data = head[3:] if head.startswith(b"\xef\xbb\xbf") else head
    if not data.strip():
        raise ImportRefusedError("the file is empty")
    if data.startswith(b"PK\x03\x04"):
        return "xlsx"
    if data.lstrip().startswith(b"ERMHDR"):
        return "xer"
    if data.lstrip().startswith(b"<"):
        root = _root_element(data)
        if root == "Project":
            return "mspdi"
        if root == "APIBusinessObjects":
            return "pmxml"
        if root == "!DOCTYPE":
            # Sent to the XML readers, which refuse DTDs with the standard message.
            return "pmxml" if b"APIBusinessObjects" in data else "mspdi"
        raise ImportRefusedError(
            f"an XML file whose root element is <{root}>: expected Microsoft Project XML (<Project>) "
            "or Primavera P6 XML (<APIBusinessObjects>)"
        )
    if data.startswith((b"\xd0\xcf\x11\xe0", b"%PDF", b"\x1f\x8b", b"MSCF")):
        raise ImportRefusedError(
            "a binary file we do not read (an .mpp, .xls, PDF or archive?): save it from Microsoft "
            "Project as XML, or from Excel as .xlsx or .csv"
        )
    if filename.lower().endswith((".csv", ".txt", ".tsv")) or b"\x00" not in data[:4096]:
        return "csv"
    raise ImportRefusedError("unrecognised file type")


def read_document(
    data: bytes,
    fmt: str,
    *,
    options: Mapping[str, Any] | None = None,
    limits: Limits = DEFAULT_LIMITS,
    filename: str = "",
) -> PlanDocument:
    """Read ``data`` as ``fmt`` into a plan document.

    ``options``: ``project`` (which project of a P6 file), ``mapping`` (column mapping of a table,
    field → column index; suggested from the headers when absent), ``sheet`` (xlsx sheet name).

    Raises
    ------
    ImportRefusedError
        Anything the reader refuses, or more than ``limits.max_bytes``.
    """
    opts = dict(options or {})
    if len(data) > limits.max_bytes:
        raise ImportRefusedError(f"the file is larger than the limit of {limits.max_bytes:,} bytes")
    if fmt == "mspdi":
        from pmo.interchange.mspdi import read_mspdi_document

        return read_mspdi_document(data, limits=limits)
    if fmt == "xer":
        from pmo.interchange.p6 import read_xer_document

        return read_xer_document(data, opts.get("project"), limits=limits)
    if fmt == "pmxml":
        from pmo.interchange.p6 import read_pmxml_document

        return read_pmxml_document(data, opts.get("project"), limits=limits)
    if fmt in ("xlsx", "csv"):
        from pmo.interchange.tabular import read_table, suggest_mapping, table_to_document

        table = read_table(data, filename or f"file.{fmt}", limits)
        mapping = opts.get("mapping") or suggest_mapping(table.headers)
        return table_to_document(
            table, mapping, minutes_per_day=int(opts.get("minutes_per_day", 480)), limits=limits
        )
    raise ImportRefusedError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
