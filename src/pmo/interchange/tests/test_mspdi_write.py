"""The MSPDI writer: everything the document holds goes out in schema order and comes back."""

from __future__ import annotations

import time
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeET
import pytest

from pmo.engine.schedule import Lag, Link, LinkType, Project, Task, schedule
from pmo.interchange.document import (
    Assignment,
    BaselineValues,
    Contour,
    PlanDocument,
    Resource,
    ResourceKind,
    TaskDetails,
)
from pmo.interchange.errors import ExportError
from pmo.interchange.mspdi import read_mspdi_document, write_mspdi_document
from pmo.interchange.mspdi_schema import ASSIGNMENT_ORDER, PROJECT_ORDER, RESOURCE_ORDER, TASK_ORDER, rank
from pmo.interchange.tests.generate import generate_document, generate_mspdi
from pmo.testing.data import require_shared_data

NS = "{http://schemas.microsoft.com/project}"


def _local(e: Element) -> str:
    return e.tag.removeprefix(NS)


def _assert_schema_order(root: Element) -> None:
    """Every known child follows the order tables (unknown names are skipped)."""
    tables = {
        "Task": rank(TASK_ORDER),
        "Resource": rank(RESOURCE_ORDER),
        "Assignment": rank(ASSIGNMENT_ORDER),
    }
    checks = [(root, rank(PROJECT_ORDER))]
    for container in root:
        for element in container:
            if _local(element) in tables:
                checks.append((element, tables[_local(element)]))
    for element, ranks in checks:
        positions = [ranks[_local(c)] for c in element if _local(c) in ranks]
        assert positions == sorted(positions), [_local(c) for c in element]


def _full_document() -> PlanDocument:
    tasks = (
        Task(1, "Phase", 0),
        Task(2, "Dig", 960, parent=1, baseline_start=datetime(2024, 1, 1, 8), baseline_duration=960),
        Task(3, "Pour", 480, parent=1),
        Task(4, "Done", 0, milestone=True, deadline=datetime(2024, 2, 1, 17)),
    )
    links = (Link(2, 3, LinkType.FS, Lag(480)), Link(3, 4, LinkType.SS, Lag(percent=50.0)))
    details = {
        2: TaskDetails(
            notes="Mind the <pipes> & cables",
            priority=900,
            fixed_cost=Decimal("1234.56"),
            baselines={
                0: BaselineValues(datetime(2024, 1, 1, 8), None, 960, 1920, Decimal("99.99")),
                10: BaselineValues(datetime(2024, 3, 1, 8), datetime(2024, 3, 4, 17), 960, 960, Decimal(5)),
            },
            extra={
                "Hyperlink": ("<Hyperlink>Spec</Hyperlink>",),
                "ExtendedAttribute": (
                    "<ExtendedAttribute><FieldID>188743731</FieldID><Value>A&amp;B</Value></ExtendedAttribute>",
                    "<ExtendedAttribute><FieldID>188743732</FieldID><Value>2</Value></ExtendedAttribute>",
                ),
                "Type": ("<Type>1</Type>",),
                "FutureField": ("<FutureField>kept</FutureField>",),
                "TASK.task_code": ("A1000",),  # a P6 key: ignored by the MSPDI writer
                "Start": ("<Start>2000-01-01T08:00:00</Start>",),  # recomputed: never copied back
            },
        ),
        3: TaskDetails(priority=0),
    }
    resources = (
        Resource(1, "Ann", ResourceKind.WORK, code="A1", initials="AN", email="ann@example.org",
                 group="Civil", max_units=0.5, standard_rate=Decimal("62.5"), overtime_rate=Decimal(90),
                 cost_per_use=Decimal("12.3"),
                 calendar="2", extra={"Notes": ("<Notes>Lead</Notes>",)}),
        Resource(2, "Concrete", ResourceKind.MATERIAL, material_label="m3", standard_rate=Decimal(110)),
        Resource(3, "Travel", ResourceKind.COST, generic=True),
    )  # fmt: skip
    assignments = (
        Assignment(10, 2, 1, units=0.5, work=960, actual_work=120, remaining_work=840, contour=Contour.BELL,
                   start=datetime(2024, 1, 1, 8), finish=datetime(2024, 1, 4, 17), cost=Decimal("500.25"),
                   extra={"Delay": ("<Delay>0</Delay>",)}),
        Assignment(11, 3, 2, units=12.0),
    )  # fmt: skip
    from pmo.engine.schedule import Calendar

    project = Project(
        tasks=tasks, links=links, calendars={"1": Calendar(name="Standard"), "2": Calendar(name="Ann's")},
        calendar="1", start=datetime(2024, 1, 1, 8), name="Full",
    )  # fmt: skip
    extra = {"Author": ("<Author>Planner</Author>",), "CurrencyCode": ("<CurrencyCode>EUR</CurrencyCode>",)}
    return PlanDocument(project, details, resources, assignments, extra=extra, format="mspdi")


def test_every_field_of_a_document_round_trips() -> None:
    doc = _full_document()
    xml = write_mspdi_document(doc)
    back = read_mspdi_document(xml)
    assert [(t.uid, t.name, t.duration, t.parent) for t in back.project.tasks] == [
        (t.uid, t.name, t.duration, t.parent) for t in doc.project.tasks
    ]
    assert back.project.links == doc.project.links
    two = back.detail(2)
    assert (two.notes, two.priority, two.fixed_cost) == ("Mind the <pipes> & cables", 900, Decimal("1234.56"))
    assert two.baselines == doc.detail(2).baselines
    assert two.extra == {
        "Type": ("<Type>1</Type>",),
        "Hyperlink": ("<Hyperlink>Spec</Hyperlink>",),
        "ExtendedAttribute": doc.detail(2).extra["ExtendedAttribute"],
        "FutureField": ("<FutureField>kept</FutureField>",),
    }
    assert back.detail(3).priority == 0 and back.detail(4).priority == 500
    assert back.resources == doc.resources
    assert back.assignments == doc.assignments
    assert back.extra == doc.extra
    assert back.warnings == ()


def test_output_is_in_schema_order_with_microsoft_projects_conventions() -> None:
    xml = write_mspdi_document(_full_document())
    root = SafeET.fromstring(xml, forbid_dtd=True)
    _assert_schema_order(root)
    resources = root.find(f"{NS}Resources")
    assert resources is not None
    blank, ann, concrete, travel = list(resources)
    assert blank.findtext(f"{NS}UID") == "0"  # Microsoft Project's blank resource
    assert ann.findtext(f"{NS}StandardRate") == "62.5" and ann.findtext(f"{NS}CostPerUse") == "1230"
    assert (travel.findtext(f"{NS}Type"), travel.findtext(f"{NS}IsCostResource")) == ("0", "1")
    assert concrete.findtext(f"{NS}Type") == "0" and concrete.findtext(f"{NS}MaterialLabel") == "m3"
    task = next(t for t in root.iter(f"{NS}Task") if t.findtext(f"{NS}UID") == "2")
    assert task.findtext(f"{NS}FixedCost") == "123456"
    assert [b.findtext(f"{NS}Number") for b in task.findall(f"{NS}Baseline")] == ["0", "10"]
    assert task.findtext(f"{NS}Start") != "2000-01-01T08:00:00"
    assert b"A1000" not in xml and b"TASK.task_code" not in xml
    # The unknown FutureField stays after the extra that preceded it (ExtendedAttribute).
    names = [_local(c) for c in task]
    assert names.index("FutureField") == names.index("ExtendedAttribute") + 2


@pytest.mark.parametrize(
    "name",
    [
        "mspdiresource.xml",
        "mspdiassignmentfields.xml",
        "generated/task-baselines/task-baselines-project2019-mspdi.xml",
        "generated/task-links/task-links-project2019-mspdi.xml",
    ],
)
def test_real_files_are_written_in_schema_order(name: str) -> None:
    doc = read_mspdi_document(require_shared_data("mspdi", "mpxj", *name.split("/")))
    _assert_schema_order(SafeET.fromstring(write_mspdi_document(doc), forbid_dtd=True))


def test_a_schedule_result_gives_the_written_dates() -> None:
    doc = _full_document()
    result = schedule(doc.project)
    back = read_mspdi_document(write_mspdi_document(doc, result=result))
    assert {u: (s.start, s.finish) for u, s in back.stored.items()} == {
        r.uid: (r.start, r.finish) for r in result.tasks
    }


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"resources": (Resource(1, "A"), Resource(1, "B"))}, "uid 1 is negative or used twice"),
        ({"assignments": (Assignment(1, 99, 1),)}, "task 99 does not exist"),
        ({"assignments": (Assignment(1, 2, 42),)}, "resource 42 does not exist"),
        ({"project": Project(tasks=(Task(1, "a"), Task(1, "b")))}, "duplicate uid 1"),
        ({"details": {2: TaskDetails(extra={"Bad": ("<Bad>",)})}}, "cannot be written back"),
    ],
)
def test_invalid_documents_are_refused(change: dict[str, object], words: str) -> None:
    doc = _full_document()
    doc = PlanDocument(**{**doc.__dict__, "assignments": (), **change})  # type: ignore[arg-type]
    with pytest.raises(ExportError, match=words):
        write_mspdi_document(doc)


def test_generated_plan_round_trips_and_a_10000_task_file_reads_fast(
    capsys: pytest.CaptureFixture[str],
) -> None:
    small = generate_document(95)
    back = read_mspdi_document(write_mspdi_document(small))
    assert back.project.links == small.project.links
    assert back.resources == small.resources and back.assignments == small.assignments
    assert {u: back.details[u] for u in small.details} == dict(small.details)

    xml = generate_mspdi(10_000)
    started = time.perf_counter()
    doc = read_mspdi_document(xml)
    elapsed = time.perf_counter() - started
    assert len(doc.project.tasks) == 10_000
    with capsys.disabled():
        print(f"\nMSPDI read: 10,000 tasks, {len(xml) / 1e6:.1f} MB in {elapsed:.2f} s (target < 1.5 s)")


def test_generator_writes_a_file_path(tmp_path: Path) -> None:
    path = tmp_path / "plan.xml"
    path.write_bytes(generate_mspdi(30, seed=3))
    assert len(read_mspdi_document(path).project.tasks) == 30
