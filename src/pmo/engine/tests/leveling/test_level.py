"""Hand-worked leveling examples: links with lags, time off, releases, priorities, projects,
"do not level" tasks, time units, and the explanation of every delay."""

from __future__ import annotations

import os
import subprocess
import sys

from pmo.engine.leveling import LevelingProblem, Link, Project, Resource, Task, level
from pmo.engine.tests.leveling.helpers import checked

CREW = Resource("crew", 1)


def crew(units: int = 1) -> tuple[tuple[str, int], ...]:
    return (("crew", units),)


def test_two_tasks_on_one_person_run_one_after_the_other() -> None:
    # given two tasks that both need the only crew member
    problem = LevelingProblem(tasks=(Task("a", 2, crew()), Task("b", 3, crew())), resources=(CREW,))
    # when levelled
    result = checked(problem)
    # then they run in sequence and b's delay names a, the resource and the period
    assert result.starts == {"a": 0, "b": 2}
    assert (result.makespan, result.cpm_makespan, result.lower_bound, result.optimal) == (5, 3, 5, True)
    b = result.explain("b")
    assert (b.early_start, b.delay, b.driver) == (0, 2, None)
    assert b.conflict is not None
    assert (b.conflict.resource, b.conflict.period, b.conflict.holders, b.conflict.free) == (
        "crew",
        0,
        ("a",),
        0,
    )
    assert b.reason == "delayed 2: 'crew' was full at 0 (needs 1, 0 free; held by 'a')"
    assert result.explain("a").reason == ""


LAGGED = (
    Link("A", "B", "FS", 1),  # s_B >= 0 + 3 + 1 = 4
    Link("A", "C", "SS", 2),  # s_C >= 2
    Link("B", "D", "FF", 0),  # f_D >= f_B = 6  -> s_D >= 5
    Link("C", "D", "SF", 3),  # f_D >= s_C + 3
)


def test_four_link_types_with_lags_without_resources_give_the_critical_path() -> None:
    problem = LevelingProblem(tasks=(Task("A", 3), Task("B", 2), Task("C", 4), Task("D", 1)), links=LAGGED)
    result = checked(problem)
    assert result.starts == {"A": 0, "B": 4, "C": 2, "D": 5}
    assert result.makespan == result.cpm_makespan == 6
    assert all(t.delay == 0 for t in result.tasks)


def test_four_link_types_with_a_shared_crew() -> None:
    # given A and C both need the crew: C (SS +2 after A) cannot start before A ends at 3
    problem = LevelingProblem(
        tasks=(Task("A", 3, crew()), Task("B", 2), Task("C", 4, crew()), Task("D", 1)),
        resources=(CREW,),
        links=LAGGED,
    )
    result = checked(problem, mode="optimize", time_limit=5)
    # then C starts at 3 (delay 1) and D keeps its FF link (f_D >= 6) and SF link (f_D >= 3 + 3)
    assert result.starts == {"A": 0, "B": 4, "C": 3, "D": 5}
    assert (result.makespan, result.optimal) == (7, True)
    c = result.explain("C")
    assert c.delay == 1 and c.conflict is not None
    assert (c.conflict.resource, c.conflict.period, c.conflict.holders) == ("crew", 2, ("A",))


def test_time_off_moves_a_task_past_it() -> None:
    # given the crew is away in periods 2 and 3
    away = Resource("crew", 1, ((2, 0), (4, 1)))
    problem = LevelingProblem(tasks=(Task("short", 2, crew()), Task("long", 3, crew())), resources=(away,))
    result = checked(problem)
    # then the short task fits before the time off and the long one after it
    assert result.starts == {"short": 0, "long": 4}
    conflict = result.explain("long").conflict
    assert conflict is not None and conflict.holders == ("short",)
    alone = checked(LevelingProblem(tasks=(Task("long", 3, crew()),), resources=(away,)))
    assert alone.starts == {"long": 4}
    assert "time off" in alone.explain("long").reason


def test_capacity_that_rises_later_is_used_when_it_comes() -> None:
    team = Resource("team", 1, ((5, 3),))
    tasks = tuple(Task(k, 2, (("team", 1),)) for k in "abcd")
    result = checked(LevelingProblem(tasks=tasks, resources=(team,)), mode="optimize", time_limit=5)
    # one person until 5, three after: two tasks in sequence from 0, one across the step (4-6)
    # and the last from 5; 6 is impossible (the fourth task cannot start before 5 and take 2)
    assert sorted(result.start.tolist()) == [0, 2, 4, 5]
    assert (result.makespan, result.optimal) == (7, True)


def test_release_date_is_a_start_no_earlier_than() -> None:
    problem = LevelingProblem(
        tasks=(Task("a", 2, crew(), release=3), Task("b", 2, crew())), resources=(CREW,)
    )
    result = checked(problem)
    assert result.starts == {"a": 3, "b": 0}
    assert result.cpm_makespan == 5


def test_higher_task_priority_is_levelled_first() -> None:
    problem = LevelingProblem(
        tasks=(Task("low", 2, crew(), priority=100), Task("high", 2, crew(), priority=900)), resources=(CREW,)
    )
    result = checked(problem)
    assert result.starts == {"high": 0, "low": 2}
    assert result.explain("low").conflict is not None


def test_project_priority_orders_projects_sharing_a_pool() -> None:
    # given two projects, each with one task that needs the whole shared crew
    problem = LevelingProblem(
        tasks=(Task("l1", 2, crew(), project="low"), Task("h1", 2, crew(), project="high")),
        resources=(CREW,),
        projects=(Project("low", 100), Project("high", 900)),
    )
    for mode in ("heuristic", "optimize"):
        result = checked(problem, mode=mode, time_limit=None if mode == "heuristic" else 5)
        # then the high-priority project finishes first
        assert result.starts == {"h1": 0, "l1": 2}
        assert result.project_finish == {"low": 4, "high": 2}
        assert result.objective == 101 * 4 + 901 * 2


def test_do_not_level_task_stays_and_others_work_around_it() -> None:
    # given an inspection that must not move, and a high-priority task on the same crew
    problem = LevelingProblem(
        tasks=(Task("work", 2, crew(), priority=999), Task("inspect", 3, crew(), level=False)),
        resources=(CREW,),
    )
    result = checked(problem)
    assert result.starts == {"inspect": 0, "work": 3}
    assert not result.explain("inspect").levelled
    # priority 1000 means the same (MS Project)
    same = checked(
        LevelingProblem(
            tasks=(Task("work", 2, crew(), priority=999), Task("inspect", 3, crew(), priority=1000)),
            resources=(CREW,),
        )
    )
    assert same.starts == {"inspect": 0, "work": 3}


def test_do_not_level_task_still_follows_its_links() -> None:
    problem = LevelingProblem(
        tasks=(Task("a", 2, crew(), priority=900), Task("b", 2, crew()), Task("c", 1, level=False)),
        resources=(CREW,),
        links=(Link("b", "c"),),
    )
    result = checked(problem)
    assert result.starts == {"a": 0, "b": 2, "c": 4}
    c = result.explain("c")
    # c was not delayed for a resource: its predecessor b was
    assert (c.delay, c.driver, c.conflict) == (2, "b", None)
    assert c.reason == "delayed 2: its predecessor 'b' was delayed"


def test_two_tasks_not_to_level_may_overload_and_it_is_reported() -> None:
    problem = LevelingProblem(
        tasks=(Task("x", 3, crew(), level=False), Task("y", 2, crew(), level=False), Task("z", 1, crew())),
        resources=(CREW,),
    )
    result = level(problem)
    assert result.starts == {"x": 0, "y": 0, "z": 3}
    assert [(o.resource, o.start, o.end, o.excess) for o in result.overallocations] == [("crew", 0, 2, 1)]


def test_working_minutes_are_levelled_on_their_common_grid() -> None:
    day = 480
    problem = LevelingProblem(
        tasks=(Task("a", 2 * day, crew()), Task("b", 3 * day, crew()), Task("c", day // 2)),
        resources=(CREW,),
        links=(Link("a", "c", "FS", day // 2),),
    )
    result = checked(problem)
    assert result.compiled.unit == day // 2
    assert result.starts == {"a": 0, "b": 2 * day, "c": 2 * day + day // 2}
    assert result.makespan == 5 * day


def test_finish_links_never_pull_a_task_before_the_project_start() -> None:
    problem = LevelingProblem(
        tasks=(Task("short", 1), Task("long", 5)), links=(Link("short", "long", "FF", 0),)
    )
    assert checked(problem).starts == {"short": 0, "long": 0}


def test_empty_problem_and_milestones() -> None:
    empty = level(LevelingProblem(tasks=()))
    assert (empty.makespan, empty.optimal, empty.tasks) == (0, True, ())
    ms = checked(LevelingProblem(tasks=(Task("m", 0, crew()), Task("w", 2, crew())), resources=(CREW,)))
    assert ms.starts == {"m": 0, "w": 0}


def test_heuristic_without_a_time_limit_is_deterministic() -> None:
    tasks = tuple(Task(i, 1 + i % 3, crew(1 + i % 2)) for i in range(12))
    problem = LevelingProblem(
        tasks=tasks, resources=(Resource("crew", 2),), links=(Link(0, 5), Link(3, 7, "SS", 1))
    )
    first, second = checked(problem), checked(problem)
    assert first.start.tolist() == second.start.tolist()
    assert first.method == second.method


def test_time_limited_heuristic_and_optimize_never_lose_to_the_quick_heuristic() -> None:
    tasks = tuple(Task(i, 1 + (7 * i) % 5, (("crew", 1 + i % 3), ("van", i % 2))) for i in range(14))
    links = tuple(Link(i, i + 3, ("FS", "SS", "FF", "SF")[i % 4], i % 3 - 1) for i in range(0, 11, 2))
    problem = LevelingProblem(tasks=tasks, resources=(Resource("crew", 3), Resource("van", 1)), links=links)
    quick = checked(problem)
    timed = checked(problem, time_limit=0.3, seed=7)
    best = checked(problem, mode="optimize", time_limit=3, seed=7)
    assert best.makespan <= timed.makespan <= quick.makespan
    assert best.optimal


def test_plain_python_fallback_gives_the_same_schedules() -> None:
    code = (
        "from pmo.engine.leveling import LevelingProblem, Link, Resource, Task, level\n"
        "from pmo.engine.leveling import _kernels\n"
        "t = tuple(Task(i, 1 + (7 * i) % 5, (('crew', 1 + i % 3),)) for i in range(14))\n"
        "l = tuple(Link(i, i + 3, ('FS', 'SS', 'FF', 'SF')[i % 4], i % 3 - 1) for i in range(0, 11, 2))\n"
        "r = level(LevelingProblem(tasks=t, resources=(Resource('crew', 3),), links=l))\n"
        "print(_kernels.ACCELERATED, r.start.tolist())\n"
    )
    env = {**os.environ, "PMO_ENGINE_ACCELERATOR": "off"}
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    accelerated, starts = run.stdout.split(" ", 1)
    assert accelerated == "False"
    t = tuple(Task(i, 1 + (7 * i) % 5, (("crew", 1 + i % 3),)) for i in range(14))
    links = tuple(Link(i, i + 3, ("FS", "SS", "FF", "SF")[i % 4], i % 3 - 1) for i in range(0, 11, 2))
    here = level(LevelingProblem(tasks=t, resources=(Resource("crew", 3),), links=links))
    assert starts.strip() == str(here.start.tolist())
