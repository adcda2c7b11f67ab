"""Reader of Primavera P6 XER files into an engine :class:`~pmo.engine.schedule.Project`.

An XER file is tab-separated text: an ``ERMHDR`` header line, then tables, each a ``%T name`` line,
a ``%F field...`` line and ``%R value...`` rows, and a final ``%E``. :func:`parse_xer` returns the
typed tables; :func:`read_xer` maps one project of the file to the engine and keeps P6's own
computed dates and floats (:class:`P6Stored`) for comparison.

Mapping (and what is deliberately left out)
-------------------------------------------
- ``TASK``: uid = ``task_id``; duration = ``target_drtn_hr_cnt`` hours (in minutes);
  ``TT_Mile``/``TT_FinMile`` are milestones; ``TT_LOE`` is scheduled as a normal task and listed in
  :attr:`XerFile.loe_uids` (the engine has no level-of-effort type); ``TT_WBS``/``TT_Rsrc`` are
  normal tasks.
- ``PROJWBS``: not turned into engine summary tasks (P6 WBS nodes are not activities); kept in
  :attr:`XerFile.wbs`, and each task gets ``wbs`` (dotted short names) and ``outline_level``.
- ``TASKPRED``: ``PR_FS/SS/FF/SF``, ``lag_hr_cnt`` hours to working minutes; links to activities of
  another project are dropped and counted in :attr:`XerFile.external_links`.
- ``CALENDAR.clndr_data``: weekly working periods (``DaysOfWeek``) and exceptions (``Exceptions``,
  day serials counted from 1899-12-30). Base-calendar inheritance and the ``VIEW`` sections are not
  used. A calendar whose data cannot be parsed (``mpxj/invalid-8.4.xer`` holds one on purpose) falls
  back to Monday-Friday with ``day_hr_cnt`` hours from 08:00 and adds a line to
  :attr:`XerFile.warnings`, as P6 and MPXJ accept such files.
- ``cstr_type``: ``CS_MSOA`` SNET, ``CS_MSOB`` SNLT, ``CS_MEOA`` FNET, ``CS_MSO``/``CS_MANDSTART``
  MSO, ``CS_MEO``/``CS_MANDFIN`` MFO, ``CS_ALAP`` ALAP (P6's soft "on" constraints become the
  engine's hard ones). ``CS_MEOB`` ("finish on or before") is FNLT, or with
  ``fnlt_as_deadline=True`` the task's ``deadline``: in P6 it limits the late finish only and
  never moves the early dates, which is what an engine deadline does (an engine FNLT pulls the
  early finish back, against the logic). The secondary constraint (``cstr_type2``) is ignored.
- Progress: ``act_start_date``, ``act_end_date``, ``remain_drtn_hr_cnt`` (as remaining duration
  once started); ``percent_complete`` is the duration percentage. Data date: ``last_recalc_date``,
  else ``next_data_date``. P6 resumes the remaining work of an activity in progress at the data
  date, so its duration is the at-completion one (:func:`at_completion_minutes`): the working
  time from the actual start to the data date plus the remaining duration.

Examples
--------
>>> text = (
...     "ERMHDR\\t8.2\\n%T\\tPROJECT\\n%F\\tproj_id\\tproj_short_name\\n%R\\t1\\tP\\n"
...     "%T\\tTASK\\n%F\\ttask_id\\tproj_id\\ttask_type\\ttarget_drtn_hr_cnt\\n"
...     "%R\\t7\\t1\\tTT_Task\\t16\\n%E\\n"
... )
>>> read_xer(text.encode()).project.tasks[0].duration
960
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from pmo.engine.readers.mspdi import ReaderError
from pmo.engine.schedule.calendars import (
    Calendar,
    CalendarException,
    WorkingTimes,
    to_minutes,
    working_times_from_hours,
)
from pmo.engine.schedule.network import ConstraintType, Lag, Link, LinkType, Project, Task
from pmo.engine.schedule.results import ScheduleResult

__all__ = [
    "P6Stored",
    "WbsNode",
    "XerDocument",
    "XerFile",
    "XerTable",
    "at_completion_minutes",
    "early_date_agreement",
    "parse_xer",
    "read_xer",
]

MAX_BYTES = 200 * 1024 * 1024
MAX_ROWS = 2_000_000


@dataclass(frozen=True)
class XerTable:
    """One ``%T`` table: its field names and rows (values as text, ``""`` when empty)."""

    name: str
    fields: tuple[str, ...]
    rows: tuple[dict[str, str], ...]


@dataclass(frozen=True)
class XerDocument:
    """The raw content of an XER file: ``ERMHDR`` values and tables by upper-case name."""

    header: tuple[str, ...]
    tables: dict[str, XerTable]
    encoding: str

    @property
    def version(self) -> str:
        """P6 version written in the header (for example ``"8.2"``)."""
        return self.header[1] if len(self.header) > 1 else ""

    def rows(self, name: str) -> tuple[dict[str, str], ...]:
        """Rows of a table (empty when the file lacks it)."""
        table = self.tables.get(name.upper())
        return table.rows if table is not None else ()


@dataclass(frozen=True)
class P6Stored:
    """Values P6 computed and saved for one activity (``None`` when absent); floats in minutes."""

    early_start: datetime | None
    early_finish: datetime | None
    late_start: datetime | None
    late_finish: datetime | None
    total_float: float | None
    free_float: float | None
    physical_percent: float | None
    status: str
    task_type: str
    code: str
    driving_path: bool | None


@dataclass(frozen=True)
class WbsNode:
    """One ``PROJWBS`` element."""

    id: int
    parent: int | None
    code: str
    name: str
    seq: int


@dataclass(frozen=True)
class XerFile:
    """What :func:`read_xer` returns.

    Attributes
    ----------
    project : Project
        The engine network of the chosen project.
    stored : dict of int to P6Stored
        P6's computed values by activity uid (``task_id``).
    document : XerDocument
        Every table of the file.
    project_names : tuple of str
        ``proj_short_name`` of every project in the file, in file order.
    wbs : dict of int to WbsNode
        The WBS of the chosen project (the project node included).
    loe_uids : frozenset of int
        Level-of-effort activities.
    external_links : int
        Relationships to activities outside the chosen project (left out of ``project.links``).
    data_date : datetime or None
    warnings : tuple of str
        Content the reader replaced by a fallback (unreadable calendar data).
    """

    project: Project
    stored: dict[int, P6Stored]
    document: XerDocument
    project_names: tuple[str, ...]
    wbs: dict[int, WbsNode] = field(default_factory=dict)
    loe_uids: frozenset[int] = frozenset()
    external_links: int = 0
    data_date: datetime | None = None
    warnings: tuple[str, ...] = ()


def _decode(data: bytes, encoding: str | None) -> tuple[str, str]:
    if encoding is not None:
        return data.decode(encoding), encoding
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"  # decodes any byte; P6 writes the Windows code page


def parse_xer(
    source: str | Path | bytes,
    *,
    encoding: str | None = None,
    max_bytes: int = MAX_BYTES,
    max_rows: int = MAX_ROWS,
) -> XerDocument:
    """Split an XER file (path or bytes) into tables.

    Parameters
    ----------
    source : str, Path or bytes
    encoding : str, optional
        Overrides detection (UTF-8, else cp1252); P6 writes the exporting machine's code page, so a
        Cyrillic file needs ``encoding="cp1251"``.
    max_bytes, max_rows : int
        Refuse larger files (a guard against hostile uploads).

    Raises
    ------
    ReaderError
        Missing or oversized file, no ``ERMHDR`` header, rows before a ``%F`` line, no ``%E`` end.

    >>> parse_xer(b"ERMHDR\\t8.2\\n%T\\tA\\n%F\\tx\\n%R\\t1\\n%E\\n").rows("a")
    ({'x': '1'},)
    """
    if isinstance(source, bytes):
        data = source
    else:
        path = Path(source)
        if not path.is_file():
            raise ReaderError(f"{path}: no such file")
        if path.stat().st_size > max_bytes:
            raise ReaderError(f"{path}: {path.stat().st_size} bytes exceeds the {max_bytes}-byte limit")
        data = path.read_bytes()
    if len(data) > max_bytes:
        raise ReaderError(f"XER of {len(data)} bytes exceeds the {max_bytes}-byte limit")
    text, used = _decode(data, encoding)
    lines = text.splitlines()
    if not lines or not lines[0].startswith("ERMHDR"):
        raise ReaderError("not an XER file: the first line is not an ERMHDR header")
    header = tuple(lines[0].split("\t"))
    tables: dict[str, XerTable] = {}
    name: str | None = None
    fields: tuple[str, ...] = ()
    rows: list[dict[str, str]] = []
    count = 0
    ended = False

    def close() -> None:
        if name is not None:
            tables[name.upper()] = XerTable(name, fields, tuple(rows))

    for number, line in enumerate(lines[1:], start=2):
        kind, _, rest = line.partition("\t")
        if kind == "%T":
            close()
            name, fields, rows = rest.strip(), (), []
        elif kind == "%F":
            if name is None:
                raise ReaderError(f"line {number}: %F fields before any %T table")
            fields = tuple(f.strip() for f in rest.split("\t"))
        elif kind == "%R":
            if name is None or not fields:
                raise ReaderError(f"line {number}: %R row without a %T/%F layout (table {name!r})")
            values = rest.split("\t")
            if len(values) > len(fields):
                raise ReaderError(
                    f"table {name} line {number}: {len(values)} values for {len(fields)} fields"
                )
            values += [""] * (len(fields) - len(values))  # P6 trims trailing empty values
            rows.append(dict(zip(fields, values, strict=True)))
            count += 1
            if count > max_rows:
                raise ReaderError(f"XER has more than {max_rows} rows (table {name}, line {number})")
        elif kind.strip() == "%E":
            ended = True
            break
        elif line.strip():
            raise ReaderError(f"line {number} (table {name}): unknown record {kind[:20]!r}")
    if not ended:
        raise ReaderError(f"truncated XER: no %E end line after line {len(lines)} (last table {name!r})")
    close()
    return XerDocument(header, tables, used)


def _date(row: dict[str, str], key: str, where: str) -> datetime | None:
    value = row.get(key, "").strip()
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise ReaderError(f"{where}: {key} should be a date, got {value!r}") from None


def _num(row: dict[str, str], key: str, where: str) -> float | None:
    value = row.get(key, "").strip()
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        raise ReaderError(f"{where}: {key} should be a number, got {value!r}") from None


def _int(row: dict[str, str], key: str, where: str) -> int:
    value = _num(row, key, where)
    if value is None:
        raise ReaderError(f"{where}: {key} is missing")
    return int(value)


# ---- calendars -------------------------------------------------------------------------------

_NODE = re.compile(r"\(0\|\|([^()]*)\(([^()]*)\)")
_EXCEL_EPOCH = date(1899, 12, 30)


@dataclass
class _CNode:
    name: str
    attrs: dict[str, str]
    kids: list[_CNode]


def _parse_clndr(text: str) -> _CNode:
    """Parse ``(0||name(k|v|k|v)(children))`` nesting; raise ValueError when unbalanced."""
    pos = 0

    def node() -> _CNode:
        nonlocal pos
        m = _NODE.match(text, pos)
        if m is None:
            raise ValueError(f"expected a node at offset {pos}")
        parts = m.group(2).split("|") if m.group(2) else []
        attrs = {parts[i]: parts[i + 1] for i in range(0, len(parts) - 1, 2)}
        pos = m.end()
        if pos >= len(text) or text[pos] != "(":
            raise ValueError(f"expected children at offset {pos}")
        pos += 1
        kids = []
        while pos < len(text) and text[pos] != ")":
            if text[pos].isspace():
                pos += 1
                continue
            kids.append(node())
        if pos >= len(text):
            raise ValueError("unbalanced parentheses")
        pos += 2  # the children's ")" and the node's ")"
        return _CNode(m.group(1).strip(), attrs, kids)

    text = re.sub(r"[\s\x7f]+", "", text)  # P6 breaks long calendar data with DEL
    return node()


def _spans(n: _CNode) -> WorkingTimes:
    pairs = [(k.attrs["s"], k.attrs["f"]) for k in n.kids if "s" in k.attrs and "f" in k.attrs]
    return tuple(sorted(working_times_from_hours(pairs)))


def _calendar(row: dict[str, str]) -> Calendar:
    name = row.get("clndr_name") or f"Calendar {row.get('clndr_id')}"
    root = _parse_clndr(row.get("clndr_data", ""))
    week: list[WorkingTimes] = [()] * 7
    exceptions: list[CalendarException] = []
    for section in root.kids:
        if section.name == "DaysOfWeek":
            for day in section.kids:
                week[(int(day.name) - 2) % 7] = _spans(day)  # P6 day 1 = Sunday
        elif section.name == "Exceptions":
            for ex in section.kids:
                serial = ex.attrs.get("d")
                if serial is None:
                    continue
                when = _EXCEL_EPOCH + timedelta(days=int(float(serial)))
                exceptions.append(CalendarException(when, when, _spans(ex)))
    return Calendar(name=name, week=tuple(week), exceptions=tuple(exceptions))


def _fallback_calendar(row: dict[str, str]) -> Calendar:
    hours = float(row.get("day_hr_cnt") or 8)
    end = 8 * 60 + round(hours * 60)
    day: WorkingTimes = ((480, min(end, 1440)),)
    return Calendar(name=row.get("clndr_name") or "", week=(day,) * 5 + ((), ()))


# ---- projects --------------------------------------------------------------------------------


def at_completion_minutes(
    calendar: Calendar, actual_start: datetime, data_date: datetime | None, remaining: int
) -> int:
    """P6's at-completion duration of an activity in progress, in working minutes.

    P6 places the remaining duration from the data date on, whatever the planned duration was:
    the duration is the working time from the actual start to the data date plus ``remaining``.
    Without a usable data date (none, before the start, or more than a century later) it is
    ``remaining`` plus nothing.

    >>> from pmo.engine.schedule.calendars import Calendar
    >>> at_completion_minutes(Calendar(), datetime(2024, 1, 1, 8), datetime(2024, 1, 3, 8), 480)
    1440
    """
    if data_date is None or not actual_start < data_date <= actual_start + timedelta(days=36_600):
        return remaining
    compiled = calendar.compile(actual_start.date() - timedelta(days=1), data_date.date() + timedelta(days=1))
    return compiled.work_between(to_minutes(actual_start), to_minutes(data_date)) + remaining


_LINKS = {"PR_FS": LinkType.FS, "PR_SS": LinkType.SS, "PR_FF": LinkType.FF, "PR_SF": LinkType.SF}
_CONSTRAINTS = {
    "CS_MSOA": ConstraintType.SNET,
    "CS_MSOB": ConstraintType.SNLT,
    "CS_MEOA": ConstraintType.FNET,
    "CS_MEOB": ConstraintType.FNLT,
    "CS_MSO": ConstraintType.MSO,
    "CS_MANDSTART": ConstraintType.MSO,
    "CS_MEO": ConstraintType.MFO,
    "CS_MANDFIN": ConstraintType.MFO,
    "CS_ALAP": ConstraintType.ALAP,
}
_MILESTONES = {"TT_Mile", "TT_FinMile"}


def read_xer(
    source: str | Path | bytes | XerDocument,
    project: str | None = None,
    *,
    encoding: str | None = None,
    max_bytes: int = MAX_BYTES,
    max_rows: int = MAX_ROWS,
    fnlt_as_deadline: bool = False,
) -> XerFile:
    """Read one project of an XER file into an engine project plus P6's computed values.

    Parameters
    ----------
    source : str, Path, bytes or XerDocument
        A file, or tables :func:`parse_xer` already split (then ``encoding`` and the limits are
        not used again).
    project : str, optional
        ``proj_short_name`` of the project to read (default: the first in the file).
    encoding, max_bytes, max_rows
        As for :func:`parse_xer`.
    fnlt_as_deadline : bool
        Map ``CS_MEOB`` to a deadline (P6's meaning, see the module docstring) rather than to an
        engine FNLT constraint.

    Raises
    ------
    ReaderError
        Anything :func:`parse_xer` refuses, no ``PROJECT`` rows, an unknown project name, an
        unknown relationship type, or unreadable numbers and dates (the message names table and id).
    """
    if isinstance(source, XerDocument):
        doc = source
    else:
        doc = parse_xer(source, encoding=encoding, max_bytes=max_bytes, max_rows=max_rows)
    projects = doc.rows("PROJECT")
    if not projects:
        raise ReaderError("XER holds no projects (no PROJECT rows)")
    names = tuple(p.get("proj_short_name", "") for p in projects)
    if project is None:
        chosen = projects[0]
    else:
        matches = [p for p in projects if p.get("proj_short_name") == project]
        if not matches:
            raise ReaderError(f"no project {project!r} in the XER (it holds {', '.join(names)})")
        chosen = matches[0]
    proj_id = chosen.get("proj_id", "")
    where = f"PROJECT {proj_id}"

    warnings: list[str] = []
    calendars: dict[str, Calendar] = {}
    hours_per_day: dict[str, float] = {}
    for row in doc.rows("CALENDAR"):
        cid = row.get("clndr_id", "")
        hours_per_day[cid] = float(row.get("day_hr_cnt") or 8)
        if not row.get("clndr_data", "").strip():
            calendars[cid] = _fallback_calendar(row)  # resource calendars are often stored empty
            continue
        try:
            calendars[cid] = _calendar(row)
        except (ValueError, KeyError) as exc:
            warnings.append(
                f"CALENDAR {cid} ({row.get('clndr_name', '')}): unreadable clndr_data ({exc}); "
                f"using Monday-Friday {hours_per_day[cid]:g} h"
            )
            calendars[cid] = _fallback_calendar(row)
    default_cal = chosen.get("clndr_id", "")
    if default_cal not in calendars:
        default_cal = next((r["clndr_id"] for r in doc.rows("CALENDAR") if r.get("default_flag") == "Y"), "")
    if default_cal not in calendars:
        calendars[default_cal or "Standard"] = Calendar()
        default_cal = default_cal or "Standard"

    wbs: dict[int, WbsNode] = {}
    for row in doc.rows("PROJWBS"):
        if row.get("proj_id") != proj_id:
            continue
        w = f"PROJWBS {row.get('wbs_id')}"
        parent = row.get("parent_wbs_id", "").strip()
        wbs[_int(row, "wbs_id", w)] = WbsNode(
            _int(row, "wbs_id", w),
            int(parent) if parent else None,
            row.get("wbs_short_name", ""),
            row.get("wbs_name", ""),
            int(_num(row, "seq_num", w) or 0),
        )

    def wbs_path(wid: int | None) -> list[str]:
        path: list[str] = []
        seen: set[int] = set()
        while wid is not None and wid in wbs and wid not in seen:
            seen.add(wid)
            node = wbs[wid]
            if node.parent in wbs:  # the project node itself is left out of the code
                path.append(node.code)
            wid = node.parent
        return path[::-1]

    data_date = _date(chosen, "last_recalc_date", where) or _date(chosen, "next_data_date", where)
    tasks: list[Task] = []
    stored: dict[int, P6Stored] = {}
    loe: set[int] = set()
    for row in doc.rows("TASK"):
        if row.get("proj_id") != proj_id:
            continue
        w = f"TASK {row.get('task_id')} ({row.get('task_code', '')})"
        uid = _int(row, "task_id", w)
        kind = row.get("task_type", "TT_Task")
        cal = row.get("clndr_id") or default_cal
        if cal not in calendars:
            cal = default_cal
        milestone = kind in _MILESTONES
        target = 0 if milestone else round((_num(row, "target_drtn_hr_cnt", w) or 0) * 60)
        remaining_h = _num(row, "remain_drtn_hr_cnt", w)
        act_start, act_end = _date(row, "act_start_date", w), _date(row, "act_end_date", w)
        remaining = None if remaining_h is None or act_start is None else round(remaining_h * 60)
        if act_end is not None:
            pct = 100.0
        elif act_start is not None and target > 0 and remaining is not None:
            pct = max(0.0, min(100.0, 100.0 * (target - remaining) / target))
        else:
            pct = 0.0
        cstr = _CONSTRAINTS.get(row.get("cstr_type", ""), ConstraintType.ASAP)
        cdate = _date(row, "cstr_date", w)
        if cstr not in (ConstraintType.ASAP, ConstraintType.ALAP) and cdate is None:
            cstr = ConstraintType.ASAP  # P6 leaves the type when the date was cleared
        deadline = None
        if fnlt_as_deadline and cstr is ConstraintType.FNLT:
            cstr, deadline = ConstraintType.ASAP, cdate
        duration = target
        if act_start is not None and act_end is None and remaining is not None and not milestone:
            duration = at_completion_minutes(calendars[cal], act_start, data_date, remaining)
        wid = row.get("wbs_id", "").strip()
        path = wbs_path(int(wid) if wid else None)
        if kind == "TT_LOE":
            loe.add(uid)
        tasks.append(
            Task(
                uid=uid,
                name=row.get("task_name", ""),
                duration=duration,
                milestone=milestone,
                constraint=cstr,
                constraint_date=cdate if cstr not in (ConstraintType.ASAP, ConstraintType.ALAP) else None,
                deadline=deadline,
                calendar=cal,
                actual_start=act_start,
                actual_finish=act_end,
                percent_complete=pct,
                remaining_duration=remaining,
                wbs=".".join(path),
                outline_level=len(path) + 1,
            )
        )

        def minutes(key: str, row: dict[str, str] = row, w: str = w) -> float | None:
            v = _num(row, key, w)
            return None if v is None else v * 60

        flag = row.get("driving_path_flag", "")
        stored[uid] = P6Stored(
            _date(row, "early_start_date", w),
            _date(row, "early_end_date", w),
            _date(row, "late_start_date", w),
            _date(row, "late_end_date", w),
            minutes("total_float_hr_cnt"),
            minutes("free_float_hr_cnt"),
            _num(row, "phys_complete_pct", w),
            row.get("status_code", ""),
            kind,
            row.get("task_code", ""),
            None if not flag else flag == "Y",
        )

    known = {t.uid for t in tasks}
    links: list[Link] = []
    external = 0
    for row in doc.rows("TASKPRED"):
        w = f"TASKPRED {row.get('task_pred_id')}"
        succ, pred = _int(row, "task_id", w), _int(row, "pred_task_id", w)
        if succ not in known and pred not in known:
            continue
        if succ not in known or pred not in known:
            external += 1
            continue
        kind = row.get("pred_type", "")
        if kind not in _LINKS:
            raise ReaderError(f"{w}: unknown pred_type {kind!r}")
        lag = round((_num(row, "lag_hr_cnt", w) or 0) * 60)
        links.append(Link(pred, succ, _LINKS[kind], Lag(minutes=lag)))

    day_min = round(hours_per_day.get(default_cal, 8) * 60)
    engine = Project(
        tasks=tuple(tasks),
        links=tuple(links),
        calendars=calendars,
        calendar=default_cal,
        start=_date(chosen, "plan_start_date", where) or data_date,
        status_date=data_date,
        minutes_per_day=day_min,
        minutes_per_week=day_min * 5,
        name=chosen.get("proj_short_name", ""),
    )
    return XerFile(
        project=engine,
        stored=stored,
        document=doc,
        project_names=names,
        wbs=wbs,
        loe_uids=frozenset(loe),
        external_links=external,
        data_date=data_date,
        warnings=tuple(warnings),
    )


def early_date_agreement(stored: dict[int, P6Stored], result: ScheduleResult) -> tuple[int, int]:
    """Count activities whose engine early start and finish equal P6's stored ones.

    Only unfinished activities that carry both P6 early dates are compared: for finished work P6
    stores the data date as "early" dates, which is not a scheduling result.

    Returns
    -------
    tuple of int
        ``(agreeing, compared)``.
    """
    agree = compared = 0
    for task in result.tasks:
        p6 = stored.get(task.uid)
        if p6 is None or p6.early_start is None or p6.early_finish is None or p6.status in _DONE:
            continue
        compared += 1
        agree += p6.early_start == task.early_start and p6.early_finish == task.early_finish
    return agree, compared


_DONE = {"TK_Complete", "Completed"}
