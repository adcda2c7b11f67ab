"""Microsoft Project-compatible scheduler on hand-worked networks (Standard calendar, 2024-01-01 = Monday)."""

from __future__ import annotations

import random
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmo.engine.schedule import (
    Calendar,
    CalendarException,
    ConstraintType,
    CycleError,
    Lag,
    Link,
    LinkType,
    NetworkError,
    Project,
    Recurrence,
    RecurrenceType,
    Task,
    schedule,
)

D = 480  # one working day in minutes
MON = datetime(2024, 1, 1, 8)


def dt(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2024, 1, day, hour, minute)


def four_link_project() -> Project:
    """A 2d; B SS+1d (2d); C FF+1d (1d); D SF+3d (1d); E FS-1d after B (1d); F unlinked (1d)."""
    tasks = (
        Task(1, "A", 2 * D),
        Task(2, "B", 2 * D),
        Task(3, "C", D),
        Task(4, "D", D),
        Task(5, "E", D),
        Task(6, "F", D),
    )
    links = (
        Link(1, 2, LinkType.SS, Lag(D)),
        Link(1, 3, LinkType.FF, Lag(D)),
        Link(1, 4, LinkType.SF, Lag(3 * D)),
        Link(2, 5, LinkType.FS, Lag(-D)),
    )
    return Project(tasks=tasks, links=links, start=MON)


def test_four_link_types_with_lags() -> None:
    r = schedule(four_link_project())
    a, b, c, d, e, f = (r.by_uid(u) for u in range(1, 7))
    assert (a.early_start, a.early_finish) == (dt(1, 8), dt(2, 17))
    assert (b.early_start, b.early_finish) == (dt(2, 8), dt(3, 17))
    assert (c.early_start, c.early_finish) == (dt(3, 8), dt(3, 17))
    assert (d.early_start, d.early_finish) == (dt(3, 8), dt(3, 17))
    assert (e.early_start, e.early_finish) == (dt(3, 8), dt(3, 17))
    assert r.project_finish == dt(3, 17)
    assert [t.total_slack for t in (a, b, c, d, e)] == [0] * 5
    assert all(t.critical for t in (a, b, c, d, e))
    assert (f.total_slack, f.free_slack, f.critical, f.late_start) == (2 * D, 2 * D, False, dt(3, 8))
    assert e.driving_predecessors == (2,)
    assert (1, 2, 5) in r.critical_paths


def test_fs_chain_crosses_the_weekend_and_reports_late_finish_at_17() -> None:
    p = Project(
        tasks=(Task(1, "A", D), Task(2, "B", D), Task(3, "C", 3 * D)), links=(Link(1, 2),), start=dt(5, 8)
    )
    r = schedule(p)
    assert r.by_uid(2).early_start == dt(8, 8)
    assert r.by_uid(1).late_finish == dt(8, 17)  # automatically scheduled: end of the previous working period
    assert r.by_uid(1).total_slack == D


def test_constraints_and_negative_slack() -> None:
    tasks = (
        Task(1, "SNET", D, constraint=ConstraintType.SNET, constraint_date=dt(3, 8)),
        Task(2, "FNLT", 3 * D, constraint=ConstraintType.FNLT, constraint_date=dt(2, 17)),
        Task(3, "MSO", D, constraint=ConstraintType.MSO, constraint_date=dt(4, 13)),
        Task(4, "after SNET", D),
        Task(5, "FNET", D, constraint=ConstraintType.FNET, constraint_date=dt(5, 17)),
        Task(6, "before FNLT", D),
    )
    p = Project(tasks=tasks, links=(Link(1, 4), Link(6, 2)), start=MON)
    r = schedule(p)
    assert r.by_uid(1).early_start == dt(3, 8)
    assert r.by_uid(4).early_start == dt(4, 8)
    # Constraints win over links (Microsoft Project's default): the FNLT task finishes on its date
    # and its predecessor shows the missing day as negative slack.
    assert r.by_uid(2).early_finish == dt(2, 17)
    assert r.by_uid(6).total_slack == -2 * D and r.by_uid(6).critical  # B needs 3 days before Tue 17:00
    assert (r.by_uid(3).early_start, r.by_uid(3).early_finish) == (dt(4, 13), dt(5, 12))
    assert r.by_uid(3).total_slack == 0  # must-start-on pins the late dates too
    assert r.by_uid(5).early_start == dt(5, 8)


def test_deadline_gives_negative_slack_without_moving_the_task() -> None:
    p = Project(tasks=(Task(1, "A", 3 * D, deadline=dt(2, 17)),), start=MON)
    a = schedule(p).by_uid(1)
    assert (a.early_start, a.early_finish) == (dt(1, 8), dt(3, 17))
    assert a.total_slack == -D and a.critical


def test_progress_and_status_date() -> None:
    tasks = (
        Task(1, "done", D, actual_start=MON, actual_finish=dt(1, 17), percent_complete=100),
        Task(2, "half", 4 * D, actual_start=MON, percent_complete=50),
        Task(3, "next", D),
        Task(4, "free", D),
    )
    p = Project(tasks=tasks, links=(Link(1, 3), Link(2, 3)), start=MON)
    r = schedule(p)
    assert r.by_uid(2).early_finish == dt(4, 17)
    assert not r.by_uid(1).critical and r.by_uid(1).free_slack == 0
    r2 = schedule(p, status_date=dt(4, 8))
    assert r2.by_uid(2).early_finish == dt(5, 17)  # the remaining 2 days resume at the status date
    assert r2.by_uid(3).early_start == dt(8, 8)
    assert r2.by_uid(4).early_start == dt(4, 8)  # unstarted work is not scheduled before the status date
    assert schedule(p, status_date=dt(3, 12)).by_uid(4).early_start == dt(3, 13)


def test_schedule_from_finish() -> None:
    p = Project(
        tasks=(Task(1, "A", 2 * D), Task(2, "B", D)),
        links=(Link(1, 2),),
        finish=dt(5, 17),
        schedule_from_start=False,
    )
    r = schedule(p)
    assert (r.by_uid(2).start, r.by_uid(2).finish) == (dt(5, 8), dt(5, 17))
    assert (r.by_uid(1).start, r.by_uid(1).finish) == (dt(3, 8), dt(4, 17))
    assert r.project_start == dt(3, 8)


def test_calendar_exceptions_including_recurring() -> None:
    holidays = Calendar(
        exceptions=(
            CalendarException(date(2024, 1, 2), date(2024, 1, 2), name="holiday"),
            CalendarException(
                date(2024, 1, 1),
                date(2024, 12, 31),
                recurrence=Recurrence(RecurrenceType.WEEKLY, 1, frozenset({3})),
            ),  # Thursdays off
        )
    )
    p = Project(
        tasks=(Task(1, "A", 3 * D), Task(2, "B", D)),
        links=(Link(1, 2),),
        calendars={"Standard": holidays},
        start=MON,
    )
    r = schedule(p)
    assert r.by_uid(1).early_finish == dt(5, 17)  # Mon, Wed, Fri
    assert r.by_uid(2).early_start == dt(8, 8)


def test_task_calendar_and_elapsed_and_percent_lags() -> None:
    nights = Calendar("nights", week=(((22 * 60, 24 * 60),),) * 7)
    tasks = (Task(1, "A", D), Task(2, "B", 120, calendar="nights"), Task(3, "C", 4 * D), Task(4, "D", D))
    links = (Link(1, 2, lag=Lag(1440, elapsed=True)), Link(3, 4, LinkType.SS, Lag(percent=50)))
    p = Project(tasks=tasks, links=links, calendars={"nights": nights}, start=dt(5, 8))
    r = schedule(p)
    assert r.by_uid(2).early_start == dt(6, 22)  # Friday 17:00 + 24 elapsed hours, then the next night
    assert r.by_uid(4).early_start == dt(9, 8)  # half of C's four days after C starts


def test_summary_tasks_span_their_children_and_carry_links() -> None:
    tasks = (Task(10, "Phase"), Task(1, "A", D, parent=10), Task(2, "B", 2 * D, parent=10), Task(3, "C", D))
    p = Project(tasks=tasks, links=(Link(1, 2), Link(10, 3)), start=MON)
    r = schedule(p)
    phase = r.by_uid(10)
    assert phase.summary and (phase.start, phase.finish) == (dt(1, 8), dt(3, 17))
    assert r.by_uid(3).early_start == dt(4, 8)
    assert [t.uid for t in r.tasks] == [10, 1, 2, 3]


def test_alap_and_baseline_variance() -> None:
    tasks = (
        Task(1, "A", 3 * D),
        Task(
            2,
            "B",
            D,
            constraint=ConstraintType.ALAP,
            baseline_start=MON,
            baseline_finish=dt(1, 17),
            baseline_duration=D,
        ),
    )
    r = schedule(Project(tasks=tasks, start=MON))
    b = r.by_uid(2)
    assert (b.start, b.finish) == (dt(3, 8), dt(3, 17))
    assert (b.variance.start, b.variance.finish, b.variance.duration) == (2 * D, 2 * D, 0)


def test_errors_name_the_tasks() -> None:
    p = Project(tasks=(Task(1, "Dig", D), Task(2, "Pour", D)), links=(Link(1, 2), Link(2, 1)), start=MON)
    with pytest.raises(CycleError, match=r"Dig.*Pour|Pour.*Dig"):
        schedule(p)
    with pytest.raises(NetworkError, match="unknown task uid 9"):
        schedule(Project(tasks=(Task(1),), links=(Link(1, 9),)))
    with pytest.raises(NetworkError, match="without a date"):
        schedule(Project(tasks=(Task(1, "X", constraint=ConstraintType.MSO),)))


@settings(max_examples=25, derandomize=True, deadline=None)
@given(st.integers(0, 10_000))
def test_results_do_not_depend_on_task_order(seed: int) -> None:
    base = four_link_project()
    shuffled = list(base.tasks)
    random.Random(seed).shuffle(shuffled)
    r1 = schedule(base)
    r2 = schedule(Project(tasks=tuple(shuffled), links=base.links, start=MON))
    assert {t.uid: t for t in r1.tasks} == {t.uid: t for t in r2.tasks}
