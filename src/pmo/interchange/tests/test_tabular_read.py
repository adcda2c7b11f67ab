"""Reading task lists: encodings, delimiters, sheets, header mapping, outlines and clear refusals."""

from __future__ import annotations

import io
from datetime import datetime

import openpyxl
import pytest

from pmo.engine.schedule import ConstraintType, LinkType
from pmo.interchange.errors import ImportRefusedError
from pmo.interchange.limits import Limits
from pmo.interchange.tabular import FIELDS, read_table, suggest_mapping, table_to_document
from pmo.interchange.tabular_mapping import parse_date

MS_PROJECT_ENTRY = [
    "ID",
    "Active",
    "Task Mode",
    "Name",
    "Duration",
    "Start",
    "Finish",
    "Predecessors",
    "Outline Level",
    "Notes",
]
MS_PROJECT_FULL = [
    "Unique ID",
    "ID",
    "WBS",
    "Task Name",
    "Duration",
    "Start",
    "Finish",
    "Predecessors",
    "% Complete",
    "Milestone",
    "Constraint Type",
    "Constraint Date",
    "Deadline",
    "Resource Names",
    "Actual Start",
    "Actual Finish",
    "Priority",
    "Outline Level",
    "Notes",
]


def _doc(csv_text: str, **kwargs: object):  # type: ignore[no-untyped-def]
    table = read_table(csv_text.encode(), "plan.csv")
    return table_to_document(table, suggest_mapping(table.headers), **kwargs)  # type: ignore[arg-type]


def test_ms_project_export_to_excel_headers_are_recognised() -> None:
    assert suggest_mapping(MS_PROJECT_ENTRY) == {
        "id": 0,
        "name": 3,
        "duration": 4,
        "start": 5,
        "finish": 6,
        "predecessors": 7,
        "outline_level": 8,
        "notes": 9,
    }
    full = suggest_mapping(MS_PROJECT_FULL)
    assert set(full) == {f.key for f in FIELDS}
    assert full["unique_id"] == 0 and full["id"] == 1 and full["name"] == 3 and full["percent_complete"] == 8


def test_smartsheet_and_sheets_headers_are_recognised() -> None:
    mapping = suggest_mapping(
        [
            "Task Name",
            "Start Date",
            "End Date",
            "Duration",
            "Predecessors",
            "Assigned To",
            "% Complete",
            "Comments",
            "Status",
        ]
    )
    assert mapping == {
        "name": 0,
        "start": 1,
        "finish": 2,
        "duration": 3,
        "predecessors": 4,
        "resource_names": 5,
        "percent_complete": 6,
        "notes": 7,
    }
    assert suggest_mapping(["\ufefftask", "DURATION (days)", "start_date"]) == {
        "name": 0,
        "duration": 1,
        "start": 2,
    }


def test_csv_with_bom_semicolons_and_ms_project_values() -> None:
    text = (
        "\ufeffID;Name;Duration;Predecessors;Outline Level;Constraint Type;Constraint Date;Milestone\n"
        "1;Phase;10 days;;1;As Soon As Possible;NA;No\n"
        "2;Design;5 days;;2;Start No Earlier Than;Mon 3/3/25;No\n"
        "3;Build;1 day?;2FS+2 days;2;As Soon As Possible;NA;No\n"
        "4;Done;0 days;3;1;Must Finish On;31.03.2025 17:00;Yes\n"
    )
    doc = _doc(text)
    design, build, done = doc.project.tasks[1:]
    assert design.parent == 1 and design.constraint == ConstraintType.SNET
    assert design.constraint_date == datetime(2025, 3, 3, 8)
    assert build.estimated and build.duration == 480
    assert doc.project.links[0].lag.minutes == 960
    assert done.milestone and done.constraint_date == datetime(2025, 3, 31, 17) and done.parent is None


def test_tab_separated_utf16_and_cp1252_files() -> None:
    utf16 = "Name\tDuration\nÉtude\t3d\n".encode("utf-16")
    assert read_table(utf16, "plan.txt").rows == (("Étude", "3d"),)
    legacy = read_table("Name,Duration\nCafé,3d\n".encode("cp1252"), "plan.csv")
    assert legacy.rows == (("Café", "3d"),)
    assert "Windows-1252" in legacy.warnings[0]


def test_xlsx_first_or_named_sheet_with_dates_as_iso_text() -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(["Ignored"])
    workbook.active.append(["first sheet"])
    sheet = workbook.create_sheet("Plan")
    sheet.append(["Name", "Start", "% Complete", "Duration"])
    sheet.append(["Design", datetime(2025, 3, 3, 8), 0.5, 5])
    sheet["C2"].number_format = "0%"
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table(buffer.getvalue(), "plan.xlsx", sheet="Plan")
    assert table.rows == (("Design", "2025-03-03 08:00", "50%", "5"),)
    assert read_table(buffer.getvalue(), "plan.xlsx").headers == ("Ignored",)
    with pytest.raises(ImportRefusedError, match="no sheet 'Other'; its sheets are Sheet, Plan"):
        read_table(buffer.getvalue(), "plan.xlsx", sheet="Other")


def test_outline_from_wbs_and_from_indentation() -> None:
    by_wbs = _doc("WBS,Name,Duration\n1,Phase,\n1.1,Design,2d\n1.1.1,Sketch,1d\n2,Close,1d\n")
    assert [t.parent for t in by_wbs.project.tasks] == [None, 1, 2, None]
    by_indent = _doc("Name,Duration\nPhase,\n    Design,2d\n        Sketch,1d\n    Build,1d\nClose,1d\n")
    assert [t.parent for t in by_indent.project.tasks] == [None, 1, 2, 1, None]
    assert by_indent.project.tasks[2].name == "Sketch"


def test_predecessors_refer_to_the_id_column_when_mapped() -> None:
    doc = _doc("Unique ID,ID,Name,Predecessors\n100,7,A,\n200,9,B,7SS+50%\n")
    (link,) = doc.project.links
    assert (link.predecessor, link.successor, link.type, link.lag.percent) == (100, 200, LinkType.SS, 50.0)


def test_without_constraint_column_an_unlinked_start_becomes_snet() -> None:
    doc = _doc("Name,Duration,Start,Predecessors\nA,2d,2025-03-05,\nB,1d,2025-03-07,1\n")
    a, b = doc.project.tasks
    assert (a.constraint, a.constraint_date) == (ConstraintType.SNET, datetime(2025, 3, 5, 8))
    assert b.constraint == ConstraintType.ASAP
    assert doc.stored[2].start == datetime(2025, 3, 7, 8)


def test_resources_with_units_as_ms_project_writes_them() -> None:
    doc = _doc('Name,Resource Names\nA,"Ann, Bob[50%]"\nB,"Cement[5 t];Ann"\n')
    assert [(r.name, r.kind.value, r.material_label) for r in doc.resources] == [
        ("Ann", "work", ""),
        ("Bob", "work", ""),
        ("Cement", "material", "t"),
    ]
    assert [(a.task, a.resource, a.units) for a in doc.assignments] == [
        (1, 1, 1.0),
        (1, 2, 0.5),
        (2, 3, 5.0),
        (2, 1, 1.0),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Fri 1/31/25 5:00 PM", datetime(2025, 1, 31, 17)),
        ("31/01/2025", datetime(2025, 1, 31, 8)),
        ("January 31, 2025", datetime(2025, 1, 31, 8)),
        ("2025-01-31T09:30:00", datetime(2025, 1, 31, 9, 30)),
        ("NA", None),
    ],
)
def test_dates_as_tools_write_them(text: str, expected: datetime | None) -> None:
    assert parse_date(text, default_time=datetime(2000, 1, 1, 8).time()) == expected


def _rows(n: int) -> str:
    return "".join(f"Task {i},1d,{i - 1 if i > 1 else ''}\n" for i in range(1, n + 1))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Name,Duration,Predecessors\n" + _rows(5) + "Bad,five days,\n",
            "row 7, column Duration: 'five days' is not a duration",
        ),
        (
            "Name,Duration,Predecessors\n" + _rows(3) + "X,1d,9\n",
            "row 5, column Predecessors: predecessor 9 does not exist (predecessors refer to task numbers",
        ),
        ("Name,Outline Level\nA,1\nB,3\n", "row 3, column Outline Level: level 3 follows level 1"),
        ("Name,Outline Level\nA,2\n", "row 2, column Outline Level: the first task is at level 2"),
        ("Name,Predecessors\nA,1\n", "row 2, column Predecessors: the task is its own predecessor"),
        (
            "Name,Constraint Type\nA,Must Start On\n",
            "row 2, column Constraint Type: Must Start On needs a date",
        ),
        ("Name,Constraint Type\nA,Sometime\n", "'Sometime' is not a constraint type"),
        ("Name,% Complete\nA,150%\n", "row 2, column % Complete: '150%' is outside 0-100%"),
        ("Name,Start\nA,1/1/1970\n", "row 2, column Start: 1970-01-01 is outside the supported range"),
        ("ID,Name\n1,A\n1,B\n", "row 3, column ID: ID 1 is also on row 2"),
        ("Name,Milestone\nA,perhaps\n", "row 2, column Milestone: 'perhaps' is not yes or no"),
        (
            "Name,Resource Names\nA,Ann[2]\n",
            "row 2, column Resource Names: 'Ann[2]': write units as a percentage",
        ),
    ],
)
def test_bad_cells_are_refused_naming_row_and_column(text: str, expected: str) -> None:
    with pytest.raises(ImportRefusedError) as caught:
        _doc(text)
    assert expected in str(caught.value)


@pytest.mark.parametrize(
    ("data", "filename", "expected"),
    [
        (b"", "plan.csv", "the file is empty"),
        (b"\xef\xbb\xbf\r\n", "plan.csv", "the file is empty"),
        (b"Name,Duration\n", "plan.csv", "no task rows"),
        (b"%PDF-1.7 ...", "plan.pdf", "a .pdf file cannot be imported"),
        (b"\x00\x01\x02binary", "plan.csv", "binary file"),
        (b"Name\nA\n", "plan.xlsx", "not an .xlsx file"),
        (b"Name,Duration\nA,1d,extra\n", "plan.csv", "row 2: the row has 3 cells but the header row only 2"),
    ],
)
def test_files_that_are_not_task_lists_are_refused(data: bytes, filename: str, expected: str) -> None:
    with pytest.raises(ImportRefusedError, match=expected.replace("(", r"\(").replace(".", r"\.")):
        read_table(data, filename)


def test_too_many_rows_are_refused_while_reading() -> None:
    data = ("Name\n" + "".join(f"T{i}\n" for i in range(11))).encode()
    with pytest.raises(ImportRefusedError, match="more than 10 task rows; the limit is 10"):
        read_table(data, "plan.csv", Limits(max_tasks=10))
    table = read_table(data, "plan.csv")
    with pytest.raises(ImportRefusedError, match="11 task rows; the limit is 10"):
        table_to_document(table, {"name": 0}, limits=Limits(max_tasks=10))


def test_a_mapping_without_name_or_with_unknown_fields_is_refused() -> None:
    table = read_table(b"Title,Length\nA,1d\n", "plan.csv")
    with pytest.raises(ImportRefusedError, match="no column is mapped to Name"):
        table_to_document(table, {"duration": 1})
    with pytest.raises(ImportRefusedError, match="'colour' is not a field"):
        table_to_document(table, {"name": 0, "colour": 1})
    with pytest.raises(ImportRefusedError, match="column 5, which does not exist"):
        table_to_document(table, {"name": 4})
