"""Earned value of whole projects: the worked examples through the engine, EV methods, validation."""

from __future__ import annotations

from datetime import datetime

import pytest

from pmo.engine.evm import (
    CostEntry,
    EACMethod,
    EVMethod,
    EVMInputError,
    EVProject,
    EVTask,
    ProgressPoint,
    WeightedMilestone,
    evaluate,
    periods,
    tasks_from_schedule,
    time_phased,
)
from pmo.engine.schedule import Project, Task


def day(d: int, h: int = 17, month: int = 1) -> datetime:
    return datetime(2024, month, d, h)


def fence() -> EVProject:
    """Example A: four one-day sides (Mon 1 - Thu 4 January 2024), status at the end of day 3."""
    done = {1: (100, 1000), 2: (100, 1200), 3: (50, 600), 4: (0, 0)}
    return EVProject(
        tuple(
            EVTask(
                i,
                f"Side {i}",
                1000,
                day(i, 8),
                day(i, 17),
                progress=(ProgressPoint(day(i, 17), pc),) if pc else (),
                costs=(CostEntry(day(i, 17), cost),) if cost else (),
            )
            for i, (pc, cost) in done.items()
        )
    )


def test_example_a_through_the_engine() -> None:
    # When the fence is evaluated at the end of day 3
    r = evaluate(fence(), day(3))
    # Then the totals are DOMAIN.md's, with EAC 4,480 exactly
    f = r.figures
    assert (f.bac, f.pv, f.ev, f.ac) == (4000.0, 3000.0, 2500.0, 2800.0)
    assert f.eac == 4480.0 and f.etc == 1680.0 and f.vac == -480.0
    assert f.forecast(EACMethod.COMPOSITE).eac == 4816.0
    # And per task: side 3 planned 1,000 by its end, earned 500, spent 600; side 4 nothing yet
    side3, side4 = r.tasks[2], r.tasks[3]
    assert (side3.pv, side3.ev, side3.ac) == (1000.0, 500.0, 600.0)
    assert (side4.pv, side4.ev, side4.ac) == (0.0, 0.0, 0.0)
    # And earned schedule in working days: PV is 1,000 per 480 working minutes, so EV 2,500 was
    # planned 2.5 days in; AT = 3 days; IEAC(t) = 4 / (2.5 / 3) = 4.8 days → Friday 8:00 + 6.4 h.
    assert r.schedule is not None
    assert r.schedule.es == pytest.approx(2.5)
    assert (r.schedule.at, r.schedule.pd) == (3.0, 4.0)
    assert r.schedule.ieac_t == pytest.approx(4.8)
    assert r.forecast_finish == datetime(2024, 1, 5, 15, 24)
    assert (r.baseline_start, r.baseline_finish) == (day(1, 8), day(4))


def example_c() -> EVProject:
    """Example C as five one-week work packages of 10, 10, 20, 30 and 30 % of 100,000 (January 2024).

    Weeks start on Mondays 1, 8, 15, 22 and 29; progress is reported on Fridays.
    """
    mondays = [1, 8, 15, 22, 29]
    budgets = [10_000, 10_000, 20_000, 30_000, 30_000]
    progress = {0: 100, 1: 100, 2: 75}
    costs = {0: 9_000, 1: 18_000, 2: 36_000}
    tasks = []
    for i, (monday, budget) in enumerate(zip(mondays, budgets, strict=True)):
        friday = monday + 4 if monday + 4 <= 31 else None
        finish = day(friday) if friday else datetime(2024, 2, 2, 17)
        tasks.append(
            EVTask(
                i + 1,
                f"Week {i + 1}",
                budget,
                day(monday, 8),
                finish,
                progress=(ProgressPoint(finish, progress[i]),) if i in progress else (),
                costs=(CostEntry(finish, costs[i]),) if i in costs else (),
            )
        )
    return EVProject(tuple(tasks))


def test_example_c_at_the_end_of_period_3() -> None:
    # Status at the end of week 3 (Monday 22 January 00:00)
    r = evaluate(example_c(), datetime(2024, 1, 22))
    f = r.figures
    assert (f.pv, f.ev, f.ac) == (40_000.0, 35_000.0, 63_000.0)
    assert (f.sv, f.cv, f.spi) == (-5_000.0, -28_000.0, 0.875)
    assert f.eac == 180_000.0 and f.etc == 117_000.0 and f.vac == -80_000.0
    assert f.forecast(EACMethod.BUDGET_RATE).eac == 128_000.0
    assert f.forecast(EACMethod.COMPOSITE).eac == pytest.approx(196_714.29, abs=0.005)
    assert f.tcpi_bac == pytest.approx(1.756757, abs=5e-7)
    # Earned schedule in days: 35,000 is reached 3.75 days into week 3 (15,000 of its 20,000 at
    # 4,000 a day), so ES = 10 + 3.75 = 13.75 days; AT = 15; PD = 25; SPI(t) = 0.916667.
    assert r.schedule is not None
    assert r.schedule.es == pytest.approx(13.75)
    assert (r.schedule.at, r.schedule.pd) == (15.0, 25.0)
    assert r.schedule.spi_t == pytest.approx(0.916667, abs=5e-7)


def test_example_c_time_phased_by_week() -> None:
    ends = periods(datetime(2024, 1, 1), datetime(2024, 2, 2, 17), every="week")
    assert [d.day for d in ends] == [8, 15, 22, 29, 5]
    s = time_phased(example_c(), ends, status_date=datetime(2024, 1, 22))
    # Cumulative planned % by period: 0.1, 0.2, 0.4, 0.7, 1.0 of 100,000
    assert s.pv.tolist() == [10_000.0, 20_000.0, 40_000.0, 70_000.0, 100_000.0]
    assert s.ev.tolist()[:3] == [10_000.0, 20_000.0, 35_000.0]
    pv_inc, _, ac_inc = s.increments()
    assert ac_inc.tolist()[:3] == [9_000.0, 18_000.0, 36_000.0]
    assert pv_inc.sum() == s.bac == 100_000.0
    # EV and AC are unknown after the status date, so are the indices
    assert all(x != x for x in s.ev.tolist()[3:])  # nan
    assert s.cpi()[3] != s.cpi()[3]
    assert s.figures(2).eac == 180_000.0
    # Lipke's period interpolation: ES = 2 + (35 − 20) / (40 − 20) = 2.75 periods, AT 3
    es = s.earned_schedule(2)
    assert (es.es, es.at, es.pd) == (2.75, 3.0, 5.0)
    with pytest.raises(EVMInputError, match="status date"):
        s.earned_schedule(3)


def one_task(method: EVMethod, **kwargs: object) -> EVProject:
    task = EVTask(7, "Pour", 1000, day(1, 8), day(5), method=method, **kwargs)  # type: ignore[arg-type]
    return EVProject((task,))


@pytest.mark.parametrize(
    ("method", "expected"),
    [
        # before the first report, after 30 % on the 2nd, after 100 % on the 4th
        (EVMethod.PERCENT_COMPLETE, [0.0, 300.0, 1000.0]),
        (EVMethod.ZERO_HUNDRED, [0.0, 0.0, 1000.0]),
        (EVMethod.FIFTY_FIFTY, [0.0, 500.0, 1000.0]),
    ],
)
def test_ev_methods_over_time(method: EVMethod, expected: list[float]) -> None:
    p = one_task(method, progress=(ProgressPoint(day(4), 100), ProgressPoint(day(2), 30)))
    assert [evaluate(p, t).figures.ev for t in (day(1), day(3), day(5))] == expected


def test_fifty_fifty_counts_the_actual_start_and_every_method_counts_the_actual_finish() -> None:
    started = one_task(EVMethod.FIFTY_FIFTY, actual_start=day(2, 8))
    assert evaluate(started, day(1)).figures.ev == 0.0
    assert evaluate(started, day(2, 9)).figures.ev == 500.0
    for method in (EVMethod.PERCENT_COMPLETE, EVMethod.ZERO_HUNDRED, EVMethod.FIFTY_FIFTY):
        finished = one_task(method, actual_start=day(1, 8), actual_finish=day(3))
        assert evaluate(finished, day(3)).figures.ev == 1000.0


def test_weighted_milestones_earn_their_share_of_the_weights() -> None:
    # Weights 1, 2, 1: after the first 1/4, after the second 3/4; the third is not achieved
    steps = (
        WeightedMilestone("formwork", 1, day(2)),
        WeightedMilestone("pour", 2, day(3)),
        WeightedMilestone("cure", 1, None),
    )
    p = one_task(EVMethod.WEIGHTED_MILESTONES, milestones=steps)
    assert [evaluate(p, t).figures.ev for t in (day(1), day(2), day(4))] == [0.0, 250.0, 750.0]
    done = one_task(EVMethod.WEIGHTED_MILESTONES, milestones=steps, actual_finish=day(4))
    assert evaluate(done, day(4)).figures.ev == 1000.0


def test_later_report_at_the_same_instant_wins_and_progress_may_be_corrected_down() -> None:
    p = one_task(
        EVMethod.PERCENT_COMPLETE,
        progress=(ProgressPoint(day(2), 40), ProgressPoint(day(2), 60), ProgressPoint(day(3), 50)),
    )
    assert evaluate(p, day(2)).figures.ev == 600.0
    assert evaluate(p, day(3)).figures.ev == 500.0


def test_bottom_up_etc_counts_remaining_budget_for_tasks_without_an_estimate() -> None:
    # Side 3 estimates 700 more, side 4 1,200; sides 1-2 have none and are done (remaining 0).
    base = fence()
    estimates = {3: 700.0, 4: 1200.0}
    tasks = tuple(EVTask(**{**t.__dict__, "estimate_to_complete": estimates.get(t.uid)}) for t in base.tasks)
    r = evaluate(EVProject(tasks), day(3), method=EACMethod.BOTTOM_UP)
    assert r.figures.bottom_up_etc == 1900.0
    assert r.figures.eac == 2800.0 + 1900.0
    assert r.tasks[2].etc == 700.0 and r.tasks[0].etc is None
    assert evaluate(fence(), day(3)).figures.bottom_up_etc is None


def test_before_the_start_nothing_is_defined_but_nothing_raises() -> None:
    r = evaluate(fence(), datetime(2023, 12, 1))
    assert (r.figures.pv, r.figures.ev, r.figures.ac) == (0.0, 0.0, 0.0)
    assert r.figures.cpi is None and r.figures.spi is None
    assert r.schedule is not None and r.schedule.at == 0.0 and r.schedule.spi_t is None
    assert r.forecast_finish is None


def test_an_empty_project_or_a_zero_budget_has_no_earned_schedule() -> None:
    empty = evaluate(EVProject(()), day(1))
    assert empty.figures.bac == 0.0 and empty.schedule is None and empty.baseline_start is None
    free = EVProject((EVTask(1, "Free", 0.0, day(1, 8), day(2)),))
    assert evaluate(free, day(2)).schedule is None


def test_task_values_give_their_own_indices() -> None:
    side2 = evaluate(fence(), day(3)).tasks[1]
    f = side2.figures()
    assert f.cpi == pytest.approx(1000 / 1200)
    assert f.eac == 1200.0


def test_tasks_from_schedule_takes_baselines_progress_and_calendars() -> None:
    # Given a schedule project with baselines and 50 % progress on task 2
    sched = Project(
        tasks=(
            Task(
                1,
                "Dig",
                480,
                baseline_start=day(1, 8),
                baseline_finish=day(1),
                actual_start=day(1, 8),
                actual_finish=day(1),
                percent_complete=100,
            ),
            Task(
                2,
                "Pour",
                960,
                baseline_start=day(2, 8),
                baseline_finish=day(3),
                percent_complete=50,
                actual_start=day(2, 8),
            ),
            Task(3, "Cure", 480, baseline_start=day(4, 8), baseline_finish=day(4)),
        )
    )
    costs = {1: [CostEntry(day(1), 900.0)], 2: [CostEntry(day(2), 400.0)]}
    p = tasks_from_schedule(sched, {1: 1000.0, 2: 2000.0, 3: 500.0}, status_date=day(3), costs=costs)
    r = evaluate(p, day(3))
    assert (r.figures.pv, r.figures.ev, r.figures.ac) == (3000.0, 2000.0, 1300.0)
    with pytest.raises(EVMInputError, match="unknown") as err:
        tasks_from_schedule(sched, {9: 1.0})
    assert err.value.field == "budgets"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"budget": -1.0}, "budget"),
        ({"budget": float("nan")}, "budget"),
        ({"baseline_finish": datetime(2023, 12, 31)}, "baseline_finish"),
        ({"baseline_start": None}, "baseline_start"),
        ({"calendar": "Night shift"}, "calendar"),
        ({"progress": (ProgressPoint(datetime(2024, 1, 2), 120),)}, "progress"),
        ({"method": EVMethod.WEIGHTED_MILESTONES}, "milestones"),
        ({"milestones": (WeightedMilestone("x", -1),)}, "milestones"),
        ({"costs": (CostEntry(datetime(2024, 1, 2), float("inf")),)}, "costs"),
        ({"estimate_to_complete": -5.0}, "estimate_to_complete"),
        ({"actual_start": datetime(2024, 1, 3), "actual_finish": datetime(2024, 1, 2)}, "actual_finish"),
    ],
)
def test_invalid_task_fields_are_refused_naming_task_and_field(change: dict[str, object], field: str) -> None:
    task = EVTask(**{**EVTask(5, "Frame", 100.0, day(1, 8), day(2)).__dict__, **change})  # type: ignore[arg-type]
    with pytest.raises(EVMInputError) as err:
        evaluate(EVProject((task,)), day(2))
    assert err.value.field == field and err.value.uid == 5
    assert "'Frame' (uid 5)" in str(err.value) and field in str(err.value)


def test_duplicate_uids_and_bad_period_ends_are_refused() -> None:
    t = EVTask(1, "A", 1.0, day(1, 8), day(1))
    with pytest.raises(EVMInputError, match="twice"):
        evaluate(EVProject((t, t)), day(1))
    with pytest.raises(EVMInputError) as err:
        time_phased(EVProject((t,)), [day(2), day(1)])
    assert err.value.field == "period_ends"
    with pytest.raises(EVMInputError):
        time_phased(EVProject((t,)), [])
