"""Microsoft Project XML (MSPDI): read a file into a plan document and write one back.

:func:`read_mspdi_document` (streamed, capped, defused) and :func:`write_mspdi_document` (schema
order, extras written back) are in :mod:`pmo.interchange.mspdi_read` and
:mod:`pmo.interchange.mspdi_write`; the element order tables and the lists of modelled and
recomputed fields are in :mod:`pmo.interchange.mspdi_schema`.

Examples
--------
>>> from pmo.engine.schedule import Link, Project, Task
>>> doc = PlanDocument(Project(tasks=(Task(1, "A", 480), Task(2, "B", 960)), links=(Link(1, 2),)))
>>> back = read_mspdi_document(write_mspdi_document(doc))
>>> [(t.uid, t.duration) for t in back.project.tasks], len(back.project.links)
([(1, 480), (2, 960)], 1)
"""

from __future__ import annotations

from pmo.interchange.document import PlanDocument
from pmo.interchange.mspdi_read import MSPDI_NAMESPACE, read_mspdi_document
from pmo.interchange.mspdi_write import write_mspdi_document

__all__ = ["MSPDI_NAMESPACE", "PlanDocument", "read_mspdi_document", "write_mspdi_document"]
