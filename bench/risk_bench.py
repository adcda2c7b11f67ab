"""Monte Carlo risk benchmark: ``pmo.engine.risk.simulate`` against numpy and networkx peers.

Run from the repository root::

    .venv/bin/python -m bench.risk_bench            # the goals, the peers, the scaling; a few minutes
    .venv/bin/python -m bench.risk_bench --quick    # 1k tasks only, 3 runs

Ours is timed end to end (validation, sampling, scheduling, percentiles, criticality,
sensitivity, tornado, result objects), in process CPU time, pinned to one core, median of
``--runs``. Before timing, each peer is checked against ours on identical draws. Memory of the
big case is measured in a fresh child process (tracemalloc peak and peak RSS growth). Writes
``bench/results/risk-<date>.json`` and ``.md``. See ``docs/engine/montecarlo.md``.
"""

from __future__ import annotations

import os

for _var in ("NUMBA_NUM_THREADS", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import gc  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from statistics import median  # noqa: E402
from typing import Any  # noqa: E402

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from bench.risk.models import risk_model  # noqa: E402
from bench.risk.peers import (  # noqa: E402
    Draws,
    analyse_networkx,
    analyse_numpy,
    draw_numpy,
    run_networkx,
    run_numpy,
)
from pmo.engine.risk import ENGINE_VERSION, RiskModel, Settings, has_accelerator, simulate  # noqa: E402
from pmo.engine.risk import montecarlo as mc  # noqa: E402
from pmo.engine.risk.compile import compile_model  # noqa: E402
from pmo.engine.risk.sampling import sample_durations  # noqa: E402

SEED = 20260101
GOALS = {"1k": 0.6, "10k": 6.0, "bytes_per_task_iteration": 16.0, "speedup_vs_networkx": 100.0}


def log(msg: str) -> None:
    """Progress on stderr."""
    print(msg, file=sys.stderr, flush=True)


def cpu_time(fn: Callable[[], object], runs: int) -> list[float]:
    """Process CPU seconds of ``runs`` calls (garbage collected once before the batch)."""
    gc.collect()
    out = []
    for _ in range(runs):
        t0 = time.process_time()
        fn()
        out.append(time.process_time() - t0)
    return out


def our_draws(model: RiskModel, iterations: int, seed: int) -> Draws:
    """The engine's own draws (same generator calls, same order as ``simulate``)."""
    compiled = compile_model(model)
    gen = np.random.default_rng(seed)
    kern = mc.kernels_in_use()
    base = sample_durations(compiled, iterations, gen, kern).astype(np.int64)
    occurs, severity, cost_severity = mc._draw_risks(compiled, iterations, gen)
    return Draws(base, occurs, severity, cost_severity)


def check_peers(model: RiskModel, iterations: int) -> dict[str, Any]:
    """Ours against both peers on identical draws: finishes, criticality, sensitivity, tornado."""
    ours = simulate(model, Settings(iterations=iterations), rng=SEED)
    draws = our_draws(model, iterations, SEED)
    out: dict[str, Any] = {"iterations": iterations}
    np_res = analyse_numpy(model, draws)
    assert ours.cost is not None and np_res.tornado_mean is not None
    cost = np.asarray(ours.cost.values, dtype=np.float64)
    bars = _bars_in_order(ours, model)
    out["numpy"] = {
        "finish_equal": bool(np.array_equal(np_res.finish, ours.finish.values)),
        "criticality_equal": bool(np.allclose(np_res.criticality, ours.tasks.criticality)),
        # the peer ranks ties by position (double argsort), ours gives ties their average rank
        "sensitivity_max_abs_diff": float(np.abs(np_res.sensitivity - ours.tasks.sensitivity).max()),
        "cost_max_rel_diff": float(np.abs(np_res.cost - cost).max() / np.abs(cost).max()),
        "tornado_mean_max_abs_diff": max(
            abs(float(np_res.tornado_mean[i]) - b.finish_mean) for i, b in enumerate(bars)
        ),
    }
    few = 50
    small = Draws(
        draws.durations[:, :few], draws.occurs[:, :few], draws.severity[:, :few], draws.cost_severity[:, :few]
    )
    nx_res = analyse_networkx(model, small)
    out["networkx"] = {
        "iterations_checked": few,
        "finish_equal": bool(np.array_equal(nx_res.finish, ours.finish.values[:few])),
    }
    return out


def _bars_in_order(res: Any, model: RiskModel) -> list[Any]:
    by_id = {bar.risk: bar for bar in res.tornado}
    return [by_id[r.id] for r in model.risks]


def measure_memory(n: int, iterations: int) -> dict[str, float]:
    """Memory of one run in a fresh process: peak RSS growth (VmHWM) and tracemalloc peak.

    A child's ``ru_maxrss`` starts at its parent's, so the peak is read from ``VmHWM`` after
    resetting it through ``/proc/self/clear_refs``.
    """
    code = (
        "import json, tracemalloc\n"
        "from bench.risk.models import risk_model\n"
        "from pmo.engine.risk import Settings, simulate\n"
        "def hwm():\n"
        "    for line in open('/proc/self/status'):\n"
        "        if line.startswith('VmHWM'):\n"
        "            return int(line.split()[1]) * 1024\n"
        "def rss():\n"
        "    for line in open('/proc/self/status'):\n"
        "        if line.startswith('VmRSS'):\n"
        "            return int(line.split()[1]) * 1024\n"
        f"m = risk_model({n})\n"
        "simulate(m, Settings(iterations=10), rng=1)\n"
        "open('/proc/self/clear_refs', 'w').write('5')\n"
        "base = rss()\n"
        f"simulate(m, Settings(iterations={iterations}), rng=1)\n"
        "peak = hwm()\n"
        "tracemalloc.start()\n"
        f"simulate(m, Settings(iterations={iterations}), rng=1)\n"
        "traced = tracemalloc.get_traced_memory()[1]\n"
        "print(json.dumps({'rss_base': base, 'rss_peak': peak, 'tracemalloc_peak': traced}))\n"
    )
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": f"{root}:{root / 'src'}"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root, env=env)
    if done.returncode:
        raise RuntimeError(f"memory child failed:\n{done.stderr}")
    out = done.stdout
    got = json.loads(out.strip().splitlines()[-1])
    cells = n * iterations
    growth = got["rss_peak"] - got["rss_base"]
    return {
        "tasks": n,
        "iterations": iterations,
        "rss_base_mb": got["rss_base"] / 2**20,
        "rss_peak_mb": got["rss_peak"] / 2**20,
        "rss_growth_mb": growth / 2**20,
        "rss_growth_bytes_per_cell": growth / cells,
        "tracemalloc_peak_mb": got["tracemalloc_peak"] / 2**20,
        "tracemalloc_bytes_per_cell": got["tracemalloc_peak"] / cells,
    }


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command line."""
    ap = argparse.ArgumentParser(prog="python -m bench.risk_bench", description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5, help="timed runs of ours (median reported)")
    ap.add_argument("--peer-runs", type=int, default=3, help="timed runs of the numpy peer")
    ap.add_argument("--nx-iterations", type=int, default=200, help="networkx iterations timed (then scaled)")
    ap.add_argument("--quick", action="store_true", help="the 1k case only, 3 runs, no memory child")
    ap.add_argument("--out", default=str(Path(__file__).resolve().parent / "results"), help="output folder")
    ap.add_argument("--no-pin", action="store_true", help="do not pin to one CPU")
    args = ap.parse_args(argv)
    if args.quick:
        args.runs = min(args.runs, 3)
        args.peer_runs = 1
    return args


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the table, write the results files."""
    args = parse_args(argv)
    cpu = None
    if not args.no_pin and hasattr(os, "sched_setaffinity"):
        cpu = max(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
    started = time.time()
    load_before = os.getloadavg()
    iterations = 10_000
    results: dict[str, Any] = {"cases": [], "peers": {}, "scaling": [], "memory": []}

    # JIT warm-up (numba's on-disk cache makes this cheap after the first time).
    t0 = time.perf_counter()
    simulate(risk_model(50), Settings(iterations=10), rng=1)
    results["jit_first_call_s"] = time.perf_counter() - t0

    cases = [(1_000, iterations)] if args.quick else [(1_000, iterations), (10_000, iterations)]
    for n, it in cases:
        model = risk_model(n)
        log(f"ours: {n} tasks x {it} iterations")
        times = cpu_time(lambda m=model, k=it: simulate(m, Settings(iterations=k), rng=SEED), args.runs)  # type: ignore[misc]
        results["cases"].append({"tasks": n, "iterations": it, "risks": len(model.risks), "cpu_s": times})

    model = risk_model(1_000)
    log("agreement of the peers on identical draws")
    results["agreement"] = check_peers(model, 2_000)
    log("numpy peer: 1,000 x 10,000")
    np_times = cpu_time(lambda: run_numpy(model, iterations, SEED), args.peer_runs)
    results["peers"]["numpy"] = {"tasks": 1_000, "iterations": iterations, "cpu_s": np_times}
    np_plain = cpu_time(lambda: analyse_numpy(model, draw_numpy(model, iterations, SEED), tornado=False), 1)
    results["peers"]["numpy_without_tornado"] = {"tasks": 1_000, "iterations": iterations, "cpu_s": np_plain}
    log(f"networkx peer: 1,000 x {args.nx_iterations} (scaled to {iterations})")
    nx_times = cpu_time(lambda: run_networkx(model, args.nx_iterations, SEED), args.peer_runs)
    results["peers"]["networkx"] = {
        "tasks": 1_000,
        "iterations_run": args.nx_iterations,
        "cpu_s_run": nx_times,
        "cpu_s_scaled": [t * iterations / args.nx_iterations for t in nx_times],
    }

    if not args.quick:
        for n, it in ((1_000, 1_000), (1_000, 3_000), (3_000, 10_000), (10_000, 1_000), (10_000, 3_000)):
            m = risk_model(n)
            log(f"scaling: {n} x {it}")
            times = cpu_time(lambda m=m, k=it: simulate(m, Settings(iterations=k), rng=SEED), 3)  # type: ignore[misc]
            results["scaling"].append({"tasks": n, "iterations": it, "cpu_s": times})
        for n, it in ((1_000, 10_000), (10_000, 10_000)):
            log(f"memory: {n} x {it} (child process)")
            results["memory"].append(measure_memory(n, it))

    results["environment"] = {
        "date_utc": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "numba": _version("numba"),
        "networkx": _version("networkx"),
        "engine_version": ENGINE_VERSION,
        "accelerator": has_accelerator(),
        "pinned_cpu": cpu,
        "cpu_count": os.cpu_count(),
        "load_average_before": load_before,
        "load_average_after": os.getloadavg(),
        "clock": "process CPU time",
        "wall_s": time.time() - started,
        "commit": _commit(),
    }
    text = report(results)
    print(text)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    stem = f"risk-{dt.date.today().isoformat()}" + ("-quick" if args.quick else "")
    (out / f"{stem}.json").write_text(json.dumps(results, indent=1) + "\n")
    (out / f"{stem}.md").write_text(text + "\n")
    log(f"wrote {out / stem}.json and .md")
    return 0


def _version(name: str) -> str:
    try:
        return str(__import__(name).__version__)
    except ImportError:  # pragma: no cover
        return "absent"


def _commit() -> str:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        )
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "src"], capture_output=True, text=True, check=True
        )
        return head.stdout.strip() + (" + uncommitted changes under src/" if dirty.stdout.strip() else "")
    except (OSError, subprocess.CalledProcessError):  # pragma: no cover
        return "unknown"


def _fmt(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def _row(label: str, times: list[float], cells: float) -> str:
    mid = median(times)
    return (
        f"| {label} | {len(times)} | {_fmt(mid)} | {_fmt(min(times))} | {_fmt(max(times))} "
        f"| {mid / cells * 1e9:.1f} ns |"
    )


def report(results: dict[str, Any]) -> str:
    """Markdown summary of a results dict."""
    env = results["environment"]
    load = f"{env['load_average_before'][0]:.2f} before, {env['load_average_after'][0]:.2f} after"
    lines = [
        "# Monte Carlo risk benchmark",
        "",
        f"{env['date_utc']}, commit {env['commit']}; Python {env['python']}, numpy {env['numpy']}, "
        f"numba {env['numba']}, networkx {env['networkx']}; {env['clock']}; pinned to CPU "
        f"{env['pinned_cpu']} of {env['cpu_count']}; load average {load}; whole run {env['wall_s']:.0f} s.",
        "",
        "| case | runs | median | min | max | per task-iteration |",
        "|---|---|---|---|---|---|",
    ]
    medians: dict[tuple[int, int], float] = {}
    for case in results["cases"] + results["scaling"]:
        key = (case["tasks"], case["iterations"])
        medians[key] = median(case["cpu_s"])
        label = f"ours, {key[0]:,} tasks x {key[1]:,} iterations"
        lines.append(_row(label, case["cpu_s"], key[0] * key[1]))
    peers = results["peers"]
    cells = 1_000 * 10_000
    lines.append(_row("numpy vectorised over iterations, 1,000 x 10,000", peers["numpy"]["cpu_s"], cells))
    plain = peers["numpy_without_tornado"]["cpu_s"]
    lines.append(_row("the same numpy version without its tornado", plain, cells))
    nx_run = peers["networkx"]["iterations_run"]
    nx_times = peers["networkx"]["cpu_s_scaled"]
    lines.append(_row(f"networkx CPM per iteration, 1,000 x 10,000 (ran {nx_run}, scaled)", nx_times, cells))
    ours_1k = medians[(1_000, 10_000)]
    np_med, nx_s = median(peers["numpy"]["cpu_s"]), median(nx_times)
    lines += ["", "## Goals", "", "| goal | measured | |", "|---|---|---|"]
    lines.append(
        f"| 1,000 tasks x 10,000 iterations, 30 risks, <= 0.6 s | {_fmt(ours_1k)} | {_ok(ours_1k <= 0.6)} |"
    )
    if (10_000, 10_000) in medians:
        big = medians[(10_000, 10_000)]
        lines.append(f"| 10,000 tasks x 10,000 iterations <= 6 s | {_fmt(big)} | {_ok(big <= 6)} |")
    for mem in results["memory"]:
        worst = max(mem["rss_growth_bytes_per_cell"], mem["tracemalloc_bytes_per_cell"])
        lines.append(
            f"| {mem['tasks']:,} x {mem['iterations']:,}: <= 16 bytes per task-iteration "
            f"(1.6 GB at 10k x 10k) | peak RSS growth {mem['rss_growth_mb']:.0f} MB "
            f"({mem['rss_growth_bytes_per_cell']:.1f} B), "
            f"tracemalloc peak {mem['tracemalloc_peak_mb']:.0f} MB "
            f"({mem['tracemalloc_bytes_per_cell']:.1f} B) "
            f"| {_ok(worst <= 16)} |"
        )
    ratio = nx_s / ours_1k
    lines.append(f"| >= 100x faster than networkx CPM per iteration | {ratio:.0f}x | {_ok(ratio >= 100)} |")
    lines.append(
        f"| against the straightforward numpy version | {np_med / ours_1k:.1f}x faster "
        f"({median(plain) / ours_1k:.1f}x against it without its tornado) | |"
    )
    if results["scaling"]:
        per = [
            median(c["cpu_s"]) / (c["tasks"] * c["iterations"]) * 1e9
            for c in results["cases"] + results["scaling"]
        ]
        lines.append(
            f"| cost linear in tasks x iterations | {min(per):.1f}-{max(per):.1f} ns per task-iteration "
            f"over {len(per)} sizes | |"
        )
    lines += [
        "",
        "## Agreement on identical draws",
        "",
        "```",
        json.dumps(results["agreement"], indent=1),
        "```",
    ]
    lines.append(f"\nJIT (first call, includes loading numba's cache): {results['jit_first_call_s']:.2f} s.")
    return "\n".join(lines)


def _ok(flag: bool) -> str:
    return "met" if flag else "**not met**"


if __name__ == "__main__":
    raise SystemExit(main())
