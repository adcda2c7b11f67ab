"""When the genetic algorithm hands over to CP-SAT: at its share of the limit once it has settled,
later while it still finds better schedules (``Search.genetic(extend_to=...)``).

The search reads a fake clock that moves on a fixed step at every reading, so the tests do not
depend on the machine's speed or on the kernels being compiled already.
"""

from __future__ import annotations

import types

import numpy as np
import pytest

from pmo.engine.leveling import LevelingProblem, Link, Resource, Task
from pmo.engine.leveling import heuristic as heuristic_module
from pmo.engine.leveling.compile import compile_problem
from pmo.engine.leveling.heuristic import Search

STEP = 0.004


class FakeClock:
    """``perf_counter`` that advances ``STEP`` seconds at every call."""

    def __init__(self) -> None:
        self.now = 0.0

    def perf_counter(self) -> float:
        self.now += STEP
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    fake = FakeClock()
    monkeypatch.setattr(heuristic_module, "time", types.SimpleNamespace(perf_counter=fake.perf_counter))
    return fake


def search() -> Search:
    """A search on 30 tasks that all need the one crew member: every schedule is as long as the
    sum of the durations, so the best schedule cannot improve (the rules pass is done)."""
    tasks = tuple(Task(i, 1 + i % 4, (("crew", 1),)) for i in range(30))
    links = tuple(Link(i, i + 7) for i in range(0, 20, 3))
    problem = LevelingProblem(tasks=tasks, resources=(Resource("crew", 1),), links=links)
    found = Search(compile_problem(problem))
    found.rules_pass()
    return found


def test_a_settled_search_stops_at_its_share(clock: FakeClock) -> None:
    # Given a search whose best schedule last improved a minute ago
    s = search()
    s.improved_at = clock.now - 60
    deadline = clock.now + 0.05

    # When the GA may go on to a second later
    stopped = s.genetic(deadline, np.random.default_rng(0), [], extend_to=deadline + 1.0)

    # Then it stops at its own deadline, leaving the second to CP-SAT
    assert deadline <= stopped < deadline + 10 * STEP


def test_a_search_that_just_improved_keeps_going(clock: FakeClock) -> None:
    # Given a search whose best schedule has just improved
    s = search()
    s.improved_at = clock.now
    deadline = clock.now + 0.05

    # When the GA may go on to 0.4 s after its deadline
    stopped = s.genetic(deadline, np.random.default_rng(0), [], extend_to=deadline + 0.4)

    # Then it goes on past its deadline and hands over 0.4 s after the last improvement
    assert s.improved_at + 0.4 <= stopped < s.improved_at + 0.4 + 10 * STEP


def test_without_extend_to_the_deadline_is_final(clock: FakeClock) -> None:
    s = search()
    s.improved_at = clock.now
    deadline = clock.now + 0.05

    stopped = s.genetic(deadline, np.random.default_rng(0), [])

    assert deadline <= stopped < deadline + 10 * STEP
