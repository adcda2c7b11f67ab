"""Reader of Microsoft Project XML (MSPDI) files into an engine :class:`~pmo.engine.schedule.Project`.

Parsing uses :mod:`defusedxml` with DTDs, entities and external references forbidden. The reader
keeps Microsoft Project's own computed values per task (:class:`StoredFields`) so that tests can
compare them with ours, and the outline (WBS) as ``Task.parent``.

Datetimes are naive: MSPDI stores wall-clock times without a zone (attach one at the adapter).
Units: MSPDI durations are ISO-8601 in working time (``PT8H0M0S``); ``LinkLag``, ``TotalSlack``
and ``FreeSlack`` are tenths of a minute; ``CriticalSlackLimit`` is in days.

Examples
--------
>>> xml = b'''<Project xmlns="http://schemas.microsoft.com/project"><StartDate>2024-01-01T08:00:00</StartDate>
... <Tasks><Task><UID>1</UID><Name>A</Name><Duration>PT16H0M0S</Duration></Task></Tasks></Project>'''
>>> f = read_mspdi(xml)
>>> f.project.tasks[0].duration
960
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ParseError

import defusedxml
import defusedxml.ElementTree as SafeET

from pmo.engine.schedule.calendars import (
    STANDARD_DAY,
    Calendar,
    CalendarException,
    Recurrence,
    RecurrenceType,
    WorkingTimes,
    working_times_from_hours,
)
from pmo.engine.schedule.errors import ScheduleError
from pmo.engine.schedule.network import ConstraintType, Lag, Link, LinkType, Project, Task

__all__ = [
    "MspdiFile",
    "Node",
    "ReaderError",
    "StoredFields",
    "calendars_from_element",
    "parse_duration",
    "project_settings",
    "read_mspdi",
    "stored_from_element",
    "task_from_element",
]


class ReaderError(ScheduleError):
    """The file cannot be read (missing, malformed, forbidden DTD/entities, unexpected content)."""


@dataclass(frozen=True)
class StoredFields:
    """Values Microsoft Project computed and saved for one task (``None`` when absent).

    Slacks are in minutes (MSPDI stores tenths of a minute).
    """

    start: datetime | None
    finish: datetime | None
    early_start: datetime | None
    early_finish: datetime | None
    late_start: datetime | None
    late_finish: datetime | None
    total_slack: float | None
    free_slack: float | None
    critical: bool | None


@dataclass(frozen=True)
class MspdiFile:
    """What :func:`read_mspdi` returns.

    Attributes
    ----------
    project : Project
        The engine network (project summary task 0 and null tasks left out).
    stored : dict of int to StoredFields
        Microsoft Project's computed values by task uid (summary tasks included).
    summary_uids : frozenset of int
        Uids of summary tasks.
    save_version : str or None
        ``SaveVersion`` of the file (None for Project 2002/2003 files).
    """

    project: Project
    stored: dict[int, StoredFields] = field(default_factory=dict)
    summary_uids: frozenset[int] = frozenset()
    save_version: str | None = None


_DURATION = re.compile(
    r"^(-)?P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$"
)
_ELAPSED_FORMATS = {4, 6, 8, 10, 12, 20, 36, 38, 40, 42, 44}
_LINK_TYPES = {0: LinkType.FF, 1: LinkType.FS, 2: LinkType.SF, 3: LinkType.SS}
_CONSTRAINTS = {
    0: ConstraintType.ASAP,
    1: ConstraintType.ALAP,
    2: ConstraintType.MSO,
    3: ConstraintType.MFO,
    4: ConstraintType.SNET,
    5: ConstraintType.SNLT,
    6: ConstraintType.FNET,
    7: ConstraintType.FNLT,
}


def parse_duration(text: str | None) -> float | None:
    """Minutes in an ISO-8601 duration such as ``PT8H0M0S`` (days count 24 h; None if empty).

    >>> parse_duration("PT57H8M24S")
    3428.4
    """
    if not text:
        return None
    m = _DURATION.match(text.strip())
    if m is None:
        raise ReaderError(f"unreadable duration {text!r}")
    sign, years, months, days, hours, minutes, seconds = m.groups()
    if years or months:
        raise ReaderError(f"duration {text!r} uses years or months, which MSPDI does not")
    total = float(days or 0) * 1440 + float(hours or 0) * 60 + float(minutes or 0) + float(seconds or 0) / 60
    return -total if sign else total


def _strip(tag: str) -> str:
    return tag if tag[0] != "{" else tag.rsplit("}", 1)[-1]


class _Node:
    """Namespace-free accessor over an ElementTree element."""

    def __init__(self, element: Element) -> None:
        self.e = element
        self.kids: dict[str, list[Element]] = {}
        for child in element:
            self.kids.setdefault(_strip(child.tag), []).append(child)

    def text(self, name: str) -> str | None:
        found = self.kids.get(name)
        if not found:
            return None
        value = found[0].text
        return value.strip() if value is not None and value.strip() else None

    def all(self, name: str) -> list[_Node]:
        return [_Node(c) for c in self.kids.get(name, [])]

    def one(self, name: str) -> _Node | None:
        found = self.kids.get(name)
        return _Node(found[0]) if found else None

    def int(self, name: str, default: int | None = None) -> int | None:
        v = self.text(name)
        if v is None:
            return default
        try:
            return int(float(v))
        except ValueError:
            raise ReaderError(f"<{name}> should be a number, got {v!r}") from None

    def float(self, name: str) -> float | None:
        v = self.text(name)
        return None if v is None else float(v)

    def bool(self, name: str, default: bool = False) -> bool:
        v = self.text(name)
        return default if v is None else v.lower() in ("1", "true")

    def date(self, name: str) -> datetime | None:
        v = self.text(name)
        if v is None:
            return None
        try:
            return datetime.fromisoformat(v)
        except ValueError:
            raise ReaderError(f"<{name}> should be a date, got {v!r}") from None


def _load(source: str | Path | bytes) -> Element:
    try:
        if isinstance(source, bytes):
            root: Element = SafeET.fromstring(source, forbid_dtd=True)
        else:
            path = Path(source)
            if not path.is_file():
                raise ReaderError(f"{path}: no such file")
            root = SafeET.parse(str(path), forbid_dtd=True).getroot()
    except defusedxml.DefusedXmlException as exc:
        raise ReaderError(
            f"refused unsafe XML ({type(exc).__name__}): DTDs and entities are not allowed"
        ) from None
    except ParseError as exc:
        raise ReaderError(f"malformed XML: {exc}") from None
    if _strip(root.tag) != "Project":
        raise ReaderError(f"not an MSPDI file: root element is <{_strip(root.tag)}>, expected <Project>")
    return root


def _times(node: _Node) -> WorkingTimes:
    wts = node.one("WorkingTimes")
    spans = [] if wts is None else [(w.text("FromTime"), w.text("ToTime")) for w in wts.all("WorkingTime")]
    return working_times_from_hours([(a, b) for a, b in spans if a and b])


def _recurrence(node: _Node) -> Recurrence | None:
    kind = node.int("Type", 1)
    period = node.int("Period", 1) or 1
    occurrences = node.int("Occurrences") if node.bool("EnteredByOccurrences") else None
    mask = node.int("DaysOfWeek", 0) or 0
    weekdays = frozenset((bit - 1) % 7 for bit in range(7) if mask & (1 << bit))  # bit 0 = Sunday
    item = node.int("MonthItem", 0) or 0  # 0 day, 1 weekday, 2 weekend day, 3 Sunday ... 9 Saturday
    item_days = {0: frozenset(range(7)), 1: frozenset(range(5)), 2: frozenset({5, 6})}.get(item)
    if item_days is None:
        item_days = frozenset({(item - 3 - 1) % 7})
    position = (node.int("MonthPosition", 0) or 0) + 1
    month = (node.int("Month", 0) or 0) + 1
    day = node.int("MonthDay", 1)
    if kind == 1 and node.text("Period") is None:
        return None  # a plain range of days
    if kind in (1, 7):
        return Recurrence(RecurrenceType.DAILY, period, occurrences=occurrences)
    if kind == 6:
        return Recurrence(RecurrenceType.WEEKLY, period, weekdays, occurrences=occurrences)
    if kind == 4:
        return Recurrence(RecurrenceType.MONTHLY, period, day=day, occurrences=occurrences)
    if kind == 5:
        return Recurrence(
            RecurrenceType.MONTHLY, period, item_days, position=position, occurrences=occurrences
        )
    if kind == 2:
        return Recurrence(RecurrenceType.YEARLY, 1, day=day, month=month, occurrences=occurrences)
    if kind == 3:
        return Recurrence(
            RecurrenceType.YEARLY, 1, item_days, month=month, position=position, occurrences=occurrences
        )
    raise ReaderError(f"unknown calendar exception type {kind}")


def _period(node: _Node) -> tuple[date, date] | None:
    tp = node.one("TimePeriod")
    if tp is None:
        return None
    a, b = tp.date("FromDate"), tp.date("ToDate")
    if a is None or b is None:
        return None
    return a.date(), b.date()


def _calendars(root: _Node) -> dict[str, Calendar]:
    cals = root.one("Calendars")
    return calendars_from_element(None if cals is None else cals.e)


def calendars_from_element(calendars: Element | None) -> dict[str, Calendar]:
    """The calendars of an MSPDI ``<Calendars>`` element, keyed by UID (derived ones with their base).

    Raises
    ------
    ReaderError
        An unreadable value or an unknown exception type.
    """
    raw: dict[str, tuple[_Node, str | None]] = {}
    cals = None if calendars is None else _Node(calendars)
    for c in cals.all("Calendar") if cals is not None else []:
        uid = c.text("UID")
        if uid is not None:
            base = c.text("BaseCalendarUID")
            raw[uid] = (c, None if c.bool("IsBaseCalendar") or base in (None, "-1", "0") else base)
    built: dict[str, Calendar] = {}

    def build(uid: str, stack: tuple[str, ...] = ()) -> Calendar:
        if uid in built:
            return built[uid]
        node, base_uid = raw[uid]
        base = build(base_uid, (*stack, uid)) if base_uid in raw and base_uid not in stack else None
        week: list[WorkingTimes | None] = [None] * 7 if base is not None else [()] * 7
        legacy: list[CalendarException] = []
        wds = node.one("WeekDays")
        for wd in wds.all("WeekDay") if wds is not None else []:
            day_type = wd.int("DayType", 0) or 0
            times = _times(wd) if wd.bool("DayWorking") else ()
            if wd.bool("DayWorking") and not times:
                times = STANDARD_DAY
            if day_type == 0:
                span = _period(wd)
                if span is not None:
                    legacy.append(CalendarException(span[0], span[1], times))
            elif 1 <= day_type <= 7:
                week[(day_type - 2) % 7] = times  # DayType 1 = Sunday
        exceptions: list[CalendarException] = []
        excs = node.one("Exceptions")
        for ex in excs.all("Exception") if excs is not None else []:
            span = _period(ex)
            if span is None:
                continue
            times = _times(ex) if ex.bool("DayWorking") else ()
            exceptions.append(
                CalendarException(span[0], span[1], times, _recurrence(ex), ex.text("Name") or "")
            )
        cal = Calendar(
            name=node.text("Name") or f"Calendar {uid}",
            week=tuple(week),
            exceptions=tuple(exceptions or legacy),
            base=base,
        )
        built[uid] = cal
        return cal

    for uid in raw:
        build(uid)
    return built


def read_mspdi(source: str | Path | bytes) -> MspdiFile:
    """Read an MSPDI file (path or bytes) into an engine project plus Microsoft Project's values.

    Raises
    ------
    ReaderError
        Missing file, malformed XML, a DTD or entity declaration, or unreadable values.
    """
    root = _Node(_load(source))
    calendars = _calendars(root)
    minutes_per_day = root.int("MinutesPerDay", 480) or 480
    tasks: list[Task] = []
    links: list[Link] = []
    stored: dict[int, StoredFields] = {}
    summaries: set[int] = set()
    parents: list[tuple[int, int]] = []  # (outline level, uid) stack
    tasks_node = root.one("Tasks")
    for tn in tasks_node.all("Task") if tasks_node is not None else []:
        uid = tn.int("UID")
        if uid is None or tn.bool("IsNull"):
            continue
        level = tn.int("OutlineLevel", 1) or 0
        if uid == 0 or level == 0:
            continue
        while parents and parents[-1][0] >= level:
            parents.pop()
        parent = parents[-1][1] if parents else None
        parents.append((level, uid))
        t, task_links = _task(tn, uid, parent, calendars, minutes_per_day)
        tasks.append(t)
        links.extend(task_links)
        if tn.bool("Summary"):
            summaries.add(uid)
        stored[uid] = _stored(tn)
    known = {t.uid for t in tasks}
    links = [lk for lk in links if lk.predecessor in known and lk.successor in known]
    project = Project(tasks=tuple(tasks), links=tuple(links), calendars=calendars, **project_settings(root.e))
    return MspdiFile(project, stored, frozenset(summaries), root.text("SaveVersion"))


def project_settings(element: Element) -> dict[str, Any]:
    """The :class:`Project` settings (keyword arguments) held by the children of ``<Project>``.

    Everything except ``tasks``, ``links`` and ``calendars``.
    """
    root = _Node(element)
    minutes_per_day = root.int("MinutesPerDay", 480) or 480
    return dict(
        calendar=root.text("CalendarUID") or "1",
        start=root.date("StartDate"),
        finish=root.date("FinishDate"),
        schedule_from_start=root.bool("ScheduleFromStart", True),
        status_date=root.date("StatusDate"),
        minutes_per_day=minutes_per_day,
        minutes_per_week=root.int("MinutesPerWeek", 2400) or 2400,
        days_per_month=root.int("DaysPerMonth", 20) or 20,
        critical_slack=(root.int("CriticalSlackLimit", 0) or 0) * minutes_per_day,
        multiple_critical_paths=root.bool("MultipleCriticalPaths"),
        name=root.text("Title") or root.text("Name") or "",
    )


def task_from_element(
    element: Element | _Node, uid: int, parent: int | None, calendars: Container[str] | None = None
) -> tuple[Task, list[Link]]:
    """The engine task and its predecessor links of one ``<Task>`` element (uid and parent given).

    ``element`` may be given as a :class:`Node` already built over it.
    ``calendars`` holds the known calendar keys: a ``CalendarUID`` outside it becomes ``None``.
    With ``None`` the key is kept as written (check it once all calendars are known).
    Cross-project links are left out, as :func:`read_mspdi` does.

    Raises
    ------
    ReaderError
        An unreadable number, date or duration.
    """
    node = element if isinstance(element, _Node) else _Node(element)
    return _task(node, uid, parent, _ANY if calendars is None else calendars, 0)


def stored_from_element(element: Element | _Node) -> StoredFields:
    """Microsoft Project's computed values saved in one ``<Task>`` element (or its :class:`Node`)."""
    return _stored(element if isinstance(element, _Node) else _Node(element))


class _AnyKey:
    """A container that holds every key (see :func:`task_from_element`)."""

    def __contains__(self, key: object) -> bool:
        return True


_ANY = _AnyKey()
Node = _Node


def _minutes(text: str | None) -> int:
    value = parse_duration(text)
    return 0 if value is None else round(value)


def _task(
    tn: _Node, uid: int, parent: int | None, calendars: Container[str], minutes_per_day: int
) -> tuple[Task, list[Link]]:
    fmt = tn.int("DurationFormat", 7) or 7
    constraint = _CONSTRAINTS.get(tn.int("ConstraintType", 0) or 0, ConstraintType.ASAP)
    cal_uid = tn.text("CalendarUID")
    manual = tn.bool("Manual")
    remaining = parse_duration(tn.text("RemainingDuration"))
    baseline_start = baseline_finish = None
    baseline_duration = None
    for b in tn.all("Baseline"):
        if (b.int("Number", 0) or 0) == 0:
            baseline_start, baseline_finish = b.date("Start"), b.date("Finish")
            bd = parse_duration(b.text("Duration"))
            baseline_duration = None if bd is None else round(bd)
    extra: dict[str, Any] = {}
    if manual:
        extra = {
            "manual_start": tn.date("ManualStart") or tn.date("Start"),
            "manual_finish": tn.date("ManualFinish") or tn.date("Finish"),
        }
    task = Task(
        uid=uid,
        name=tn.text("Name") or "",
        duration=_minutes(tn.text("Duration")),
        elapsed=fmt in _ELAPSED_FORMATS,
        milestone=tn.bool("Milestone"),
        parent=parent,
        constraint=constraint,
        constraint_date=tn.date("ConstraintDate")
        if constraint not in (ConstraintType.ASAP, ConstraintType.ALAP)
        else None,
        deadline=tn.date("Deadline"),
        calendar=cal_uid if cal_uid in calendars else None,
        actual_start=tn.date("ActualStart"),
        actual_finish=tn.date("ActualFinish"),
        percent_complete=tn.float("PercentComplete") or 0.0,
        remaining_duration=None if remaining is None or tn.date("ActualStart") is None else round(remaining),
        manual=manual,
        estimated=tn.bool("Estimated"),
        active=tn.bool("Active", True),
        baseline_start=baseline_start,
        baseline_finish=baseline_finish,
        baseline_duration=baseline_duration,
        wbs=tn.text("WBS") or "",
        outline_level=tn.int("OutlineLevel", 1) or 1,
        **extra,
    )
    links: list[Link] = []
    for pl in tn.all("PredecessorLink"):
        pred = pl.int("PredecessorUID")
        if pred is None or pl.bool("CrossProject"):
            continue
        lag_fmt = pl.int("LagFormat", 7) or 7
        raw = pl.float("LinkLag") or 0.0
        if lag_fmt in (19, 20):
            lag = Lag(percent=raw / 10.0, elapsed=lag_fmt == 20)
        else:
            lag = Lag(minutes=round(raw / 10.0), elapsed=lag_fmt in _ELAPSED_FORMATS)
        links.append(Link(pred, uid, _LINK_TYPES.get(pl.int("Type", 1) or 0, LinkType.FS), lag))
    return task, links


def _stored(tn: _Node) -> StoredFields:
    def slack(name: str) -> float | None:
        v = tn.float(name)
        return None if v is None else v / 10.0

    crit = tn.text("Critical")
    return StoredFields(
        tn.date("Start"),
        tn.date("Finish"),
        tn.date("EarlyStart"),
        tn.date("EarlyFinish"),
        tn.date("LateStart"),
        tn.date("LateFinish"),
        slack("TotalSlack"),
        slack("FreeSlack"),
        None if crit is None else crit in ("1", "true"),
    )
