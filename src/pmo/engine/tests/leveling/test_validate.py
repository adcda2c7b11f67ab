"""The independent validator catches every kind of broken schedule, and accepts the PSPLIB
best-known schedules (full start-time vectors of J60, J90 and J120)."""

from __future__ import annotations

import pytest

from pmo.engine.leveling import LevelingProblem, Link, Resource, Task, validate, validate_starts
from pmo.engine.leveling.references import read_ors_csv
from pmo.engine.readers.psplib import read_psplib
from pmo.testing.data import require_shared_data

PAIR = (Task("a", 3), Task("b", 2))


@pytest.mark.parametrize(
    ("kind", "lag", "ok", "broken"),
    [
        ("FS", 1, 4, 3),  # s_b >= f_a + 1 = 4
        ("SS", 2, 2, 1),  # s_b >= s_a + 2
        ("FF", 0, 1, 0),  # f_b >= f_a: s_b + 2 >= 3
        ("SF", 4, 2, 1),  # f_b >= s_a + 4: s_b + 2 >= 4
        ("FS", -2, 1, 0),  # negative lag (lead)
    ],
)
def test_each_link_type_is_checked_at_its_exact_boundary(kind: str, lag: int, ok: int, broken: int) -> None:
    problem = LevelingProblem(tasks=PAIR, links=(Link("a", "b", kind, lag),))  # type: ignore[arg-type]
    assert validate(problem, {"a": 0, "b": ok}) == []
    violations = validate(problem, {"a": 0, "b": broken})
    assert [v.kind for v in violations] == ["link"]
    assert f"'a' -> 'b' ({kind}, lag {lag})" in violations[0].message


def test_an_over_capacity_period_is_caught_and_names_the_tasks() -> None:
    problem = LevelingProblem(
        tasks=(Task("a", 3, (("crew", 2),)), Task("b", 2, (("crew", 2),)), Task("m", 0, (("crew", 9),))),
        resources=(Resource("crew", 3),),
    )
    assert validate(problem, {"a": 0, "b": 3, "m": 1}) == []  # back to back; a milestone uses nothing
    violations = validate(problem, {"a": 0, "b": 2, "m": 1})
    assert [v.kind for v in violations] == ["capacity"]
    assert "'crew' holds 4 units > capacity 3 from 2 to 3" in violations[0].message
    assert "'a', 'b'" in violations[0].message


def test_time_off_is_capacity_too() -> None:
    problem = LevelingProblem(
        tasks=(Task("a", 2, (("crew", 1),)),), resources=(Resource("crew", 1, ((3, 0), (5, 1))),)
    )
    assert validate(problem, {"a": 1}) == []
    assert validate(problem, {"a": 5}) == []
    assert [v.kind for v in validate(problem, {"a": 2})] == ["capacity"]


def test_release_negative_missing_and_not_levelled() -> None:
    problem = LevelingProblem(
        tasks=(Task("a", 1, release=2), Task("b", 1, level=False), Task("c", 1, priority=1000)),
        links=(Link("a", "b"),),
    )
    assert validate(problem, {"a": 2, "b": 3, "c": 0}) == []
    assert [v.kind for v in validate(problem, {"a": 1, "b": 2, "c": 0})] == ["release"]
    assert [v.kind for v in validate(problem, {"a": 2, "b": 4, "c": 1})] == ["not-levelled", "not-levelled"]
    assert [v.kind for v in validate(problem, {"a": 2, "b": 3, "c": -1})] == ["negative"]
    assert [v.kind for v in validate(problem, {"a": 2})] == ["missing", "missing"]
    assert validate(problem, [2, 3, 0]) == []


def test_psplib_vector_checks() -> None:
    durations, successors = [0, 2, 3, 0], [(2, 3), (4,), (4,), ()]
    requests, capacities = [(0,), (1,), (1,), (0,)], [1]
    assert validate_starts(durations, successors, requests, capacities, [0, 0, 2, 5], makespan=5) == []
    assert [v.kind for v in validate_starts(durations, successors, requests, capacities, [0, 0, 1, 5])] == [
        "capacity"
    ]
    assert [v.kind for v in validate_starts(durations, successors, requests, capacities, [0, 0, 2, 4])] == [
        "link"
    ]
    assert [
        v.kind for v in validate_starts(durations, successors, requests, capacities, [0, 0, 2, 6], makespan=5)
    ] == ["makespan"]
    assert [v.kind for v in validate_starts(durations, successors, requests, capacities, [0, 0])] == [
        "missing"
    ]


@pytest.mark.parametrize(
    ("folder", "csv_name", "vectors"),
    [("j60", "J60_C.csv", 480), ("j90", "J90_BKS.csv", 466), ("j120", "J120_BKS.csv", 483)],
)
def test_best_known_schedules_are_valid_and_a_broken_one_is_not(
    folder: str, csv_name: str, vectors: int
) -> None:
    rows, bounds = read_ors_csv(require_shared_data("psplib", "solutions", csv_name))
    with_vector = {key: row for key, row in rows.items() if row.starts is not None}
    assert len(with_vector) == vectors
    for (par, inst), row in with_vector.items():
        assert row.starts is not None
        data = read_psplib(require_shared_data("psplib", folder, f"{folder}{par}_{inst}.sm"))
        args = (data.durations, data.successors, data.requests, data.capacities)
        assert validate_starts(*args, list(row.starts), makespan=row.value) == [], (par, inst)
        if (par, inst) in bounds:
            assert bounds[par, inst] <= row.value
    # the sink one period early breaks the links into it
    (par, inst), row = next(iter(with_vector.items()))
    assert row.starts is not None
    data = read_psplib(require_shared_data("psplib", folder, f"{folder}{par}_{inst}.sm"))
    broken = [*row.starts[:-1], row.starts[-1] - 1]
    kinds = {
        v.kind
        for v in validate_starts(data.durations, data.successors, data.requests, data.capacities, broken)
    }
    assert kinds == {"link"}


def test_the_model_validator_agrees_on_a_best_known_schedule() -> None:
    rows, _ = read_ors_csv(require_shared_data("psplib", "solutions", "J120_BKS.csv"))
    row = rows[1, 1]
    assert row.starts is not None
    problem = LevelingProblem.from_psplib(read_psplib(require_shared_data("psplib", "j120", "j1201_1.sm")))
    assert validate(problem, list(row.starts)) == []
    squeezed = [0 if k == 10 else s for k, s in enumerate(row.starts)]  # pull job 11 to the start
    assert validate(problem, squeezed) != []
