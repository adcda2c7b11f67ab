"""Write a plan as a task list: rows of cells, then CSV (UTF-8 with BOM) or .xlsx.

:func:`document_rows` lays a :class:`~pmo.interchange.document.PlanDocument` out in Microsoft
Project's "Export to Excel" columns (ID, WBS, Outline Level, Name, Duration, Start, Finish,
Predecessors, % Complete, Milestone, Constraint Type, Constraint Date, Deadline, Notes, Resource
Names), followed by the columns an earlier import kept as ``column:<header>`` extras. IDs are row
numbers from 1 and predecessors refer to them, as in Microsoft Project.

Both writers neutralise formula-like text (:func:`pmo.interchange.tabular_mapping.neutralise`):
a cell starting with ``= + - @``, tab, CR or LF (also after spaces), or with ``'``, gets a leading
``'``. In .xlsx every text cell is also forced to a string cell, so nothing is ever a formula.
Numbers stay numbers (a negative number is not text and is not touched).

Examples
--------
>>> write_csv(("Name", "Duration"), [("=1+1", "5d"), ("Plain", -2)])
b"\\xef\\xbb\\xbfName,Duration\\r\\n'=1+1,5d\\r\\nPlain,-2\\r\\n"
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from pmo.engine.schedule import ConstraintType, LinkType, ScheduleResult
from pmo.interchange.document import PlanDocument, ResourceKind
from pmo.interchange.tabular_mapping import neutralise
from pmo.interchange.text import format_duration, format_lag

__all__ = ["CONSTRAINT_NAMES", "HEADERS", "Cell", "document_rows", "write_csv", "write_xlsx"]

Cell = str | int | float | datetime | None

#: The columns :func:`document_rows` writes, in order.
HEADERS: tuple[str, ...] = (
    "ID", "WBS", "Outline Level", "Name", "Duration", "Start", "Finish", "Predecessors", "% Complete",
    "Milestone", "Constraint Type", "Constraint Date", "Deadline", "Notes", "Resource Names",
)  # fmt: skip

#: Microsoft Project's names of the eight constraint types.
CONSTRAINT_NAMES: dict[ConstraintType, str] = {
    ConstraintType.ASAP: "As Soon As Possible",
    ConstraintType.ALAP: "As Late As Possible",
    ConstraintType.SNET: "Start No Earlier Than",
    ConstraintType.SNLT: "Start No Later Than",
    ConstraintType.FNET: "Finish No Earlier Than",
    ConstraintType.FNLT: "Finish No Later Than",
    ConstraintType.MSO: "Must Start On",
    ConstraintType.MFO: "Must Finish On",
}

_EXTRA_PREFIX = "column:"
# Characters XML 1.0 cannot carry, plus CR (parsers turn it into LF): written as OOXML's _xHHHH_.
_OOXML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")


def _wbs_codes(doc: PlanDocument) -> dict[int, str]:
    counters: dict[int | None, int] = {}
    codes: dict[int, str] = {}
    for task in doc.project.tasks:
        counters[task.parent] = counters.get(task.parent, 0) + 1
        prefix = codes.get(task.parent, "") if task.parent is not None else ""
        codes[task.uid] = f"{prefix}.{counters[task.parent]}" if prefix else str(counters[task.parent])
    return codes


def _levels(doc: PlanDocument) -> dict[int, int]:
    levels: dict[int, int] = {}
    for task in doc.project.tasks:
        levels[task.uid] = 1 if task.parent is None else levels.get(task.parent, 0) + 1
    return levels


def _resource_names(doc: PlanDocument) -> dict[int, str]:
    resources = {r.uid: r for r in doc.resources}
    names: dict[int, list[str]] = {}
    for a in doc.assignments:
        r = resources.get(a.resource)
        if r is None:
            continue
        if r.kind == ResourceKind.MATERIAL:
            label = f"{a.units:g} {r.material_label}".strip()
            text = f"{r.name}[{label}]"
        else:
            text = r.name if a.units == 1.0 else f"{r.name}[{a.units * 100:g}%]"
        names.setdefault(a.task, []).append(text)
    return {task: ", ".join(items) for task, items in names.items()}


def document_rows(
    doc: PlanDocument, result: ScheduleResult | None = None
) -> tuple[tuple[str, ...], list[list[Cell]]]:
    """Lay a document out as a header row and one row per task.

    Parameters
    ----------
    doc : PlanDocument
        The plan; tasks are written in their order.
    result : ScheduleResult, optional
        When given, Start, Finish (and summary durations) come from it; otherwise Start and Finish
        are the file's stored dates when the document has them, else empty.

    Returns
    -------
    headers, rows
        :data:`HEADERS` plus one header per ``column:<header>`` extra, and the cells (text,
        numbers, datetimes or ``None`` for empty).
    """
    project = doc.project
    per_day = project.minutes_per_day
    ids = {task.uid: number for number, task in enumerate(project.tasks, start=1)}
    wbs, levels, resources = _wbs_codes(doc), _levels(doc), _resource_names(doc)
    predecessors: dict[int, list[str]] = {}
    for link in project.links:
        lag = format_lag(link.lag.minutes, elapsed=link.lag.elapsed, percent=link.lag.percent,
                         minutes_per_day=per_day)  # fmt: skip
        kind = "" if link.type == LinkType.FS and not lag else link.type.name
        predecessors.setdefault(link.successor, []).append(f"{ids[link.predecessor]}{kind}{lag}")
    results = {r.uid: r for r in result.tasks} if result is not None else {}
    extra_headers: list[str] = []
    for task in project.tasks:
        for key in doc.detail(task.uid).extra:
            header = key[len(_EXTRA_PREFIX) :]
            if key.startswith(_EXTRA_PREFIX) and header not in extra_headers and header not in HEADERS:
                extra_headers.append(header)
    rows: list[list[Cell]] = []
    for task in project.tasks:
        details = doc.detail(task.uid)
        computed = results.get(task.uid)
        stored = doc.stored.get(task.uid)
        start = computed.start if computed else _stored_date(stored, "start")
        finish = computed.finish if computed else _stored_date(stored, "finish")
        minutes = computed.duration if computed and computed.summary else task.duration
        duration = format_duration(
            minutes, elapsed=task.elapsed, estimated=task.estimated, minutes_per_day=per_day
        )
        row: list[Cell] = [ids[task.uid], task.wbs or wbs[task.uid], levels[task.uid], task.name, duration]
        row += [start, finish, ", ".join(predecessors.get(task.uid, ())), f"{task.percent_complete:g}%"]
        row += ["Yes" if task.milestone else "No", CONSTRAINT_NAMES[task.constraint], task.constraint_date]
        row += [task.deadline, details.notes, resources.get(task.uid, "")]
        row.extend(" ".join(details.extra.get(_EXTRA_PREFIX + h, ())) for h in extra_headers)
        rows.append(row)
    return (*HEADERS, *extra_headers), rows


def _stored_date(stored: object, name: str) -> datetime | None:
    """A start or finish from ``PlanDocument.stored`` (an object with attributes, or a mapping)."""
    value = stored.get(name) if isinstance(stored, Mapping) else getattr(stored, name, None)
    return value if isinstance(value, datetime) else None


def _csv_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, int | float):
        return str(value)
    return neutralise(value)


def write_csv(headers: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """CSV as Excel opens it directly: UTF-8 with a byte order mark, comma-separated, CRLF lines.

    Text cells are neutralised against formula injection; dates are ``YYYY-MM-DD HH:MM``.
    """
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in headers])
    for row in rows:
        writer.writerow([_csv_text(v) for v in row])
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def _ooxml_text(text: str) -> str:
    return _OOXML_UNSAFE.sub(lambda m: f"_x{ord(m.group(0)):04X}_", neutralise(text))


def write_xlsx(headers: Sequence[str], rows: Iterable[Sequence[Cell]], *, sheet: str = "Tasks") -> bytes:
    """An .xlsx workbook with one sheet: bold header row, frozen below it, columns sized to fit.

    Text cells are neutralised and always string cells (``data_type == "s"``), so no cell is a
    formula; characters XML cannot hold (and CR) are written as OOXML ``_xHHHH_`` escapes, which
    Excel and our reader decode.
    """
    from openpyxl import Workbook  # only .xlsx exports pay for it
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet)
    worksheet.freeze_panes = "A2"
    materialised = [list(r) for r in rows]
    widths = [len(h) for h in headers]
    for row in materialised:
        for i, value in enumerate(row[: len(widths)]):
            shown = 16 if isinstance(value, datetime) else len(str(value)) if value is not None else 0
            widths[i] = max(widths[i], min(shown, 60))
    for i, width in enumerate(widths, start=1):
        worksheet.column_dimensions[get_column_letter(i)].width = width + 2
    bold = Font(bold=True)

    def cell(value: Cell, *, header: bool = False) -> WriteOnlyCell:
        if isinstance(value, str):
            out = WriteOnlyCell(worksheet, value=None)
            out.value = _ooxml_text(value)
            out.data_type = "s"  # never "f", whatever the text
        else:
            out = WriteOnlyCell(worksheet, value=value)
            if isinstance(value, datetime):
                out.number_format = "yyyy-mm-dd hh:mm"
        if header:
            out.font = bold
        return out

    worksheet.append([cell(h, header=True) for h in headers])
    for row in materialised:
        worksheet.append([cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
