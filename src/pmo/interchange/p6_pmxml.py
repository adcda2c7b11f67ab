"""Primavera P6 XML (PMXML, ``<APIBusinessObjects>``) into a :class:`~pmo.interchange.document.PlanDocument`.

The XML is parsed once, with :mod:`defusedxml` (DTDs, entities and external references refused)
while counting elements against ``limits.max_elements``; the network is then the one
:func:`pmo.engine.readers.pmxml.read_pmxml` builds from that tree, and this module adds notes,
codes, activity types, priorities, resources, assignments and the fields we do not model. The
mapping is in ``docs/engine/p6-import.md``.

Examples
--------
>>> xml = b'''<APIBusinessObjects><Project><ObjectId>1</ObjectId><Id>P</Id><Name>Plant</Name>
... <Activity><ObjectId>5</ObjectId><Id>A100</Id><Type>Level of Effort</Type>
... <PlannedDuration>16</PlannedDuration></Activity></Project></APIBusinessObjects>'''
>>> pmxml_projects(xml)
[('P', 'Plant')]
>>> doc = read_pmxml_document(xml)
>>> doc.format, doc.detail(5).code, doc.detail(5).activity_type
('pmxml', 'A100', 'level_of_effort')
"""

from __future__ import annotations

import io
import json
from collections import defaultdict
from datetime import datetime
from decimal import Decimal, InvalidOperation
from xml.etree.ElementTree import Element, ParseError

import defusedxml
import defusedxml.ElementTree as SafeET

from pmo.engine.readers.mspdi import ReaderError
from pmo.engine.readers.pmxml import (
    PmxmlFile,
    check_root,
    child_elements,
    child_text,
    element_where,
    project_key,
    read_pmxml,
    select_project,
)
from pmo.interchange.document import (
    Assignment,
    Extras,
    PlanDocument,
    Resource,
    ResourceKind,
    TaskDetails,
    check_document,
)
from pmo.interchange.errors import ImportRefusedError
from pmo.interchange.limits import DEFAULT_LIMITS, Limits
from pmo.interchange.p6_common import (
    PMXML_ACTIVITY_TYPES,
    PMXML_PRIORITIES,
    Source,
    join_notes,
    memo_to_text,
    read_capped,
    scheduling_warnings,
)

__all__ = ["pmxml_projects", "read_pmxml_document"]

#: Activity elements the document models elsewhere, or that P6 recomputes (our engine does too).
ACTIVITY_SKIPPED = frozenset({
    "ObjectId", "Id", "Name", "Type", "PlannedDuration", "RemainingDuration", "ActualStartDate",
    "ActualFinishDate", "PrimaryConstraintType", "PrimaryConstraintDate", "CalendarObjectId",
    "LevelingPriority", "ProjectObjectId", "Status",
    "EarlyStartDate", "EarlyFinishDate", "LateStartDate", "LateFinishDate", "RemainingEarlyStartDate",
    "RemainingEarlyFinishDate", "RemainingLateStartDate", "RemainingLateFinishDate", "StartDate",
    "FinishDate", "TotalFloat", "FreeFloat", "FloatPath", "FloatPathOrder", "IsCritical",
    "IsLongestPath", "DrivingPathFlag", "RemainingFloat",
})  # fmt: skip
RESOURCE_SKIPPED = frozenset({"ObjectId", "Name", "Id", "ResourceType", "EmailAddress"})
ASSIGNMENT_SKIPPED = frozenset({
    "ObjectId", "ActivityObjectId", "ResourceObjectId", "ProjectObjectId", "PlannedUnitsPerTime",
    "PlannedUnits", "ActualUnits", "RemainingUnits", "PlannedCost", "ActualStartDate",
    "ActualFinishDate", "PlannedStartDate", "PlannedFinishDate", "StartDate", "FinishDate",
    "RemainingStartDate", "RemainingFinishDate",
})  # fmt: skip
#: Project children read elsewhere (``WBS`` is kept, one JSON object per node).
PROJECT_SKIPPED = frozenset({
    "Activity", "Relationship", "ResourceAssignment", "ActivityNote", "ActivityExpense", "Calendar",
})  # fmt: skip
_UNSAFE = "DTDs and entities are not allowed in imported XML"


def _name(e: Element) -> str:
    return e.tag.rsplit("}", 1)[-1]


def _number(e: Element, name: str) -> float | None:
    v = child_text(e, name)
    if v is None:
        return None
    try:
        return float(v.replace(",", ".") if "." not in v else v)  # Aspose writes decimal commas
    except ValueError:
        raise ImportRefusedError(
            f"<{name}> should be a number, got {v[:40]!r}", where=element_where(e)
        ) from None


def _decimal(e: Element, name: str) -> Decimal | None:
    v = child_text(e, name)
    if v is None:
        return None
    try:
        amount = Decimal(v.replace(",", ".") if "." not in v else v)
    except InvalidOperation:
        amount = Decimal("NaN")
    if not amount.is_finite():
        raise ImportRefusedError(f"<{name}> should be an amount, got {v[:40]!r}", where=element_where(e))
    return amount


def _date(e: Element, name: str) -> datetime | None:
    v = child_text(e, name)
    if v is None:
        return None
    try:
        return datetime.fromisoformat(v)
    except ValueError:
        raise ImportRefusedError(
            f"<{name}> should be a date, got {v[:40]!r}", where=element_where(e)
        ) from None


def _uid(e: Element, name: str = "ObjectId") -> int:
    value = _number(e, name)
    if value is None:
        raise ImportRefusedError(f"<{name}> is missing", where=element_where(e))
    return int(value)


def _minutes(hours: float | None) -> int | None:
    return None if hours is None else round(hours * 60)


def _extra(prefix: str, e: Element, skipped: frozenset[str]) -> Extras:
    """Leaf children as their text; nested ones (``<UDF>``, ``<Code>``) as JSON of their leaves."""
    out: dict[str, list[str]] = defaultdict(list)
    for c in e:
        name = _name(c)
        if name in skipped:
            continue
        if len(c):
            leaves = {_name(g): (g.text or "").strip() for g in c if not len(g) and (g.text or "").strip()}
            if leaves:
                out[f"{prefix}.{name}"].append(json.dumps(leaves, ensure_ascii=False, sort_keys=True))
        elif c.text and c.text.strip():
            out[f"{prefix}.{name}"].append(c.text.strip())
    return {k: tuple(v) for k, v in out.items()}


def _parse(source: Source, limits: Limits) -> Element:
    """Parse safely, refusing DTDs and entities, malformed XML and more than ``max_elements``."""
    data = read_capped(source, limits.max_bytes, "P6 XML")
    root: Element | None = None
    count = 0
    try:
        for _, element in SafeET.iterparse(io.BytesIO(data), events=("start",), forbid_dtd=True):
            if root is None:
                root = element
            count += 1
            if count > limits.max_elements:
                raise ImportRefusedError(
                    f"the file has more than {limits.max_elements:,} XML elements, the limit"
                )
    except defusedxml.DefusedXmlException as exc:
        raise ImportRefusedError(f"refused unsafe XML ({type(exc).__name__}): {_UNSAFE}") from None
    except ParseError as exc:
        line, column = getattr(exc, "position", (0, 0))
        raise ImportRefusedError(f"malformed XML: {exc}", where=f"line {line}, column {column}") from None
    if root is None:
        raise ImportRefusedError("the P6 XML file is empty")
    try:
        return check_root(root)
    except ReaderError as exc:
        raise ImportRefusedError(str(exc)) from None


def pmxml_projects(source: Source, *, limits: Limits = DEFAULT_LIMITS) -> list[tuple[str, str]]:
    """The projects of a P6 XML file as ``(Id, Name)``, baseline projects included, in file order.

    Raises
    ------
    ImportRefusedError
        What :func:`read_pmxml_document` refuses before choosing a project.
    """
    root = _parse(source, limits)
    return [
        (project_key(p), child_text(p, "Name") or project_key(p))
        for p in root
        if _name(p) in ("Project", "BaselineProject")
    ]


def _notes(root: Element, chosen: Element, uids: set[int]) -> dict[int, str]:
    topics = {
        child_text(t, "ObjectId"): child_text(t, "Name") or "" for t in child_elements(root, "NotebookTopic")
    }
    memos: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for n in [*child_elements(root, "ActivityNote"), *child_elements(chosen, "ActivityNote")]:
        uid = _number(n, "ActivityObjectId")
        if uid is not None and int(uid) in uids:
            topic = topics.get(child_text(n, "NotebookTopicObjectId"), "")
            memos[int(uid)].append((topic, memo_to_text(child_text(n, "Note") or "")))
    return {uid: join_notes(m) for uid, m in memos.items()}


def _details(root: Element, chosen: Element) -> dict[int, TaskDetails]:
    activities = child_elements(chosen, "Activity")
    uids = {_uid(a) for a in activities}
    notes = _notes(root, chosen, uids)
    costs: dict[int, Decimal] = defaultdict(Decimal)
    for x in [*child_elements(root, "ActivityExpense"), *child_elements(chosen, "ActivityExpense")]:
        uid, amount = _number(x, "ActivityObjectId"), _decimal(x, "PlannedCost")
        if uid is not None and int(uid) in uids and amount is not None:
            costs[int(uid)] += amount
    details: dict[int, TaskDetails] = {}
    for a in activities:
        uid = _uid(a)
        kind = child_text(a, "Type") or "Task Dependent"
        skipped = ACTIVITY_SKIPPED if kind in PMXML_ACTIVITY_TYPES else ACTIVITY_SKIPPED - {"Type"}
        details[uid] = TaskDetails(
            notes=notes.get(uid, ""),
            priority=PMXML_PRIORITIES.get(child_text(a, "LevelingPriority") or "", 500),
            code=child_text(a, "Id") or "",
            activity_type=PMXML_ACTIVITY_TYPES.get(kind, "task"),
            fixed_cost=costs.get(uid),
            extra=_extra("Activity", a, skipped),
        )
    return details


def _rate_at(rates: list[Element], when: datetime | None) -> Element | None:
    """The ``<ResourceRate>`` in force at ``when`` (latest effective on or before it), else the first."""
    if not rates:
        return None
    dated = sorted(rates, key=lambda r: child_text(r, "EffectiveDate") or "")
    chosen = dated[0]
    for r in dated:
        if when is not None and (child_text(r, "EffectiveDate") or "") <= when.isoformat():
            chosen = r
    return chosen


def _resources(root: Element, pf: PmxmlFile) -> tuple[Resource, ...]:
    rates: dict[str | None, list[Element]] = defaultdict(list)
    for r in child_elements(root, "ResourceRate"):
        rates[child_text(r, "ResourceObjectId")].append(r)
    units = {
        child_text(u, "ObjectId"): child_text(u, "Abbreviation") or ""
        for u in child_elements(root, "UnitOfMeasure")
    }
    elements = child_elements(root, "Resource")
    names = {child_text(r, "ObjectId"): child_text(r, "Name") or "" for r in elements}
    out: list[Resource] = []
    for e in elements:
        rate = _rate_at(rates.get(child_text(e, "ObjectId"), []), pf.data_date)
        material = child_text(e, "ResourceType") == "Material"
        max_units = (_number(rate, "MaxUnitsPerTime") if rate is not None else None) or _number(
            e, "MaxUnitsPerTime"
        )
        price = _decimal(rate, "PricePerUnit") if rate is not None else _decimal(e, "PricePerUnit")
        calendar = child_text(e, "CalendarObjectId") or ""
        out.append(
            Resource(
                uid=_uid(e),
                name=child_text(e, "Name") or child_text(e, "Id") or "",
                kind=ResourceKind.MATERIAL if material else ResourceKind.WORK,
                code=child_text(e, "Id") or "",
                email=child_text(e, "EmailAddress") or "",
                group=names.get(child_text(e, "ParentObjectId"), ""),
                max_units=1.0 if max_units is None or material else max_units,
                standard_rate=price,
                material_label=units.get(child_text(e, "UnitOfMeasureObjectId"), "") if material else "",
                calendar=calendar if calendar in pf.project.calendars else None,
                extra=_extra("Resource", e, RESOURCE_SKIPPED),
            )
        )
    return tuple(out)


def _assignments(
    root: Element, chosen: Element, tasks: set[int], resources: set[int], warnings: list[str]
) -> tuple[Assignment, ...]:
    out: list[Assignment] = []
    roles = dangling = 0
    for e in [*child_elements(root, "ResourceAssignment"), *child_elements(chosen, "ResourceAssignment")]:
        task = _number(e, "ActivityObjectId")
        if task is None or int(task) not in tasks:
            continue
        resource = _number(e, "ResourceObjectId")
        if resource is None:
            roles += 1
            continue
        if int(resource) not in resources:
            dangling += 1
            continue
        actual = _number(e, "ActualUnits")
        if actual is None:
            reg, ot = _number(e, "ActualRegularUnits"), _number(e, "ActualOvertimeUnits")
            actual = None if reg is None and ot is None else (reg or 0.0) + (ot or 0.0)
        units = _number(e, "PlannedUnitsPerTime")
        out.append(
            Assignment(
                uid=_uid(e),
                task=int(task),
                resource=int(resource),
                units=1.0 if units is None else units,
                work=_minutes(_number(e, "PlannedUnits")),
                actual_work=_minutes(actual),
                remaining_work=_minutes(_number(e, "RemainingUnits")),
                start=_date(e, "ActualStartDate") or _date(e, "PlannedStartDate"),
                finish=_date(e, "ActualFinishDate") or _date(e, "PlannedFinishDate"),
                cost=_decimal(e, "PlannedCost"),
                extra=_extra("ResourceAssignment", e, ASSIGNMENT_SKIPPED),
            )
        )
    if roles:
        warnings.append(f"{roles} role assignment(s) without a resource were left out")
    if dangling:
        warnings.append(f"{dangling} assignment(s) naming a resource missing from the file were left out")
    return tuple(out)


def read_pmxml_document(
    source: Source, project: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> PlanDocument:
    """Read one project of a P6 XML file into a plan document (format ``"pmxml"``).

    Parameters
    ----------
    source : str, Path, bytes or binary file
    project : str, optional
        ``Id`` (else ``Name``) of a ``<Project>`` or ``<BaselineProject>`` (see
        :func:`pmxml_projects`); default the first project holding activities.
    limits : Limits
        ``max_bytes``, ``max_elements`` and ``max_tasks`` are enforced.

    Raises
    ------
    ImportRefusedError
        A DTD or entity, malformed XML (naming line and column), too large, too many elements or
        activities, an unknown project, unreadable values (naming the element), or what
        :func:`~pmo.interchange.document.check_document` refuses.
    """
    root = _parse(source, limits)
    try:
        chosen, names = select_project(root, project)
    except ReaderError as exc:
        raise ImportRefusedError(str(exc)) from None
    activities = len(child_elements(chosen, "Activity"))
    if activities > limits.max_tasks:
        raise ImportRefusedError(
            f"project {project_key(chosen)} has {activities:,} activities; the limit is {limits.max_tasks:,}"
        )
    try:
        pf = read_pmxml(root, project, fnlt_as_deadline=True)
    except ReaderError as exc:
        raise ImportRefusedError(str(exc)) from None

    warnings: list[str] = []
    if len(names) > 1:
        others = [n for p, n in zip([p for p in root if _name(p) in ("Project", "BaselineProject")],
                                    names, strict=True) if p is not chosen]  # fmt: skip
        warnings.append(f"the file holds other projects, not imported: {', '.join(others)}")
    if _name(chosen) == "BaselineProject":
        warnings.append("the chosen project is a P6 baseline copy (<BaselineProject>)")
    details = _details(root, chosen)
    types = {uid: d.activity_type for uid, d in details.items()}
    codes = {uid: d.code for uid, d in details.items()}
    warnings += scheduling_warnings(types, codes, pf.external_links)
    secondary = sum(1 for a in child_elements(chosen, "Activity") if child_text(a, "SecondaryConstraintType"))
    if secondary:
        warnings.append(f"{secondary} secondary constraint(s) were not applied")
    resources = _resources(root, pf)
    assignments = _assignments(root, chosen, set(details), {r.uid for r in resources}, warnings)

    extra = dict(_extra("Project", chosen, PROJECT_SKIPPED))
    if pf.schema:
        extra["APIBusinessObjects.schema"] = (pf.schema,)
    doc = PlanDocument(
        project=pf.project,
        details=details,
        resources=resources,
        assignments=assignments,
        extra=extra,
        format="pmxml",
        stored=dict(pf.stored),
        warnings=tuple(warnings),
    )
    check_document(doc, limits)
    return doc
