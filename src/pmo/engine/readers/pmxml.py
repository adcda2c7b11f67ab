"""Reader of Primavera P6 XML (PMXML, ``APIBusinessObjects``) into an engine project.

Parsed with :mod:`defusedxml` (DTDs, entities and external references forbidden). The mapping is
the one of :mod:`pmo.engine.readers.xer` (see there for what is left out), with PMXML's names:
durations, lags and floats are in hours; relationship, activity and constraint types are words
("Finish to Start", "Finish Milestone", "Start On or After"); calendar ``WorkTime`` finishes are
written one minute early (``11:59``) and are rounded back up; ``BaselineProject`` elements are
read like projects. Calendars are ``StandardWorkWeek`` plus ``HolidayOrException`` days. As for
XER, "Finish On or Before" may become the task's ``deadline`` and an activity in progress gets its
at-completion duration (:func:`~pmo.engine.readers.xer.at_completion_minutes`).

Examples
--------
>>> xml = b'''<APIBusinessObjects><Project><ObjectId>1</ObjectId><Id>P</Id>
... <Activity><ObjectId>5</ObjectId><Type>Task Dependent</Type><PlannedDuration>16</PlannedDuration>
... </Activity></Project></APIBusinessObjects>'''
>>> read_pmxml(xml).project.tasks[0].duration
960
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

import defusedxml
import defusedxml.ElementTree as SafeET

from pmo.engine.readers.mspdi import ReaderError
from pmo.engine.readers.xer import P6Stored, WbsNode, at_completion_minutes
from pmo.engine.schedule.calendars import Calendar, CalendarException, WorkingTimes
from pmo.engine.schedule.network import ConstraintType, Lag, Link, LinkType, Project, Task

__all__ = ["PmxmlFile", "check_root", "project_key", "read_pmxml", "select_project"]

MAX_BYTES = 200 * 1024 * 1024

_LINKS = {
    "Finish to Start": LinkType.FS,
    "Start to Start": LinkType.SS,
    "Finish to Finish": LinkType.FF,
    "Start to Finish": LinkType.SF,
}
_CONSTRAINTS = {
    "Start On or After": ConstraintType.SNET,
    "Start On or Before": ConstraintType.SNLT,
    "Finish On or After": ConstraintType.FNET,
    "Finish On or Before": ConstraintType.FNLT,
    "Start On": ConstraintType.MSO,
    "Mandatory Start": ConstraintType.MSO,
    "Finish On": ConstraintType.MFO,
    "Mandatory Finish": ConstraintType.MFO,
    "As Late As Possible": ConstraintType.ALAP,
}
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_PROJECTS = ("Project", "BaselineProject")


@dataclass(frozen=True)
class PmxmlFile:
    """What :func:`read_pmxml` returns (fields as in :class:`~pmo.engine.readers.xer.XerFile`).

    ``project_names`` lists the ``Id`` (else ``Name``) of every ``Project`` and ``BaselineProject``;
    ``schema`` is the namespace or schema location of the root element (it names the P6 version).
    """

    project: Project
    stored: dict[int, P6Stored]
    project_names: tuple[str, ...]
    wbs: dict[int, WbsNode] = field(default_factory=dict)
    loe_uids: frozenset[int] = frozenset()
    external_links: int = 0
    data_date: datetime | None = None
    schema: str = ""


def _strip(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def child_elements(e: Element, name: str) -> list[Element]:
    return [c for c in e if _strip(c.tag) == name]


def child_text(e: Element, name: str) -> str | None:
    for c in e:
        if _strip(c.tag) == name:
            return c.text.strip() if c.text and c.text.strip() else None
    return None


def element_where(e: Element) -> str:
    return f"<{_strip(e.tag)}> {child_text(e, 'ObjectId') or child_text(e, 'Id') or '?'}"


def _num(e: Element, name: str) -> float | None:
    v = child_text(e, name)
    if v is None:
        return None
    try:
        return float(v.replace(",", ".") if "." not in v else v)  # Aspose writes decimal commas
    except ValueError:
        raise ReaderError(f"{element_where(e)}: <{name}> should be a number, got {v!r}") from None


def _int(e: Element, name: str) -> int | None:
    v = _num(e, name)
    return None if v is None else int(v)


def _date(e: Element, name: str) -> datetime | None:
    v = child_text(e, name)
    if v is None:
        return None
    try:
        return datetime.fromisoformat(v)
    except ValueError:
        raise ReaderError(f"{element_where(e)}: <{name}> should be a date, got {v!r}") from None


def project_key(p: Element) -> str:
    """``Id`` of a project, else its ``Name`` or ``ObjectId`` (Aspose omits the Id)."""
    return child_text(p, "Id") or child_text(p, "Name") or child_text(p, "ObjectId") or ""


def check_root(root: Element) -> Element:
    """Return ``root`` if it is a P6 XML ``<APIBusinessObjects>`` element.

    Raises
    ------
    ReaderError
        Any other root element.
    """
    if _strip(root.tag) != "APIBusinessObjects":
        raise ReaderError(
            f"not a P6 XML file: root element is <{_strip(root.tag)}>, expected <APIBusinessObjects>"
        )
    return root


def select_project(root: Element, project: str | None = None) -> tuple[Element, tuple[str, ...]]:
    """The ``<Project>`` (or ``<BaselineProject>``) to read, and the keys of all of them.

    Without ``project``: the first project holding activities, else the first.

    Raises
    ------
    ReaderError
        No projects, or none with the key ``project``.
    """
    projects = [p for p in root if _strip(p.tag) in _PROJECTS]
    if not projects:
        raise ReaderError("P6 XML holds no <Project> elements")
    names = tuple(project_key(p) for p in projects)
    if project is None:
        return next((p for p in projects if child_elements(p, "Activity")), projects[0]), names
    found = [p for p in projects if project_key(p) == project]
    if not found:
        raise ReaderError(f"no project {project!r} in the P6 XML (it holds {', '.join(names)})")
    return found[0], names


def _load(source: str | Path | bytes | Element, max_bytes: int) -> Element:
    if isinstance(source, Element):
        return check_root(source)
    try:
        if isinstance(source, bytes):
            if len(source) > max_bytes:
                raise ReaderError(f"PMXML of {len(source)} bytes exceeds the {max_bytes}-byte limit")
            root: Element = SafeET.fromstring(source, forbid_dtd=True)
        else:
            path = Path(source)
            if not path.is_file():
                raise ReaderError(f"{path}: no such file")
            if path.stat().st_size > max_bytes:
                raise ReaderError(f"{path}: exceeds the {max_bytes}-byte limit")
            root = SafeET.parse(str(path), forbid_dtd=True).getroot()
    except defusedxml.DefusedXmlException as exc:
        raise ReaderError(
            f"refused unsafe XML ({type(exc).__name__}): DTDs and entities are not allowed"
        ) from None
    except ParseError as exc:
        raise ReaderError(f"malformed XML: {exc}") from None
    return check_root(root)


def _minute(text: str, finish: bool) -> int:
    h, m = (int(x) for x in text.split(":")[:2])
    value = h * 60 + m
    if finish:
        value = 1440 if value == 0 else value + 1 if value % 30 == 29 else value
    return min(value, 1440)


def _times(e: Element) -> WorkingTimes:
    spans = []
    for wt in child_elements(e, "WorkTime"):
        a, b = child_text(wt, "Start"), child_text(wt, "Finish")
        if a and b:
            spans.append((_minute(a, False), _minute(b, True)))
    return tuple(sorted(spans))


def _calendar(e: Element) -> Calendar:
    week: list[WorkingTimes] = [()] * 7
    for sw in child_elements(e, "StandardWorkWeek"):
        for day in child_elements(sw, "StandardWorkHours"):
            name = child_text(day, "DayOfWeek")
            if name in _DAYS:
                week[_DAYS.index(name)] = _times(day)
    exceptions = []
    for he in child_elements(e, "HolidayOrExceptions"):
        for ex in child_elements(he, "HolidayOrException"):
            d = _date(ex, "Date")
            if d is not None:
                exceptions.append(CalendarException(d.date(), d.date(), _times(ex)))
    return Calendar(name=child_text(e, "Name") or "", week=tuple(week), exceptions=tuple(exceptions))


def read_pmxml(
    source: str | Path | bytes | Element,
    project: str | None = None,
    *,
    max_bytes: int = MAX_BYTES,
    fnlt_as_deadline: bool = False,
) -> PmxmlFile:
    """Read one project of a P6 XML file (path or bytes) into an engine project plus P6's values.

    Parameters
    ----------
    source : str, Path, bytes or Element
        A file, or its ``<APIBusinessObjects>`` root already parsed safely by the caller.
    project : str, optional
        ``Id`` (else ``Name``) of the project (default: the first ``Project`` holding activities,
        else the first).
    max_bytes : int
        Refuse larger files.
    fnlt_as_deadline : bool
        Map "Finish On or Before" to a deadline (P6's meaning) rather than to an engine FNLT.

    Raises
    ------
    ReaderError
        Missing, oversized, malformed or unsafe XML, a root other than ``APIBusinessObjects``, no
        projects, an unknown project id or relationship type, unreadable numbers or dates.
    """
    root = _load(source, max_bytes)
    chosen, names = select_project(root, project)

    calendars: dict[str, Calendar] = {}
    hours: dict[str, float] = {}
    for c in [*child_elements(root, "Calendar"), *child_elements(chosen, "Calendar")]:
        cid = child_text(c, "ObjectId") or ""
        calendars[cid] = _calendar(c)
        hours[cid] = _num(c, "HoursPerDay") or 8.0
    default_cal = child_text(chosen, "ActivityDefaultCalendarObjectId") or ""
    if default_cal not in calendars:
        default_cal = next(
            (
                child_text(c, "ObjectId") or ""
                for c in child_elements(root, "Calendar")
                if child_text(c, "IsDefault") in ("1", "true")
            ),
            "",
        )
    if default_cal not in calendars:
        default_cal = next(iter(calendars), "Standard")
        calendars.setdefault(default_cal, Calendar())

    wbs: dict[int, WbsNode] = {}
    for w in child_elements(chosen, "WBS"):
        oid = _int(w, "ObjectId")
        if oid is not None:
            wbs[oid] = WbsNode(
                oid,
                _int(w, "ParentObjectId"),
                child_text(w, "Code") or "",
                child_text(w, "Name") or "",
                _int(w, "SequenceNumber") or 0,
            )

    def wbs_path(wid: int | None) -> list[str]:
        path: list[str] = []
        while wid is not None and wid in wbs and len(path) <= len(wbs):
            path.append(wbs[wid].code)
            wid = wbs[wid].parent
        return path[::-1]

    data_date = _date(chosen, "DataDate")
    tasks: list[Task] = []
    stored: dict[int, P6Stored] = {}
    loe: set[int] = set()
    for a in child_elements(chosen, "Activity"):
        uid = _int(a, "ObjectId")
        if uid is None:
            raise ReaderError(f"{element_where(a)}: <ObjectId> is missing")
        kind = child_text(a, "Type") or "Task Dependent"
        milestone = kind.endswith("Milestone")
        cal = child_text(a, "CalendarObjectId") or default_cal
        cal = cal if cal in calendars else default_cal
        target = 0 if milestone else round((_num(a, "PlannedDuration") or 0) * 60)
        act_start, act_end = _date(a, "ActualStartDate"), _date(a, "ActualFinishDate")
        rem_h = _num(a, "RemainingDuration")
        remaining = None if rem_h is None or act_start is None else round(rem_h * 60)
        if act_end is not None:
            pct = 100.0
        elif act_start is not None and target > 0 and remaining is not None:
            pct = max(0.0, min(100.0, 100.0 * (target - remaining) / target))
        else:
            pct = 0.0
        cstr = _CONSTRAINTS.get(child_text(a, "PrimaryConstraintType") or "", ConstraintType.ASAP)
        cdate = _date(a, "PrimaryConstraintDate")
        if cstr not in (ConstraintType.ASAP, ConstraintType.ALAP) and cdate is None:
            cstr = ConstraintType.ASAP
        deadline = None
        if fnlt_as_deadline and cstr is ConstraintType.FNLT:
            cstr, deadline = ConstraintType.ASAP, cdate
        duration = target
        if act_start is not None and act_end is None and remaining is not None and not milestone:
            duration = at_completion_minutes(calendars[cal], act_start, data_date, remaining)
        path = wbs_path(_int(a, "WBSObjectId"))
        if kind == "Level of Effort":
            loe.add(uid)
        tasks.append(
            Task(
                uid=uid,
                name=child_text(a, "Name") or "",
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
        tf, ff, phys = _num(a, "TotalFloat"), _num(a, "FreeFloat"), _num(a, "PhysicalPercentComplete")
        stored[uid] = P6Stored(
            _date(a, "EarlyStartDate"),
            _date(a, "EarlyFinishDate"),
            _date(a, "LateStartDate"),
            _date(a, "LateFinishDate"),
            None if tf is None else tf * 60,
            None if ff is None else ff * 60,
            None if phys is None else phys * 100 if phys <= 1 else phys,  # P6 API writes a fraction
            child_text(a, "Status") or "",
            kind,
            child_text(a, "Id") or "",
            None,
        )

    known = {t.uid for t in tasks}
    links: list[Link] = []
    external = 0
    for r in [*child_elements(root, "Relationship"), *child_elements(chosen, "Relationship")]:
        pred, succ = _int(r, "PredecessorActivityObjectId"), _int(r, "SuccessorActivityObjectId")
        if pred not in known and succ not in known:
            continue
        if pred is None or succ is None or pred not in known or succ not in known:
            external += 1
            continue
        kind = child_text(r, "Type") or "Finish to Start"
        if kind not in _LINKS:
            raise ReaderError(f"{element_where(r)}: unknown relationship <Type> {kind!r}")
        lag = round((_num(r, "Lag") or 0) * 60)
        links.append(Link(pred, succ, _LINKS[kind], Lag(minutes=lag)))

    day_min = round(hours.get(default_cal, 8.0) * 60)
    engine = Project(
        tasks=tuple(tasks),
        links=tuple(links),
        calendars=calendars,
        calendar=default_cal,
        start=_date(chosen, "PlannedStartDate") or _date(chosen, "StartDate") or data_date,
        status_date=data_date,
        minutes_per_day=day_min,
        minutes_per_week=day_min * 5,
        name=child_text(chosen, "Name") or child_text(chosen, "Id") or "",
    )
    schema = (
        root.tag.split("}", 1)[0].lstrip("{")
        if "}" in root.tag
        else root.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation", "")
    )
    return PmxmlFile(engine, stored, names, wbs, frozenset(loe), external, data_date, schema)
