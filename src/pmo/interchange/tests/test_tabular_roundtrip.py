"""Task lists out and back in: document → CSV/XLSX → document, and formula neutralisation (SECURITY.md B7)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from datetime import datetime

import openpyxl
import pytest

from pmo.engine.schedule import ConstraintType, Lag, Link, LinkType, Project, Task
from pmo.interchange.document import Assignment, PlanDocument, Resource, ResourceKind, TaskDetails
from pmo.interchange.tabular import (
    document_rows,
    read_table,
    suggest_mapping,
    table_to_document,
    write_csv,
    write_xlsx,
)
from pmo.interchange.tabular_write import Cell

Writer = Callable[[Sequence[str], Sequence[Sequence[Cell]]], bytes]
FORMATS: list[tuple[str, Writer]] = [("plan.csv", write_csv), ("plan.xlsx", write_xlsx)]
HOSTILE = [
    '=HYPERLINK("http://x","y")',
    "+1",
    "-2",
    "@SUM(A1)",
    "\tx",
    "\rx",
    "  =x",
    "'quoted",
    "_x000D_ literal",
]


def _plan() -> PlanDocument:
    tasks = (
        Task(uid=10, name="Phase 1", outline_level=1),
        Task(uid=20, name="Design", duration=2400, parent=10, outline_level=2),
        Task(
            uid=30,
            name="Build",
            duration=4800,
            estimated=True,
            parent=10,
            outline_level=2,
            constraint=ConstraintType.SNET,
            constraint_date=datetime(2025, 3, 3, 8),
        ),
        Task(uid=35, name="Cure", duration=3 * 1440, elapsed=True, parent=30, outline_level=3),
        Task(
            uid=40,
            name="Sign-off",
            milestone=True,
            parent=10,
            outline_level=2,
            constraint=ConstraintType.MFO,
            constraint_date=datetime(2025, 4, 30, 17),
            deadline=datetime(2025, 5, 2, 17),
        ),
        Task(uid=50, name="Handover", duration=240, percent_complete=25.0),
    )
    links = (
        Link(20, 30, LinkType.FS, Lag(minutes=960)),
        Link(20, 35, LinkType.SS, Lag(minutes=-480)),
        Link(35, 40, LinkType.FF),
        Link(30, 40, LinkType.FS, Lag(percent=50.0)),
        Link(40, 50, LinkType.SF, Lag(minutes=3 * 1440, elapsed=True)),
        Link(30, 50),
    )
    resources = (
        Resource(uid=1, name="Ann"),
        Resource(uid=2, name="Bob"),
        Resource(uid=3, name="Cement", kind=ResourceKind.MATERIAL, material_label="t"),
    )
    assignments = (
        Assignment(uid=1, task=20, resource=1),
        Assignment(uid=2, task=20, resource=2, units=0.5),
        Assignment(uid=3, task=35, resource=3, units=5.0),
    )
    details = {
        20: TaskDetails(notes="Line one\nline two, with comma"),
        50: TaskDetails(notes="=cmd|' /C calc'!A0"),
    }
    return PlanDocument(
        Project(tasks=tasks, links=links), details=details, resources=resources, assignments=assignments
    )


def _round_trip(doc: PlanDocument, filename: str, writer: Writer) -> PlanDocument:
    headers, rows = document_rows(doc)
    table = read_table(writer(headers, rows), filename)
    return table_to_document(table, suggest_mapping(table.headers))


def _shape(doc: PlanDocument) -> dict[str, object]:
    """What must survive a round trip, with uids replaced by positions (IDs are row numbers)."""
    position = {t.uid: n for n, t in enumerate(doc.project.tasks, start=1)}
    resources = {r.uid: (r.name, r.kind, r.material_label) for r in doc.resources}
    return {
        "tasks": [
            (
                t.name,
                position.get(t.parent) if t.parent else None,
                t.duration,
                t.elapsed,
                t.estimated,
                t.milestone,
                t.constraint,
                t.constraint_date,
                t.deadline,
                t.percent_complete,
                doc.detail(t.uid).notes,
            )
            for t in doc.project.tasks
        ],
        "links": sorted(
            (position[k.predecessor], position[k.successor], k.type, k.lag) for k in doc.project.links
        ),
        "assignments": sorted((position[a.task], resources[a.resource], a.units) for a in doc.assignments),
    }


@pytest.mark.parametrize(("filename", "writer"), FORMATS)
def test_a_plan_survives_a_round_trip(filename: str, writer: Writer) -> None:
    # Given a plan with an outline, durations of every kind, lags, constraints, a milestone, notes, resources
    doc = _plan()
    # When it is written and read back with the suggested mapping
    again = _round_trip(doc, filename, writer)
    # Then the same tasks, outline, links and assignments come back
    assert _shape(again) == _shape(doc)
    assert [t.outline_level for t in again.project.tasks] == [1, 2, 2, 3, 2, 1]
    assert again.format == filename.rsplit(".", 1)[1]


@pytest.mark.parametrize(("filename", "writer"), FORMATS)
@pytest.mark.parametrize("name", HOSTILE)
def test_formula_like_names_come_back_unchanged(filename: str, writer: Writer, name: str) -> None:
    doc = PlanDocument(
        Project(tasks=(Task(uid=1, name=name, duration=480), Task(uid=2, name="x", duration=480)))
    )
    again = _round_trip(doc, filename, writer)
    assert again.project.tasks[0].name == name


def test_csv_prefixes_formula_like_text_with_a_quote() -> None:
    # Given hostile names (and a plain one)
    names = [*HOSTILE[:-1], "Plain name"]
    # When they are written as CSV and the raw fields are read without our reader
    text = write_csv(["Name"], [[n] for n in names]).decode("utf-8-sig")
    fields = [row[0] for row in csv.reader(io.StringIO(text, newline=""))][1:]
    # Then each formula-like field starts with the quote, and the plain one is untouched
    assert fields == [f"'{n}" for n in HOSTILE[:-1]] + ["Plain name"]


def test_csv_leaves_numbers_alone() -> None:
    assert (
        write_csv(["Lag", "Name"], [[-2, "-2"], [3.5, "5d"]])
        == b"\xef\xbb\xbfLag,Name\r\n-2,'-2\r\n3.5,5d\r\n"
    )


def test_xlsx_cells_are_strings_never_formulas() -> None:
    # Given hostile text and a negative number
    data = write_xlsx(["Name", "Lag"], [[name, -2] for name in HOSTILE])
    # When openpyxl reads the workbook back (formulas as written, not their values)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    cells = list(sheet.iter_rows(min_row=2))
    # Then every text cell is a string with the leading quote, and numbers stay numbers
    for (name_cell, lag_cell), name in zip(cells, HOSTILE, strict=True):
        assert name_cell.data_type == "s"
        assert str(name_cell.value).startswith("'") or name == "_x000D_ literal"
        assert lag_cell.data_type == "n"
        assert lag_cell.value == -2


def test_xlsx_has_a_bold_frozen_header_and_sized_columns() -> None:
    headers, rows = document_rows(_plan())
    sheet = openpyxl.load_workbook(io.BytesIO(write_xlsx(headers, rows))).worksheets[0]
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.column_dimensions["D"].width >= len("Sign-off")
    assert [c.value for c in sheet[1]] == list(headers)


def test_rows_use_the_schedule_result_when_given() -> None:
    from pmo.engine.schedule import schedule

    doc = _plan()
    project = Project(tasks=doc.project.tasks, links=doc.project.links, start=datetime(2025, 3, 3, 8))
    result = schedule(project)
    headers, rows = document_rows(doc, result)
    start, finish = headers.index("Start"), headers.index("Finish")
    design = rows[1]
    assert design[start] == result.by_uid(20).start
    assert design[finish] == result.by_uid(20).finish
    assert rows[0][headers.index("Predecessors")] == ""
    assert rows[2][headers.index("Predecessors")] == "2FS+2d"
    assert rows[5][headers.index("Predecessors")] == "5SF+3ed, 3"


def test_unmapped_columns_are_kept_and_written_back() -> None:
    table = read_table(b"Name,Duration,Cost Centre\nDesign,5d,CC-1\nBuild,2d,\n", "plan.csv")
    doc = table_to_document(table, suggest_mapping(table.headers))
    assert doc.detail(1).extra == {"column:Cost Centre": ("CC-1",)}
    headers, rows = document_rows(doc)
    assert headers[-1] == "Cost Centre"
    assert [r[-1] for r in rows] == ["CC-1", ""]
