"""Benchmark of ``pmo.engine.schedule.schedule()`` (the Microsoft Project path): objects vs arrays.

Goal (issue 4, via the web app's live rescheduling): ``schedule()`` on the workspace benchmark
project (5,000 leaf tasks under 500 summary tasks, about 10,000 links of the four types with lags,
the Standard calendar) in at most 40 ms warm on one quiet core, proportionally on 1k/10k/50k tasks,
with results identical to the object path.

The project is built without Django the way ``bench/workspace/build.py`` builds it in the database
(the generated network of :mod:`bench.generate`, tasks in topological-layer order, ten by ten under
a summary task, the project starting at midnight of 2026-01-05, as the adapter passes it). Each
size is scheduled by ``schedule(p, method="objects")`` (before: the reference object path) and
``schedule(p, method="arrays")`` (after: compiled passes and numpy results); the results must be
equal. Reported: the median of ``--runs`` warm calls (after one call that compiles the calendars
and loads the numba kernels), an "edit" (one task's duration changed, a new ``Project``, as the
adapter builds after an edit), and the first call of the process for the array path.

Run from the repository root::

    .venv/bin/python -m bench.cpm_bench                      # 1k, 5k, 10k, 50k; 7 runs (3 at 50k objects)
    .venv/bin/python -m bench.cpm_bench --sizes 5000 --runs 15

Pinned to one core (``sched_setaffinity``), garbage collector on (as in real use, one
``gc.collect()`` before each batch), process CPU time by default (the machine is shared; ``--clock
wall`` for elapsed time; both are recorded). Results go to ``bench/results/cpm-<date>.{json,md}``
with the load averages before and after.
"""

from __future__ import annotations

import os

for _var in ("NUMBA_NUM_THREADS", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import dataclasses  # noqa: E402
import datetime as dt  # noqa: E402
import gc  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402

from bench.generate import generate  # noqa: E402
from pmo.engine.schedule import Lag, Link, LinkType, Project, Task, has_accelerator, schedule  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
GROUP = 10
GOAL_MS = 40.0  # at 5,000 tasks, warm, one quiet core


def build(n_tasks: int, seed: int = 20260101) -> Project:
    """The workspace benchmark project as an engine ``Project`` (see the module docstring)."""
    net = generate(n_tasks, seed=seed)
    order = np.lexsort((np.arange(net.n_tasks), net.layer))
    tasks: list[Task] = []
    uid_of: dict[int, int] = {}
    uid = 0
    for group_start in range(0, net.n_tasks, GROUP):
        uid += 1
        summary = uid
        tasks.append(Task(summary, f"Work package {group_start // GROUP + 1}", outline_level=1))
        for index in order[group_start : group_start + GROUP]:
            uid += 1
            duration = int(net.duration[index])
            tasks.append(
                Task(uid, f"Task {int(index) + 1}", duration=duration, parent=summary, outline_level=2)
            )
            uid_of[int(index)] = uid
    links = tuple(
        Link(uid_of[int(p)], uid_of[int(s)], LinkType(int(t)), Lag(minutes=int(lag)))
        for p, s, t, lag in zip(net.pred, net.succ, net.link_type, net.lag, strict=True)
    )
    return Project(tasks=tuple(tasks), links=links, start=dt.datetime(2026, 1, 5), name=f"bench {n_tasks}")


def _edited(project: Project, k: int) -> Project:
    """The project after one edit: the k-th leaf task's duration plus one day."""
    leaves = [i for i, t in enumerate(project.tasks) if t.parent is not None]
    i = leaves[k % len(leaves)]
    tasks = list(project.tasks)
    tasks[i] = dataclasses.replace(tasks[i], duration=tasks[i].duration + 480)
    return dataclasses.replace(project, tasks=tuple(tasks))


def _measure(func: Callable[[], Any], runs: int) -> dict[str, Any]:
    gc.collect()
    cpu: list[float] = []
    wall: list[float] = []
    for _ in range(runs):
        c0, w0 = time.process_time(), time.perf_counter()
        func()
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    return {
        "cpu_median_ms": statistics.median(cpu) * 1e3,
        "wall_median_ms": statistics.median(wall) * 1e3,
        "cpu_ms": [x * 1e3 for x in cpu],
        "wall_ms": [x * 1e3 for x in wall],
    }


def run_size(n: int, runs: int, object_runs: int) -> dict[str, Any]:
    """Measure one size; returns the figures (and whether both paths agree)."""
    project = build(n)
    c0 = time.process_time()
    first = schedule(project, method="arrays")
    first_ms = (time.process_time() - c0) * 1e3
    reference = schedule(project, method="objects")
    same = first == reference and repr(first) == repr(reference)
    edits = iter(range(10**6))
    out: dict[str, Any] = {
        "tasks": len(project.tasks),
        "leaves": n,
        "links": len(project.links),
        "identical": same,
        "arrays_first_call_cpu_ms": first_ms,
        "objects": _measure(lambda: schedule(project, method="objects"), object_runs),
        "arrays": _measure(lambda: schedule(project, method="arrays"), runs),
        "arrays_edit": _measure(lambda: schedule(_edited(project, next(edits)), method="arrays"), runs),
    }
    return out


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and write the results."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,5000,10000,50000")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--object-runs-50k", type=int, default=3, help="object-path runs at >= 50k")
    parser.add_argument("--clock", choices=("cpu", "wall"), default="cpu")
    parser.add_argument("--no-pin", action="store_true")
    parser.add_argument("--out", default=str(RESULTS))
    args = parser.parse_args(argv)
    if not args.no_pin and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[-1]})
    if not has_accelerator():
        print("numba is off: the array path cannot run (PMO_ENGINE_ACCELERATOR=off or numba missing)")
        return 1
    load_before = os.getloadavg()
    sizes = [int(s) for s in args.sizes.split(",")]
    rows: dict[str, Any] = {}
    key = f"{args.clock}_median_ms"
    for n in sizes:
        obj_runs = args.object_runs_50k if n >= 50_000 else args.runs
        rows[str(n)] = r = run_size(n, args.runs, obj_runs)
        print(
            f"{n:>7,} tasks: objects {r['objects'][key]:9.1f} ms   arrays {r['arrays'][key]:7.1f} ms   "
            f"edit {r['arrays_edit'][key]:7.1f} ms   speed-up {r['objects'][key] / r['arrays'][key]:5.1f}x   "
            f"first call {r['arrays_first_call_cpu_ms']:7.0f} ms   identical {r['identical']}"
        )
    load_after = os.getloadavg()
    report = {
        "date": dt.date.today().isoformat(),
        "clock": args.clock,
        "pinned": not args.no_pin,
        "load_before": load_before,
        "load_after": load_after,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "goal_ms_5000": GOAL_MS,
        "sizes": rows,
    }
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    stem = out / f"cpm-{report['date']}"
    stem.with_suffix(".json").write_text(json.dumps(report, indent=2))
    stem.with_suffix(".md").write_text(_markdown(report, key))
    print(f"load average before {load_before}, after {load_after}; wrote {stem}.json and .md")
    return 0


def _markdown(report: dict[str, Any], key: str) -> str:
    lines = [
        f"# schedule() benchmark, {report['date']}",
        "",
        f"Clock: {report['clock']} time, median; one core: {report['pinned']}; load average before "
        f"{', '.join(f'{x:.2f}' for x in report['load_before'])}, after "
        f"{', '.join(f'{x:.2f}' for x in report['load_after'])} (2 cores, other work running).",
        "",
        "| leaf tasks | tasks | links | objects (before) | arrays (after) | edit + arrays | speed-up "
        "| first call | identical |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|:--|",
    ]
    for n, r in report["sizes"].items():
        lines.append(
            f"| {int(n):,} | {r['tasks']:,} | {r['links']:,} | {r['objects'][key]:.1f} ms | "
            f"{r['arrays'][key]:.1f} ms | {r['arrays_edit'][key]:.1f} ms | "
            f"{r['objects'][key] / r['arrays'][key]:.1f}x | {r['arrays_first_call_cpu_ms']:.0f} ms | "
            f"{r['identical']} |"
        )
    goal = report["sizes"].get("5000")
    if goal:
        figure = goal["arrays"][key]
        verdict = "MET" if figure <= report["goal_ms_5000"] else "NOT MET"
        lines += [
            "",
            f"Goal: <= {report['goal_ms_5000']:.0f} ms at 5,000 tasks: {verdict} ({figure:.1f} ms).",
        ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
