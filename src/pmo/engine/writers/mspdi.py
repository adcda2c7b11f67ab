"""Writer of an engine :class:`~pmo.engine.schedule.Project` to Microsoft Project XML (MSPDI).

The output is the counterpart of :func:`pmo.engine.readers.mspdi.read_mspdi`: reading what
:func:`write_mspdi` produced gives back the same tasks, links, lags and calendars. Elements are
written in the order of Microsoft Project's schema (``mspdi_pj12.xsd``), because Project validates
the sequence when it opens a file.

Units: durations are ISO-8601 working time (``PT8H0M0S``), ``LinkLag`` is in tenths of a minute
(tenths of a percent for percent lags), ``CriticalSlackLimit`` is in days. Datetimes are naive
wall-clock times, as Microsoft Project writes them.

Examples
--------
>>> from pmo.engine.schedule import Link, Project, Task
>>> from pmo.engine.readers.mspdi import read_mspdi
>>> p = Project(tasks=(Task(1, "A", 960), Task(2, "B", 480)), links=(Link(1, 2),))
>>> xml = write_mspdi(p)
>>> back = read_mspdi(xml).project
>>> [(t.uid, t.name, t.duration) for t in back.tasks]
[(1, 'A', 960), (2, 'B', 480)]
>>> back.links[0].predecessor, back.links[0].successor
(1, 2)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol
from xml.etree.ElementTree import Element, SubElement, tostring

from pmo.engine.schedule.calendars import (
    Calendar,
    CalendarException,
    Recurrence,
    RecurrenceType,
    WorkingTimes,
)
from pmo.engine.schedule.errors import ScheduleError
from pmo.engine.schedule.network import ConstraintType, Lag, Link, LinkType, Project, Task
from pmo.engine.schedule.results import ScheduleResult

__all__ = [
    "NAMESPACE",
    "MspdiTree",
    "WriterError",
    "build_mspdi",
    "format_duration",
    "serialize",
    "write_mspdi",
]

NAMESPACE = "http://schemas.microsoft.com/project"

_LINK_CODES = {LinkType.FF: 0, LinkType.FS: 1, LinkType.SF: 2, LinkType.SS: 3}
_CONSTRAINT_CODES = {
    ConstraintType.ASAP: 0,
    ConstraintType.ALAP: 1,
    ConstraintType.MSO: 2,
    ConstraintType.MFO: 3,
    ConstraintType.SNET: 4,
    ConstraintType.SNLT: 5,
    ConstraintType.FNET: 6,
    ConstraintType.FNLT: 7,
}
# DurationFormat / LagFormat codes: 7 days, 8 elapsed days, 19 percent, 20 elapsed percent;
# +32 marks an estimated duration ("3 days?").
_DAYS, _ELAPSED_DAYS, _PERCENT, _ELAPSED_PERCENT, _ESTIMATED = 7, 8, 19, 20, 32


class WriterError(ScheduleError):
    """The project cannot be written as MSPDI (the message names the task or calendar)."""


class _Dated(Protocol):
    """Anything with scheduled dates: :class:`~pmo.engine.readers.mspdi.StoredFields`, a TaskResult."""

    @property
    def start(self) -> datetime | None: ...

    @property
    def finish(self) -> datetime | None: ...


def format_duration(minutes: float) -> str:
    """Return an MSPDI duration (``PT#H#M#S``) for a number of minutes (seconds kept, negative allowed).

    >>> format_duration(3428.4)
    'PT57H8M24S'
    >>> format_duration(-90)
    '-PT1H30M0S'
    """
    sign = "-" if minutes < 0 else ""
    seconds = round(abs(minutes) * 60)
    return f"{sign}PT{seconds // 3600}H{seconds // 60 % 60}M{seconds % 60}S"


def _dt(value: datetime) -> str:
    return value.replace(tzinfo=None, microsecond=0).isoformat(timespec="seconds")


def _add(parent: Element, tag: str, value: object) -> Element:
    el = SubElement(parent, tag)
    if isinstance(value, bool):
        el.text = "1" if value else "0"
    elif isinstance(value, datetime):
        el.text = _dt(value)
    elif value is not None:
        el.text = str(value)
    return el


def _hhmm(minute: int) -> str:
    # Microsoft Project writes midnight at the end of a day as 00:00:00 (the reader maps it to 24:00).
    return f"{minute // 60 % 24:02d}:{minute % 60:02d}:00"


def _working_times(parent: Element, times: WorkingTimes) -> None:
    if not times:
        return
    wts = SubElement(parent, "WorkingTimes")
    for start, end in times:
        wt = SubElement(wts, "WorkingTime")
        _add(wt, "FromTime", _hhmm(start))
        _add(wt, "ToTime", _hhmm(end))


def _calendar_uids(project: Project) -> tuple[dict[str, int], list[tuple[int, Calendar]]]:
    """Integer uids for the project's calendar keys, plus every calendar to write (bases included)."""
    uids: dict[str, int] = {}
    for key in project.calendars:
        if key.isdigit() and int(key) > 0:
            uids[key] = int(key)
    next_uid = max(uids.values(), default=0) + 1
    for key in project.calendars:
        if key not in uids:
            uids[key] = next_uid
            next_uid += 1
    out: list[tuple[int, Calendar]] = [(uids[k], c) for k, c in project.calendars.items()]
    if project.calendar not in project.calendars:
        # Microsoft Project needs a project calendar: write the default Standard one.
        uids[project.calendar] = next_uid
        out.insert(0, (next_uid, project.project_calendar()))
        next_uid += 1
    # Base calendars not in the mapping get their own uid (Calendar compares by identity).
    seen = {id(c) for _, c in out}
    i = 0
    while i < len(out):
        base = out[i][1].base
        if base is not None and id(base) not in seen:
            out.append((next_uid, base))
            seen.add(id(base))
            next_uid += 1
        i += 1
    return uids, out


def _recurrence(ex: Element, rec: Recurrence) -> None:
    def item(days: frozenset[int]) -> int:
        if days == frozenset(range(7)) or not days:
            return 0
        if days == frozenset(range(5)):
            return 1
        if days == frozenset({5, 6}):
            return 2
        if len(days) == 1:
            return (next(iter(days)) + 1) % 7 + 3  # 3 = Sunday ... 9 = Saturday
        raise WriterError(f"recurrence on weekdays {sorted(days)} has no MSPDI MonthItem")

    if rec.type is RecurrenceType.DAILY:
        _add(ex, "Type", 7)
        _add(ex, "Period", rec.period)
    elif rec.type is RecurrenceType.WEEKLY:
        _add(ex, "Type", 6)
        _add(ex, "Period", rec.period)
        _add(ex, "DaysOfWeek", sum(1 << ((wd + 1) % 7) for wd in rec.weekdays))  # bit 0 = Sunday
    elif rec.type is RecurrenceType.MONTHLY and rec.position is None:
        _add(ex, "Type", 4)
        _add(ex, "Period", rec.period)
        _add(ex, "MonthDay", rec.day or 1)
    elif rec.type is RecurrenceType.MONTHLY:
        _add(ex, "Type", 5)
        _add(ex, "Period", rec.period)
        _add(ex, "MonthItem", item(rec.weekdays))
        _add(ex, "MonthPosition", (rec.position or 1) - 1)
    elif rec.position is None:
        _add(ex, "Type", 2)
        _add(ex, "Period", 1)
        _add(ex, "Month", (rec.month or 1) - 1)
        _add(ex, "MonthDay", rec.day or 1)
    else:
        _add(ex, "Type", 3)
        _add(ex, "Period", 1)
        _add(ex, "MonthItem", item(rec.weekdays))
        _add(ex, "MonthPosition", (rec.position or 1) - 1)
        _add(ex, "Month", (rec.month or 1) - 1)


def _exception(parent: Element, exc: CalendarException) -> None:
    ex = SubElement(parent, "Exception")
    rec = exc.recurrence
    occurrences = rec.occurrences if rec is not None else None
    _add(ex, "EnteredByOccurrences", occurrences is not None)
    tp = SubElement(ex, "TimePeriod")
    _add(tp, "FromDate", datetime.combine(exc.start, datetime.min.time()))
    _add(tp, "ToDate", datetime.combine(exc.finish, datetime.min.time()).replace(hour=23, minute=59))
    _add(ex, "Occurrences", occurrences if occurrences is not None else _days(exc.start, exc.finish))
    if exc.name:
        _add(ex, "Name", exc.name)
    if rec is None:
        _add(ex, "Type", 1)  # a plain range of days: no Period (the reader relies on it)
    else:
        _recurrence(ex, rec)
    _add(ex, "DayWorking", bool(exc.working_times))
    _working_times(ex, exc.working_times)


def _days(a: date, b: date) -> int:
    return (b - a).days + 1


def _calendars(root: Element, entries: list[tuple[int, Calendar]]) -> None:
    by_id = {id(c): uid for uid, c in entries}
    cals = SubElement(root, "Calendars")
    for uid, cal in entries:
        c = SubElement(cals, "Calendar")
        _add(c, "UID", uid)
        _add(c, "Name", cal.name)
        _add(c, "IsBaseCalendar", cal.base is None)
        _add(c, "IsBaselineCalendar", False)
        _add(c, "BaseCalendarUID", -1 if cal.base is None else by_id[id(cal.base)])
        wds = SubElement(c, "WeekDays")
        for weekday, times in enumerate(cal.week):
            if times is None:
                continue  # inherited from the base calendar
            wd = SubElement(wds, "WeekDay")
            _add(wd, "DayType", (weekday + 1) % 7 + 1)  # 1 = Sunday ... 7 = Saturday
            _add(wd, "DayWorking", bool(times))
            _working_times(wd, times)
        if cal.exceptions:
            excs = SubElement(c, "Exceptions")
            for exc in cal.exceptions:
                _exception(excs, exc)


def _outline(project: Project) -> list[tuple[Task, int, str, bool]]:
    """Tasks in outline order with (level, WBS outline number, is summary)."""
    by_uid: dict[int, Task] = {}
    for t in project.tasks:
        if t.uid <= 0:
            raise WriterError(f"task {t.name!r}: uid {t.uid} is reserved in MSPDI (uids start at 1)")
        if t.uid in by_uid:
            raise WriterError(f"task {t.name!r}: duplicate uid {t.uid}")
        by_uid[t.uid] = t
    children: dict[int | None, list[Task]] = {}
    for t in project.tasks:
        if t.parent is not None and t.parent not in by_uid:
            raise WriterError(f"task {t.uid} ({t.name!r}): parent {t.parent} is not a task")
        children.setdefault(t.parent, []).append(t)
    out: list[tuple[Task, int, str, bool]] = []
    stack: list[tuple[Task, int, str]] = [
        (t, 1, str(i)) for i, t in reversed(list(enumerate(children.get(None, []), 1)))
    ]
    while stack:
        t, level, number = stack.pop()
        kids = children.get(t.uid, [])
        out.append((t, level, number, bool(kids)))
        stack.extend((k, level + 1, f"{number}.{i}") for i, k in reversed(list(enumerate(kids, 1))))
    if len(out) != len(by_uid):
        placed = {t.uid for t, *_ in out}
        lost = sorted(set(by_uid) - placed)
        raise WriterError(f"tasks {lost} are in a parent cycle")
    return out


def _lag(pl: Element, lag: Lag) -> None:
    if lag.percent is not None:
        _add(pl, "LinkLag", round(lag.percent * 10))
        _add(pl, "LagFormat", _ELAPSED_PERCENT if lag.elapsed else _PERCENT)
    else:
        _add(pl, "LinkLag", lag.minutes * 10)
        _add(pl, "LagFormat", _ELAPSED_DAYS if lag.elapsed else _DAYS)


def _task(
    parent: Element,
    task: Task,
    ident: int,
    level: int,
    number: str,
    summary: bool,
    calendar_uid: int,
    dates: _Dated | None,
    links: list[Link],
) -> None:
    te = SubElement(parent, "Task")
    _add(te, "UID", task.uid)
    _add(te, "ID", ident)
    _add(te, "Name", task.name)
    _add(te, "Active", task.active)
    _add(te, "Manual", task.manual)
    _add(te, "IsNull", False)
    _add(te, "WBS", task.wbs or number)
    _add(te, "OutlineNumber", number)
    _add(te, "OutlineLevel", level)
    start = task.manual_start if task.manual else None
    finish = task.manual_finish if task.manual else None
    if dates is not None:
        start, finish = dates.start or start, dates.finish or finish
    if start is not None:
        _add(te, "Start", start)
    if finish is not None:
        _add(te, "Finish", finish)
    _add(te, "Duration", format_duration(task.duration))
    if task.manual:
        if task.manual_start is not None:
            _add(te, "ManualStart", task.manual_start)
        if task.manual_finish is not None:
            _add(te, "ManualFinish", task.manual_finish)
        _add(te, "ManualDuration", format_duration(task.duration))
    fmt = (_ELAPSED_DAYS if task.elapsed else _DAYS) + (_ESTIMATED if task.estimated else 0)
    _add(te, "DurationFormat", fmt)
    _add(te, "Estimated", task.estimated)
    _add(te, "Milestone", task.milestone)
    _add(te, "Summary", summary)
    # MSPDI's PercentComplete is an integer.
    _add(te, "PercentComplete", round(task.percent_complete))
    if task.actual_start is not None:
        _add(te, "ActualStart", task.actual_start)
    if task.actual_finish is not None:
        _add(te, "ActualFinish", task.actual_finish)
    if task.remaining_duration is not None:
        _add(te, "RemainingDuration", format_duration(task.remaining_duration))
    _add(te, "ConstraintType", _CONSTRAINT_CODES[task.constraint])
    _add(te, "CalendarUID", calendar_uid)
    if task.constraint not in (ConstraintType.ASAP, ConstraintType.ALAP):
        if task.constraint_date is None:
            raise WriterError(f"task {task.uid} ({task.name!r}): {task.constraint} needs a constraint date")
        _add(te, "ConstraintDate", task.constraint_date)
    if task.deadline is not None:
        _add(te, "Deadline", task.deadline)
    for link in links:
        pl = SubElement(te, "PredecessorLink")
        _add(pl, "PredecessorUID", link.predecessor)
        _add(pl, "Type", _LINK_CODES[link.type])
        _add(pl, "CrossProject", False)
        _lag(pl, link.lag)
    if task.baseline_start or task.baseline_finish or task.baseline_duration is not None:
        b = SubElement(te, "Baseline")
        _add(b, "Number", 0)
        if task.baseline_start is not None:
            _add(b, "Start", task.baseline_start)
        if task.baseline_finish is not None:
            _add(b, "Finish", task.baseline_finish)
        if task.baseline_duration is not None:
            _add(b, "Duration", format_duration(task.baseline_duration))
            _add(b, "DurationFormat", _DAYS)


def write_mspdi(
    project: Project,
    *,
    stored: Mapping[int, _Dated] | None = None,
    result: ScheduleResult | None = None,
    save_version: int = 14,
) -> bytes:
    """Write a project as an MSPDI document (UTF-8 bytes) that Microsoft Project can open.

    Parameters
    ----------
    project : Project
        The engine project. Calendar keys that are positive integers keep them as UIDs; other keys
        get fresh ones. A missing project calendar is written as the default Standard calendar.
    stored : mapping of int to StoredFields, optional
        Dates to write as each task's Start/Finish (for example what :func:`read_mspdi` kept).
    result : ScheduleResult, optional
        A computed schedule whose dates win over ``stored``.
    save_version : int
        ``SaveVersion`` to declare (14 = Project 2010 and later).

    Raises
    ------
    WriterError
        Duplicate or non-positive task uids, an unknown parent, a parent cycle, a link to an unknown
        task, a date constraint without a date, or a recurrence MSPDI cannot express.
    """
    tree = build_mspdi(project, stored=stored, result=result, save_version=save_version)
    return serialize(tree.root)


@dataclass(frozen=True)
class MspdiTree:
    """What :func:`build_mspdi` returns: the ``<Project>`` element and the UID of each calendar key."""

    root: Element
    calendar_uids: Mapping[str, int]


def serialize(root: Element) -> bytes:
    """The UTF-8 document of a ``<Project>`` element, with the XML declaration Microsoft Project writes."""
    body: bytes = tostring(root, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + body


def build_mspdi(
    project: Project,
    *,
    stored: Mapping[int, _Dated] | None = None,
    result: ScheduleResult | None = None,
    save_version: int = 14,
) -> MspdiTree:
    """The element tree :func:`write_mspdi` serialises (same parameters and errors).

    Callers that write more than the engine models (resources, assignments, extras) add their
    elements to this tree before :func:`serialize`.
    """
    uids, calendars = _calendar_uids(project)
    outline = _outline(project)
    known = {t.uid for t in project.tasks}
    preds: dict[int, list[Link]] = {}
    for link in project.links:
        for end in (link.predecessor, link.successor):
            if end not in known:
                raise WriterError(f"link {link.predecessor} -> {link.successor}: task {end} does not exist")
        preds.setdefault(link.successor, []).append(link)
    dates: dict[int, _Dated] = dict(stored or {})
    if result is not None:
        dates.update({r.uid: r for r in result.tasks})

    root = Element("Project", xmlns=NAMESPACE)
    _add(root, "SaveVersion", save_version)
    if project.name:
        _add(root, "Name", project.name)
        _add(root, "Title", project.name)
    _add(root, "ScheduleFromStart", project.schedule_from_start)
    if project.start is not None:
        _add(root, "StartDate", project.start)
    if project.finish is not None:
        _add(root, "FinishDate", project.finish)
    _add(root, "CriticalSlackLimit", project.critical_slack // max(1, project.minutes_per_day))
    _add(root, "CalendarUID", uids[project.calendar])
    _add(root, "MinutesPerDay", project.minutes_per_day)
    _add(root, "MinutesPerWeek", project.minutes_per_week)
    _add(root, "DaysPerMonth", project.days_per_month)
    _add(root, "MultipleCriticalPaths", project.multiple_critical_paths)
    if project.status_date is not None:
        _add(root, "StatusDate", project.status_date)
    _calendars(root, calendars)

    tasks = SubElement(root, "Tasks")
    # The project summary task (UID 0, outline level 0) Microsoft Project always has.
    t0 = SubElement(tasks, "Task")
    for tag, value in (("UID", 0), ("ID", 0), ("Name", project.name), ("OutlineLevel", 0)):
        _add(t0, tag, value)
    _add(t0, "Summary", True)
    for ident, (task, level, number, summary) in enumerate(outline, 1):
        cal = -1 if task.calendar is None or task.calendar not in uids else uids[task.calendar]
        _task(tasks, task, ident, level, number, summary, cal, dates.get(task.uid), preds.get(task.uid, []))
    return MspdiTree(root, uids)
