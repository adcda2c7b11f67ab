"""P6 XML reader: safe parsing, mapping, every shared PMXML file, scheduling."""

from __future__ import annotations

import csv
from datetime import datetime

import pytest

from pmo.engine.readers.mspdi import ReaderError
from pmo.engine.readers.pmxml import read_pmxml
from pmo.engine.readers.xer import early_date_agreement
from pmo.engine.schedule import ConstraintType, LinkType, schedule
from pmo.testing.data import require_shared_data, shared_data_dir

NS = "http://xmlns.oracle.com/Primavera/P6/V8.3/API/BusinessObjects"
DOC = f"""<APIBusinessObjects xmlns="{NS}">
<Calendar><ObjectId>3</ObjectId><Name>C</Name><HoursPerDay>8</HoursPerDay><StandardWorkWeek>
<StandardWorkHours><DayOfWeek>Monday</DayOfWeek><WorkTime><Start>07:00:00</Start><Finish>11:59:00</Finish></WorkTime>
<WorkTime><Start>12:30:00</Start><Finish>15:29:00</Finish></WorkTime></StandardWorkHours>
<StandardWorkHours><DayOfWeek>Sunday</DayOfWeek></StandardWorkHours></StandardWorkWeek>
<HolidayOrExceptions><HolidayOrException><Date>2024-01-01T00:00:00</Date></HolidayOrException></HolidayOrExceptions>
</Calendar>
<Project><Id>P1</Id><ActivityDefaultCalendarObjectId>3</ActivityDefaultCalendarObjectId>
<DataDate>2024-01-02T07:00:00</DataDate>
<WBS><ObjectId>20</ObjectId><Code>1</Code><Name>Top</Name></WBS>
<WBS><ObjectId>21</ObjectId><ParentObjectId>20</ParentObjectId><Code>2</Code><Name>Sub</Name></WBS>
<Activity><ObjectId>5</ObjectId><Id>A</Id><Type>Task Dependent</Type><PlannedDuration>16,5</PlannedDuration>
<WBSObjectId>21</WBSObjectId><TotalFloat>2</TotalFloat><EarlyStartDate>2024-01-02T07:00:00</EarlyStartDate></Activity>
<Activity><ObjectId>6</ObjectId><Type>Finish Milestone</Type>
<PrimaryConstraintType>Finish On or Before</PrimaryConstraintType>
<PrimaryConstraintDate>2024-03-01T15:30:00</PrimaryConstraintDate></Activity>
<Activity><ObjectId>7</ObjectId><Type>Level of Effort</Type><PlannedDuration>8</PlannedDuration></Activity>
<Relationship><ObjectId>1</ObjectId><PredecessorActivityObjectId>5</PredecessorActivityObjectId>
<SuccessorActivityObjectId>6</SuccessorActivityObjectId>
<Type>Start to Finish</Type><Lag>2</Lag></Relationship>
<Relationship><ObjectId>2</ObjectId><PredecessorActivityObjectId>999</PredecessorActivityObjectId>
<SuccessorActivityObjectId>6</SuccessorActivityObjectId><Type>Finish to Start</Type></Relationship>
</Project></APIBusinessObjects>"""


def test_minimal_document_maps_everything() -> None:
    f = read_pmxml(DOC.encode())
    by = {t.uid: t for t in f.project.tasks}
    assert by[5].duration == 990 and by[5].wbs == "1.2" and by[5].outline_level == 3  # decimal comma
    assert by[6].milestone and by[6].constraint is ConstraintType.FNLT
    assert f.loe_uids == {7} and f.external_links == 1
    assert [(lk.type, lk.lag.minutes) for lk in f.project.links] == [(LinkType.SF, 120)]
    cal = f.project.calendars["3"]
    assert cal.week[0] == ((420, 720), (750, 930))  # P6 finishes one minute early: 11:59 -> 12:00
    assert cal.week[6] == () and cal.working_times_on(datetime(2024, 1, 1).date()) == ()
    assert f.data_date == datetime(2024, 1, 2, 7) and f.schema == NS
    assert f.stored[5].total_float == 120 and f.stored[5].code == "A"
    # only Mondays work in this calendar: the data date (Tuesday) moves the start to the next Monday
    assert schedule(f.project).by_uid(5).early_start == datetime(2024, 1, 8, 7)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]>'
            b"<APIBusinessObjects>&a;</APIBusinessObjects>",
            "DTD",
        ),
        (b"<APIBusinessObjects><Project>", "malformed"),
        (b"<Project/>", "not a P6 XML file"),
        (b"<APIBusinessObjects/>", "no <Project>"),
        (DOC.replace("16,5", "many").encode(), "<Activity> 5: <PlannedDuration> should be a number"),
        (DOC.replace("Start to Finish", "Sideways").encode(), "<Relationship> 1: unknown relationship"),
    ],
)
def test_unsafe_or_malformed_input_is_refused(content: bytes, message: str) -> None:
    with pytest.raises(ReaderError, match=message):
        read_pmxml(content)


def test_project_choice_and_limits() -> None:
    with pytest.raises(ReaderError, match=r"no project 'X'.*P1"):
        read_pmxml(DOC.encode(), "X")
    with pytest.raises(ReaderError, match="byte limit"):
        read_pmxml(DOC.encode(), max_bytes=100)


def _inventory() -> list[dict[str, str]]:
    path = shared_data_dir() / "xer" / "pmxml" / "pmxml_inventory.csv"
    if not path.is_file():
        return [{"file": "__missing__"}]
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("row", _inventory(), ids=lambda r: r["file"])
def test_every_shared_pmxml_reads_and_schedules(row: dict[str, str]) -> None:
    path = require_shared_data("xer", "pmxml", row["file"])
    first = read_pmxml(path)
    activities = relationships = 0
    for name in first.project_names:
        f = read_pmxml(path, name)
        activities += len(f.project.tasks)
        relationships += len(f.project.links) + f.external_links
        if f.project.tasks:
            result = schedule(f.project)
            agree, compared = early_date_agreement(f.stored, result)
            print(f"{row['file']} [{name}]: {agree} of {compared} activities agree with P6 early dates")
            assert len(result.tasks) == len(f.project.tasks)
    assert activities == int(row["activities"])
    assert relationships == int(row["relationships"])
    # the inventory also counts the bare <ProjectList><Project> of the MPXJ exports
    if not row["file"].startswith("mpxj_") or row["file"].endswith(("8.4.pmxml", "test.xml")):
        assert len(first.project_names) == int(row["projects"])


def test_mpxj_calendar_and_progress() -> None:
    f = read_pmxml(require_shared_data("xer", "pmxml", "mpxj_PredecessorCalendar.xml"))
    (task,) = f.project.tasks
    assert task.duration == 360 * 60 and task.actual_finish == datetime(2021, 4, 19, 15, 30)
    assert task.percent_complete == 100.0 and f.stored[task.uid].physical_percent == 100.0
    assert f.project.calendars["12002"].week[0] == ((420, 720), (750, 930))


def test_aspose_primavera_links_and_lags() -> None:
    f = read_pmxml(require_shared_data("xer", "pmxml", "aspose_primavera.xml"))
    assert len(f.project.tasks) == 137 and len(f.project.links) == 498
    assert sum(1 for lk in f.project.links if lk.lag.minutes) == 241
    assert f.project.links[0].type is LinkType.FF
    assert len(f.wbs) == 40 and len(f.project.calendars) == 34
