"""MPXJ's ``org.mpxj.cpm.MicrosoftScheduler`` (Java, through JPype).

A dev-only peer: it needs Java, the ``mpxj`` pip package (the MPXJ jars) and
``JPype1``.  The JVM is started once, with every jar of the installed
``mpxj/lib`` folder on the class path.

``build`` makes a ``ProjectFile`` in memory: the default "Standard" base
calendar (Mon-Fri 08:00-12:00 and 13:00-17:00) as the project calendar, the
project start on Monday 2026-01-05 08:00, one auto-scheduled ASAP task per task
with its duration in days (durations are whole days), no actuals, and one
``Relation`` per link with its lag in minutes.  ``schedule`` is the
``MicrosoftScheduler().schedule(file, start)`` call alone.  Slack is computed by
MPXJ lazily, on ``getTotalSlack()`` / ``getFreeSlack()``, so it is outside the
timed call (read only for the agreement check).

Results are read back for a sample of tasks (reading a million dates through
JPype would take longer than the schedule) and turned back into working minutes
on the same calendar: working day number * 480 + minutes worked that day, so a
finish at 17:00 and a start at 08:00 the next working day are the same instant,
as on the benchmark's continuous time line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import glob
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import numpy as np

from bench.generate import generate
from bench.peers.common import CpmResult, IntArray, as_int64

if TYPE_CHECKING:
    from bench.generate import Network

PROJECT_START = dt.datetime(2026, 1, 5, 8, 0)  # a Monday
_MINUTES_PER_UNIT = {"MINUTES": 1, "HOURS": 60, "DAYS": 480, "WEEKS": 2400}


def available() -> str | None:
    """``None`` when the peer can run, else why not."""
    try:
        import jpype  # type: ignore[import-untyped]  # noqa: F401 - optional dev dependency
        import mpxj  # noqa: F401
    except ImportError as exc:
        return f"not run: {exc.name} is not installed (pip install mpxj JPype1)"
    if not _java_home():
        return "not run: no Java runtime found"
    return None


def _java_home() -> str | None:
    home = os.environ.get("JAVA_HOME")
    if home:
        return home
    for path in ("/usr/bin/java", "/usr/local/bin/java"):
        if os.path.exists(path):
            return path
    return None


_JAVA: dict[str, Any] = {}


def start_jvm(max_heap_gb: int = 12) -> dict[str, Any]:
    """Start the JVM once and import the classes we use."""
    if _JAVA:
        return _JAVA
    import jpype
    import jpype.imports  # type: ignore[import-untyped]
    import mpxj

    lib = os.path.join(os.path.dirname(mpxj.__file__), "lib")
    if not jpype.isJVMStarted():
        jpype.startJVM(f"-Xmx{max_heap_gb}g", classpath=sorted(glob.glob(os.path.join(lib, "*.jar"))))
    from java.time import LocalDateTime  # type: ignore[import-not-found]
    from org.mpxj import (  # type: ignore[import-not-found]
        ConstraintType,
        Duration,
        ProjectFile,
        Relation,
        RelationType,
        TimeUnit,
    )
    from org.mpxj.cpm import MicrosoftScheduler  # type: ignore[import-not-found]

    _JAVA.update(
        LocalDateTime=LocalDateTime,
        ConstraintType=ConstraintType,
        Duration=Duration,
        ProjectFile=ProjectFile,
        Relation=Relation,
        RelationType=RelationType,
        TimeUnit=TimeUnit,
        MicrosoftScheduler=MicrosoftScheduler,
        jpype=jpype,
    )
    return _JAVA


@dataclass
class MpxjModel:
    """The in-memory project and its tasks in task-id order."""

    project: Any
    tasks: list[Any]
    start: Any


def build_project(net: Network, duration: IntArray, lag: IntArray) -> MpxjModel:
    """The ``ProjectFile`` described in the module docstring."""
    j = start_jvm()
    duration_cls, time_unit = j["Duration"], j["TimeUnit"]
    project = j["ProjectFile"]()
    calendar = project.addDefaultBaseCalendar()
    props = project.getProjectProperties()
    props.setDefaultCalendar(calendar)
    start = j["LocalDateTime"].of(
        PROJECT_START.year, PROJECT_START.month, PROJECT_START.day, PROJECT_START.hour, PROJECT_START.minute
    )
    props.setStartDate(start)
    asap = j["ConstraintType"].AS_SOON_AS_POSSIBLE
    days = time_unit.DAYS
    zero = duration_cls.getInstance(0, days)
    tasks: list[Any] = []
    for i, d in enumerate(duration.tolist()):
        task = project.addTask()
        task.setName(f"T{i}")
        dur = duration_cls.getInstance(d // 480, days)
        task.setDuration(dur)
        task.setActualDuration(zero)
        task.setRemainingDuration(dur)
        task.setConstraintType(asap)
        tasks.append(task)
    types = [
        j["RelationType"].FINISH_START,
        j["RelationType"].START_START,
        j["RelationType"].FINISH_FINISH,
        j["RelationType"].START_FINISH,
    ]
    builder_cls = j["Relation"].Builder
    minutes = time_unit.MINUTES
    for p, s, t, lg in zip(
        net.pred.tolist(), net.succ.tolist(), net.link_type.tolist(), lag.tolist(), strict=True
    ):
        tasks[s].addPredecessor(
            builder_cls().predecessorTask(tasks[p]).type(types[t]).lag(duration_cls.getInstance(lg, minutes))
        )
    return MpxjModel(project, tasks, start)


def to_minutes(value: Any) -> int:
    """Working minutes since the project start on the Standard calendar."""
    day = dt.date(value.getYear(), value.getMonthValue(), value.getDayOfMonth())
    start_day = PROJECT_START.date()
    # whole weeks, then the working days left (no holidays on this calendar)
    delta = (day - start_day).days
    weeks, rest = divmod(delta, 7)
    workdays = weeks * 5 + min(rest, 5)
    minute = value.getHour() * 60 + value.getMinute()
    if minute <= 8 * 60:
        worked = 0
    elif minute <= 12 * 60:
        worked = minute - 8 * 60
    elif minute <= 13 * 60:
        worked = 240
    else:
        worked = min(minute - 9 * 60, 480)
    return workdays * 480 + worked


def slack_minutes(value: Any) -> int:
    """An MPXJ slack ``Duration`` in minutes (480 per day, 2400 per week)."""
    return round(float(value.getDuration()) * _MINUTES_PER_UNIT[str(value.getUnits().name())])


class MpxjPeer:
    """``MicrosoftScheduler.schedule`` on an in-memory ``ProjectFile``."""

    name = "MPXJ MicrosoftScheduler"
    full = True
    slow = True

    def __init__(self, sample_size: int = 2000, seed: int = 7) -> None:
        """Read back ``sample_size`` tasks' results for the agreement check."""
        self.sample_size = sample_size
        self.seed = seed

    def build(self, net: Network, duration: IntArray, lag: IntArray) -> object:
        """Build the ProjectFile."""
        return build_project(net, duration, lag)

    def schedule(self, model: object) -> object:
        """The scheduler call."""
        m = cast("MpxjModel", model)
        start_jvm()["MicrosoftScheduler"]().schedule(m.project, m.start)
        return None

    def warm_up(self, net: Network) -> None:
        """A few untimed runs so that the JIT has compiled the scheduler."""
        model = self.build(net, net.duration, net.lag)
        for _ in range(10):
            self.schedule(model)

    def result(self, model: object, raw: object) -> CpmResult:
        """Read back a sample of tasks (all tasks for small networks)."""
        m = cast("MpxjModel", model)
        n = len(m.tasks)
        rng = np.random.default_rng(self.seed)
        ids = (
            np.arange(n) if n <= self.sample_size else np.sort(rng.choice(n, self.sample_size, replace=False))
        )
        cols: list[list[int]] = [[] for _ in range(6)]
        pf = to_minutes(m.project.getProjectProperties().getFinishDate())
        for i in ids.tolist():
            task = m.tasks[i]
            cols[0].append(to_minutes(task.getEarlyStart()))
            cols[1].append(to_minutes(task.getEarlyFinish()))
            cols[2].append(to_minutes(task.getLateStart()))
            cols[3].append(to_minutes(task.getLateFinish()))
            cols[4].append(slack_minutes(task.getTotalSlack()))
            cols[5].append(slack_minutes(task.getFreeSlack()))
        es, ef, ls, lf, ts, fs = (as_int64(c) for c in cols)
        return CpmResult(pf, es, ef, ls, lf, ts, fs, sample=as_int64(ids))


# --- Out of process -------------------------------------------------------------------------------
# The JVM runs in a child process: JPype's reference-queue thread calls into Python while
# tracemalloc (used for the other peers' memory figures) is tracing, which crashes the
# interpreter, and the JVM's heap (several GB at 1M tasks) should not sit beside the other peers.

RESULT_FIELDS = ("early_start", "early_finish", "late_start", "late_finish", "total_slack", "free_slack")


def worker(size: int, seed: int, runs: int, sample_size: int, clock: str = "cpu") -> dict[str, Any]:
    """Generate the network, build the project once, time ``runs`` scheduler calls, read a sample."""
    peer = MpxjPeer(sample_size=sample_size)
    t0 = time.perf_counter()
    start_jvm()
    peer.warm_up(generate(1000, seed=1))
    warm_up_s = time.perf_counter() - t0
    net = generate(size, seed=seed)
    t0 = time.perf_counter()
    model = peer.build(net, net.duration, net.lag)
    build_s = time.perf_counter() - t0
    schedule_s: list[float] = []
    timer = time.process_time if clock == "cpu" else time.perf_counter  # cpu: all JVM threads count
    gc.collect()
    for _ in range(runs):
        t0 = timer()
        peer.schedule(model)
        schedule_s.append(timer() - t0)
    res = peer.result(model, None)
    return {
        "warm_up_s": warm_up_s,
        "build_s": build_s,
        "schedule_s": schedule_s,
        "project_finish": res.project_finish,
        "sample": cast("IntArray", res.sample).tolist(),
        **{f: cast("IntArray", getattr(res, f)).tolist() for f in RESULT_FIELDS},
    }


def run_worker(
    size: int, seed: int, runs: int, sample_size: int, timeout: float, *, clock: str = "cpu"
) -> tuple[dict[str, Any], CpmResult]:
    """Run ``worker`` in a child Python process; returns its report and the sampled results."""
    cmd = [
        sys.executable, "-m", "bench.peers.mpxj_peer",
        "--size", str(size), "--seed", str(seed), "--runs", str(runs), "--sample", str(sample_size),
        "--clock", clock,
    ]  # fmt: skip
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=root, check=False)
    if out.returncode != 0:
        tail = (out.stderr or out.stdout).strip().splitlines()[-3:]
        msg = f"MPXJ worker failed (exit {out.returncode}): {' | '.join(tail)}"
        raise RuntimeError(msg)
    data: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    arrays = [as_int64(data[f]) for f in RESULT_FIELDS]
    es, ef, ls, lf, ts, fs = arrays
    res = CpmResult(int(data["project_finish"]), es, ef, ls, lf, ts, fs, sample=as_int64(data["sample"]))
    return data, res


def main(argv: list[str] | None = None) -> int:
    """``python -m bench.peers.mpxj_peer --size N --seed S --runs R --sample K``: JSON on stdout."""
    ap = argparse.ArgumentParser(prog="python -m bench.peers.mpxj_peer")
    ap.add_argument("--size", type=int, required=True)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--sample", type=int, default=2000)
    ap.add_argument("--clock", choices=("cpu", "wall"), default="cpu")
    args = ap.parse_args(argv)
    print(json.dumps(worker(args.size, args.seed, args.runs, args.sample, args.clock)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
