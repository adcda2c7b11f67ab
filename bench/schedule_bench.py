"""Scheduling-engine benchmark: ours against networkx, rustworkx, plain Python and MPXJ.

Run from the repository root::

    .venv/bin/python -m bench.schedule_bench                 # 1k, 10k, 100k, 1M; about 10 minutes
    .venv/bin/python -m bench.schedule_bench --quick         # 1k and 10k, 3 runs
    .venv/bin/python bench/schedule_bench.py --sizes 1000,10000 --runs 5

Every peer is first checked against the plain-Python reference on the same
network (all six result arrays, or the project finish for the finish-only
rustworkx peer; a sample of tasks for MPXJ); a peer that disagrees is reported
and not timed.  The process is pinned to one CPU and every thread pool to one
thread.  See ``bench/README.md``.
"""

from __future__ import annotations

import os

# One core: set before numpy / numba are imported.
for _var in (
    "NUMBA_NUM_THREADS",
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "NUMEXPR_NUM_THREADS",
):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import gc  # noqa: E402
import math  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

if __package__ in (None, ""):  # run as a script: make ``bench`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from bench import report  # noqa: E402
from bench.generate import CALENDARS, Network, generate, perturb  # noqa: E402
from bench.peers import ours as ours_mod  # noqa: E402
from bench.peers.common import CpmResult, IntArray, Peer, disagreements  # noqa: E402
from bench.peers.mpxj_peer import MpxjPeer  # noqa: E402
from bench.peers.mpxj_peer import available as mpxj_available  # noqa: E402
from bench.peers.mpxj_peer import run_worker as run_mpxj_worker  # noqa: E402
from bench.peers.nx_peer import NetworkxPeer  # noqa: E402
from bench.peers.plain import PlainPythonPeer, reference  # noqa: E402
from bench.peers.rx_peer import RustworkxBellmanFordPeer, RustworkxLongestPathPeer  # noqa: E402

DEFAULT_SIZES = (1_000, 10_000, 100_000, 1_000_000)
BIG = 1_000_000
PEER_KEYS = ("ours", "fallback", "calendars", "plain", "networkx", "rx-longest", "rx-bf", "mpxj")


def log(msg: str) -> None:
    """Progress on stderr."""
    print(msg, file=sys.stderr, flush=True)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command line."""
    ap = argparse.ArgumentParser(prog="python -m bench.schedule_bench", description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--sizes", default=",".join(str(s) for s in DEFAULT_SIZES), help="comma-separated task counts"
    )
    ap.add_argument("--runs", type=int, default=5, help="timed runs per peer and size (median reported)")
    ap.add_argument(
        "--slow-runs", type=int, default=3, help="runs for the slow Python/Java peers at 1M tasks and above"
    )
    ap.add_argument("--quick", action="store_true", help="sizes 1000,10000 and 3 runs (a smoke run)")
    ap.add_argument("--peers", default=",".join(PEER_KEYS), help=f"subset of {','.join(PEER_KEYS)}")
    ap.add_argument("--seed", type=int, default=20260101, help="network generator seed")
    ap.add_argument(
        "--budget",
        type=float,
        default=150.0,
        help="seconds a slow peer may take at one size (runs are cut to fit)",
    )
    ap.add_argument(
        "--mem-max-size",
        type=int,
        default=100_000,
        help="largest size for tracemalloc memory measurements of the Python peers",
    )
    ap.add_argument(
        "--bf-max-size",
        type=int,
        default=100_000,
        help="largest size for the rustworkx Bellman-Ford peer (it grows about quadratically)",
    )
    ap.add_argument("--out", default=str(Path(__file__).resolve().parent / "results"), help="output folder")
    ap.add_argument("--no-pin", action="store_true", help="do not pin the process to one CPU")
    ap.add_argument(
        "--clock",
        choices=sorted(CLOCKS),
        default="cpu",
        help="cpu: process CPU time (robust when other work shares the machine; default); wall: elapsed time",
    )
    args = ap.parse_args(argv)
    if args.quick:
        args.sizes = "1000,10000"
        args.runs = min(args.runs, 3)
    return args


def pin_one_core() -> int | None:
    """Pin this process (and the JVM's threads, started later) to one CPU."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    cpu = max(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return cpu


CLOCKS: dict[str, Callable[[], float]] = {"cpu": time.process_time, "wall": time.perf_counter}
_clock: list[Callable[[], float]] = [time.process_time]


def _timed[T](fn: Callable[..., T], *args: Any, **kwargs: Any) -> tuple[float, T]:
    """Seconds ``fn(*args, **kwargs)`` took on the chosen clock, and what it returned."""
    clock = _clock[0]
    t0 = clock()
    out = fn(*args, **kwargs)
    return clock() - t0, out


def traced_bytes(fn: Callable[[], object]) -> tuple[int, object]:
    """Bytes still allocated (tracemalloc) after ``fn``, which returns the model to keep alive."""
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    obj = fn()
    gc.collect()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return after - before, obj


class Bench:
    """Runs the peers on one network size and collects ``PeerRow``s."""

    def __init__(self, args: argparse.Namespace) -> None:
        """Keep the options."""
        self.args = args
        self.rows: list[report.PeerRow] = []
        self.history: dict[str, list[tuple[int, float]]] = {}  # peer -> [(size, seconds per run)]

    def predict(self, peer: str, size: int, *, fitted: bool) -> float | None:
        """Seconds one run of ``peer`` should take at ``size``, from its times at smaller sizes.

        ``fitted=False``: linear in the size.  ``fitted=True``: with the growth exponent fitted on
        the two largest earlier sizes (clamped to 1..2.5), which is pessimistic for peers whose
        10k-to-100k growth is cache effects (networkx, plain Python: about 1.3-1.6) and right for
        rustworkx's Bellman-Ford (about 1.8, which does go on growing).
        """
        points = [p for p in self.history.get(peer, []) if p[0] < size and p[1] > 0]
        if not points:
            return None
        n2, t2 = points[-1]
        k = 1.0
        if fitted and len(points) >= 2:
            n1, t1 = points[-2]
            k = min(max(math.log(t2 / t1) / math.log(n2 / n1), 1.0), 2.5)
        return float(t2 * (size / n2) ** k)

    def runs_for(self, peer: str, size: int, slow: bool) -> tuple[int, str | None]:
        """How many runs fit the budget (and a note when cut).

        A slow peer is skipped when one run, predicted with the fitted growth, would exceed the
        budget; otherwise its runs are cut to what fits the budget at linear growth.
        """
        runs = self.args.runs if (not slow or size < BIG) else min(self.args.runs, self.args.slow_runs)
        if not slow:
            return runs, None
        pessimistic = self.predict(peer, size, fitted=True)
        linear = self.predict(peer, size, fitted=False)
        if pessimistic is None or linear is None:
            return runs, None
        if pessimistic > self.args.budget:
            return (
                0,
                f"not run (> budget): about {pessimistic:.0f} s per run predicted from the smaller "
                f"sizes, budget {self.args.budget:.0f} s",
            )
        fit = max(1, int(self.args.budget // max(linear, 1e-9)))
        if fit < runs:
            return fit, f"{fit} runs instead of {runs} to stay within the {self.args.budget:.0f} s budget"
        return runs, None

    def run_peer(
        self,
        peer: Peer,
        net: Network,
        ref: CpmResult,
        *,
        size: int,
        rebuild: bool = True,
        memory: bool = False,
    ) -> report.PeerRow:
        """Verify, then time build + schedule ``runs`` times."""
        row = report.PeerRow(peer.name, size, full=peer.full)
        runs, note = self.runs_for(peer.name, size, peer.slow)
        if note:
            row.notes.append(note)
        if runs == 0:
            row.status = note or "not run"
            return row
        log(f"  {peer.name}: {runs} runs")
        model: object = None
        gc.collect()  # once per batch: a collection right before each call would evict the caches
        for k in range(runs):
            if rebuild or model is None:
                model = None  # frees the previous model (reference counting) before the next build
                tb, model = _timed(peer.build, net, net.duration, net.lag)
            else:
                tb = float("nan")
            ts, raw = _timed(peer.schedule, model)
            if k == 0:
                problems = disagreements(ref, peer.result(model, raw))
                if problems:
                    row.status = "disagrees"
                    row.notes.extend(problems)
                    log(f"  {peer.name} DISAGREES: {problems}")
                    return row
            if rebuild or k == 0:
                row.build_s.append(tb)
            row.schedule_s.append(ts)
            if rebuild:
                row.cold_s.append(tb + ts)
            row.runs += 1
            del raw
        if not rebuild:
            row.notes.append(
                f"built once (build {row.build_s[0]:.2f} s, not part of the medians); "
                f"schedule timed {runs}x on it"
            )
        del model
        gc.collect()
        per_run = (row.med(row.cold_s) or row.med(row.schedule_s)) or 0.0
        self.history.setdefault(peer.name, []).append((size, per_run))
        if memory:
            b, obj = traced_bytes(lambda: peer.build(net, net.duration, net.lag))
            del obj
            row.bytes_per_task = b / size
            row.memory_method = "tracemalloc: bytes retained by build"
        return row

    def run_mpxj(self, ref: CpmResult, size: int) -> report.PeerRow:
        """MPXJ in a child process (see ``bench.peers.mpxj_peer``): build once, time the scheduler calls."""
        row = report.PeerRow(MpxjPeer.name, size)
        runs, note = self.runs_for(row.peer, size, slow=True)
        if note:
            row.notes.append(note)
        if runs == 0:
            row.status = note or "not run"
            return row
        log(f"  {row.peer}: {runs} runs (child process)")
        timeout = 900 + 3 * self.args.budget
        try:
            data, res = run_mpxj_worker(size, self.args.seed, runs, 2000, timeout, clock=self.args.clock)
        except (RuntimeError, subprocess.TimeoutExpired) as exc:
            row.status = f"not run: {exc}"
            return row
        problems = disagreements(ref, res)
        if problems:
            row.status = "disagrees"
            row.notes.extend(problems)
            log(f"  {row.peer} DISAGREES: {problems}")
            return row
        row.schedule_s = [float(x) for x in data["schedule_s"]]
        row.runs = len(row.schedule_s)
        checked = "all tasks" if res.sample is None or len(res.sample) >= size else f"{len(res.sample)} tasks"
        row.notes.append(
            f"checked on {checked}; ProjectFile built once through JPype ({float(data['build_s']):.2f} s, "
            f"not MPXJ's own speed); only MicrosoftScheduler.schedule() is timed, after a JIT warm-up "
            f"({float(data['warm_up_s']):.1f} s, JVM start included)"
        )
        self.history.setdefault(row.peer, []).append((size, row.med(row.schedule_s) or 0.0))
        return row

    def run_ours(
        self,
        peer: ours_mod.OursPeer,
        net: Network,
        ref: CpmResult,
        warm_sets: list[tuple[IntArray, IntArray]],
        ref_warm: CpmResult,
        size: int,
    ) -> report.PeerRow:
        """Ours: verify cold and warm, then time cold (fresh build + first schedule) and warm runs."""
        row = report.PeerRow(peer.name, size)
        runs = self.args.runs
        log(f"  {peer.name}: {runs} runs")
        model = peer.build(net, net.duration, net.lag)
        problems = disagreements(ref, peer.result(model, peer.schedule(model)))
        problems += [
            f"warm: {p}" for p in disagreements(ref_warm, peer.result(model, peer.warm(model, *warm_sets[0])))
        ]
        if problems:
            row.status = "disagrees"
            row.notes.extend(problems)
            log(f"  {peer.name} DISAGREES: {problems}")
            return row
        row.bytes_per_task = peer.nbytes(model) / size
        row.memory_method = "ArrayNetwork.nbytes()"
        traced, obj = traced_bytes(lambda: peer.build(net, net.duration, net.lag))
        del obj
        row.notes.append(f"tracemalloc, bytes retained by build: {traced / size:.0f} B/task")
        del model
        gc.collect()  # once per batch, as in run_peer
        for _ in range(runs):
            tb, model = _timed(peer.build, net, net.duration, net.lag)
            ts, _res = _timed(peer.schedule, model)
            row.build_s.append(tb)
            row.schedule_s.append(ts)
            row.cold_s.append(tb + ts)
        for k in range(runs):
            d, lg = warm_sets[k % len(warm_sets)]
            tw, _res = _timed(peer.warm, model, d, lg)
            row.warm_s.append(tw)
        row.runs = runs
        return row

    def run_calendars(
        self, net: Network, ref: CpmResult, warm_sets: list[tuple[IntArray, IntArray]], size: int
    ) -> report.PeerRow:
        """Ours with per-task calendars.

        First a check: every task on the standard calendar must give the single-timeline results;
        then the timing on the three-calendar mix.
        """
        fast = ours_mod.engine()
        row = report.PeerRow(report.CALENDARS, size)
        from pmo.engine.schedule.calendars import to_minutes

        horizon = ours_mod.horizon_for(ref.project_finish)
        cal_net = generate(size, seed=self.args.seed, task_calendars=True)
        assert cal_net.calendar is not None
        kwargs = ours_mod.calendar_kwargs(cal_net, horizon)
        standard = kwargs["calendars"][0]
        start = to_minutes(ours_mod.PROJECT_START)
        # Check: every task on the standard calendar gives the single-timeline results.
        check = fast.ArrayNetwork.build(
            net.duration,
            net.pred,
            net.succ,
            net.link_type,
            net.lag,
            calendar_index=np.zeros(size, dtype=np.int64),
            calendars=[standard],
            project_start=start,
        ).schedule()
        w0 = int(standard.to_work(start))

        def work(a: Any) -> IntArray:
            out: IntArray = np.asarray(standard.to_work_array(np.asarray(a, dtype=np.int64)), dtype=np.int64)
            return out - w0

        as_single = CpmResult(
            int(standard.to_work(int(check.project_finish)) - w0),
            work(check.early_start),
            work(check.early_finish),
            work(check.late_start),
            work(check.late_finish),
            np.asarray(check.total_slack),
            np.asarray(check.free_slack),
        )
        problems = disagreements(ref, as_single)
        if problems:
            row.status = "disagrees"
            row.notes.extend(f"all-standard calendar check: {p}" for p in problems)
            log(f"  {row.peer} DISAGREES: {problems}")
            return row
        row.notes.append(
            "checked: with every task on the standard calendar the results equal the single-timeline ones"
        )
        counts = np.bincount(cal_net.calendar, minlength=3)
        row.notes.append(
            "calendars: "
            + ", ".join(f"{c[0]} {k / size:.0%}" for c, k in zip(CALENDARS, counts, strict=True))
        )
        log(f"  {row.peer}: {self.args.runs} runs")
        args = (cal_net.duration, cal_net.pred, cal_net.succ, cal_net.link_type, cal_net.lag)
        self._time_model(row, args, kwargs, warm_sets, size)
        # The single-calendar baseline of the goal: the same calendar-mode scheduling (wall-clock
        # dates out), every task on the project's standard calendar.
        one = report.PeerRow(report.ONE_CALENDAR, size)
        one.notes.append("every task on the standard calendar; results are wall-clock dates")
        one_kwargs = dict(kwargs, calendar_index=np.zeros(size, dtype=np.int64), calendars=[standard])
        log(f"  {one.peer}: {self.args.runs} runs")
        self._time_model(one, args, one_kwargs, warm_sets, size)
        self.rows.append(one)
        return row

    def _time_model(
        self,
        row: report.PeerRow,
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
        warm_sets: list[tuple[IntArray, IntArray]],
        size: int,
    ) -> None:
        """Cold (build + first schedule) and warm timings of ``ArrayNetwork`` in calendar mode."""
        build = ours_mod.engine().ArrayNetwork.build
        model: Any = None
        gc.collect()  # once per batch, as in run_peer
        for _ in range(self.args.runs):
            tb, model = _timed(build, *args, **kwargs)
            ts, _res = _timed(model.schedule)
            row.build_s.append(tb)
            row.schedule_s.append(ts)
            row.cold_s.append(tb + ts)
        for k in range(self.args.runs):
            d, lg = warm_sets[k % len(warm_sets)]
            tw, _res = _timed(model.schedule, duration=d, lag=lg)
            row.warm_s.append(tw)
        row.runs = self.args.runs
        row.bytes_per_task = model.nbytes() / size if model is not None else None
        row.memory_method = "ArrayNetwork.nbytes() (compiled calendars not counted)"


def rss_bytes() -> int | None:
    """Resident set size, if psutil is there."""
    try:
        import psutil  # type: ignore[import-untyped]
    except ImportError:
        return None
    return int(psutil.Process().memory_info().rss)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; returns the exit code."""
    args = parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    wanted = {p.strip() for p in args.peers.split(",") if p.strip()}
    unknown = wanted - set(PEER_KEYS)
    if unknown:
        log(f"unknown peers: {', '.join(sorted(unknown))}")
        return 2
    cpu = None if args.no_pin else pin_one_core()
    _clock[0] = CLOCKS[args.clock]
    load_before = os.getloadavg()
    command = " ".join(["python -m bench.schedule_bench", *(argv if argv is not None else sys.argv[1:])])
    started = time.perf_counter()
    log(f"pinned to CPU {cpu}; sizes {sizes}; runs {args.runs} (slow peers at >= 1M: {args.slow_runs})")

    fast = ours_mod.engine()
    extra: dict[str, Any] = {
        "clock": args.clock,
        "load_average_at_start": [round(x, 2) for x in load_before],
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "pinned_cpu": cpu,
    }
    if fast is None:
        extra["engine"] = "pmo.engine.schedule.fast not found: ours not measured"
        log(extra["engine"])
    else:
        extra["accelerator"] = bool(fast.has_accelerator())
        extra["jit_first_call_s"] = round(ours_mod.warm_up(), 3)
        log(
            f"engine: accelerator={extra['accelerator']}, "
            f"first call (JIT compile or cache load) {extra['jit_first_call_s']} s"
        )
    mpxj_reason = mpxj_available() if "mpxj" in wanted else "not requested"
    extra["mpxj"] = mpxj_reason or "run in a child process (JVM started and warmed up per size)"

    bench = Bench(args)
    networks: list[dict[str, Any]] = []
    for size in sizes:
        log(f"size {size:,}")
        net = generate(size, seed=args.seed)
        networks.append(net.describe())
        t_ref, ref = _timed(reference, net)
        warm_sets = [perturb(net, k + 1) for k in range(max(args.runs, 1))]
        ref_warm = reference(net, *warm_sets[0]) if fast is not None else ref
        assert ref.free_slack is not None
        assert ref.total_slack is not None
        networks[-1]["reference_project_finish"] = ref.project_finish
        networks[-1]["free_slack_above_total_slack"] = int(np.count_nonzero(ref.free_slack > ref.total_slack))
        if ref_warm.free_slack is not None and ref_warm.total_slack is not None:
            networks[-1]["free_slack_above_total_slack_warm_check"] = int(
                np.count_nonzero(ref_warm.free_slack > ref_warm.total_slack)
            )
        log(f"  reference (plain Python) {t_ref:.2f} s; project finish {ref.project_finish} working minutes")
        memory = size <= args.mem_max_size
        if fast is not None:
            if "ours" in wanted:
                bench.rows.append(bench.run_ours(ours_mod.OursPeer(), net, ref, warm_sets, ref_warm, size))
            if "fallback" in wanted:
                bench.rows.append(
                    bench.run_ours(ours_mod.OursPeer(accelerated=False), net, ref, warm_sets, ref_warm, size)
                )
            if "calendars" in wanted:
                bench.rows.append(bench.run_calendars(net, ref, warm_sets, size))
        if "plain" in wanted:
            bench.rows.append(bench.run_peer(PlainPythonPeer(), net, ref, size=size, memory=memory))
        if "networkx" in wanted:
            bench.rows.append(bench.run_peer(NetworkxPeer(), net, ref, size=size, memory=memory))
        if "rx-longest" in wanted:
            bench.rows.append(_with_rss(bench.run_peer, RustworkxLongestPathPeer(), net, ref, size))
        if "rx-bf" in wanted and size > args.bf_max_size:
            bench.rows.append(
                report.PeerRow(
                    RustworkxBellmanFordPeer.name,
                    size,
                    status=f"not run: above --bf-max-size {args.bf_max_size:,} (its time grows about "
                    "quadratically: 1-4 minutes per run at 1M)",
                )
            )
        elif "rx-bf" in wanted:
            bench.rows.append(bench.run_peer(RustworkxBellmanFordPeer(), net, ref, size=size))
        if "mpxj" in wanted:
            if mpxj_reason is None:
                bench.rows.append(bench.run_mpxj(ref, size))
            else:
                bench.rows.append(report.PeerRow(MpxjPeer.name, size, status=mpxj_reason))
        for r in bench.rows:
            if r.size == size:
                fast_s, cold_s = r.med(r.warm_s or r.schedule_s), r.med(r.cold_s)
                log(f"    {r.peer}: {r.status}; reschedule {fast_s}, cold {cold_s}")
        del net, ref, warm_sets, ref_warm
        gc.collect()

    elapsed = time.perf_counter() - started
    extra["total_seconds"] = round(elapsed, 1)
    extra["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    env = report.environment(extra)
    goals = report.evaluate_goals(bench.rows, sizes)
    print(report.text_table(bench.rows))
    print()
    for g in goals:
        met = "not measured" if g["met"] is None else ("MET" if g["met"] else "NOT MET")
        print(f"{met:13} {g['text']}: {g['measured']}")
    stem = "schedule-" + dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")
    if args.quick:
        stem += "-quick"
    json_path, md_path = report.write_results(Path(args.out), stem, bench.rows, goals, env, command, networks)
    print(f"\nwrote {json_path} and {md_path} ({elapsed:.0f} s)")
    return 0


def _with_rss(
    run: Callable[..., report.PeerRow], peer: Peer, net: Network, ref: CpmResult, size: int
) -> report.PeerRow:
    """Run a peer and add an approximate memory figure from the RSS growth of one extra build."""
    row = run(peer, net, ref, size=size)
    if row.status != "ok":
        return row
    gc.collect()
    before = rss_bytes()
    model = peer.build(net, net.duration, net.lag)
    after = rss_bytes()
    del model
    if before is not None and after is not None and after > before and size >= 100_000:
        row.bytes_per_task = (after - before) / size
        row.memory_method = (
            "RSS growth of one build (approximate; rustworkx memory is invisible to tracemalloc)"
        )
    return row


if __name__ == "__main__":
    raise SystemExit(main())
