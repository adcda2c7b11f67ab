"""A :class:`~pmo.interchange.document.PlanDocument` to Microsoft Project XML (MSPDI).

The engine writer (:func:`pmo.engine.writers.mspdi.build_mspdi`) writes the network: settings,
calendars, tasks with their outline, links, lags, constraints, progress and baseline 0. This
module adds notes, baselines 0-10, priority, fixed cost, the resources (after Microsoft Project's
blank UID 0 resource, as every file it saves has one) and the assignments, and writes the extras
back, then puts the children of every ``<Project>``, ``<Task>``, ``<Resource>`` and
``<Assignment>`` in schema order (:mod:`pmo.interchange.mspdi_schema`): Microsoft Project refuses
a file whose elements are out of sequence. Extras of an element name the schema does not list
keep their place after the extra that preceded them in the imported file.

Costs are written in hundredths of the currency unit and rates per hour, as Microsoft Project
writes them (see :mod:`pmo.interchange.mspdi_read`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from xml.etree.ElementTree import Element, SubElement

from pmo.engine.schedule import Task
from pmo.engine.schedule.results import ScheduleResult
from pmo.engine.writers.mspdi import WriterError, build_mspdi, format_duration, serialize
from pmo.interchange.document import Assignment, BaselineValues, Extras, PlanDocument, Resource, ResourceKind
from pmo.interchange.errors import ExportError, ImportRefusedError
from pmo.interchange.limits import Limits
from pmo.interchange.mspdi_schema import (
    ASSIGNMENT_ORDER,
    ASSIGNMENT_READ,
    ASSIGNMENT_RECOMPUTED,
    BASELINE_ORDER,
    PROJECT_ORDER,
    PROJECT_READ,
    PROJECT_RECOMPUTED,
    RESOURCE_ORDER,
    RESOURCE_READ,
    RESOURCE_RECOMPUTED,
    TASK_ORDER,
    TASK_READ,
    TASK_RECOMPUTED,
    rank,
)
from pmo.interchange.xmlsafe import iterparse_capped

__all__ = ["write_mspdi_document"]

_PROJECT_RANK = rank(PROJECT_ORDER)
_TASK_RANK = rank(TASK_ORDER)
_RESOURCE_RANK = rank(RESOURCE_ORDER)
_ASSIGNMENT_RANK = rank(ASSIGNMENT_ORDER)
_BASELINE_RANK = rank(BASELINE_ORDER)
_DAYS = 7  # DurationFormat "days"
# A leaf element as serialise() writes it: <Tag>text</Tag> or <Tag />, text with &amp; &lt; &gt; only.
_LEAF = re.compile(r"<([A-Za-z_][\w-]*)>([^<&]*)</\1>|<([A-Za-z_][\w-]*) ?/>")
_NAME = re.compile(r"^[A-Za-z_][\w-]*$")  # MSPDI names; P6's "TABLE.column" keys never match
_EXTRAS_LIMITS = Limits(max_bytes=64 * 1024 * 1024, max_elements=1_000_000)


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Decimal):
        return _plain(value)
    return str(value)


def _plain(value: Decimal) -> str:
    """A decimal without exponent or trailing zeros (``4000.50`` → ``4000.5``)."""
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def _cents(value: Decimal) -> str:
    return _plain(value * 100)


def _add(parent: Element, tag: str, value: object) -> None:
    if isinstance(value, datetime):
        text = value.replace(tzinfo=None, microsecond=0).isoformat(timespec="seconds")
    else:
        text = _text(value)
    SubElement(parent, tag).text = text


def _parse_extras(strings: list[str]) -> list[Element]:
    """Elements of extras strings: leaves directly, the rest through the safe parser (one parse)."""
    out: list[Element | None] = []
    complex_strings: list[tuple[int, str]] = []
    for s in strings:
        m = _LEAF.fullmatch(s)
        if m is None:
            complex_strings.append((len(out), s))
            out.append(None)
            continue
        e = Element(m.group(1) or m.group(3))
        if m.group(1):
            e.text = m.group(2)
        out.append(e)
    if complex_strings:
        wrapper = "<x>" + "".join(s for _, s in complex_strings) + "</x>"
        try:
            parsed = _parse_wrapper(wrapper.encode("utf-8"))
        except ImportRefusedError as exc:
            raise ExportError(f"a kept field cannot be written back: {exc.message}") from None
        if len(parsed) != len(complex_strings):
            raise ExportError("a kept field is not one XML element")
        for (i, _), e in zip(complex_strings, parsed, strict=True):
            out[i] = e
    return [e for e in out if e is not None]


def _parse_wrapper(data: bytes) -> list[Element]:
    root: Element | None = None
    for event, element in iterparse_capped(data, _EXTRAS_LIMITS):
        if event == "end":
            root = element
    if root is None:  # pragma: no cover - the parser refuses an empty document
        raise ExportError("a kept field is empty")
    for e in root:
        e.tail = None
    return list(root)


def _add_extras(parent: Element, extra: Extras, read: frozenset[str], recomputed: frozenset[str]) -> None:
    present = {child.tag for child in parent}
    strings: list[str] = []
    for tag, values in extra.items():
        if not _NAME.match(tag) or tag in read or tag in recomputed or tag in present:
            continue  # another format's key, or a value the writer owns
        strings.extend(values)
    for element in _parse_extras(strings):
        if element.tag not in present and element.tag not in read and element.tag not in recomputed:
            parent.append(element)


def _sort(parent: Element, ranks: Mapping[str, int]) -> None:
    """Children in schema order; unknown names stay after the child that preceded them."""
    keyed = []
    last = -1
    for i, child in enumerate(parent):
        r = ranks.get(child.tag)
        if r is None:
            keyed.append(((last, 1, i), child))
        else:
            last = max(last, r)
            keyed.append(((r, 0, i), child))
    keyed.sort(key=lambda pair: pair[0])
    parent[:] = [child for _, child in keyed]


def _baseline(parent: Element, number: int, values: BaselineValues) -> None:
    b = SubElement(parent, "Baseline")
    _add(b, "Number", number)
    if values.start is not None:
        _add(b, "Start", values.start)
    if values.finish is not None:
        _add(b, "Finish", values.finish)
    if values.duration is not None:
        _add(b, "Duration", format_duration(values.duration))
        _add(b, "DurationFormat", _DAYS)
    if values.work is not None:
        _add(b, "Work", format_duration(values.work))
    if values.cost is not None:
        _add(b, "Cost", _cents(values.cost))
    _sort(b, _BASELINE_RANK)


def _task(element: Element, task: Task, doc: PlanDocument) -> None:
    details = doc.detail(task.uid)
    _add(element, "Priority", details.priority)
    if details.notes:
        _add(element, "Notes", details.notes)
    if details.fixed_cost is not None:
        _add(element, "FixedCost", _cents(details.fixed_cost))
    if details.baselines:
        for old in element.findall("Baseline"):
            element.remove(old)
        for number in sorted(details.baselines):
            values = details.baselines[number]
            engine_set = task.baseline_start or task.baseline_finish or task.baseline_duration is not None
            if number == 0 and engine_set:  # the engine task's baseline fields, when set, win
                values = BaselineValues(
                    task.baseline_start,
                    task.baseline_finish,
                    task.baseline_duration,
                    values.work,
                    values.cost,
                )
            if values != BaselineValues():
                _baseline(element, number, values)
    _add_extras(element, details.extra, TASK_READ, TASK_RECOMPUTED)
    _sort(element, _TASK_RANK)


_RESOURCE_TYPES = {ResourceKind.MATERIAL: 0, ResourceKind.WORK: 1, ResourceKind.COST: 0}


def _resource(parent: Element, r: Resource, ident: int, calendar_uids: Mapping[str, int]) -> None:
    e = SubElement(parent, "Resource")
    _add(e, "UID", r.uid)
    _add(e, "ID", ident)
    _add(e, "Name", r.name)
    # Microsoft Project 2010+ writes a cost resource as Type 0 with IsCostResource 1.
    _add(e, "Type", _RESOURCE_TYPES[r.kind])
    _add(e, "IsNull", False)
    for tag, value in (("Initials", r.initials), ("Code", r.code), ("MaterialLabel", r.material_label),
                       ("Group", r.group), ("EmailAddress", r.email)):  # fmt: skip
        if value:
            _add(e, tag, value)
    _add(e, "MaxUnits", repr(float(r.max_units)))
    if r.standard_rate is not None:
        _add(e, "StandardRate", r.standard_rate)
    if r.overtime_rate is not None:
        _add(e, "OvertimeRate", r.overtime_rate)
    if r.cost_per_use is not None:
        _add(e, "CostPerUse", _cents(r.cost_per_use))
    if r.calendar is not None and r.calendar in calendar_uids:
        _add(e, "CalendarUID", calendar_uids[r.calendar])
    _add(e, "IsGeneric", r.generic)
    _add(e, "IsCostResource", r.kind is ResourceKind.COST)
    _add_extras(e, r.extra, RESOURCE_READ, RESOURCE_RECOMPUTED)
    _sort(e, _RESOURCE_RANK)


def _assignment(parent: Element, a: Assignment) -> None:
    e = SubElement(parent, "Assignment")
    _add(e, "UID", a.uid)
    _add(e, "TaskUID", a.task)
    _add(e, "ResourceUID", a.resource)
    if a.actual_work is not None:
        _add(e, "ActualWork", format_duration(a.actual_work))
    if a.cost is not None:
        _add(e, "Cost", _cents(a.cost))
    if a.finish is not None:
        _add(e, "Finish", a.finish)
    if a.remaining_work is not None:
        _add(e, "RemainingWork", format_duration(a.remaining_work))
    if a.start is not None:
        _add(e, "Start", a.start)
    _add(e, "Units", repr(float(a.units)))
    if a.work is not None:
        _add(e, "Work", format_duration(a.work))
    _add(e, "WorkContour", int(a.contour))
    _add_extras(e, a.extra, ASSIGNMENT_READ, ASSIGNMENT_RECOMPUTED)
    _sort(e, _ASSIGNMENT_RANK)


def _check(doc: PlanDocument) -> None:
    tasks = {t.uid for t in doc.project.tasks}
    resources: set[int] = set()
    for r in doc.resources:
        if r.uid < 0 or r.uid in resources:
            raise ExportError(f"resource {r.name!r}: uid {r.uid} is negative or used twice")
        resources.add(r.uid)
    seen: set[int] = set()
    for a in doc.assignments:
        if a.uid in seen:
            raise ExportError(f"assignment uid {a.uid} is used twice")
        seen.add(a.uid)
        if a.task not in tasks:
            raise ExportError(f"assignment {a.uid}: task {a.task} does not exist")
        if a.resource not in resources:
            raise ExportError(f"assignment {a.uid}: resource {a.resource} does not exist")


def write_mspdi_document(
    doc: PlanDocument, *, result: ScheduleResult | None = None, save_version: int = 14
) -> bytes:
    """Write a plan document as Microsoft Project XML (UTF-8 bytes).

    Parameters
    ----------
    doc : PlanDocument
        The plan; extras keyed by MSPDI element names are written back, other formats' keys ignored.
    result : ScheduleResult, optional
        A computed schedule: its dates are written as each task's Start/Finish (else the document's
        ``stored`` dates, as imported).
    save_version : int
        ``SaveVersion`` to declare (14 = Project 2010 and later).

    Raises
    ------
    ExportError
        What the engine writer refuses (duplicate or non-positive task uids, a parent cycle, a link
        to an unknown task, a date constraint without a date), a duplicate resource or assignment
        uid, an assignment to an unknown task or resource, or a kept field that is not XML.

    Examples
    --------
    >>> from pmo.engine.schedule import Project, Task
    >>> from pmo.interchange.document import TaskDetails
    >>> from pmo.interchange.mspdi_read import read_mspdi_document
    >>> details = {1: TaskDetails(notes="n", priority=700)}
    >>> doc = PlanDocument(Project(tasks=(Task(1, "A", 480),)), details=details)
    >>> back = read_mspdi_document(write_mspdi_document(doc))
    >>> back.detail(1).notes, back.detail(1).priority
    ('n', 700)
    """
    _check(doc)
    try:
        tree = build_mspdi(doc.project, stored=doc.stored, result=result, save_version=save_version)
    except WriterError as exc:
        raise ExportError(str(exc)) from None
    root = tree.root
    tasks_element = root.find("Tasks")
    by_uid = {t.uid: t for t in doc.project.tasks}
    for element in tasks_element if tasks_element is not None else []:
        task = by_uid.get(int(element.findtext("UID") or 0))
        if task is not None:
            _task(element, task, doc)
    resources = SubElement(root, "Resources")
    if all(r.uid != 0 for r in doc.resources):
        blank = SubElement(resources, "Resource")  # Microsoft Project's blank resource, in every file
        for tag, value in (("UID", 0), ("ID", 0), ("Type", 1), ("IsNull", False)):
            _add(blank, tag, value)
    for ident, r in enumerate(doc.resources, 1):
        _resource(resources, r, ident, tree.calendar_uids)
    assignments = SubElement(root, "Assignments")
    for a in doc.assignments:
        _assignment(assignments, a)
    _add_extras(root, doc.extra, PROJECT_READ, PROJECT_RECOMPUTED)
    _sort(root, _PROJECT_RANK)
    return serialize(root)
