"""Primavera P6 XER files into a :class:`~pmo.interchange.document.PlanDocument`.

The network (activities, relationships, calendars, constraints, progress, data date) is the one
:func:`pmo.engine.readers.xer.read_xer` builds; this module adds what the plan document carries
beyond scheduling. The mapping, and each thing left out, is in ``docs/engine/p6-import.md``.

Examples
--------
>>> text = (
...     "ERMHDR\\t8.2\\n%T\\tPROJECT\\n%F\\tproj_id\\tproj_short_name\\n%R\\t1\\tP\\n"
...     "%T\\tTASK\\n%F\\ttask_id\\tproj_id\\ttask_type\\ttask_code\\ttarget_drtn_hr_cnt\\n"
...     "%R\\t7\\t1\\tTT_FinMile\\tM100\\t0\\n%E\\n"
... )
>>> xer_projects(text.encode())
[('P', 'P')]
>>> doc = read_xer_document(text.encode())
>>> doc.format, doc.detail(7).code, doc.detail(7).activity_type
('xer', 'M100', 'finish_milestone')
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime
from decimal import Decimal, InvalidOperation

from pmo.engine.readers.mspdi import ReaderError
from pmo.engine.readers.xer import MAX_ROWS, XerDocument, XerFile, parse_xer, read_xer
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
    XER_ACTIVITY_TYPES,
    XER_PRIORITIES,
    Source,
    join_notes,
    memo_to_text,
    read_capped,
    scheduling_warnings,
)

__all__ = ["read_xer_document", "xer_projects"]

Row = dict[str, str]

#: TASK columns the document models elsewhere, or that P6 recomputes (our engine does too).
TASK_SKIPPED = frozenset({
    "task_id", "proj_id", "task_code", "task_name", "task_type", "target_drtn_hr_cnt",
    "remain_drtn_hr_cnt", "act_start_date", "act_end_date", "cstr_type", "cstr_date", "clndr_id",
    "priority_type", "status_code",
    "early_start_date", "early_end_date", "late_start_date", "late_end_date", "restart_date",
    "reend_date", "rem_late_start_date", "rem_late_end_date", "total_float_hr_cnt",
    "free_float_hr_cnt", "float_path", "float_path_order", "driving_path_flag", "crt_path_num",
})  # fmt: skip
RSRC_SKIPPED = frozenset({"rsrc_id", "rsrc_name", "rsrc_short_name", "rsrc_type", "email_addr"})
TASKRSRC_SKIPPED = frozenset({
    "taskrsrc_id", "task_id", "proj_id", "rsrc_id", "target_qty_per_hr", "target_qty", "act_reg_qty",
    "act_ot_qty", "remain_qty", "target_cost", "act_start_date", "act_end_date", "target_start_date",
    "target_end_date", "restart_date", "reend_date", "rem_late_start_date", "rem_late_end_date",
})  # fmt: skip


def _parse(source: Source, limits: Limits, encoding: str | None) -> XerDocument:
    data = read_capped(source, limits.max_bytes, "XER")
    try:
        return parse_xer(
            data, encoding=encoding, max_bytes=limits.max_bytes, max_rows=min(MAX_ROWS, limits.max_elements)
        )
    except (ReaderError, LookupError) as exc:
        raise ImportRefusedError(str(exc)) from None


def _project_names(raw: XerDocument) -> dict[str, str]:
    """P6 keeps a project's name on its WBS root node (``proj_node_flag = Y``)."""
    return {
        r.get("proj_id", ""): r.get("wbs_name", "")
        for r in raw.rows("PROJWBS")
        if r.get("proj_node_flag") == "Y"
    }


def xer_projects(
    source: Source, *, limits: Limits = DEFAULT_LIMITS, encoding: str | None = None
) -> list[tuple[str, str]]:
    """The projects of an XER file as ``(proj_short_name, name)``, in file order.

    Raises
    ------
    ImportRefusedError
        What :func:`read_xer_document` refuses before choosing a project.
    """
    raw = _parse(source, limits, encoding)
    names = _project_names(raw)
    return [
        (p.get("proj_short_name", ""), names.get(p.get("proj_id", "")) or p.get("proj_short_name", ""))
        for p in raw.rows("PROJECT")
    ]


def _choose(raw: XerDocument, project: str | None) -> Row:
    projects = raw.rows("PROJECT")
    if not projects:
        raise ImportRefusedError("the XER file holds no projects (no PROJECT rows)")
    if project is None:
        return projects[0]
    for p in projects:
        if p.get("proj_short_name") == project:
            return p
    held = ", ".join(p.get("proj_short_name", "") for p in projects)
    raise ImportRefusedError(f"no project {project!r} in the XER file; it holds {held}")


def _number(row: Row, key: str, where: str) -> float | None:
    value = row.get(key, "").strip()
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        raise ImportRefusedError(f"{key} should be a number, got {value[:40]!r}", where=where) from None


def _decimal(row: Row, key: str, where: str) -> Decimal | None:
    value = row.get(key, "").strip()
    if not value:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite():
        raise ImportRefusedError(f"{key} should be an amount, got {value[:40]!r}", where=where)
    return number


def _date(row: Row, key: str, where: str) -> datetime | None:
    value = row.get(key, "").strip()
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise ImportRefusedError(f"{key} should be a date, got {value[:40]!r}", where=where) from None


def _uid(row: Row, key: str, where: str) -> int:
    value = _number(row, key, where)
    if value is None:
        raise ImportRefusedError(f"{key} is missing", where=where)
    return int(value)


def _minutes(hours: float | None) -> int | None:
    return None if hours is None else round(hours * 60)


def _extra(table: str, row: Row, skipped: frozenset[str]) -> Extras:
    return {f"{table}.{k}": (v,) for k, v in row.items() if v and k not in skipped}


def _details(raw: XerDocument, rows: list[Row], proj_id: str) -> dict[int, TaskDetails]:
    uids = {r["task_id"]: int(float(r["task_id"])) for r in rows}  # read_xer checked them
    topics = {r.get("memo_type_id", ""): r.get("memo_type", "") for r in raw.rows("MEMOTYPE")}
    memos: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for m in raw.rows("TASKMEMO"):
        if m.get("task_id") in uids:
            text = memo_to_text(m.get("task_memo", ""))
            memos[uids[m["task_id"]]].append((topics.get(m.get("memo_type_id", ""), ""), text))
    costs: dict[int, Decimal] = defaultdict(Decimal)
    for c in raw.rows("PROJCOST"):
        amount = _decimal(c, "target_cost", f"PROJCOST {c.get('cost_item_id')}")
        if c.get("task_id") in uids and c.get("proj_id", proj_id) == proj_id and amount is not None:
            costs[uids[c["task_id"]]] += amount
    details: dict[int, TaskDetails] = {}
    for row in rows:
        uid = uids[row["task_id"]]
        kind = row.get("task_type", "") or "TT_Task"
        skipped = TASK_SKIPPED if kind in XER_ACTIVITY_TYPES else TASK_SKIPPED - {"task_type"}
        details[uid] = TaskDetails(
            notes=join_notes(memos.get(uid, ())),
            priority=XER_PRIORITIES.get(row.get("priority_type", ""), 500),
            code=row.get("task_code", ""),
            activity_type=XER_ACTIVITY_TYPES.get(kind, "task"),
            fixed_cost=costs.get(uid),
            extra=_extra("TASK", row, skipped),
        )
    return details


def _rate_at(rates: list[Row], when: datetime | None) -> Row | None:
    """The rate row in force at ``when`` (the latest starting on or before it), else the first."""
    if not rates:
        return None
    dated = sorted(rates, key=lambda r: r.get("start_date", ""))
    if when is None:
        return dated[0]
    chosen = dated[0]
    for r in dated:
        if r.get("start_date", "") <= f"{when:%Y-%m-%d %H:%M}":
            chosen = r
    return chosen


def _resources(raw: XerDocument, xf: XerFile) -> tuple[Resource, ...]:
    rates: dict[str, list[Row]] = defaultdict(list)
    for r in raw.rows("RSRCRATE"):
        rates[r.get("rsrc_id", "")].append(r)
    units = {u.get("unit_id", ""): u.get("unit_abbrev", "") for u in raw.rows("UMEASURE")}
    names = {r.get("rsrc_id", ""): r.get("rsrc_name", "") for r in raw.rows("RSRC")}
    out: list[Resource] = []
    for row in raw.rows("RSRC"):
        where = f"RSRC {row.get('rsrc_id', '')} ({row.get('rsrc_short_name', '')})"
        rate = _rate_at(rates.get(row.get("rsrc_id", ""), []), xf.data_date)
        rwhere = f"RSRCRATE {rate.get('rsrc_rate_id', '')}" if rate else where
        material = row.get("rsrc_type") == "RT_Mat"
        max_units = _number(rate, "max_qty_per_hr", rwhere) if rate else None
        calendar = row.get("clndr_id", "")
        out.append(
            Resource(
                uid=_uid(row, "rsrc_id", where),
                name=row.get("rsrc_name", "") or row.get("rsrc_short_name", ""),
                kind=ResourceKind.MATERIAL if material else ResourceKind.WORK,
                code=row.get("rsrc_short_name", ""),
                email=row.get("email_addr", ""),
                group=names.get(row.get("parent_rsrc_id", ""), ""),
                max_units=1.0 if max_units is None or material else max_units,
                standard_rate=_decimal(rate, "cost_per_qty", rwhere) if rate else None,
                material_label=units.get(row.get("unit_id", ""), "") if material else "",
                calendar=calendar if calendar in xf.project.calendars else None,
                extra=_extra("RSRC", row, RSRC_SKIPPED),
            )
        )
    return tuple(out)


def _assignments(
    raw: XerDocument, proj_id: str, tasks: set[int], resources: set[int], warnings: list[str]
) -> tuple[Assignment, ...]:
    out: list[Assignment] = []
    roles = dangling = 0
    for row in raw.rows("TASKRSRC"):
        if row.get("proj_id", proj_id) != proj_id:
            continue
        where = f"TASKRSRC {row.get('taskrsrc_id', '')}"
        task = _uid(row, "task_id", where)
        if task not in tasks:
            continue
        if not row.get("rsrc_id", "").strip():
            roles += 1
            continue
        resource = _uid(row, "rsrc_id", where)
        if resource not in resources:
            dangling += 1
            continue
        reg, ot = _number(row, "act_reg_qty", where), _number(row, "act_ot_qty", where)
        actual = None if reg is None and ot is None else (reg or 0.0) + (ot or 0.0)
        units = _number(row, "target_qty_per_hr", where)
        out.append(
            Assignment(
                uid=_uid(row, "taskrsrc_id", where),
                task=task,
                resource=resource,
                units=1.0 if units is None else units,
                work=_minutes(_number(row, "target_qty", where)),
                actual_work=_minutes(actual),
                remaining_work=_minutes(_number(row, "remain_qty", where)),
                start=_date(row, "act_start_date", where) or _date(row, "target_start_date", where),
                finish=_date(row, "act_end_date", where) or _date(row, "target_end_date", where),
                cost=_decimal(row, "target_cost", where),
                extra=_extra("TASKRSRC", row, TASKRSRC_SKIPPED),
            )
        )
    if roles:
        warnings.append(f"{roles} role assignment(s) without a resource were left out")
    if dangling:
        warnings.append(
            f"{dangling} assignment(s) naming a resource missing from the RSRC table were left out"
        )
    return tuple(out)


def read_xer_document(
    source: Source,
    project: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    *,
    encoding: str | None = None,
) -> PlanDocument:
    """Read one project of an XER file into a plan document (format ``"xer"``).

    Parameters
    ----------
    source : str, Path, bytes or binary file
    project : str, optional
        ``proj_short_name`` (see :func:`xer_projects`); default the first project of the file.
    limits : Limits
        ``max_bytes``, ``max_elements`` (XER rows) and ``max_tasks`` are enforced.
    encoding : str, optional
        The code page of the exporting machine when not UTF-8 or Windows-1252 (``"cp1251"``).

    Raises
    ------
    ImportRefusedError
        Too large, truncated or malformed (naming the table and line), an unknown project, too
        many activities, unreadable values (naming the table and row), or what
        :func:`~pmo.interchange.document.check_document` refuses.
    """
    raw = _parse(source, limits, encoding)
    chosen = _choose(raw, project)
    proj_id = chosen.get("proj_id", "")
    rows = [r for r in raw.rows("TASK") if r.get("proj_id") == proj_id]
    if len(rows) > limits.max_tasks:
        raise ImportRefusedError(
            f"project {chosen.get('proj_short_name', '')} has {len(rows):,} activities; "
            f"the limit is {limits.max_tasks:,}"
        )
    try:
        xf = read_xer(raw, project, fnlt_as_deadline=True)
    except ReaderError as exc:
        raise ImportRefusedError(str(exc)) from None

    warnings = list(xf.warnings)
    if len(raw.rows("PROJECT")) > 1:
        others = [p.get("proj_short_name", "") for p in raw.rows("PROJECT") if p is not chosen]
        warnings.append(f"the file holds other projects, not imported: {', '.join(others)}")
    details = _details(raw, rows, proj_id)
    types = {uid: d.activity_type for uid, d in details.items()}
    codes = {uid: d.code for uid, d in details.items()}
    warnings += scheduling_warnings(types, codes, xf.external_links)
    secondary = sum(1 for r in rows if r.get("cstr_type2", "").strip())
    if secondary:
        warnings.append(f"{secondary} secondary constraint(s) (cstr_type2) were not applied")
    resources = _resources(raw, xf)
    assignments = _assignments(raw, proj_id, set(details), {r.uid for r in resources}, warnings)

    extra: dict[str, tuple[str, ...]] = dict(_extra("PROJECT", chosen, frozenset()))
    extra["ERMHDR"] = raw.header
    extra["PROJWBS"] = tuple(
        json.dumps({k: v for k, v in r.items() if v}, ensure_ascii=False, sort_keys=True)
        for r in raw.rows("PROJWBS")
        if r.get("proj_id") == proj_id
    )
    doc = PlanDocument(
        project=xf.project,
        details=details,
        resources=resources,
        assignments=assignments,
        extra=extra,
        format="xer",
        stored=dict(xf.stored),
        warnings=tuple(warnings),
    )
    check_document(doc, limits)
    return doc
