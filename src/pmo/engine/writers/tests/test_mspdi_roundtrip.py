"""MSPDI writer: read -> write -> read keeps tasks, links, lags, calendars and the computed schedule."""

from __future__ import annotations

from dataclasses import astuple
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from pmo.engine.readers.mspdi import read_mspdi
from pmo.engine.schedule import (
    Calendar,
    CalendarException,
    ConstraintType,
    Lag,
    Link,
    LinkType,
    Project,
    Recurrence,
    RecurrenceType,
    ScheduleError,
    Task,
    schedule,
)
from pmo.engine.writers.mspdi import WriterError, format_duration, write_mspdi
from pmo.testing.data import require_shared_data, shared_data_dir


def _cal_key(cal: Calendar | None) -> Any:
    if cal is None:
        return None
    return (cal.name, cal.week, cal.exceptions, _cal_key(cal.base))


def _task_key(t: Task) -> tuple[Any, ...]:
    return astuple(t)


def _link_key(lk: Link) -> tuple[Any, ...]:
    return (lk.predecessor, lk.successor, lk.type, lk.lag)


def _same_project(a: Project, b: Project) -> None:
    assert [_task_key(t) for t in a.tasks] == [_task_key(t) for t in b.tasks]
    assert sorted(map(_link_key, a.links), key=repr) == sorted(map(_link_key, b.links), key=repr)
    assert {k: _cal_key(c) for k, c in a.calendars.items()} == {
        k: _cal_key(c) for k, c in b.calendars.items()
    }
    settings = ("calendar", "start", "finish", "schedule_from_start", "status_date", "minutes_per_day")
    settings += ("minutes_per_week", "days_per_month", "critical_slack", "multiple_critical_paths", "name")
    assert [getattr(a, s) for s in settings] == [getattr(b, s) for s in settings]


def _schedule_or_error(p: Project) -> Any:
    try:
        res = schedule(p)
    except ScheduleError as exc:
        return type(exc).__name__
    return {
        r.uid: (r.start, r.finish, r.early_start, r.early_finish, r.late_start, r.late_finish, *rest)
        for r in res.tasks
        for rest in [(r.total_slack, r.free_slack, r.critical, r.duration)]
    }


def _files() -> list[Path]:
    root = shared_data_dir() / "mspdi"
    return sorted(root.rglob("*.xml")) if root.exists() else []


@pytest.mark.parametrize("path", _files() or [None], ids=lambda p: p.name if p else "absent")
def test_shared_files_round_trip(path: Path | None) -> None:
    root = require_shared_data("mspdi")
    if path is None:
        pytest.fail(f"no MSPDI files under {root}")
    first = read_mspdi(path)  # files without tasks still carry calendars and settings
    xml = write_mspdi(first.project, stored=first.stored)
    second = read_mspdi(xml)
    _same_project(first.project, second.project)
    assert second.summary_uids == first.summary_uids
    assert _schedule_or_error(second.project) == _schedule_or_error(first.project)
    # Stored dates were written as Start/Finish.
    for uid, st in first.stored.items():
        if uid in {t.uid for t in first.project.tasks}:
            assert (second.stored[uid].start, second.stored[uid].finish) == (st.start, st.finish)


def test_every_feature_round_trips() -> None:
    base = Calendar(
        name="Std",
        exceptions=(
            CalendarException(date(2024, 12, 25), date(2024, 12, 26), name="Xmas"),
            CalendarException(date(2024, 3, 2), date(2024, 3, 2), ((540, 720),), name="Sat am"),
            CalendarException(
                date(2024, 1, 1),
                date(2024, 12, 31),
                (),
                Recurrence(RecurrenceType.WEEKLY, 2, frozenset({0, 4})),
            ),
            CalendarException(
                date(2024, 1, 1),
                date(2025, 12, 31),
                (),
                Recurrence(RecurrenceType.MONTHLY, 1, day=15, occurrences=5),
            ),
            CalendarException(
                date(2024, 1, 1),
                date(2025, 12, 31),
                (),
                Recurrence(RecurrenceType.MONTHLY, 2, frozenset({2}), position=5),
            ),
            CalendarException(
                date(2024, 1, 1), date(2030, 12, 31), (), Recurrence(RecurrenceType.YEARLY, 1, day=4, month=7)
            ),
            CalendarException(
                date(2024, 1, 1),
                date(2030, 12, 31),
                (),
                Recurrence(RecurrenceType.YEARLY, 1, frozenset(range(5)), month=11, position=4),
            ),
            CalendarException(date(2024, 6, 1), date(2024, 6, 30), (), Recurrence(RecurrenceType.DAILY, 3)),
        ),
    )
    night = Calendar(name="Night", week=(((0, 360), (1320, 1440)),) * 5 + (None, None), base=base)
    tasks = (
        Task(1, "Phase", 0),
        Task(2, "A", 960, parent=1, constraint=ConstraintType.SNET, constraint_date=datetime(2024, 1, 3, 8)),
        Task(3, "B", 2880, elapsed=True, parent=1, deadline=datetime(2024, 2, 1, 17), calendar="2"),
        Task(
            4,
            "M",
            0,
            milestone=True,
            constraint=ConstraintType.FNLT,
            constraint_date=datetime(2024, 3, 1, 17),
        ),
        Task(
            5,
            "Done",
            480,
            actual_start=datetime(2024, 1, 1, 8),
            actual_finish=datetime(2024, 1, 1, 17),
            percent_complete=100.0,
            remaining_duration=0,
            baseline_start=datetime(2024, 1, 1, 8),
            baseline_finish=datetime(2024, 1, 1, 17),
            baseline_duration=480,
            estimated=True,
        ),
        Task(6, "Off", 480, active=False, constraint=ConstraintType.ALAP),
        Task(
            7,
            "Manual",
            480,
            manual=True,
            manual_start=datetime(2024, 1, 8, 8),
            manual_finish=datetime(2024, 1, 8, 17),
        ),
    )
    links = (
        Link(2, 3, LinkType.FS, Lag(960)),
        Link(2, 4, LinkType.SS, Lag(-480)),
        Link(3, 4, LinkType.FF, Lag(1440, elapsed=True)),
        Link(5, 2, LinkType.SF, Lag(percent=50.0)),
        Link(5, 4, LinkType.FS, Lag(percent=-25.0)),
    )
    project = Project(
        tasks=tasks,
        links=links,
        calendars={"1": base, "2": night},
        calendar="1",
        start=datetime(2024, 1, 1, 8),
        status_date=datetime(2024, 1, 2, 17),
        critical_slack=480,
        multiple_critical_paths=True,
        name="Demo",
    )
    back = read_mspdi(write_mspdi(project)).project
    # The reader fills wbs/outline_level from the file: the writer derives them from the outline.
    expected = [(t.uid, t.parent) for t in tasks]
    assert [(t.uid, t.parent) for t in back.tasks] == expected
    assert [t.outline_level for t in back.tasks] == [1, 2, 2, 1, 1, 1, 1]
    assert [t.wbs for t in back.tasks] == ["1", "1.1", "1.2", "2", "3", "4", "5"]
    norm = tuple(
        t.__class__(**{**t.__dict__, "wbs": b.wbs, "outline_level": b.outline_level})
        for t, b in zip(tasks, back.tasks, strict=True)
    )
    _same_project(Project(**{**project.__dict__, "tasks": norm}), back)
    assert _schedule_or_error(back) == _schedule_or_error(project)


def test_summary_task_and_namespace() -> None:
    xml = write_mspdi(Project(tasks=(Task(1, "P"), Task(2, "C", 480, parent=1))))
    assert xml.startswith(b'<?xml version="1.0" encoding="UTF-8"')
    assert b'<Project xmlns="http://schemas.microsoft.com/project">' in xml
    f = read_mspdi(xml)
    assert f.summary_uids == frozenset({1})
    # No project calendar given: the default Standard calendar is written and used.
    assert [c.name for c in f.project.calendars.values()] == ["Standard"]


def test_format_duration() -> None:
    assert format_duration(480) == "PT8H0M0S"
    assert format_duration(0) == "PT0H0M0S"
    assert format_duration(90.5) == "PT1H30M30S"


@pytest.mark.parametrize(
    ("project", "message"),
    [
        (Project(tasks=(Task(0, "zero"),)), "uid 0"),
        (Project(tasks=(Task(1, "a"), Task(1, "b"))), "duplicate uid 1"),
        (Project(tasks=(Task(1, "a", parent=9),)), "parent 9"),
        (Project(tasks=(Task(1, "a", parent=2), Task(2, "b", parent=1))), "cycle"),
        (Project(tasks=(Task(1, "a"),), links=(Link(1, 5),)), "task 5 does not exist"),
        (Project(tasks=(Task(1, "a", constraint=ConstraintType.MSO),)), "constraint date"),
    ],
)
def test_invalid_projects_are_refused(project: Project, message: str) -> None:
    with pytest.raises(WriterError, match=message):
        write_mspdi(project)
