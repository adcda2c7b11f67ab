"""Networks from the engine's Project model and from real PSPLIB files; the docstring examples."""

from __future__ import annotations

import doctest
import importlib
from datetime import datetime

import numpy as np
import pytest

from pmo.engine.readers.psplib import read_psplib
from pmo.engine.risk import Estimate, RiskInputError, RiskModel, RiskNetwork, Settings, simulate
from pmo.engine.schedule import ConstraintType, Lag, Link, LinkType, Project, Task, schedule
from pmo.testing.data import require_shared_data

DAY = 480


def project() -> Project:
    tasks = (
        Task(1, "Summary", 0),
        Task(2, "Design", 2 * DAY, parent=1),
        Task(3, "Build", 3 * DAY, parent=1),
        Task(4, "Test", DAY, parent=1),
        Task(5, "Dropped", DAY, active=False),
    )
    links = (
        Link(2, 3),
        Link(2, 4, LinkType.SS, Lag(DAY)),
        Link(3, 5),
    )
    return Project(tasks=tasks, links=links, start=datetime(2026, 1, 5, 8))


def test_from_project_takes_leaf_tasks_and_their_links() -> None:
    # Given a project with a summary task and an inactive task
    net = RiskNetwork.from_project(project())
    # then the network has the three active leaf tasks and the links between them
    assert net.uids.tolist() == [2, 3, 4] and net.names == ("Design", "Build", "Test")
    assert net.pred.tolist() == [0, 0] and net.succ.tolist() == [1, 2]
    assert net.link_type.tolist() == [0, 1] and net.lag.tolist() == [0, DAY]
    # and the simulation's deterministic finish is the scheduler's, in working minutes
    res = simulate(RiskModel(net, (Estimate(3, 2 * DAY, 3 * DAY, 5 * DAY),)), Settings(iterations=100), rng=1)
    assert res.deterministic_finish == 5 * DAY
    sched = schedule(project())
    assert sched.by_uid(3).critical and res.tasks.criticality[1] == 1.0


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (
            {"constraint": ConstraintType.MSO, "constraint_date": datetime(2026, 1, 6, 8)},
            "project.tasks[0] (task 2)",
        ),
        ({"elapsed": True}, "project.tasks[0] (task 2)"),
        ({"percent_complete": 50.0, "actual_start": datetime(2026, 1, 5, 8)}, "project.tasks[0] (task 2)"),
    ],
)
def test_from_project_refuses_what_one_time_line_cannot_hold(change: dict[str, object], where: str) -> None:
    base = project()
    tasks = tuple(Task(**{**t.__dict__, **change}) if t.uid == 2 else t for t in base.tasks)
    with pytest.raises(RiskInputError) as info:
        RiskNetwork.from_project(Project(tasks=tasks, links=base.links))
    assert info.value.field == where


def test_from_project_refuses_percent_lags_and_summary_links() -> None:
    base = project()
    with pytest.raises(RiskInputError, match=r"project.links\[0\] \(2 -> 3\): only working-minute lags"):
        RiskNetwork.from_project(Project(tasks=base.tasks, links=(Link(2, 3, lag=Lag(percent=50)),)))
    with pytest.raises(RiskInputError, match="summary"):
        RiskNetwork.from_project(Project(tasks=base.tasks, links=(Link(1, 4),)))


def test_psplib_networks_with_fixed_durations_give_mpm_time_and_the_critical_tasks() -> None:
    # Given real PSPLIB instances (durations in periods), without estimates
    root = require_shared_data("psplib", "j30")
    for path in sorted(root.glob("*.sm"))[:20]:
        inst = read_psplib(path)
        arr = inst.network()
        pred = np.repeat(np.arange(arr.n), [len(s) for s in inst.successors])
        succ = np.array([s - 1 for ss in inst.successors for s in ss], dtype=np.int64)
        net = RiskNetwork.from_arrays(np.array(inst.durations), pred, succ)
        res = simulate(RiskModel(net), Settings(iterations=20), rng=1)
        # then every iteration finishes at MPM-Time and the critical tasks are critical every time
        assert res.finish.minimum == res.finish.maximum == inst.mpm_time, path.name
        assert np.array_equal(res.tasks.criticality, arr.schedule().critical.astype(float)), path.name


def test_psplib_network_with_uncertainty_never_beats_the_shortest_durations() -> None:
    # Given a real PSPLIB instance with every duration uncertain between 80% and 150%
    inst = read_psplib(require_shared_data("psplib", "j60", "j601_1.sm"))
    pred = np.repeat(np.arange(len(inst.durations)), [len(s) for s in inst.successors])
    succ = np.array([s - 1 for ss in inst.successors for s in ss], dtype=np.int64)
    minutes = np.array(inst.durations, dtype=np.int64) * DAY
    net = RiskNetwork.from_arrays(minutes, pred, succ)
    est = tuple(Estimate(i, 0.8 * d, d, 1.5 * d) for i, d in enumerate(minutes.tolist()) if d > 0)
    res = simulate(RiskModel(net, est), Settings(iterations=2000), rng=1)
    shortest = RiskNetwork.from_arrays(np.floor(minutes * 0.8).astype(np.int64), pred, succ)
    longest = RiskNetwork.from_arrays(np.ceil(minutes * 1.5).astype(np.int64), pred, succ)
    low = simulate(RiskModel(shortest), Settings(iterations=1), rng=1).finish.minimum
    high = simulate(RiskModel(longest), Settings(iterations=1), rng=1).finish.minimum
    # then every iteration lies between the all-shortest and the all-longest schedule
    assert low <= res.finish.minimum and res.finish.maximum <= high
    assert res.deterministic_finish == inst.mpm_time * DAY
    assert 0.0 < res.probability_deterministic < 1.0


@pytest.mark.parametrize(
    "name",
    [
        "pmo.engine.risk.errors",
        "pmo.engine.risk.model",
        "pmo.engine.risk.distributions",
        "pmo.engine.risk.results",
        "pmo.engine.risk.sampling",
        "pmo.engine.risk.montecarlo",
    ],
)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
