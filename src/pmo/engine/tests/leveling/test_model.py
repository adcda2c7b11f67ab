"""Validation happens once, at the entry point, with typed errors that name the culprit."""

from __future__ import annotations

import pytest

from pmo.engine.leveling import (
    InfeasibleError,
    InvalidProblemError,
    LevelingProblem,
    Link,
    Project,
    Resource,
    Task,
    level,
)
from pmo.engine.schedule.errors import CycleError, ScheduleError

CREW = Resource("crew", 2)


def _problem(
    *tasks: Task, links: tuple[Link, ...] = (), resources: tuple[Resource, ...] = (CREW,)
) -> LevelingProblem:
    return LevelingProblem(tasks=tasks, resources=resources, links=links)


@pytest.mark.parametrize(
    ("problem", "error", "names"),
    [
        (_problem(Task("dig", -1)), InvalidProblemError, ["dig", "duration"]),
        (_problem(Task("dig", 1.5)), InvalidProblemError, ["dig", "duration"]),  # type: ignore[arg-type]
        (_problem(Task("dig", 1, release=-2)), InvalidProblemError, ["dig", "release"]),
        (_problem(Task("dig", 1, priority=1001)), InvalidProblemError, ["dig", "priority"]),
        (_problem(Task("dig", 1, (("cranes", 1),))), InvalidProblemError, ["dig", "cranes"]),
        (_problem(Task("dig", 1, (("crew", -1),))), InvalidProblemError, ["dig", "crew"]),
        (_problem(Task("dig", 1, (("crew", 1), ("crew", 1)))), InvalidProblemError, ["dig", "crew", "twice"]),
        (_problem(Task("dig", 1), Task("dig", 2)), InvalidProblemError, ["dig", "twice"]),
        (_problem(Task("dig", 1), links=(Link("dig", "pour"),)), InvalidProblemError, ["pour"]),
        (_problem(Task("a", 1), Task("b", 1), links=(Link("a", "b", "XX"),)), InvalidProblemError, ["XX"]),  # type: ignore[arg-type]
        (
            _problem(Task("a", 1), resources=(CREW, Resource("crew", 1))),
            InvalidProblemError,
            ["crew", "twice"],
        ),
        (
            _problem(Task("a", 1), resources=(Resource("crew", 1, ((5, 0), (3, 1))),)),
            InvalidProblemError,
            ["crew", "order"],
        ),
        (
            _problem(Task("a", 1), resources=(Resource("crew", -1),)),
            InvalidProblemError,
            ["crew", "capacity"],
        ),
        (_problem(Task("pour", 1, (("crew", 3),))), InfeasibleError, ["pour", "3", "crew", "only 2"]),
        (
            _problem(Task("pour", 1, (("crew", 2),)), resources=(Resource("crew", 2, ((10, 1),)),)),
            InfeasibleError,
            ["pour", "crew", "from time 10"],
        ),
        (
            _problem(
                Task("a", 1),
                Task("b", 1),
                Task("c", 1),
                links=(Link("a", "b"), Link("b", "c"), Link("c", "b")),
            ),
            CycleError,
            ["b", "c"],
        ),
        (_problem(Task("a", 1), links=(Link("a", "a"),)), CycleError, ["a"]),
    ],
)
def test_bad_input_is_refused_with_a_message_naming_it(
    problem: LevelingProblem, error: type[Exception], names: list[str]
) -> None:
    with pytest.raises(error) as info:
        level(problem)
    assert isinstance(info.value, ScheduleError)
    for name in names:
        assert name in str(info.value)


def test_project_declared_twice_is_refused() -> None:
    problem = LevelingProblem(tasks=(Task("a", 1),), projects=(Project("p"), Project("p")))
    with pytest.raises(InvalidProblemError, match="'p'"):
        level(problem)


def test_demand_above_capacity_is_allowed_for_a_task_not_to_level() -> None:
    # given a "do not level" task that alone overloads the crew
    problem = _problem(Task("inspect", 2, (("crew", 3),), level=False))
    # when levelled, then it stays at 0 and the overload is reported, not refused
    result = level(problem)
    assert result.starts == {"inspect": 0}
    assert [(o.resource, o.start, o.end, o.excess) for o in result.overallocations] == [("crew", 0, 2, 1)]


def test_bad_mode_and_time_limit() -> None:
    problem = _problem(Task("a", 1))
    with pytest.raises(InvalidProblemError, match="mode"):
        level(problem, mode="fast")  # type: ignore[arg-type]
    with pytest.raises(InvalidProblemError, match="time_limit"):
        level(problem, time_limit=-1)


def test_task_index_of_unknown_key() -> None:
    with pytest.raises(InvalidProblemError, match="'nope'"):
        _problem(Task("a", 1)).task_index("nope")
