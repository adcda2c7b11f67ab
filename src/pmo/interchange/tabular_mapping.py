"""Task-list columns: the fields we read, how spreadsheet headers map to them, and cell conventions.

:data:`FIELDS` lists the fields a task list can carry, with the labels Microsoft Project uses and
the header names other tools write (Excel templates, Smartsheet, Google Sheets).
:func:`suggest_mapping` proposes a column for each field from the header row; the user confirms
it in the import preview.

The cell conventions are shared by the reader and the writer: :func:`neutralise` prefixes text
that a spreadsheet would run as a formula with ``'`` (OWASP's advice against CSV/formula
injection), and :func:`restore` removes exactly that quote again, so a re-import gives the
original text back.

Examples
--------
>>> suggest_mapping(["ID", "Task Name", "Duration", "Predecessors", "Outline Level"])
{'id': 0, 'name': 1, 'duration': 2, 'predecessors': 3, 'outline_level': 4}
>>> neutralise('=HYPERLINK("http://x","y")')
'\\'=HYPERLINK("http://x","y")'
>>> restore(neutralise("'quoted")) == "'quoted"
True
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

__all__ = [
    "FIELDS",
    "CellError",
    "Field",
    "neutralise",
    "normalise_header",
    "parse_bool",
    "parse_constraint",
    "parse_date",
    "parse_int",
    "parse_percent",
    "restore",
    "suggest_mapping",
]


@dataclass(frozen=True)
class Field:
    """A field of a task row: our key, the label shown in the mapping form, header names that mean it."""

    key: str
    label: str
    aliases: tuple[str, ...]


#: The fields a task list can map, in the order the mapping form shows them.
FIELDS: tuple[Field, ...] = (
    Field("unique_id", "Unique ID", ("unique id", "uid", "guid")),
    Field("id", "ID", ("id", "task id", "row id", "task number", "row number", "#", "no", "nr")),
    Field("wbs", "WBS", ("wbs", "wbs code", "outline number", "wbs number")),
    Field("outline_level", "Outline Level", ("outline level", "level", "indent level", "indent",
                                             "hierarchy level", "task level")),
    Field("name", "Name", ("name", "task name", "task", "title", "activity name", "activity", "summary",
                           "subject", "item", "task description")),
    Field("duration", "Duration", ("duration", "planned duration", "original duration", "length")),
    Field("start", "Start", ("start", "start date", "planned start", "scheduled start", "begin",
                             "begin date", "start time")),
    Field("finish", "Finish", ("finish", "finish date", "end", "end date", "planned finish",
                               "scheduled finish", "due", "due date", "planned end", "end time")),
    Field("predecessors", "Predecessors", ("predecessors", "predecessor", "depends on", "dependencies",
                                           "dependency", "predecessor ids")),
    Field("percent_complete", "% Complete", ("% complete", "percent complete", "% done", "progress",
                                             "% completed", "percentage complete", "complete")),
    Field("notes", "Notes", ("notes", "note", "comments", "comment", "description", "details", "remarks")),
    Field("milestone", "Milestone", ("milestone", "is milestone")),
    Field("constraint_type", "Constraint Type", ("constraint type", "constraint")),
    Field("constraint_date", "Constraint Date", ("constraint date",)),
    Field("deadline", "Deadline", ("deadline", "deadline date")),
    Field("resource_names", "Resource Names", ("resource names", "resources", "resource", "assigned to",
                                               "assignee", "assignees", "owner", "owners", "responsible")),
    Field("actual_start", "Actual Start", ("actual start", "actual start date", "started")),
    Field("actual_finish", "Actual Finish", ("actual finish", "actual finish date", "actual end",
                                             "completed on")),
    Field("priority", "Priority", ("priority",)),
)  # fmt: skip

_BY_ALIAS = {alias: f.key for f in FIELDS for alias in f.aliases}
_PARENTHESES = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_NOT_WORD = re.compile(r"[^0-9a-z%#]+")

#: First characters a spreadsheet may treat as the start of a formula (and tab/CR/LF, which can
#: shift cells in some importers).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def normalise_header(header: str) -> str:
    """Lower case, parentheses dropped, punctuation as single spaces.

    >>> normalise_header("Start_Date (UTC)")
    'start date'
    """
    text = _PARENTHESES.sub(" ", header.replace("\ufeff", "").lower())
    return _NOT_WORD.sub(" ", text).strip()


def suggest_mapping(headers: Sequence[str]) -> dict[str, int]:
    """Propose a column (0-based index) for each field whose name appears among ``headers``.

    The first column with a known name wins; a column is given to one field only; fields without a
    matching header are left out (the user maps them by hand or leaves them unmapped).
    """
    mapping: dict[str, int] = {}
    for index, header in enumerate(headers):
        key = _BY_ALIAS.get(normalise_header(header or ""))
        if key is not None and key not in mapping:
            mapping[key] = index
    return dict(sorted(mapping.items(), key=lambda item: item[1]))


def _needs_quote(text: str) -> bool:
    return text.startswith("'") or text.lstrip(" ").startswith(FORMULA_STARTS)


def neutralise(text: str) -> str:
    """Prefix ``'`` to text a spreadsheet could run as a formula (or that already starts with ``'``).

    >>> [neutralise(t) for t in ["+1", "  =x", "plain", "-"]]
    ["'+1", "'  =x", 'plain', "'-"]
    """
    return "'" + text if _needs_quote(text) else text


def restore(text: str) -> str:
    """Undo :func:`neutralise`: drop a leading ``'`` only where :func:`neutralise` would have added it.

    >>> restore("'+1"), restore("'plain")
    ('+1', "'plain")
    """
    if text.startswith("'") and _needs_quote(text[1:]):
        return text[1:]
    return text


# --- Cell values -------------------------------------------------------------------------------------

#: Texts that mean "no date" (Microsoft Project writes ``NA``).
EMPTY_DATES = frozenset({"", "na", "n/a", "none", "nd"})
_TRUE = frozenset({"yes", "y", "true", "1", "x", "✓", "✔", "ja", "oui", "si", "sí"})
_FALSE = frozenset({"no", "n", "false", "0", "", "nein", "non"})
_NUMERIC_DATE = re.compile(
    r"^(?:[^\W\d_]{2,9}\.?,?\s+)?(\d{1,2})([/.\-])(\d{1,2})\2(\d{2}|\d{4})"
    r"(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp]\.?[Mm]\.?)?)?$"
)
_TEXT_DATE_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%B %d %Y", "%b %d %Y")
_TIME = re.compile(r"\s+(\d{1,2}):(\d{2})(?::\d{2})?\s*([AaPp]\.?[Mm]\.?)?$")

_CONSTRAINTS = {
    "as soon as possible": "ASAP", "asap": "ASAP", "as late as possible": "ALAP", "alap": "ALAP",
    "start no earlier than": "SNET", "snet": "SNET", "start no later than": "SNLT", "snlt": "SNLT",
    "finish no earlier than": "FNET", "fnet": "FNET", "finish no later than": "FNLT", "fnlt": "FNLT",
    "must start on": "MSO", "mso": "MSO", "must finish on": "MFO", "mfo": "MFO",
    "start on or after": "SNET", "start on or before": "SNLT", "finish on or after": "FNET",
    "finish on or before": "FNLT", "mandatory start": "MSO", "mandatory finish": "MFO",
}  # fmt: skip


class CellError(ValueError):
    """A cell whose text cannot be read; the message says what was expected."""


def parse_bool(text: str) -> bool:
    """``Yes``/``No`` as Microsoft Project writes them, and the usual spellings (``true``, ``1``, ``x``)."""
    value = text.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise CellError(f"{text.strip()!r} is not yes or no")


def parse_percent(text: str) -> float:
    """``50%``, ``50`` or ``50,5 %`` → 50.0 (0-100)."""
    value = text.strip().rstrip("%").strip().replace(",", ".")
    try:
        number = float(value)
    except ValueError:
        raise CellError(f"{text.strip()!r} is not a percentage; write e.g. 50%") from None
    if not 0 <= number <= 100:
        raise CellError(f"{text.strip()!r} is outside 0-100%")
    return number


def parse_int(text: str, *, low: int, high: int, what: str) -> int:
    """A whole number between ``low`` and ``high`` (``"5.0"`` from a spreadsheet is accepted)."""
    try:
        number = float(text.strip())
    except ValueError:
        raise CellError(f"{text.strip()!r} is not a whole number ({what})") from None
    if not number.is_integer() or not low <= number <= high:
        raise CellError(f"{text.strip()!r} is not a whole number from {low} to {high} ({what})")
    return int(number)


def parse_constraint(text: str) -> str:
    """Microsoft Project's constraint names (or their abbreviations) → ``ASAP``, ``SNET``…"""
    key = " ".join(text.strip().lower().replace("_", " ").split())
    if key not in _CONSTRAINTS:
        raise CellError(f"{text.strip()!r} is not a constraint type; use e.g. As Soon As Possible, "
                        "Start No Earlier Than, Must Finish On (or ASAP, SNET, MFO)")  # fmt: skip
    return _CONSTRAINTS[key]


def _hour(hour: int, minute: int, meridiem: str | None) -> time:
    if meridiem:
        if not 1 <= hour <= 12:
            raise ValueError("hour")
        hour = hour % 12 + (12 if meridiem.lower().startswith("p") else 0)
    return time(hour, minute)


def parse_date(text: str, *, default_time: time, day_first: bool = False) -> datetime | None:
    """A date (and time) as spreadsheets and Microsoft Project write it; ``None`` for empty or ``NA``.

    ISO dates (``2025-01-31``, ``2025-01-31 08:00``), numeric dates with an optional weekday
    (``Fri 1/31/25``, ``31.01.2025 17:00``: dots mean day first, slashes month first unless
    ``day_first`` or the first number is above 12) and English month names (``January 31, 2025``).
    A date without a time gets ``default_time``.

    >>> parse_date("Fri 1/31/25 5:00 PM", default_time=time(8))
    datetime.datetime(2025, 1, 31, 17, 0)
    >>> parse_date("2025-01-31", default_time=time(17))
    datetime.datetime(2025, 1, 31, 17, 0)
    """
    value = " ".join(text.split())
    if value.lower() in EMPTY_DATES:
        return None
    try:
        try:
            parsed = datetime.fromisoformat(value)
            if len(value) <= 10:
                parsed = datetime.combine(parsed.date(), default_time)
            return parsed.replace(tzinfo=None)
        except ValueError:
            pass
        match = _NUMERIC_DATE.match(value)
        if match:
            a, sep, b, y, hh, mm, _ss, meridiem = match.groups()
            first, second, year = int(a), int(b), int(y)
            year += 0 if len(y) == 4 else (2000 if year < 84 else 1900)
            day_month = sep == "." or day_first or first > 12
            if second > 12 and not first > 12:
                day_month = False
            day, month = (first, second) if day_month else (second, first)
            at = _hour(int(hh), int(mm), meridiem) if hh else default_time
            return datetime.combine(date(year, month, day), at)
        time_match = _TIME.search(value)
        at = default_time
        if time_match:
            at = _hour(int(time_match.group(1)), int(time_match.group(2)), time_match.group(3))
            value = value[: time_match.start()]
        for fmt in _TEXT_DATE_FORMATS:
            try:
                return datetime.combine(datetime.strptime(value, fmt).date(), at)
            except ValueError:
                continue
    except ValueError:
        pass
    raise CellError(f"{text.strip()!r} is not a date; write it as 2025-01-31 (or 1/31/2025, 31.01.2025)")
