"""The DCMA 14-point assessment: a clean project passes every check; projects built to fail one
check are flagged on exactly the right tasks.

The clean project (Standard calendar, January 2024, status date Monday 15 January 08:00):

    Start(1) -> A(2, 5d) -> B(3, 5d) -> C(4, 5d) -> D(5, 5d) -> E(6, 5d) -> Finish(7)
    Start(1) -> X(8, 3d) -> Finish(7)

Start, A, B and X are complete on their baseline dates; C, D, E are DCMA's counted tasks
(incomplete, not milestones), so one offending task among them is 33 % (over any 5 % mark).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

import pytest

from pmo.engine.dcma import Check, Thresholds, assess
from pmo.engine.dcma.model import Assessment
from pmo.engine.schedule import ConstraintType, Lag, Link, LinkType, Project, Task, schedule

DAY = 480
STATUS = datetime(2024, 1, 15, 8)
START = datetime(2024, 1, 1, 8)


def jan(d: int, h: int = 17) -> datetime:
    return datetime(2024, 1, d, h)


def clean_tasks() -> dict[int, Task]:
    return {
        1: Task(
            1, "Start", 0, milestone=True, actual_start=START, actual_finish=START, baseline_finish=START
        ),
        2: Task(2, "A", 5 * DAY, actual_start=START, actual_finish=jan(5), baseline_finish=jan(5)),
        3: Task(3, "B", 5 * DAY, actual_start=jan(8, 8), actual_finish=jan(12), baseline_finish=jan(12)),
        4: Task(4, "C", 5 * DAY, baseline_finish=jan(19)),
        5: Task(5, "D", 5 * DAY, baseline_finish=jan(26)),
        6: Task(6, "E", 5 * DAY, baseline_finish=datetime(2024, 2, 2, 17)),
        7: Task(7, "Finish", 0, milestone=True, baseline_finish=datetime(2024, 2, 2, 17)),
        8: Task(8, "X", 3 * DAY, actual_start=START, actual_finish=jan(3), baseline_finish=jan(3)),
    }


def clean_links() -> dict[tuple[int, int], Link]:
    pairs = [(1, 2), (2, 3), (3, 4), (4, 5), (5, 6), (6, 7), (1, 8), (8, 7)]
    return {p: Link(*p) for p in pairs}


def run(
    tasks: dict[int, Task] | None = None,
    links: dict[tuple[int, int], Link] | None = None,
    resourced: set[int] | None = None,
    **kwargs: Any,
) -> Assessment:
    project = Project(
        tasks=tuple((tasks or clean_tasks()).values()),
        links=tuple((links or clean_links()).values()),
        start=START,
        status_date=STATUS,
    )
    result = schedule(project)
    return assess(project, result, resourced={2, 3, 4, 5, 6, 8} if resourced is None else resourced, **kwargs)


def with_task(uid: int, **changes: Any) -> dict[int, Task]:
    tasks = clean_tasks()
    tasks[uid] = replace(tasks[uid], **changes)
    return tasks


def with_link(pair: tuple[int, int], **changes: Any) -> dict[tuple[int, int], Link]:
    links = clean_links()
    links[pair] = replace(links[pair], **changes)
    return links


def test_a_clean_project_passes_all_fourteen_checks() -> None:
    a = run()
    assert [c.number for c in a.checks] == list(range(1, 15))
    assert all(c.passed is True for c in a.checks), [
        (c.name, c.figure, c.note) for c in a.checks if not c.passed
    ]
    assert a.passed and a.failed == ()
    assert a[Check.LOGIC].total == 3  # C, D, E
    # Links count when their successor is incomplete: B-C, C-D, D-E, E-Finish, X-Finish
    assert a[Check.RELATIONSHIP_TYPES].figure == 100.0 and a[Check.RELATIONSHIP_TYPES].total == 5
    assert a[Check.CRITICAL_PATH_TEST].figure == 600.0  # the finish moved by the whole delay
    assert "uid 4" in a[Check.CRITICAL_PATH_TEST].note  # C: the first incomplete critical task
    assert a[Check.CPLI].figure == 1.0
    assert a[Check.BEI].figure == 1.0 and a[Check.BEI].total == 3  # A, B, X were due and are done


def test_missing_logic_flags_the_task_without_a_successor_and_the_one_without_a_predecessor() -> None:
    links = clean_links()
    del links[(5, 6)]
    a = run(links=links)
    logic = a[Check.LOGIC]
    assert logic.passed is False and logic.tasks == (5, 6)
    assert logic.figure == pytest.approx(200 / 3)
    # D now dangles, so delaying C no longer moves the finish milestone either
    assert set(a.failed) == {Check.LOGIC, Check.CRITICAL_PATH_TEST}


def test_a_lead_is_flagged_on_its_link() -> None:
    a = run(links=with_link((4, 5), lag=Lag(-DAY)))
    assert a[Check.LEADS].passed is False
    assert (a[Check.LEADS].figure, a[Check.LEADS].links, a[Check.LEADS].tasks) == (1.0, ((4, 5),), (5,))
    assert a.failed == (Check.LEADS,)


def test_a_lead_in_percent_is_a_lead_too() -> None:
    assert run(links=with_link((4, 5), lag=Lag(percent=-20.0)))[Check.LEADS].links == ((4, 5),)


def test_lags_over_five_percent_of_links_fail() -> None:
    # A two-day lag from the finished X to the finish milestone changes no date: only the lag check fails.
    a = run(links=with_link((8, 7), lag=Lag(2 * DAY)))
    lags = a[Check.LAGS]
    assert (lags.passed, lags.links, lags.tasks, lags.figure) == (False, ((8, 7),), (7,), 20.0)  # 1 of 5
    assert a.failed == (Check.LAGS,)


def test_relationship_types_need_ninety_percent_finish_to_start() -> None:
    a = run(links=with_link((5, 6), type=LinkType.SS))
    rel = a[Check.RELATIONSHIP_TYPES]
    assert rel.passed is False and rel.figure == 80.0  # 4 of the 5 counted links are FS
    assert (rel.links, rel.tasks) == (((5, 6),), (6,))
    assert a.failed == (Check.RELATIONSHIP_TYPES,)


@pytest.mark.parametrize("constraint", [ConstraintType.MSO, ConstraintType.FNLT])
def test_hard_constraints_are_flagged(constraint: ConstraintType) -> None:
    when = jan(15, 8) if constraint is ConstraintType.MSO else datetime(2024, 1, 31, 17)
    a = run(tasks=with_task(4, constraint=constraint, constraint_date=when))
    assert a[Check.HARD_CONSTRAINTS].passed is False and a[Check.HARD_CONSTRAINTS].tasks == (4,)
    assert a.failed == (Check.HARD_CONSTRAINTS,)


def test_soft_constraints_are_not_hard() -> None:
    a = run(tasks=with_task(4, constraint=ConstraintType.SNET, constraint_date=jan(15, 8)))
    assert a[Check.HARD_CONSTRAINTS].passed is True


def test_high_float_flags_a_task_with_more_than_44_days() -> None:
    # C, D, E last 20 days each (60 days of work after the status date); Y (2 days) hangs off Start
    # and Finish in parallel, so its float is about 58 days.
    tasks = clean_tasks()
    for uid in (4, 5, 6):
        tasks[uid] = replace(tasks[uid], duration=20 * DAY, baseline_finish=None)
    tasks[7] = replace(tasks[7], baseline_finish=None)
    tasks[9] = Task(9, "Y", 2 * DAY)
    links = clean_links() | {(1, 9): Link(1, 9), (9, 7): Link(9, 7)}
    a = run(tasks=tasks, links=links, resourced={2, 3, 4, 5, 6, 8, 9})
    assert a[Check.HIGH_FLOAT].passed is False and a[Check.HIGH_FLOAT].tasks == (9,)
    assert a[Check.HIGH_FLOAT].figure == 25.0  # 1 of C, D, E, Y
    assert a.failed == (Check.HIGH_FLOAT,)


def test_negative_float_flags_the_tasks_that_miss_a_deadline() -> None:
    # D's deadline is one day before its forecast finish (26 January): C and D get -1 day of float.
    a = run(tasks=with_task(5, deadline=jan(25)))
    neg = a[Check.NEGATIVE_FLOAT]
    assert (neg.passed, neg.tasks, neg.figure) == (False, (4, 5), 2.0)
    assert a.failed == (Check.NEGATIVE_FLOAT,)


def test_high_duration_flags_a_task_longer_than_44_days() -> None:
    tasks = with_task(5, duration=45 * DAY)
    tasks[6] = replace(tasks[6], baseline_finish=None)
    tasks[7] = replace(tasks[7], baseline_finish=None)
    a = run(tasks=tasks)
    assert a[Check.HIGH_DURATION].passed is False and a[Check.HIGH_DURATION].tasks == (5,)
    assert a.failed == (Check.HIGH_DURATION,)
    # The baseline duration counts when there is one
    assert run(tasks=with_task(4, baseline_duration=50 * DAY))[Check.HIGH_DURATION].tasks == (4,)
    assert run(tasks=with_task(4, baseline_duration=44 * DAY))[Check.HIGH_DURATION].passed is True


def test_invalid_dates_flag_actuals_after_and_forecasts_before_the_status_date() -> None:
    # B reports an actual finish after the status date; E is a manually scheduled task left in the past.
    tasks = with_task(3, actual_finish=jan(16))
    tasks[6] = replace(tasks[6], manual=True, manual_start=jan(10, 8), manual_finish=jan(12))
    inv = run(tasks=tasks)[Check.INVALID_DATES]
    assert (inv.passed, inv.tasks, inv.figure) == (False, (3, 6), 2.0)


def test_resources_flag_incomplete_tasks_without_assignments() -> None:
    a = run(resourced={2, 3, 4, 6, 8})
    assert a[Check.RESOURCES].passed is False and a[Check.RESOURCES].tasks == (5,)
    assert a.failed == (Check.RESOURCES,)
    assert run(resourced=None, **{})[Check.RESOURCES].passed is True  # the default set in run()


def test_resources_are_not_assessed_without_assignment_data() -> None:
    project = Project(tasks=tuple(clean_tasks().values()), links=tuple(clean_links().values()), start=START)
    res = assess(project, schedule(project, status_date=STATUS), status_date=STATUS)[Check.RESOURCES]
    assert res.passed is None and res.figure is None and "resource" in res.note


def test_missed_tasks_flag_a_task_finished_after_its_baseline() -> None:
    a = run(tasks=with_task(3, baseline_finish=jan(11)))
    missed = a[Check.MISSED_TASKS]
    assert (missed.passed, missed.tasks, missed.total) == (False, (3,), 3)
    assert missed.figure == pytest.approx(100 / 3)
    assert a.failed == (Check.MISSED_TASKS,)


def test_bei_and_missed_tasks_flag_a_task_due_but_not_done() -> None:
    # C was due on Friday 12 January and has not finished: 3 complete of 4 due, BEI 0.75.
    a = run(tasks=with_task(4, baseline_finish=jan(12)))
    assert a[Check.BEI].figure == 0.75 and a[Check.BEI].passed is False and a[Check.BEI].tasks == (4,)
    assert a[Check.MISSED_TASKS].tasks == (4,)
    assert set(a.failed) == {Check.BEI, Check.MISSED_TASKS}


def test_critical_path_test_fails_when_a_constraint_pins_the_finish() -> None:
    # The finish milestone must start on 2 February 17:00: delaying C no longer moves it.
    a = run(tasks=with_task(7, constraint=ConstraintType.MSO, constraint_date=datetime(2024, 2, 2, 17)))
    cpt = a[Check.CRITICAL_PATH_TEST]
    assert (cpt.passed, cpt.tasks, cpt.figure) == (False, (4,), 0.0)
    assert a.failed == (Check.CRITICAL_PATH_TEST,)


def test_cpli_fails_when_the_forecast_is_five_days_past_the_baseline_finish() -> None:
    # Critical path length: 15 January 08:00 to 2 February 17:00 = 15 days; total float to the
    # baseline finish of 26 January 17:00 = -5 days; CPLI = (15 - 5) / 15 = 0.667.
    a = run(tasks=with_task(7, baseline_finish=jan(26)))
    c = a[Check.CPLI]
    assert c.passed is False and c.figure == pytest.approx(10 / 15)
    assert c.tasks == (4, 5, 6, 7)  # the critical path
    assert a.failed == (Check.CPLI,)


def test_cpli_uses_a_deadline_over_the_baseline() -> None:
    a = run(tasks=with_task(7, deadline=datetime(2024, 2, 5, 17)))  # one day of float
    assert a[Check.CPLI].figure == pytest.approx(16 / 15)


def test_without_a_status_date_the_date_checks_are_not_assessed() -> None:
    project = Project(tasks=tuple(clean_tasks().values()), links=tuple(clean_links().values()), start=START)
    a = assess(project, schedule(project), resourced={4, 5, 6})
    for check in (Check.INVALID_DATES, Check.MISSED_TASKS, Check.BEI):
        assert a[check].passed is None and "status date" in a[check].note


def test_thresholds_are_configurable() -> None:
    links = clean_links()
    del links[(5, 6)]
    assert run(links=links, thresholds=Thresholds(logic_percent=70))[Check.LOGIC].passed is True


def test_summary_tasks_are_not_counted() -> None:
    tasks = clean_tasks()
    tasks[10] = Task(10, "Phase", 0)
    for uid in (4, 5, 6):
        tasks[uid] = replace(tasks[uid], parent=10)
    a = run(tasks=tasks)
    assert 10 not in a[Check.LOGIC].tasks and a[Check.LOGIC].total == 3
    assert a.passed
