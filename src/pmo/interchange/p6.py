"""Primavera P6 import: XER and P6 XML (PMXML) files into a :class:`~pmo.interchange.document.PlanDocument`.

A P6 file may hold several projects: :func:`xer_projects` and :func:`pmxml_projects` list them so
the user can choose, and the readers take that choice (default: the first project; for P6 XML the
first holding activities). Everything is read under :class:`~pmo.interchange.limits.Limits` and
refused with an :class:`~pmo.interchange.errors.ImportRefusedError` naming the table and line, or
the element. The mapping, and what is deliberately left out, is in ``docs/engine/p6-import.md``.
"""

from __future__ import annotations

from pmo.interchange.p6_common import memo_to_text
from pmo.interchange.p6_pmxml import pmxml_projects, read_pmxml_document
from pmo.interchange.p6_xer import read_xer_document, xer_projects

__all__ = ["memo_to_text", "pmxml_projects", "read_pmxml_document", "read_xer_document", "xer_projects"]
