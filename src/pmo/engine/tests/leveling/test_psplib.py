"""PSPLIB: critical-path bounds, J30 samples solved to their proven optimum, heuristic feasibility
on every J30 instance, and the reference readers."""

from __future__ import annotations

import pytest

from pmo.engine.leveling import LevelingProblem, level, validate_starts
from pmo.engine.leveling.references import best_known, instance_id, read_makespans
from pmo.engine.readers.psplib import read_psplib
from pmo.engine.tests.leveling.helpers import checked
from pmo.testing.data import require_shared_data


def _problem(folder: str, par: int, inst: int) -> tuple[LevelingProblem, int]:
    data = read_psplib(require_shared_data("psplib", folder, f"{folder}{par}_{inst}.sm"))
    assert data.mpm_time is not None
    return LevelingProblem.from_psplib(data), data.mpm_time


@pytest.mark.parametrize(("par", "inst"), [(1, 1), (5, 2), (21, 1), (45, 4)])
def test_j30_samples_reach_their_proven_optimum(par: int, inst: int) -> None:
    optimum = read_makespans(require_shared_data("psplib", "solutions", "j30opt.sm"))[par, inst]
    problem, mpm = _problem("j30", par, inst)
    # CP-SAT straight from the priority-rule schedule, bounded by its deterministic time (work, not
    # seconds): the same answer on a quiet or a loaded machine. It stops as soon as it is proven.
    result = checked(
        problem,
        mode="optimize",
        time_limit=600,
        heuristic_share=0.0,
        solver_options={"max_time_in_seconds": 600.0, "max_deterministic_time": 20.0},
    )
    assert result.makespan == optimum
    assert result.optimal
    assert result.cpm_makespan == mpm


def test_every_j30_heuristic_schedule_is_feasible_and_never_beats_the_optimum() -> None:
    solutions = require_shared_data("psplib", "solutions")
    optima = read_makespans(solutions / "j30opt.sm")
    assert len(optima) == 480
    at_optimum = 0
    for path in sorted(require_shared_data("psplib", "j30").glob("*.sm")):
        _, par, inst = instance_id(path.name)
        data = read_psplib(path)
        result = level(LevelingProblem.from_psplib(data))
        starts = result.start.tolist()
        assert validate_starts(data.durations, data.successors, data.requests, data.capacities, starts) == []
        assert result.cpm_makespan == data.mpm_time  # the header's MPM-Time is the critical path
        assert optima[par, inst] <= result.makespan
        assert result.optimal == (result.makespan == result.lower_bound)
        at_optimum += result.makespan == optima[par, inst]
    assert at_optimum >= 300  # priority rules + FBI alone reach most optima (343 when measured)


@pytest.mark.parametrize("folder", ["j60", "j120"])
def test_larger_sets_critical_path_and_heuristic(folder: str) -> None:
    best = best_known(folder, require_shared_data("psplib", "solutions"))
    for par, inst in [(1, 1), (9, 3), (30, 7)]:
        problem, mpm = _problem(folder, par, inst)
        result = checked(problem, time_limit=0.2)
        assert result.cpm_makespan == mpm
        assert best[par, inst] <= result.makespan <= 1.3 * best[par, inst]


def test_best_known_is_the_lower_of_hrs_and_csv() -> None:
    solutions = require_shared_data("psplib", "solutions")
    hrs = read_makespans(solutions / "j60hrs.sm")
    best = best_known("j60", solutions)
    assert len(best) == 480
    assert all(best[k] <= hrs[k] for k in hrs)
    assert sum(best[k] < hrs[k] for k in hrs) == 0  # J60_C is never better than j60hrs (MANIFEST)
    j120 = best_known("j120", solutions)
    assert sum(j120[k] < v for k, v in read_makespans(solutions / "j120hrs.sm").items()) == 0


def test_instance_id_refuses_other_names() -> None:
    with pytest.raises(ValueError, match="PSPLIB"):
        instance_id("plan.sm")
