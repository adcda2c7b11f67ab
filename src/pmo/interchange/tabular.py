"""Excel (.xlsx) and CSV task lists in and out.

Import runs in three steps, so the user can confirm the mapping in a preview:

1. :func:`read_table` turns the file into text cells (:mod:`pmo.interchange.tabular_read`; an .xlsx
   archive is checked by :func:`pmo.interchange.archive.check_xlsx` before openpyxl opens it);
2. :func:`suggest_mapping` proposes a column per field (:data:`FIELDS`);
3. :func:`table_to_document` turns the rows into a :class:`~pmo.interchange.document.PlanDocument`.

Export: :func:`document_rows`, then :func:`write_csv` or :func:`write_xlsx`
(:mod:`pmo.interchange.tabular_write`). Formula-like text is neutralised on the way out and
restored on the way in.

Rows become tasks in order. The outline comes from Outline Level, else from the depth of WBS codes,
else from the indentation of the names. Predecessors refer to the ID column when one is mapped,
else to task numbers (1 = the first task row), as in Microsoft Project. Without a Constraint Type
column, a task without predecessors keeps its Start as a "Start No Earlier Than" constraint, as
Microsoft Project's import does. Start and Finish are otherwise kept as the file's own dates
(:attr:`PlanDocument.stored`), not as constraints.

Examples
--------
>>> table = read_table(b"Name,Duration,Predecessors\\nDesign,5d,\\nBuild,2w,1FS+1d\\n", "plan.csv")
>>> doc = table_to_document(table, suggest_mapping(table.headers))
>>> [(t.name, t.duration) for t in doc.project.tasks]
[('Design', 2400), ('Build', 4800)]
>>> doc.project.links[0].lag.minutes
480
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time

from pmo.engine.schedule import ConstraintType, Lag, Link, LinkType, Project, Task
from pmo.interchange.archive import check_xlsx
from pmo.interchange.document import (
    EARLIEST,
    LATEST,
    Assignment,
    PlanDocument,
    Resource,
    ResourceKind,
    TaskDetails,
    check_document,
)
from pmo.interchange.errors import ImportRefusedError
from pmo.interchange.limits import DEFAULT_LIMITS, Limits
from pmo.interchange.tabular_mapping import (
    FIELDS,
    CellError,
    parse_bool,
    parse_constraint,
    parse_date,
    parse_int,
    parse_percent,
    suggest_mapping,
)
from pmo.interchange.tabular_read import Table, read_table
from pmo.interchange.tabular_write import document_rows, write_csv, write_xlsx
from pmo.interchange.text import ParseError, parse_duration, parse_predecessors, unit_minutes

__all__ = [
    "FIELDS",
    "StoredDates",
    "Table",
    "check_xlsx",
    "document_rows",
    "read_table",
    "suggest_mapping",
    "table_to_document",
    "write_csv",
    "write_xlsx",
]

#: Microsoft Project's default start and finish of a working day, for dates typed without a time.
DAY_START, DAY_END = time(8), time(17)
_START_CONSTRAINTS = frozenset({"SNET", "SNLT", "MSO"})
_RESOURCE = re.compile(r"^(?P<name>[^\[\]]*?)\s*(?:\[(?P<units>[^\]]*)\])?\s*$")
_UNITS = re.compile(r"^\s*(?P<value>\d+(?:[.,]\d+)?)\s*(?P<percent>%?)\s*(?P<label>.*?)\s*$")
_INDENT = re.compile(r"^[ \t\u00a0\u3000]*")


@dataclass(frozen=True)
class StoredDates:
    """The Start and Finish a task list shows for a task (the exporting tool's computed dates)."""

    start: datetime | None = None
    finish: datetime | None = None


class _Rows:
    """Cell access by field key, with the ``row N, column <header>`` of each cell for messages."""

    def __init__(self, table: Table, mapping: Mapping[str, int]) -> None:
        known = {f.key for f in FIELDS}
        for key, index in mapping.items():
            if key not in known:
                raise ImportRefusedError(f"{key!r} is not a field; the fields are {', '.join(sorted(known))}")
            if not 0 <= index < len(table.headers):
                raise ImportRefusedError(
                    f"field {key!r} is mapped to column {index + 1}, which does not exist"
                )
        if "name" not in mapping:
            raise ImportRefusedError(
                "no column is mapped to Name; choose the column that holds the task names"
            )
        self.table, self.mapping = table, mapping

    def raw(self, i: int, key: str) -> str:
        index = self.mapping.get(key)
        return self.table.rows[i][index] if index is not None else ""

    def text(self, i: int, key: str) -> str:
        return self.raw(i, key).strip()

    def where(self, i: int, key: str) -> str:
        header = self.table.headers[self.mapping[key]] if key in self.mapping else key
        return f"row {self.table.row_numbers[i]}, column {header}"

    def refuse(self, i: int, key: str, message: str) -> ImportRefusedError:
        return ImportRefusedError(message, where=self.where(i, key))


def _date(rows: _Rows, i: int, key: str, default_time: time, day_first: bool) -> datetime | None:
    try:
        value = parse_date(rows.text(i, key), default_time=default_time, day_first=day_first)
    except CellError as exc:
        raise rows.refuse(i, key, str(exc)) from None
    if value is not None and not EARLIEST <= value <= LATEST:
        raise rows.refuse(i, key, f"{value:%Y-%m-%d} is outside the supported range 1984-01-01 to 2149-12-31")
    return value


def _levels(rows: _Rows, names: list[str]) -> list[int]:
    """Outline level of every row, from Outline Level, WBS depth or name indentation (names are trimmed)."""
    count = len(rows.table.rows)
    levels: list[int] = []
    if "outline_level" in rows.mapping or "wbs" in rows.mapping:
        key = "outline_level" if "outline_level" in rows.mapping else "wbs"
        for i in range(count):
            text = rows.text(i, key)
            try:
                level = (
                    parse_int(text, low=1, high=100, what="an outline level")
                    if key == "outline_level"
                    else text.rstrip(".").count(".") + 1
                )
            except CellError as exc:
                raise rows.refuse(i, key, str(exc)) from None
            if not text:
                raise rows.refuse(i, key, "the outline level is missing")
            levels.append(level)
    else:
        indents: list[int] = []
        for i in range(count):
            indent = len(_INDENT.match(names[i]).group(0).replace("\t", "    "))  # type: ignore[union-attr]
            names[i] = names[i].strip()
            while indents and indent < indents[-1]:
                indents.pop()
            if not indents or indent > indents[-1]:
                indents.append(indent)
            levels.append(len(indents))
    previous = 0
    for i, level in enumerate(levels):
        if level > previous + 1:
            key = next((k for k in ("outline_level", "wbs") if k in rows.mapping), "name")
            problem = (
                f"level {level} follows level {previous}; a task can be at most one level below the row above"
                if previous
                else f"the first task is at level {level}; it must be at level 1"
            )
            raise rows.refuse(i, key, problem)
        previous = level
    return levels


def _uids(rows: _Rows) -> tuple[list[int], dict[int, int]]:
    """Task uids and the map from the numbers predecessors use to uids."""
    count = len(rows.table.rows)

    def numbers(key: str, what: str) -> list[int]:
        values: list[int] = []
        seen: dict[int, int] = {}
        for i in range(count):
            try:
                value = parse_int(rows.text(i, key), low=0, high=2_147_483_647, what=what)
            except CellError as exc:
                raise rows.refuse(i, key, str(exc)) from None
            if value in seen:
                raise rows.refuse(
                    i, key, f"{what} {value} is also on row {rows.table.row_numbers[seen[value]]}"
                )
            seen[value] = i
            values.append(value)
        return values

    ids = numbers("id", "ID") if "id" in rows.mapping else list(range(1, count + 1))
    uids = numbers("unique_id", "unique ID") if "unique_id" in rows.mapping else ids
    return uids, dict(zip(ids, uids, strict=True))


def _resources(rows: _Rows, uids: list[int]) -> tuple[tuple[Resource, ...], tuple[Assignment, ...]]:
    resources: dict[str, Resource] = {}
    assignments: list[Assignment] = []
    for i, uid in enumerate(uids):
        on_task: set[str] = set()
        for entry in re.split(r"[,;]", rows.text(i, "resource_names")):
            if not entry.strip():
                continue
            match = _RESOURCE.match(entry.strip())
            name = match.group("name").strip() if match else ""
            units, kind, label = 1.0, ResourceKind.WORK, ""
            if not match or not name:
                raise rows.refuse(
                    i, "resource_names", f"{entry.strip()!r} is not a resource; write Ann, Bob[50%]"
                )
            if match.group("units") is not None:
                amount = _UNITS.match(match.group("units"))
                if not amount or not (amount.group("percent") or amount.group("label")):
                    raise rows.refuse(
                        i,
                        "resource_names",
                        f"{entry.strip()!r}: write units as a percentage "
                        "(Ann[50%]) or a material quantity with its unit (Cement[5 t])",
                    )
                value = float(amount.group("value").replace(",", "."))
                if amount.group("percent"):
                    units = value / 100
                else:
                    units, kind, label = value, ResourceKind.MATERIAL, amount.group("label")
            if name in on_task:
                raise rows.refuse(i, "resource_names", f"{name} is assigned twice to the task")
            on_task.add(name)
            if name not in resources:
                resources[name] = Resource(uid=len(resources) + 1, name=name, kind=kind, material_label=label)
            assignments.append(
                Assignment(uid=len(assignments) + 1, task=uid, resource=resources[name].uid, units=units)
            )
    return tuple(resources.values()), tuple(assignments)


def _links(rows: _Rows, uids: list[int], by_number: dict[int, int], project: Project) -> list[Link]:
    links: list[Link] = []
    refer = (
        "the ID column"
        if "id" in rows.mapping
        else f"task numbers 1-{len(uids)}, counted from the first task row"
    )
    for i, uid in enumerate(uids):
        try:
            entries = parse_predecessors(rows.text(i, "predecessors"))
        except ParseError as exc:
            raise rows.refuse(i, "predecessors", str(exc)) from None
        for p in entries:
            predecessor = by_number.get(p.row)
            if predecessor is None:
                raise rows.refuse(
                    i, "predecessors", f"predecessor {p.row} does not exist (predecessors refer to {refer})"
                )
            if predecessor == uid:
                raise rows.refuse(i, "predecessors", f"the task is its own predecessor ({p.row})")
            if p.lag_percent:
                lag = Lag(percent=p.lag_value)
            else:
                per = unit_minutes(
                    p.lag_unit,
                    p.lag_elapsed,
                    minutes_per_day=project.minutes_per_day,
                    minutes_per_week=project.minutes_per_week,
                    days_per_month=project.days_per_month,
                )
                lag = Lag(minutes=round(p.lag_value * per), elapsed=p.lag_elapsed)
            links.append(Link(predecessor, uid, LinkType[p.type], lag))
    return links


def table_to_document(
    table: Table,
    mapping: Mapping[str, int],
    *,
    minutes_per_day: int = 480,
    limits: Limits = DEFAULT_LIMITS,
    day_first: bool = False,
) -> PlanDocument:
    """Turn the rows of a task list into a plan document (``format`` ``"xlsx"`` or ``"csv"``).

    Parameters
    ----------
    table : Table
        As :func:`read_table` returns it.
    mapping : mapping of str to int
        Field key (see :data:`FIELDS`) to 0-based column; ``name`` is required. Columns not
        mapped are kept per task as extras keyed ``"column:<header>"``.
    minutes_per_day : int
        Working minutes in a day, for durations and lags in days, weeks and months.
    limits : Limits
        ``max_tasks`` and the other caps of :func:`~pmo.interchange.document.check_document`.
    day_first : bool
        Read ``1/2/2025`` as 1 February (slashes are month first otherwise, as Microsoft Project
        in English writes them; dotted dates are always day first).

    Raises
    ------
    ImportRefusedError
        For the first bad cell, naming ``row N, column <header>`` and the problem.
    """
    rows = _Rows(table, mapping)
    count = len(table.rows)
    if count > limits.max_tasks:
        raise ImportRefusedError(f"the file has {count:,} task rows; the limit is {limits.max_tasks:,}")
    settings = Project(tasks=(), minutes_per_day=minutes_per_day, minutes_per_week=minutes_per_day * 5)
    names = [rows.raw(i, "name") for i in range(count)]
    levels = _levels(rows, names)
    uids, by_number = _uids(rows)
    links = _links(rows, uids, by_number, settings)
    has_predecessor = {link.successor for link in links}
    resources, assignments = _resources(rows, uids)
    summaries = {i for i in range(count - 1) if levels[i + 1] > levels[i]}
    extra_columns = [(i, h) for i, h in enumerate(table.headers) if i not in set(mapping.values())]
    parents: list[int] = []
    tasks: list[Task] = []
    details: dict[int, TaskDetails] = {}
    stored: dict[int, StoredDates] = {}
    guessed = 0
    for i, uid in enumerate(uids):
        del parents[levels[i] - 1 :]
        parent = parents[-1] if parents else None
        parents.append(uid)
        duration, elapsed, estimated = 0, False, False
        if rows.text(i, "duration"):
            try:
                parsed = parse_duration(
                    rows.text(i, "duration"),
                    minutes_per_day=minutes_per_day,
                    minutes_per_week=minutes_per_day * 5,
                )
            except ParseError as exc:
                raise rows.refuse(i, "duration", str(exc)) from None
            duration, elapsed, estimated = parsed.minutes, parsed.elapsed, parsed.estimated
        try:
            milestone = parse_bool(rows.text(i, "milestone")) if "milestone" in mapping else None
        except CellError as exc:
            raise rows.refuse(i, "milestone", str(exc)) from None
        try:
            percent = (
                parse_percent(rows.text(i, "percent_complete")) if rows.text(i, "percent_complete") else 0.0
            )
        except CellError as exc:
            raise rows.refuse(i, "percent_complete", str(exc)) from None
        if milestone is None:
            milestone = bool(rows.text(i, "duration")) and duration == 0 and i not in summaries
        if not rows.text(i, "duration") and not milestone and i not in summaries:
            duration, estimated, guessed = minutes_per_day, True, guessed + 1
        start = _date(rows, i, "start", DAY_START, day_first)
        finish = _date(rows, i, "finish", DAY_END, day_first)
        constraint, constraint_date = _constraint(
            rows, i, start, uid in has_predecessor or i in summaries, day_first
        )
        priority = 500
        if rows.text(i, "priority"):
            try:
                priority = parse_int(rows.text(i, "priority"), low=0, high=1000, what="a priority")
            except CellError as exc:
                raise rows.refuse(i, "priority", str(exc)) from None
        tasks.append(
            Task(
                uid=uid,
                name=names[i],
                duration=duration,
                elapsed=elapsed,
                estimated=estimated,
                milestone=milestone,
                parent=parent,
                constraint=constraint,
                constraint_date=constraint_date,
                deadline=_date(rows, i, "deadline", DAY_END, day_first),
                actual_start=_date(rows, i, "actual_start", DAY_START, day_first),
                actual_finish=_date(rows, i, "actual_finish", DAY_END, day_first),
                percent_complete=percent,
                wbs=rows.text(i, "wbs"),
                outline_level=levels[i],
            )
        )
        extra = {f"column:{h}": (table.rows[i][c],) for c, h in extra_columns if table.rows[i][c].strip()}
        details[uid] = TaskDetails(notes=rows.raw(i, "notes"), priority=priority, extra=extra)
        if start or finish:
            stored[uid] = StoredDates(start, finish)
    warnings = list(table.warnings)
    if guessed:
        warnings.append(
            f"{guessed} task(s) had no duration and were given 1 day? (an estimate), "
            "as Microsoft Project does"
        )
    starts = [s.start for s in stored.values() if s.start is not None]
    project = Project(
        tasks=tuple(tasks),
        links=tuple(links),
        minutes_per_day=minutes_per_day,
        minutes_per_week=minutes_per_day * 5,
        start=min(starts) if starts else None,
    )
    doc = PlanDocument(
        project=project,
        details=details,
        resources=resources,
        assignments=assignments,
        format=table.format,
        stored=stored,
        warnings=tuple(warnings),
    )
    check_document(doc, limits)
    return doc


def _constraint(
    rows: _Rows, i: int, start: datetime | None, linked: bool, day_first: bool
) -> tuple[ConstraintType, datetime | None]:
    if "constraint_type" not in rows.mapping:
        # Microsoft Project's import pins a start typed on an unlinked task with "Start No Earlier Than".
        return (ConstraintType.SNET, start) if start and not linked else (ConstraintType.ASAP, None)
    text = rows.text(i, "constraint_type")
    try:
        kind = ConstraintType(parse_constraint(text)) if text else ConstraintType.ASAP
    except CellError as exc:
        raise rows.refuse(i, "constraint_type", str(exc)) from None
    if kind in (ConstraintType.ASAP, ConstraintType.ALAP):
        return kind, None
    at = DAY_START if kind.value in _START_CONSTRAINTS else DAY_END
    when = _date(rows, i, "constraint_date", at, day_first) if "constraint_date" in rows.mapping else None
    if when is None:
        raise rows.refuse(i, "constraint_type", f"{text.strip()} needs a date in the Constraint Date column")
    return kind, when
