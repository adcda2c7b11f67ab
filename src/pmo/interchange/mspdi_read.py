"""Microsoft Project XML (MSPDI) into a :class:`~pmo.interchange.document.PlanDocument`, streamed.

The engine network is read with the engine reader's own helpers
(:mod:`pmo.engine.readers.mspdi`), so the tasks, links, lags, calendars and settings are exactly
those :func:`~pmo.engine.readers.mspdi.read_mspdi` gives. On top of them this reader keeps notes,
baselines 0-10, priority and fixed cost per task, the resources and assignments, and every other
child of ``<Project>``, ``<Task>``, ``<Resource>`` and ``<Assignment>`` verbatim as *extras*
(except the values that are recomputed, listed in :mod:`pmo.interchange.mspdi_schema`).

The file is parsed by :func:`pmo.interchange.xmlsafe.iterparse_capped`: each ``<Task>``,
``<Resource>`` and ``<Assignment>`` is handled at its end tag and then dropped, so memory stays
bounded by one record (plus the document being built).

Units in MSPDI: durations and work are ISO-8601 working time (``PT8H0M0S``, read as minutes);
costs (``Cost``, ``FixedCost``, ``CostPerUse``, baseline ``Cost``) are stored in hundredths of the
currency unit (a cost of 4,000.00 is written ``400000``); rates (``StandardRate``,
``OvertimeRate``) are per hour in currency units whatever their display format
(``StandardRateFormat``): a resource at 50/h with 80 h of work costs ``400000`` in the shared files.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from xml.etree.ElementTree import Element, tostring

from pmo.engine.readers.mspdi import (
    Node,
    ReaderError,
    StoredFields,
    calendars_from_element,
    parse_duration,
    project_settings,
    stored_from_element,
    task_from_element,
)
from pmo.engine.schedule import Calendar, Link, Project, Task
from pmo.interchange.document import (
    Assignment,
    BaselineValues,
    Contour,
    Extras,
    PlanDocument,
    Resource,
    ResourceKind,
    TaskDetails,
    check_document,
)
from pmo.interchange.errors import ImportRefusedError
from pmo.interchange.limits import DEFAULT_LIMITS, Limits
from pmo.interchange.mspdi_schema import (
    ASSIGNMENT_READ,
    ASSIGNMENT_RECOMPUTED,
    PROJECT_READ,
    PROJECT_RECOMPUTED,
    RESOURCE_READ,
    RESOURCE_RECOMPUTED,
    TASK_READ,
    TASK_RECOMPUTED,
)
from pmo.interchange.xmlsafe import XmlSource, iterparse_capped, local_name

__all__ = ["MSPDI_NAMESPACE", "UNASSIGNED_RESOURCE", "read_mspdi_document"]

MSPDI_NAMESPACE = "http://schemas.microsoft.com/project"
#: ``ResourceUID`` of Microsoft Project's placeholder for a task without a resource.
UNASSIGNED_RESOURCE = -65535
_MAX_WARNINGS = 50
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def serialise(element: Element) -> str:
    """One element as namespace-free XML text, the way extras are kept (indentation left out).

    The element is consumed: its tail and the whitespace between its children are dropped.

    >>> e = Element("Hyperlink"); e.text = "R&D"
    >>> serialise(e)
    '<Hyperlink>R&amp;D</Hyperlink>'
    """
    if not len(element) and not element.attrib:
        text = element.text
        if not text:
            return f"<{element.tag} />"
        return f"<{element.tag}>{text.translate(_ESCAPES)}</{element.tag}>"
    element.tail = None
    for node in element.iter():
        if len(node) and node.text is not None and not node.text.strip():
            node.text = None
        if node is not element and node.tail is not None and not node.tail.strip():
            node.tail = None
    return tostring(element, encoding="unicode")


def _extras(element: Element, read: frozenset[str], recomputed: frozenset[str]) -> Extras:
    out: dict[str, list[str]] = {}
    for child in element:
        tag = child.tag
        if tag in read or tag in recomputed:
            continue
        out.setdefault(tag, []).append(serialise(child))
    return {tag: tuple(values) for tag, values in out.items()}


def money(text: str | None) -> Decimal | None:
    """A currency amount from MSPDI's hundredths (``"400000"`` → ``Decimal("4000")``).

    >>> money("201500"), money(None)
    (Decimal('2015'), None)
    """
    if text is None or not text.strip():
        return None
    return _decimal(text) / 100


def _decimal(text: str) -> Decimal:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise ReaderError(f"{text.strip()!r} is not a number") from None
    if not value.is_finite():
        raise ReaderError(f"{text.strip()!r} is not a number")
    return value


def _rate(text: str | None) -> Decimal | None:
    return None if text is None or not text.strip() else _decimal(text)


def _minutes(text: str | None) -> int | None:
    value = parse_duration(text)
    return None if value is None else round(value)


def _float(node: Node, name: str, default: float) -> float:
    try:
        value = node.float(name)
    except ValueError:
        raise ReaderError(f"<{name}> should be a number, got {node.text(name)!r}") from None
    return default if value is None else value


class _Reader:
    """State of one streamed read."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.tasks: list[Task] = []
        self.links: list[Link] = []
        self.stored: dict[int, StoredFields] = {}
        self.details: dict[int, TaskDetails] = {}
        self.resources: list[Resource] = []
        self.assignments: list[Assignment] = []
        self.calendars: dict[str, Calendar] = {}
        self.parents: list[tuple[int, int]] = []  # (outline level, uid) stack, as read_mspdi
        self.warnings: list[str] = []

    def warn(self, message: str) -> None:
        if len(self.warnings) < _MAX_WARNINGS:
            self.warnings.append(message)
        elif len(self.warnings) == _MAX_WARNINGS:
            self.warnings.append("more warnings were left out")

    # -- records ------------------------------------------------------------------------------
    def task(self, element: Element) -> None:
        node = Node(element)
        uid = node.int("UID")
        if uid is None or node.bool("IsNull"):
            return
        level = node.int("OutlineLevel", 1) or 0
        if uid == 0 or level == 0:
            return  # the project summary task
        while self.parents and self.parents[-1][0] >= level:
            self.parents.pop()
        parent = self.parents[-1][1] if self.parents else None
        self.parents.append((level, uid))
        task, links = task_from_element(node, uid, parent)  # calendars checked at the end
        self.tasks.append(task)
        if len(self.tasks) > self.limits.max_tasks:
            raise ImportRefusedError(f"the file has more than {self.limits.max_tasks:,} tasks, the limit")
        self.links.extend(links)
        for link in node.all("PredecessorLink"):
            if link.bool("CrossProject"):
                self.warn(f"task {uid}: a link to another project was left out")
        self.stored[uid] = stored_from_element(node)
        baselines: dict[int, BaselineValues] = {}
        for b in node.all("Baseline"):
            baselines[b.int("Number", 0) or 0] = BaselineValues(
                start=b.date("Start"),
                finish=b.date("Finish"),
                duration=_minutes(b.text("Duration")),
                work=_minutes(b.text("Work")),
                cost=money(b.text("Cost")),
            )
        notes = element.find("Notes")
        self.details[uid] = TaskDetails(
            notes=(notes.text or "") if notes is not None else "",
            baselines=baselines,
            priority=node.int("Priority", 500) or 0,
            fixed_cost=money(node.text("FixedCost")),
            extra=_extras(element, TASK_READ, TASK_RECOMPUTED),
        )

    def resource(self, element: Element) -> None:
        node = Node(element)
        uid = node.int("UID")
        if uid is None or uid <= 0 or node.bool("IsNull"):
            return  # UID 0 is Microsoft Project's blank resource
        kind_code = node.int("Type", 1)
        if node.bool("IsCostResource") or kind_code == 2:
            kind = ResourceKind.COST
        elif kind_code == 0:
            kind = ResourceKind.MATERIAL
        else:
            kind = ResourceKind.WORK
        calendar = node.text("CalendarUID")
        self.resources.append(
            Resource(
                uid=uid,
                name=node.text("Name") or "",
                kind=kind,
                code=node.text("Code") or "",
                initials=node.text("Initials") or "",
                email=node.text("EmailAddress") or "",
                group=node.text("Group") or "",
                generic=node.bool("IsGeneric") or node.bool("Generic"),
                max_units=_float(node, "MaxUnits", 1.0),
                standard_rate=_rate(node.text("StandardRate")),
                overtime_rate=_rate(node.text("OvertimeRate")),
                cost_per_use=money(node.text("CostPerUse")),
                material_label=node.text("MaterialLabel") or "",
                calendar=None if calendar in (None, "-1") else calendar,
                extra=_extras(element, RESOURCE_READ, RESOURCE_RECOMPUTED),
            )
        )

    def assignment(self, element: Element) -> None:
        node = Node(element)
        uid, task, resource = node.int("UID"), node.int("TaskUID"), node.int("ResourceUID")
        if uid is None or task is None or resource is None or resource < 0:
            return  # UNASSIGNED_RESOURCE (Aspose writes -1): a task without a resource
        code = node.int("WorkContour", 0) or 0
        try:
            contour = Contour(code)
        except ValueError:
            self.warn(f"assignment {uid}: unknown work contour {code}, read as flat")
            contour = Contour.FLAT
        self.assignments.append(
            Assignment(
                uid=uid,
                task=task,
                resource=resource,
                units=_float(node, "Units", 1.0),
                work=_minutes(node.text("Work")),
                actual_work=_minutes(node.text("ActualWork")),
                remaining_work=_minutes(node.text("RemainingWork")),
                contour=contour,
                start=node.date("Start"),
                finish=node.date("Finish"),
                cost=money(node.text("Cost")),
                extra=_extras(element, ASSIGNMENT_READ, ASSIGNMENT_RECOMPUTED),
            )
        )

    # -- the whole document ---------------------------------------------------------------------
    def document(self, root: Element) -> PlanDocument:
        calendars = self.calendars
        tasks = [
            t if t.calendar is None or t.calendar in calendars else replace(t, calendar=None)
            for t in self.tasks
        ]
        known = {t.uid for t in tasks}
        links = []
        for link in self.links:
            missing = [end for end in (link.predecessor, link.successor) if end not in known]
            if missing:
                ends = f"{link.predecessor} -> {link.successor}"
                self.warn(f"link {ends} was left out: task {missing[0]} is not in the file")
            else:
                links.append(link)
        resources = []
        for r in self.resources:
            if r.calendar is not None and r.calendar not in calendars:
                self.warn(f"resource {r.uid}: calendar {r.calendar} is not in the file (left out)")
                resources.append(replace(r, calendar=None))
            else:
                resources.append(r)
        resource_uids = {r.uid for r in resources}
        assignments = []
        for a in self.assignments:
            if a.task not in known or a.resource not in resource_uids:
                what = f"task {a.task}" if a.task not in known else f"resource {a.resource}"
                self.warn(f"assignment {a.uid} was left out: {what} is not in the file")
            else:
                assignments.append(a)
        project = Project(
            tasks=tuple(tasks), links=tuple(links), calendars=calendars, **project_settings(root)
        )
        return PlanDocument(
            project=project,
            details=self.details,
            resources=tuple(resources),
            assignments=tuple(assignments),
            extra=_extras(root, PROJECT_READ, PROJECT_RECOMPUTED),
            format="mspdi",
            stored=self.stored,
            warnings=tuple(self.warnings),
        )


_HANDLERS = {"Tasks": ("Task", _Reader.task), "Resources": ("Resource", _Reader.resource),
             "Assignments": ("Assignment", _Reader.assignment)}  # fmt: skip


def _check_root(tag: str) -> None:
    namespace = tag[1:].split("}", 1)[0] if tag.startswith("{") else ""
    name = local_name(tag)
    if name != "Project":
        raise ImportRefusedError(
            f"not a Microsoft Project XML file: the root element is <{name}>, not <Project>"
        )
    if namespace not in ("", MSPDI_NAMESPACE):
        raise ImportRefusedError(
            f"not a Microsoft Project XML file: <Project> is in the namespace {namespace!r}, "
            f"expected {MSPDI_NAMESPACE!r}"
        )


def _events(source: XmlSource, limits: Limits) -> Iterator[tuple[str, Element, int, Element | None]]:
    """(event, element, line, parent) for the elements directly under the root and one level below."""
    stream = iterparse_capped(source, limits, strip_namespaces=True, event_depth=3)
    stack: list[Element] = []
    for event, element in stream:
        if event == "start":
            if not stack:
                _check_root(stream.root_tag or "")
            stack.append(element)
            continue
        stack.pop()
        if 1 <= len(stack) <= 2:
            yield event, element, stream.line, stack[-1]
        elif not stack:
            yield event, element, stream.line, None


def read_mspdi_document(source: XmlSource, limits: Limits = DEFAULT_LIMITS) -> PlanDocument:
    """Read a Microsoft Project XML file (MSPDI) into a plan document.

    Parameters
    ----------
    source : bytes, binary file, Path or iterable of bytes
        The file (an upload's chunks are read as they come).
    limits : Limits
        Byte, element and task caps, applied while reading.

    Returns
    -------
    PlanDocument
        ``format="mspdi"``; ``stored`` holds Microsoft Project's computed dates per task uid;
        ``warnings`` names the links and assignments left out (to a task or resource not in the
        file, or to another project).

    Raises
    ------
    ImportRefusedError
        Unsafe XML (DTDs, entities, XInclude), a cap reached, malformed or truncated XML, a root
        that is not ``<Project>``, an unreadable value (naming the line), or what
        :func:`~pmo.interchange.document.check_document` refuses (duplicate UIDs, dates outside
        1984-2149, ...).

    Examples
    --------
    >>> xml = b'''<Project xmlns="http://schemas.microsoft.com/project"><Tasks><Task><UID>1</UID>
    ... <Name>A</Name><Duration>PT16H0M0S</Duration><Notes>Check the site</Notes></Task></Tasks></Project>'''
    >>> doc = read_mspdi_document(xml)
    >>> doc.project.tasks[0].duration, doc.detail(1).notes
    (960, 'Check the site')
    """
    reader = _Reader(limits)
    root: Element | None = None
    for _event, element, line, parent in _events(source, limits):
        try:
            if parent is None:
                root = element
            elif parent.tag == "Project":
                if element.tag == "Calendars":
                    reader.calendars = calendars_from_element(element)
                    parent.remove(element)
                elif element.tag in _HANDLERS:
                    parent.remove(element)  # its records were handled one by one
            else:
                handled = _HANDLERS.get(parent.tag)
                if handled is not None and element.tag == handled[0]:
                    handled[1](reader, element)
                    parent.remove(element)
        except ReaderError as exc:
            raise ImportRefusedError(str(exc), where=f"<{element.tag}> ending on line {line}") from None
        except (ValueError, OverflowError) as exc:
            if isinstance(exc, ImportRefusedError):
                raise
            raise ImportRefusedError(
                f"unreadable value: {exc}", where=f"<{element.tag}> ending on line {line}"
            ) from None
    if root is None:  # pragma: no cover - the parser refuses a document without a root
        raise ImportRefusedError("the file is empty")
    try:
        doc = reader.document(root)
    except ReaderError as exc:
        raise ImportRefusedError(str(exc), where="<Project>") from None
    check_document(doc, limits)
    return doc
