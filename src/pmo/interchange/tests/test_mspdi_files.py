"""Every shared MSPDI file: read (as the engine reader does, plus details), write, read back, same plan."""

from __future__ import annotations

from dataclasses import astuple
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from pmo.engine.readers.mspdi import read_mspdi
from pmo.engine.schedule import Calendar, Project, ScheduleError, schedule
from pmo.interchange.document import Contour, PlanDocument, ResourceKind
from pmo.interchange.mspdi import read_mspdi_document, write_mspdi_document
from pmo.testing.data import require_shared_data, shared_data_dir

#: Files refused on purpose, with the reason (none today: every shared file imports).
REFUSED: dict[str, str] = {}

SETTINGS = (
    "calendar", "start", "finish", "schedule_from_start", "status_date", "minutes_per_day",
    "minutes_per_week", "days_per_month", "critical_slack", "multiple_critical_paths", "name",
)  # fmt: skip


def _files() -> list[Path]:
    root = shared_data_dir() / "mspdi"
    return sorted(root.rglob("*.xml")) if root.exists() else []


def _id(path: Path | None) -> str:
    return "absent" if path is None else str(path.relative_to(shared_data_dir() / "mspdi"))


def _cal_key(cal: Calendar | None) -> Any:
    return None if cal is None else (cal.name, cal.week, cal.exceptions, _cal_key(cal.base))


def _same_network(a: Project, b: Project) -> None:
    assert [astuple(t) for t in a.tasks] == [astuple(t) for t in b.tasks]
    assert a.links == b.links
    assert {k: _cal_key(c) for k, c in a.calendars.items()} == {
        k: _cal_key(c) for k, c in b.calendars.items()
    }
    assert [getattr(a, s) for s in SETTINGS] == [getattr(b, s) for s in SETTINGS]


def _schedule(p: Project) -> Any:
    try:
        return {r.uid: (r.start, r.finish) for r in schedule(p).tasks}
    except ScheduleError as exc:
        return type(exc).__name__


def _read(path: Path | None) -> PlanDocument:
    require_shared_data("mspdi")
    if path is None:
        pytest.fail("no MSPDI files in the shared data")
    if path.name in REFUSED:
        pytest.skip(REFUSED[path.name])
    return read_mspdi_document(path)


@pytest.mark.parametrize("path", _files() or [None], ids=_id)
def test_file_reads_like_the_engine_reader(path: Path | None) -> None:
    doc = _read(path)
    engine = read_mspdi(path)  # type: ignore[arg-type]
    _same_network(engine.project, doc.project)
    assert doc.format == "mspdi"
    assert doc.stored == {t.uid: engine.stored[t.uid] for t in doc.project.tasks}
    assert set(doc.details) == {t.uid for t in doc.project.tasks}


@pytest.mark.parametrize("path", _files() or [None], ids=_id)
def test_file_round_trips(path: Path | None) -> None:
    first = _read(path)
    second = read_mspdi_document(write_mspdi_document(first))
    _same_network(first.project, second.project)
    assert second.details == first.details  # notes, baselines 0-10, priority, fixed cost, extras
    assert second.resources == first.resources
    assert second.assignments == first.assignments
    assert second.extra == first.extra
    assert second.warnings == ()
    if first.project.tasks:
        assert _schedule(second.project) == _schedule(first.project)
        # The imported dates were written as Start/Finish.
        assert {u: (s.start, s.finish) for u, s in second.stored.items()} == {
            u: (s.start, s.finish) for u, s in first.stored.items()
        }


def test_refusals_are_documented_for_real_files() -> None:
    names = {p.name for p in _files()}
    assert set(REFUSED) <= names


def _doc(*parts: str) -> PlanDocument:
    return read_mspdi_document(require_shared_data("mspdi", "mpxj", *parts))


def test_resources_assignments_and_rates_of_a_real_file() -> None:
    doc = _doc("mspdiresource.xml")
    wade = next(r for r in doc.resources if r.name == "Wade Golden")
    assert (wade.uid, wade.kind, wade.initials, wade.code, wade.group) == (
        1,
        ResourceKind.WORK,
        "WG",
        "10",
        "Steelray",
    )
    assert wade.email == "wade.golden@steelray.com" and wade.calendar == "3" and wade.max_units == 1.0
    # 50/h and 100/h overtime; 80 h of work cost 400000 hundredths in the file.
    assert (wade.standard_rate, wade.overtime_rate, wade.cost_per_use) == (
        Decimal(50),
        Decimal(100),
        Decimal(0),
    )
    assert wade.extra["Notes"] == ("<Notes>Resource Notes 1</Notes>",)
    assert "<FieldID>205520904</FieldID><Value>1</Value>" in wade.extra["ExtendedAttribute"][0]
    assert all(r.uid > 0 for r in doc.resources)  # the blank UID 0 resource is not a resource
    first = doc.assignments[0]
    assert (first.uid, first.task, first.resource, first.units, first.work) == (5, 2, 1, 1.0, 1440)
    assert (first.cost, first.contour, first.start) == (Decimal(1200), Contour.FLAT, datetime(2006, 8, 25, 8))
    assert "Baseline" in first.extra and "TimephasedData" not in first.extra


def test_cost_resources_and_material_resources() -> None:
    doc = _doc("generated", "resource-type", "resource-type-project2016-mspdi.xml")
    kinds = {r.name: r.kind for r in doc.resources}
    assert kinds["Cost Resource 1"] is ResourceKind.COST
    assert kinds["Material Resource 1"] is ResourceKind.MATERIAL
    assert kinds["Work Resource 1"] is ResourceKind.WORK


def test_baselines_0_to_10_notes_and_priorities() -> None:
    doc = _doc("generated", "task-baselines", "task-baselines-project2019-mspdi.xml")
    costs = {n: v.cost for d in doc.details.values() for n, v in d.baselines.items() if v.cost is not None}
    assert set(costs) == set(range(11))
    by_name = {t.name: doc.detail(t.uid) for t in doc.project.tasks}
    assert by_name["Baseline Cost - Task"].baselines[0].cost == Decimal(1)  # <Cost>100</Cost>
    assert by_name["Baseline2 Cost - Task"].baselines[2].cost == Decimal(3)
    assert _doc("legacy", "sample.xml").detail(1).notes == "Test Task Notes"
    assert [_doc("legacy", "mspdipriority.xml").detail(u).priority for u in (1, 2, 3)] == [1000, 900, 800]


def test_task_extras_keep_unmodelled_fields_and_leave_out_computed_ones() -> None:
    doc = _doc("mspdiresource.xml")
    extra = doc.detail(doc.project.tasks[0].uid).extra
    assert extra["Type"] == ("<Type>0</Type>",) and "CreateDate" in extra and "IsPublished" in extra
    for computed in (
        "Start",
        "Finish",
        "EarlyStart",
        "TotalSlack",
        "Critical",
        "ID",
        "OutlineNumber",
        "Work",
    ):
        assert computed not in extra
    assert "ExtendedAttributes" in doc.extra and "SaveVersion" not in doc.extra and "Tasks" not in doc.extra


def test_assignments_to_the_project_summary_task_are_left_out_with_a_warning() -> None:
    doc = _doc("mspdiassignmentfields.xml")
    assert "assignment 3 was left out: task 0 is not in the file" in doc.warnings
    assert {a.task for a in doc.assignments} <= {t.uid for t in doc.project.tasks}
