"""When the genetic algorithm hands over to CP-SAT: at its share of the limit once it has settled,
later while it still finds better schedules (``Search.genetic(extend_to=...)``)."""

from __future__ import annotations

import time

import numpy as np

from pmo.engine.leveling import LevelingProblem, Link, Resource, Task
from pmo.engine.leveling.compile import compile_problem
from pmo.engine.leveling.heuristic import Search


def search() -> Search:
    """A search on 30 tasks that all need the one crew member: every schedule is as long as the
    sum of the durations, so the best schedule cannot improve (the rules pass is done)."""
    tasks = tuple(Task(i, 1 + i % 4, (("crew", 1),)) for i in range(30))
    links = tuple(Link(i, i + 7) for i in range(0, 20, 3))
    problem = LevelingProblem(tasks=tasks, resources=(Resource("crew", 1),), links=links)
    found = Search(compile_problem(problem))
    found.rules_pass()
    return found


def test_a_settled_search_stops_at_its_share() -> None:
    # Given a search whose best schedule last improved long ago
    s = search()
    s.improved_at = time.perf_counter() - 60
    deadline = time.perf_counter() + 0.05

    # When the GA may go on to a second later
    stopped = s.genetic(deadline, np.random.default_rng(0), [], extend_to=deadline + 1.0)

    # Then it stops at its own deadline, leaving the second to CP-SAT
    assert deadline <= stopped < deadline + 0.5


def test_a_search_that_just_improved_keeps_going() -> None:
    # Given a search whose best schedule has just improved
    s = search()
    s.improved_at = time.perf_counter()
    deadline = time.perf_counter() + 0.05

    # When the GA may go on to 0.4 s later
    stopped = s.genetic(deadline, np.random.default_rng(0), [], extend_to=deadline + 0.4)

    # Then it goes on past its deadline: it hands over only after 0.4 s without a better schedule
    assert deadline + 0.3 <= stopped < deadline + 1.0
