"""XER reader: table parsing, refusals, calendars, every shared XER file, agreement with P6."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pmo.engine.readers.mspdi import ReaderError
from pmo.engine.readers.xer import early_date_agreement, parse_xer, read_xer
from pmo.engine.schedule import ConstraintType, LinkType, schedule
from pmo.testing.data import require_shared_data, shared_data_dir

HEADER = "ERMHDR\t8.2\t2024-01-01\tProject\tadmin\n"
PROJECT = (
    "%T\tPROJECT\n%F\tproj_id\tproj_short_name\tclndr_id\tlast_recalc_date\n%R\t1\tP1\t\t2024-01-01 08:00\n"
)


def _xer(*tables: str, end: bool = True) -> bytes:
    return (HEADER + "".join(tables) + ("%E\n" if end else "")).encode()


TASKS = (
    "%T\tTASK\n%F\ttask_id\tproj_id\ttask_type\ttask_code\ttarget_drtn_hr_cnt\tcstr_type\tcstr_date\n"
    "%R\t10\t1\tTT_Task\tA\t16\n"
    "%R\t11\t1\tTT_FinMile\tM\t0\tCS_MSOA\t2024-02-01 08:00\n"
    "%R\t12\t1\tTT_LOE\tL\t8\tCS_MEOB\t\n"
)
PREDS = (
    "%T\tTASKPRED\n%F\ttask_pred_id\ttask_id\tpred_task_id\tpred_type\tlag_hr_cnt\n"
    "%R\t1\t11\t10\tPR_SS\t4\n%R\t2\t12\t10\tPR_FF\t\n%R\t3\t12\t99\tPR_FS\t0\n"
)


def test_minimal_project_maps_types_links_and_constraints() -> None:
    f = read_xer(_xer(PROJECT, TASKS, PREDS))
    by = {t.uid: t for t in f.project.tasks}
    assert by[10].duration == 960 and not by[10].milestone
    assert by[11].milestone and by[11].duration == 0
    assert by[11].constraint is ConstraintType.SNET and by[11].constraint_date == datetime(2024, 2, 1, 8)
    assert by[12].constraint is ConstraintType.ASAP  # FNLT without a date is dropped
    assert f.loe_uids == {12}
    assert [(lk.predecessor, lk.successor, lk.type, lk.lag.minutes) for lk in f.project.links] == [
        (10, 11, LinkType.SS, 240),
        (10, 12, LinkType.FF, 0),
    ]
    assert f.external_links == 1  # task 99 is not in the project
    assert f.data_date == datetime(2024, 1, 1, 8) == f.project.status_date
    assert f.stored[10].code == "A" and f.stored[10].early_start is None


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"hello\n%E\n", "ERMHDR"),
        (_xer(PROJECT, end=False), "truncated XER"),
        (_xer("%R\t1\n"), "without a %T/%F layout"),
        (_xer("%T\tX\n%R\t1\n"), "without a %T/%F layout"),
        (_xer("%T\tX\n%F\ta\n%R\t1\t2\n"), "table X line 4: 2 values for 1 fields"),
        (_xer("%T\tX\n%F\ta\n%Q\t1\n"), "unknown record"),
        (_xer("%T\tX\n%F\ta\n%R\t1\n"), "no projects"),
        (_xer(PROJECT, TASKS.replace("\t16\n", "\tsixteen\n")), r"TASK 10 \(A\): target_drtn_hr_cnt"),
        (_xer(PROJECT, TASKS, PREDS.replace("PR_FF", "PR_XX")), "TASKPRED 2: unknown pred_type"),
    ],
)
def test_malformed_files_are_refused_with_a_located_message(content: bytes, message: str) -> None:
    with pytest.raises(ReaderError, match=message):
        read_xer(content)


def test_limits_project_choice_and_missing_file(tmp_path: Path) -> None:
    content = _xer(PROJECT, TASKS)
    with pytest.raises(ReaderError, match="byte limit"):
        read_xer(content, max_bytes=50)
    with pytest.raises(ReaderError, match="more than 2 rows"):
        read_xer(content, max_rows=2)
    with pytest.raises(ReaderError, match=r"no project 'NOPE'.*P1"):
        read_xer(content, "NOPE")
    with pytest.raises(ReaderError, match="no such file"):
        read_xer(tmp_path / "absent.xer")


def test_calendar_data_with_del_separators_and_exceptions() -> None:
    data = (
        "(0||CalendarData()(\x7f\x7f  (0||DaysOfWeek()((0||1()())(0||2()((0||0(s|08:00|f|12:00)())"
        "(0||1(f|17:00|s|13:00)())))(0||3()((0||0(s|00:00|f|00:00)())))(0||4()())(0||5()())(0||6()())"
        "(0||7()())))(0||VIEW(ShowTotal|Y)())(0||Exceptions()((0||0(d|43650)())"
        "(0||1(d|43651)((0||0(s|09:00|f|10:00)())))))))"
    )
    cal = (
        "%T\tCALENDAR\n%F\tclndr_id\tdefault_flag\tclndr_name\tday_hr_cnt\tclndr_data\n"
        f"%R\t7\tY\tMine\t8\t{data}\n"
    )
    f = read_xer(_xer(PROJECT.replace("\t\t2024", "\t7\t2024"), cal, TASKS))
    c = f.project.calendars["7"]
    assert f.project.calendar == "7" and not f.warnings
    assert c.week[0] == ((480, 720), (780, 1020))  # Monday is P6 day 2; spans in either order
    assert c.week[1] == ((0, 1440),) and c.week[6] == ()
    assert c.working_times_on(date(2019, 7, 4)) == ()  # day serial 43650 from 1899-12-30
    assert c.working_times_on(date(2019, 7, 5)) == ((540, 600),)


@given(
    st.lists(
        st.tuples(
            st.text("ABCXYZ", min_size=1, max_size=6),
            st.lists(
                st.text(
                    st.characters(
                        blacklist_characters="\t\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029",
                        blacklist_categories=("Cs",),
                    ),
                    max_size=8,
                ),
                min_size=1,
                max_size=4,
            ),
            st.integers(0, 3),
        ),
        max_size=4,
        unique_by=lambda t: t[0],
    )
)
def test_tables_round_trip(tables: list[tuple[str, list[str], int]]) -> None:
    """Whatever tables are written come back, field for field (trailing empties restored)."""
    text = HEADER
    for name, values, n_rows in tables:
        fields = [f"f{i}" for i in range(len(values))]
        text += f"%T\t{name}\n%F\t" + "\t".join(fields) + "\n"
        text += ("%R\t" + "\t".join(values) + "\n") * n_rows
    doc = parse_xer((text + "%E\n").encode("utf-8"))
    assert doc.encoding == "utf-8-sig"
    for name, values, n_rows in tables:
        assert doc.rows(name) == tuple({f"f{i}": v for i, v in enumerate(values)} for _ in range(n_rows))


def _inventory() -> list[dict[str, str]]:
    path = shared_data_dir() / "xer" / "xer_inventory.csv"
    if not path.is_file():
        return [{"file": "__missing__"}]
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("row", _inventory(), ids=lambda r: r["file"])
def test_every_shared_xer_reads_and_schedules(row: dict[str, str]) -> None:
    path = require_shared_data("xer", *row["file"].split("/"))
    first = read_xer(path)
    assert len(first.project_names) == int(row["projects"])
    assert first.document.version == row["version"]
    activities = 0
    for name in first.project_names:
        f = read_xer(path, name)
        activities += len(f.project.tasks)
        if f.project.tasks:
            result = schedule(f.project)
            agree, compared = early_date_agreement(f.stored, result)
            print(f"{row['file']} [{name}]: {agree} of {compared} activities agree with P6 early dates")
            assert len(result.tasks) == len(f.project.tasks)
    assert activities == int(row["activities"])
    assert len(first.document.rows("TASKPRED")) == int(row["relationships"])
    assert len(first.document.rows("CALENDAR")) == int(row["calendars"])
    # invalid-8.4.xer has a truncated calendar on purpose: read with a fallback and a warning
    assert bool(first.warnings) == (row["file"] == "mpxj/invalid-8.4.xer")


def test_invalid_calendar_is_replaced_and_named() -> None:
    f = read_xer(require_shared_data("xer", "mpxj", "invalid-8.4.xer"))
    assert len(f.warnings) == 1 and f.warnings[0].startswith("CALENDAR 180 (Test - Invalid)")
    assert f.project.calendars["180"].week[0] == ((480, 960),)


def test_sample_agrees_exactly_with_p6() -> None:
    f = read_xer(require_shared_data("xer", "xernative", "sample.xer"))
    assert len(f.project.tasks) == 25 and len(f.project.links) == 40
    assert f.project.calendars["597"].week[0] == ((480, 720), (780, 1020))
    assert early_date_agreement(f.stored, schedule(f.project)) == (25, 25)


def test_wk2_link_types_and_stored_fields() -> None:
    f = read_xer(require_shared_data("xer", "xernative", "wk2.xer"))
    counts = {t: sum(lk.type is t for lk in f.project.links) for t in LinkType}
    assert counts == {LinkType.FS: 269, LinkType.SS: 10, LinkType.FF: 2, LinkType.SF: 20}
    s = f.stored[106071]
    assert s.early_start == datetime(2013, 9, 16, 12) and s.total_float == 0.0 and s.driving_path
    agree, compared = early_date_agreement(f.stored, schedule(f.project))
    assert compared == 198 and agree >= 190  # measured 197


def test_progress_and_lags_of_an_update() -> None:
    f = read_xer(require_shared_data("xer", "schedule-analytics", "UP-54069-20260122.xer"))
    assert f.data_date == datetime(2026, 1, 23, 17)
    done = [t for t in f.project.tasks if t.actual_finish is not None]
    assert len(done) == 38 and all(t.percent_complete == 100.0 for t in done)
    assert sum(1 for lk in f.project.links if lk.lag.minutes) == 5
    assert sum(t.milestone for t in f.project.tasks) == 10


def test_declared_encoding_for_cyrillic() -> None:
    path = require_shared_data("xer", "aspose", "encoding1251.xer")
    assert [t.name for t in read_xer(path, encoding="cp1251").project.tasks] == ["Задача 1", "Тест2"]
    assert read_xer(path).document.encoding == "cp1252"  # undeclared: Windows Latin by default
