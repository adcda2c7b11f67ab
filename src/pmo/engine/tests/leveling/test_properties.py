"""Property tests: every heuristic schedule is feasible (by the independent validator) and never
shorter than the critical path, which is recomputed here from the link definitions."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmo.engine.leveling import LevelingProblem, Link, Project, Resource, Task, level, validate

KINDS = ("FS", "SS", "FF", "SF")


@st.composite
def problems(draw: st.DrawFn) -> LevelingProblem:
    n_res = draw(st.integers(1, 3))
    resources = []
    for r in range(n_res):
        cap = draw(st.integers(1, 4))
        steps: list[tuple[int, int]] = []
        if draw(st.booleans()):  # time off, then back to full capacity
            at = draw(st.integers(1, 8))
            steps = [(at, draw(st.integers(0, cap - 1))), (at + draw(st.integers(1, 4)), cap)]
        resources.append(Resource(f"R{r}", cap, tuple(steps)))
    n = draw(st.integers(1, 10))
    tasks = []
    for i in range(n):
        demands = tuple(
            (res.name, draw(st.integers(0, res.capacity))) for res in resources if draw(st.booleans())
        )
        tasks.append(
            Task(
                i,
                draw(st.integers(0, 6)),
                demands,
                release=draw(st.integers(0, 5)) if draw(st.booleans()) else 0,
                priority=draw(st.integers(0, 999)),
                project=draw(st.sampled_from(["p", "q"])),
            )
        )
    links = []
    for j in range(1, n):
        for i in draw(st.lists(st.integers(0, j - 1), max_size=2, unique=True)):
            links.append(Link(i, j, draw(st.sampled_from(KINDS)), draw(st.integers(-3, 5))))
    projects = (Project("p", draw(st.integers(0, 1000))), Project("q", draw(st.integers(0, 1000))))
    return LevelingProblem(
        tasks=tuple(tasks), resources=tuple(resources), links=tuple(links), projects=projects
    )


def critical_path(problem: LevelingProblem) -> int:
    """Earliest starts by the link definitions, in key order (links always go from lower keys)."""
    start: dict[object, int] = {}
    dur = {t.key: t.duration for t in problem.tasks}
    for t in problem.tasks:
        s = t.release
        for link in problem.links:
            if link.succ != t.key:
                continue
            s_i, f_i = start[link.pred], start[link.pred] + dur[link.pred]
            s = max(
                s,
                {
                    "FS": f_i + link.lag,
                    "SS": s_i + link.lag,
                    "FF": f_i + link.lag - t.duration,
                    "SF": s_i + link.lag - t.duration,
                }[link.type],
            )
        start[t.key] = s
    return max(start[k] + dur[k] for k in start)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_heuristic_schedules_are_feasible_and_not_shorter_than_the_critical_path(
    problem: LevelingProblem,
) -> None:
    result = level(problem)
    assert validate(problem, result.start.tolist()) == []
    assert result.cpm_makespan == critical_path(problem)
    assert result.makespan >= result.lower_bound >= result.cpm_makespan
    assert result.overallocations == ()
    for t in result.tasks:  # every delay is explained
        assert t.delay >= 0
        assert (t.delay == 0) == (t.reason == "")


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_optimize_is_feasible_and_never_worse_than_the_heuristic(problem: LevelingProblem) -> None:
    quick = level(problem)
    best = level(problem, mode="optimize", time_limit=0.3)
    assert validate(problem, best.start.tolist()) == []
    assert best.objective <= quick.objective
    assert best.makespan >= best.cpm_makespan
