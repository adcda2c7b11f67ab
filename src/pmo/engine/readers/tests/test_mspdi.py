"""MSPDI reader: safe parsing, project settings, links and lags, calendars and recurring exceptions."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from pmo.engine.readers.mspdi import ReaderError, parse_duration, read_mspdi
from pmo.engine.schedule import LinkType
from pmo.testing.data import require_shared_data


def test_parse_duration() -> None:
    assert parse_duration("PT8H0M0S") == 480
    assert parse_duration("-PT1H30M0S") == -90
    assert parse_duration("P1DT2H") == 1440 + 120
    assert parse_duration(None) is None
    with pytest.raises(ReaderError):
        parse_duration("eight hours")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY x "y">]><Project>&x;</Project>', "DTD"),
        (b"<Project><Tasks>", "malformed"),
        (b"<Other/>", "not an MSPDI file"),
        (b"<Project><Tasks><Task><UID>x</UID></Task></Tasks></Project>", "should be a number"),
    ],
)
def test_unsafe_or_malformed_input_is_refused(content: bytes, message: str) -> None:
    with pytest.raises(ReaderError, match=message):
        read_mspdi(content)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ReaderError, match="no such file"):
        read_mspdi(tmp_path / "absent.xml")


def test_task_links_file() -> None:
    f = read_mspdi(
        require_shared_data("mspdi", "mpxj", "generated", "task-links", "task-links-project2019-mspdi.xml")
    )
    p = f.project
    assert len(p.tasks) == 16 and len(p.links) == 8
    assert p.minutes_per_day == 480 and p.start == datetime(2018, 10, 18, 8)
    by_succ = {lk.successor: lk for lk in p.links}
    assert by_succ[8].lag.minutes == 2400 and by_succ[8].type is LinkType.FS  # 1 week, LagFormat 9
    assert {lk.type for lk in p.links} == set(LinkType)
    assert p.tasks[0].manual and p.tasks[0].manual_start == datetime(2018, 10, 18, 8)
    ms = f.stored[1]
    assert ms.late_finish == datetime(2018, 11, 2, 8) and ms.total_slack == 4800 and ms.critical is False


def test_outline_gives_parents_and_summaries() -> None:
    f = read_mspdi(require_shared_data("mspdi", "mpxj", "legacy", "sample.xml"))
    parents = {t.uid: t.parent for t in f.project.tasks}
    assert parents[2] == 1 and parents[1] is None
    assert {1, 6, 19} <= f.summary_uids
    assert f.project.calendars["2"].name == "Night Shift"


def test_recurring_exceptions_expand_like_ms_project() -> None:
    """MS Project also writes each recurring exception as expanded legacy days: ours must match."""
    root = require_shared_data("mspdi", "mpxj", "generated", "calendar-recurring-exceptions")
    import defusedxml.ElementTree as SafeET

    ns = "{http://schemas.microsoft.com/project}"
    for path in sorted(root.glob("*.xml")):
        f = read_mspdi(path)
        xml = SafeET.parse(str(path), forbid_dtd=True).getroot()
        for cal_el in xml.iter(f"{ns}Calendar"):
            expected: set[date] = set()
            for wd in cal_el.iter(f"{ns}WeekDay"):
                if wd.findtext(f"{ns}DayType") == "0":
                    a = datetime.fromisoformat(wd.findtext(f"{ns}TimePeriod/{ns}FromDate") or "").date()
                    b = datetime.fromisoformat(wd.findtext(f"{ns}TimePeriod/{ns}ToDate") or "").date()
                    expected |= {a + timedelta(days=i) for i in range((b - a).days + 1)}
            if not expected:
                continue
            cal = f.project.calendars[cal_el.findtext(f"{ns}UID") or ""]
            ours = {d for exc in cal.exceptions for d in exc.dates()}
            assert ours == expected, path.name
            assert len(cal.exceptions) == 27


def test_derived_calendar_exceptions_and_working_times() -> None:
    f = read_mspdi(require_shared_data("mspdi", "mpxj", "legacy", "caltest.xml"))
    assert any(c.base is not None for c in f.project.calendars.values())
