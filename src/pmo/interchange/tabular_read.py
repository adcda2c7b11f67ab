"""Read a CSV or .xlsx task list into a :class:`Table` of strings, defensively.

CSV: a UTF-8 byte order mark is dropped; UTF-16 (Excel's "Unicode text") is recognised by its
mark; text that is not UTF-8 is read as Windows-1252 with a warning; the delimiter is chosen among
comma, semicolon and tab by how consistently it splits the first lines.

.xlsx: :func:`pmo.interchange.archive.check_xlsx` runs first; openpyxl then reads the first (or the
named) sheet in read-only mode with cached formula values, never formulas. Dates become ISO text,
percent-formatted numbers ``"50%"``, whole numbers ``"5"``; OOXML's ``_xHHHH_`` escapes are decoded
as Excel does.

In both formats the first non-empty row is the header row, fully empty rows are skipped, and the
``'`` that our writer puts in front of formula-like text is removed again
(:func:`pmo.interchange.tabular_mapping.restore`).

Examples
--------
>>> table = read_table(b"Name;Duration\\nDesign;5d\\n", "plan.csv")
>>> table.headers, table.rows, table.row_numbers
(('Name', 'Duration'), (('Design', '5d'),), (2,))
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from pmo.interchange.archive import check_xlsx
from pmo.interchange.errors import ImportRefusedError
from pmo.interchange.limits import DEFAULT_LIMITS, Limits
from pmo.interchange.tabular_mapping import restore

__all__ = ["Table", "read_table"]

_DELIMITERS = (",", ";", "\t")
_OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


@dataclass(frozen=True)
class Table:
    """A task list as read: the header row and the data rows, all cells as text.

    Attributes
    ----------
    headers : tuple of str
        Header texts (a blank header becomes ``"column 3"``).
    rows : tuple of tuple of str
        Data rows, each padded to the number of headers.
    row_numbers : tuple of int
        The row number of each data row in the file as a spreadsheet shows it (header = row 1
        when it is the first line), for error messages.
    format : str
        ``"csv"`` or ``"xlsx"``.
    sheet : str
        The sheet read (xlsx only).
    warnings : tuple of str
        What the reader changed on purpose (encoding guessed, characters replaced).
    """

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    row_numbers: tuple[int, ...]
    format: str
    sheet: str = ""
    warnings: tuple[str, ...] = ()


def _decode(data: bytes) -> tuple[str, list[str]]:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError as exc:
            raise ImportRefusedError(f"the file says it is UTF-16 but is not ({exc.reason})") from exc
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        note = "the file is not UTF-8; it was read as Windows-1252 (Western European): check accented letters"
        return data.decode("cp1252", errors="replace"), [note]


def _sniff_delimiter(text: str) -> str:
    sample = text[:65536].splitlines()[:50]
    best, best_score = ",", (-1.0, 0)
    for delimiter in _DELIMITERS:
        try:
            rows = [r for r in csv.reader(sample, delimiter=delimiter) if any(c.strip() for c in r)]
        except csv.Error:
            continue
        if not rows:
            continue
        width = len(rows[0])
        consistent = sum(1 for r in rows if len(r) == width) / len(rows)
        score = (consistent if width > 1 else 0.0, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _clean(value: str, notes: set[str]) -> str:
    if "\x00" in value:
        notes.add("NUL characters were replaced by \ufffd")
        value = value.replace("\x00", "\ufffd")
    return restore(value)


def _collect(raw_rows: Iterable[tuple[int, list[str]]], limits: Limits, fmt: str, sheet: str,
             warnings_: list[str]) -> Table:  # fmt: skip
    headers: tuple[str, ...] | None = None
    rows: list[tuple[str, ...]] = []
    numbers: list[int] = []
    cells = 0
    notes: set[str] = set()
    for number, raw in raw_rows:
        cells += len(raw)
        if cells > limits.max_elements:
            raise ImportRefusedError(f"the file has more than {limits.max_elements:,} cells")
        if not any(c.strip() for c in raw):
            continue
        if headers is None:
            while raw and not raw[-1].strip():
                raw = raw[:-1]
            headers = tuple(
                h.strip() or f"column {i + 1}" for i, h in enumerate(_clean(c, notes) for c in raw)
            )
            continue
        if len(rows) >= limits.max_tasks:
            raise ImportRefusedError(f"the file has more than {limits.max_tasks:,} task rows; the limit is "
                                     f"{limits.max_tasks:,}", where=f"row {number}")  # fmt: skip
        if len(raw) > len(headers) and any(c.strip() for c in raw[len(headers) :]):
            raise ImportRefusedError(f"the row has {len(raw)} cells but the header row only {len(headers)}; "
                                     "give every column a header", where=f"row {number}")  # fmt: skip
        cells_ = [_clean(c, notes) for c in raw[: len(headers)]]
        rows.append(tuple(cells_ + [""] * (len(headers) - len(cells_))))
        numbers.append(number)
    if headers is None:
        raise ImportRefusedError("the file is empty: it needs a header row and one row per task")
    if not rows:
        raise ImportRefusedError("the file has a header row but no task rows")
    return Table(headers, tuple(rows), tuple(numbers), fmt, sheet, tuple(warnings_ + sorted(notes)))


def _csv_rows(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            yield reader.line_num, row
    except csv.Error as exc:
        raise ImportRefusedError(f"the CSV cannot be read ({exc})", where=f"line {reader.line_num}") from exc


def _cell_text(value: Any, number_format: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return (
            value.date().isoformat()
            if value.time() == time()
            else value.isoformat(sep=" ", timespec="minutes")
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat(timespec="minutes")
    if isinstance(value, timedelta):
        return f"{round(value.total_seconds() / 60)}m"
    if isinstance(value, int | float):
        if "%" in (number_format or ""):
            return f"{value * 100:g}%"
        return f"{value:g}" if isinstance(value, float) and not value.is_integer() else str(int(value))
    return _OOXML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), str(value))


def _xlsx_rows(data: bytes, sheet: str | None) -> tuple[str, Iterator[tuple[int, list[str]]], Any]:
    import openpyxl  # imported here: CSV imports do not pay for it
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it drops
            workbook = openpyxl.load_workbook(
                io.BytesIO(data), read_only=True, data_only=True, keep_links=False
            )
    except (InvalidFileException, KeyError, ValueError, TypeError, OSError) as exc:
        raise ImportRefusedError(f"the .xlsx file cannot be read ({exc})") from exc
    except Exception as exc:  # defusedxml, zipfile and parser errors have no common base
        raise ImportRefusedError(f"the .xlsx file cannot be read ({type(exc).__name__}: {exc})") from exc
    names = workbook.sheetnames
    if sheet is not None and sheet not in names:
        workbook.close()
        raise ImportRefusedError(f"the workbook has no sheet {sheet!r}; its sheets are {', '.join(names)}")
    worksheet = workbook[sheet] if sheet is not None else workbook.worksheets[0]

    def rows() -> Iterator[tuple[int, list[str]]]:
        for number, row in enumerate(worksheet.iter_rows(), start=1):
            yield (
                number,
                [_cell_text(getattr(c, "value", None), getattr(c, "number_format", "")) for c in row],
            )

    return worksheet.title, rows(), workbook


def read_table(
    data: bytes, filename: str, limits: Limits = DEFAULT_LIMITS, *, sheet: str | None = None
) -> Table:
    """Read a CSV or .xlsx task list into text cells.

    Parameters
    ----------
    data : bytes
        The uploaded file.
    filename : str
        Its name; ``.xlsx``/``.xlsm`` is read as a workbook, ``.csv``/``.txt``/``.tsv`` as text (a
        zip archive is read as a workbook whatever its name).
    limits : Limits
        Size, cell, row and archive caps.
    sheet : str, optional
        The sheet to read (default: the first).

    Raises
    ------
    ImportRefusedError
        Empty file, unsupported type, a cap reached, an unsafe archive, a CSV that cannot be parsed.
    """
    if len(data) > limits.max_bytes:
        raise ImportRefusedError(f"the file is {len(data):,} bytes; the limit is {limits.max_bytes:,}")
    if not data.strip():
        raise ImportRefusedError("the file is empty: it needs a header row and one row per task")
    suffix = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if suffix in ("xlsx", "xlsm") or data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        check_xlsx(data, limits)
        title, rows, workbook = _xlsx_rows(data, sheet)
        try:
            return _collect(rows, limits, "xlsx", title, [])
        except ImportRefusedError:
            raise
        except Exception as exc:  # a sheet part that fails to parse while streaming
            raise ImportRefusedError(f"the .xlsx file cannot be read ({type(exc).__name__}: {exc})") from exc
        finally:
            workbook.close()
    if suffix not in ("csv", "txt", "tsv", ""):
        raise ImportRefusedError(f"a .{suffix} file cannot be imported as a task list; use .xlsx or .csv")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportRefusedError("this is a binary file, not CSV text; export the sheet as CSV or .xlsx")
    text, notes = _decode(data)
    return _collect(_csv_rows(text, _sniff_delimiter(text)), limits, "csv", "", notes)
