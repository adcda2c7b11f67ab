"""Forms of the task grid: one row's inline editor, insert, outline actions, and "Paste rows".

The forms read what users type the way Microsoft Project accepts it (durations such as ``5d?``,
predecessors such as ``3FS+2d``, dates such as ``2026-03-05`` or ``2026-03-05 13:00``) and turn it
into the arguments of the WBS services; the services own every rule between rows.

A row's start, finish, duration and predecessors are sent back with their shown value
(``show_hidden_initial``): only a value the user changed becomes part of the write, so saving a
new name never turns the displayed start into a constraint, and predecessor numbers typed against
an older view of the grid are not re-applied.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils import timezone

from pmo.interchange.text import (
    ParsedDuration,
    ParsedPredecessor,
    ParseError,
    format_duration,
    parse_duration,
    parse_predecessors,
)
from pmo.projects.choices import DATED_CONSTRAINTS, ConstraintType
from pmo.projects.models import Project, Task, WorkCalendar
from pmo.projects.services import PastedRow

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2}))?$")
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})(?: (\d{1,2}):(\d{2}))?$")
_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})(?: (\d{1,2}):(\d{2}))?(?: ?([ap]m))?$", re.I)
_WEEKDAY = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+", re.I)

#: Most rows a single paste may insert (a larger plan belongs in an import).
MAX_PASTE_ROWS = 2000


def parse_when(text: str, *, end_of_day: bool = False) -> dt.datetime | None:
    """Read a date (and optional time) as typed in the grid or copied from a spreadsheet.

    ``2026-03-05``, ``2026-03-05 13:00``, ``05.03.2026`` (day first) and ``3/5/2026`` or
    ``Thu 3/5/26`` (month first, as Microsoft Project and US spreadsheets show dates). A date
    without a time is the start of that day, or its last minute with ``end_of_day`` (a finish
    typed as a date means "by the end of that day"; the schedule snaps it to the last working
    time). Empty text is ``None``.

    Examples
    --------
    >>> parse_when("2026-03-05 13:00")
    datetime.datetime(2026, 3, 5, 13, 0)
    >>> parse_when("Thu 3/5/26", end_of_day=True)
    datetime.datetime(2026, 3, 5, 23, 59)
    """
    raw = (text or "").strip()
    if not raw:
        return None
    cleaned = _WEEKDAY.sub("", raw)
    hour: str | None = None
    minute: str | None = None
    meridiem = ""
    if match := _ISO.match(cleaned):
        year, month, day, hour, minute = match.groups()
    elif match := _DOTTED.match(cleaned):
        day, month, year, hour, minute = match.groups()
    elif match := _SLASHED.match(cleaned):
        month, day, year, hour, minute, meridiem = match.groups()
        meridiem = (meridiem or "").lower()
    else:
        raise ParseError(
            f"{raw!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-03-05 or 2026-03-05 13:00"
        )
    full_year = int(year) + (2000 if len(year) == 2 else 0)
    try:
        if hour is None:
            day_value = dt.date(full_year, int(month), int(day))
            clock = dt.time(23, 59) if end_of_day else dt.time(0, 0)
            return dt.datetime.combine(day_value, clock)
        hours = int(hour) % 12 + (12 if meridiem == "pm" else 0) if meridiem else int(hour)
        return dt.datetime(full_year, int(month), int(day), hours, int(minute or 0))
    except ValueError as error:
        raise ParseError(f"{raw!r} is not a valid date ({error})") from error


def aware(value: dt.datetime | None) -> dt.datetime | None:
    """A wall-clock time typed by a user as an aware datetime in the site's time zone."""
    return None if value is None else timezone.make_aware(value)


def format_when(value: dt.datetime | None) -> str:
    """A stored date as the editor shows it: ``2026-03-05 08:00`` in the site's time zone."""
    if value is None:
        return ""
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def _duration_units(project: Project) -> dict[str, int]:
    return {
        "minutes_per_day": project.minutes_per_day,
        "minutes_per_week": project.minutes_per_week,
        "days_per_month": project.days_per_month,
    }


class TaskRowForm(forms.Form):
    """The inline editor of one row: what the service :func:`task_update` receives.

    ``cleaned_data`` is turned into the service's arguments by :meth:`service_arguments`.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    name = forms.CharField(max_length=255)
    duration = forms.CharField(required=False, max_length=40, show_hidden_initial=True)
    start = forms.CharField(required=False, max_length=40, show_hidden_initial=True)
    finish = forms.CharField(required=False, max_length=40, show_hidden_initial=True)
    predecessors = forms.CharField(required=False, max_length=2000, show_hidden_initial=True)
    constraint_type = forms.ChoiceField(choices=ConstraintType.choices)
    constraint_date = forms.CharField(required=False, max_length=40)
    calendar = forms.ChoiceField(required=False)
    notes = forms.CharField(required=False, max_length=10000, widget=forms.Textarea(attrs={"rows": 1}))

    def __init__(
        self, *args: Any, project: Project, task: Task, calendars: list[WorkCalendar], **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.project = project
        self.task = task
        self.calendars = {str(calendar.uid): calendar for calendar in calendars}
        calendar_field = self.fields["calendar"]
        assert isinstance(calendar_field, forms.ChoiceField)  # noqa: S101 - declared above
        calendar_field.choices = [("", "Project calendar")] + [
            (uid, calendar.name) for uid, calendar in self.calendars.items()
        ]
        for name, bound in self.fields.items():
            bound.widget.attrs.setdefault("form", f"edit-{task.uid}")
            bound.widget.attrs.setdefault("aria-label", name.replace("_", " ").capitalize())
        if task.is_summary:
            self.fields["duration"].disabled = True

    @classmethod
    def initial_for(
        cls, task: Task, project: Project, predecessors: str, calendars: list[WorkCalendar]
    ) -> dict[str, Any]:
        """The values the editor shows for ``task``."""
        by_id = {calendar.pk: str(calendar.uid) for calendar in calendars}
        return {
            "version": task.version,
            "name": task.name,
            "duration": format_duration(
                task.scheduled_minutes if task.is_summary else task.duration_minutes,
                elapsed=task.duration_elapsed,
                estimated=task.estimated,
                minutes_per_day=project.minutes_per_day,
            ),
            "start": format_when(task.start),
            "finish": format_when(task.finish),
            "predecessors": predecessors,
            "constraint_type": task.constraint_type,
            "constraint_date": format_when(task.constraint_date),
            "calendar": by_id.get(task.calendar_id, "") if task.calendar_id else "",
            "notes": task.notes,
        }

    @property
    def shown_values(self) -> list[tuple[str, str]]:
        """The values the row showed when the user opened it, sent back as ``initial-<name>``
        (a re-rendered editor keeps the ones first shown, so a retry compares against them)."""
        names = ("duration", "start", "finish", "predecessors")
        if self.is_bound:
            return [(name, str(self.data.get(f"initial-{name}", ""))) for name in names]
        return [(name, str(self.initial.get(name, "") or "")) for name in names]

    def clean_duration(self) -> ParsedDuration | None:
        """A duration such as ``5d``, ``3ed`` or ``4h?`` (unchanged or a summary: ``None``)."""
        text = self.cleaned_data.get("duration", "")
        if self.task.is_summary or "duration" not in self.changed_data:
            return None
        if not text.strip():
            raise forms.ValidationError("Give a duration, e.g. 5d, 2w, 4h or 0 for a milestone.")
        try:
            return parse_duration(text, **_duration_units(self.project))
        except ParseError as error:
            raise forms.ValidationError(str(error)) from error

    def clean_start(self) -> dt.datetime | None:
        """A typed start (sets "start no earlier than"); ``None`` when left as shown."""
        return self._changed_when("start", end_of_day=False)

    def clean_finish(self) -> dt.datetime | None:
        """A typed finish (sets "finish no earlier than"); ``None`` when left as shown."""
        return self._changed_when("finish", end_of_day=True)

    def _changed_when(self, name: str, *, end_of_day: bool) -> dt.datetime | None:
        if name not in self.changed_data:
            return None
        try:
            return aware(parse_when(self.cleaned_data.get(name, ""), end_of_day=end_of_day))
        except ParseError as error:
            raise forms.ValidationError(str(error)) from error

    def clean_predecessors(self) -> list[ParsedPredecessor] | None:
        """The predecessor list, or ``None`` when left as shown."""
        if "predecessors" not in self.changed_data:
            return None
        try:
            return parse_predecessors(self.cleaned_data.get("predecessors", ""))
        except ParseError as error:
            raise forms.ValidationError(str(error)) from error

    def clean_constraint_date(self) -> dt.datetime | None:
        """The constraint's date and time."""
        try:
            return aware(parse_when(self.cleaned_data.get("constraint_date", "")))
        except ParseError as error:
            raise forms.ValidationError(str(error)) from error

    def clean_calendar(self) -> WorkCalendar | None:
        """One of the project's calendars, or none (the project calendar)."""
        uid = self.cleaned_data.get("calendar") or ""
        return self.calendars.get(uid) if uid else None

    def clean(self) -> dict[str, Any]:
        """A dated constraint needs its date (named at the field, before the service is asked)."""
        data = super().clean() or {}
        if (
            data.get("constraint_type") in DATED_CONSTRAINTS
            and data.get("constraint_date") is None
            and "constraint_date" not in self.errors
            and not (data.get("start") or data.get("finish"))
        ):
            label = ConstraintType(data["constraint_type"]).label
            self.add_error("constraint_date", f"A {label.lower()} constraint needs a date.")
        return data

    def service_arguments(self) -> dict[str, Any]:
        """Keyword arguments of :func:`~pmo.projects.services.task_update` (except actor/task)."""
        data = self.cleaned_data
        fields: dict[str, Any] = {
            "name": data["name"],
            "notes": data["notes"],
            "constraint_type": data["constraint_type"],
            "constraint_date": data["constraint_date"]
            if data["constraint_type"] in DATED_CONSTRAINTS
            else None,
            "calendar": data["calendar"],
        }
        duration: ParsedDuration | None = data.get("duration")
        if duration is not None:
            fields |= {
                "duration_minutes": duration.minutes,
                "duration_elapsed": duration.elapsed,
                "estimated": duration.estimated,
                # A milestone given a length stops being one (MS Project keeps the flag; users of a
                # grid expect "0d" and "3d" to be the only switch).
                "is_milestone": duration.minutes == 0,
            }
        return {
            "data": fields,
            "expected_version": data["version"],
            "predecessors": data.get("predecessors"),
            "start": data.get("start"),
            "finish": data.get("finish"),
        }


class InsertForm(forms.Form):
    """Insert a task (or a milestone) above a row, or at the end."""

    task = forms.UUIDField(required=False, help_text="The row to insert above (none: at the end).")
    name = forms.CharField(required=False, max_length=255)
    milestone = forms.BooleanField(required=False)


OUTLINE_OPS = (
    ("indent", "Indent"),
    ("outdent", "Outdent"),
    ("up", "Move up"),
    ("down", "Move down"),
    ("move", "Move above row"),
)


class OutlineForm(forms.Form):
    """An outline action on one row: indent, outdent, move up or down, move above row N."""

    task = forms.UUIDField()
    op = forms.ChoiceField(choices=OUTLINE_OPS)
    before = forms.IntegerField(
        required=False, min_value=1, help_text="Move above this row number (empty: to the end)."
    )
    version = forms.IntegerField(
        required=False, min_value=1, widget=forms.HiddenInput, help_text="The row's version as shown."
    )


# -- paste ----------------------------------------------------------------------------------------

#: Header words of the columns a paste understands (lower case, spaces removed).
HEADER_NAMES: dict[str, str] = {
    "name": "name",
    "taskname": "name",
    "task": "name",
    "duration": "duration",
    "start": "start",
    "finish": "finish",
    "end": "finish",
    "predecessors": "predecessors",
    "predecessor": "predecessors",
    "outlinelevel": "level",
    "level": "level",
    "notes": "notes",
}
DEFAULT_COLUMNS = ("name", "duration", "start", "finish", "predecessors")


@dataclass
class PreviewRow:
    """One pasted line as understood, with the problems found in it (none: it can be inserted)."""

    line: int
    name: str
    level: int = 1
    duration: ParsedDuration | None = None
    start: dt.datetime | None = None
    finish: dt.datetime | None = None
    predecessors: list[ParsedPredecessor] = field(default_factory=list)
    notes: str = ""
    errors: list[str] = field(default_factory=list)

    def pasted(self, *, offset: int = 0) -> PastedRow:
        """The service's row; ``offset`` shifts predecessor numbers (numbers relative to the paste)."""
        return PastedRow(
            name=self.name,
            level=self.level,
            duration_minutes=self.duration.minutes if self.duration else None,
            duration_elapsed=self.duration.elapsed if self.duration else False,
            estimated=self.duration.estimated if self.duration else False,
            start=aware(self.start),
            finish=aware(self.finish),
            predecessors=tuple(
                ParsedPredecessor(
                    p.row + offset, p.type, p.lag_value, p.lag_unit, p.lag_elapsed, p.lag_percent
                )
                for p in self.predecessors
            ),
            notes=self.notes,
        )


def _header(cells: list[str]) -> tuple[str, ...] | None:
    """The column names of a header row, or ``None`` when the row is data."""
    keys = [re.sub(r"[\s_]+", "", cell.strip().lower()) for cell in cells]
    if "name" not in keys and "taskname" not in keys and "task" not in keys:
        return None
    return tuple(HEADER_NAMES.get(key, "") for key in keys)


def parse_paste(text: str, project: Project) -> list[PreviewRow]:
    """Read tab-separated rows copied from Excel, Google Sheets or Microsoft Project.

    Columns are Name, Duration, Start, Finish, Predecessors unless a header row names them (it is
    recognised by a "Name" or "Task Name" cell and skipped; "Outline level" and "Notes" columns are
    read too). Outline levels come from an "Outline level" column, else from indentation: each
    leading tab is one level, and leading spaces of the name rank by width (the narrowest indent
    is level 2, the next wider level 3...). Blank lines are skipped. Every problem is reported at
    its line; no row is dropped silently.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> p = SimpleNamespace(minutes_per_day=480, minutes_per_week=2400, days_per_month=20)
    >>> rows = parse_paste("Name\\tDuration\\nDesign\\t3d\\n  Sketch\\t1d", p)
    >>> [(r.name, r.level, r.duration.minutes) for r in rows]
    [('Design', 1, 1440), ('Sketch', 2, 480)]
    """
    lines = (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    columns: tuple[str, ...] = DEFAULT_COLUMNS
    raw: list[tuple[int, int, int, list[str]]] = []  # line number, tabs, spaces, cells
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        tabs = len(line) - len(line.lstrip("\t"))
        cells = line[tabs:].split("\t")
        if not raw and (header := _header(cells)) is not None:
            columns = header
            continue
        name_cell = (
            cells[columns.index("name")] if "name" in columns and columns.index("name") < len(cells) else ""
        )
        spaces = len(name_cell) - len(name_cell.lstrip(" \u00a0"))
        raw.append((number, tabs, spaces, cells))
    widths = sorted({spaces for _, _, spaces, _ in raw})
    rank = {width: index for index, width in enumerate(widths)}
    units = _duration_units(project)
    rows: list[PreviewRow] = []
    for number, tabs, spaces, cells in raw:
        values = {name: cells[i].strip() for i, name in enumerate(columns) if name and i < len(cells)}
        row = PreviewRow(line=number, name=values.get("name", ""), level=1 + tabs + rank[spaces])
        if not row.name:
            row.errors.append("the name is empty")
        elif len(row.name) > 255:
            row.errors.append("the name is longer than 255 characters")
        if values.get("level"):
            try:
                row.level = int(values["level"])
            except ValueError:
                row.errors.append(f"outline level {values['level']!r} is not a whole number")
        readers: list[tuple[str, Any]] = [
            ("duration", lambda v: parse_duration(v, **units)),
            ("start", lambda v: parse_when(v)),
            ("finish", lambda v: parse_when(v, end_of_day=True)),
            ("predecessors", parse_predecessors),
        ]
        for key, reader in readers:
            if values.get(key):
                try:
                    setattr(row, key, reader(values[key]))
                except ParseError as error:
                    row.errors.append(f"{key}: {error}")
        row.notes = values.get("notes", "")
        rows.append(row)
    previous = 0
    for row in rows:
        if row.level < 1 or row.level > previous + 1:
            row.errors.append(
                f"outline level {row.level} cannot follow a row at level {previous}"
                if previous
                else "the first pasted row must be at the top level of the paste"
            )
        previous = max(row.level, 1)
    return rows


class PasteForm(forms.Form):
    """The "Paste rows" box: the copied text, where to insert it, how to read its numbers."""

    text = forms.CharField(
        label="Rows copied from a spreadsheet",
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false", "class": "paste-box"}),
        max_length=1_000_000,
        help_text=(
            "Columns Name, Duration, Start, Finish, Predecessors (or any order under a header row). "
            "Indent names with spaces or add an Outline level column for subtasks."
        ),
    )
    before = forms.IntegerField(
        label="Insert above row", required=False, min_value=1, help_text="Empty: after the last row."
    )
    relative = forms.BooleanField(
        label="Predecessor numbers count the pasted rows (1 = first pasted row)",
        required=False,
        initial=True,
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.project = project
        self.rows: list[PreviewRow] = []

    def clean_text(self) -> str:
        """Parse the text into preview rows (problems stay at their lines)."""
        text: str = self.cleaned_data["text"]
        self.rows = parse_paste(text, self.project)
        if not self.rows:
            raise forms.ValidationError("Nothing to paste: the text has no rows.")
        if len(self.rows) > MAX_PASTE_ROWS:
            raise forms.ValidationError(
                f"Paste at most {MAX_PASTE_ROWS} rows at once (got {len(self.rows)})."
            )
        return text

    @property
    def has_row_errors(self) -> bool:
        """Whether any pasted line has a problem."""
        return any(row.errors for row in self.rows)
