"""Leveling benchmark: PSPLIB J30/J60/J120 against the published optima and best-known results,
and the heuristic's speed on generated 10,000- and 100,000-task projects.

Run from the repository root::

    .venv/bin/python -m bench.leveling_bench                          # everything (hours)
    .venv/bin/python -m bench.leveling_bench --sets j30 --limit 50    # a quick run
    .venv/bin/python -m bench.leveling_bench --sets j120 --every 6 --modes optimize
    .venv/bin/python -m bench.leveling_bench --sets none --scale 10000,100000

Per instance: ``level(problem, mode="optimize", time_limit=T)`` (CP-SAT with one worker) and
``level(problem, mode="heuristic")`` (priority rules + FBI, no time limit), each schedule checked
by the independent validator. Deviations: J30 from the proven optimum (``j30opt.sm``); J60/J120
from the best known (the lower of ``jXXhrs.sm`` and the OR&S CSV) and from the critical-path lower
bound (the header's MPM-Time). The process is pinned to one CPU. Results go to
``bench/results/leveling-<date>[-<tag>].{json,md}``.
"""

from __future__ import annotations

import os

for _var in ("NUMBA_NUM_THREADS", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

if __package__ in (None, ""):  # run as a script: make ``bench`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.leveling.generate import generate  # noqa: E402
from pmo.engine.leveling import LevelingProblem, level, validate  # noqa: E402
from pmo.engine.leveling import _kernels as kernels  # noqa: E402
from pmo.engine.leveling.references import best_known, instance_id  # noqa: E402
from pmo.engine.leveling.validate import validate_starts  # noqa: E402
from pmo.engine.readers.psplib import read_psplib  # noqa: E402
from pmo.testing.data import shared_data_dir  # noqa: E402

TIME_LIMITS = {"j30": 10.0, "j60": 2.0, "j90": 3.0, "j120": 5.0}
#: No entry: the engine's own default for the size (``default_heuristic_share``); ``--share`` overrides.
SHARES: dict[str, float] = {}
GOALS = {
    "j30": "all at the proven optimum, < 1 s per instance on average",
    "j60": "average deviation from best known <= 0.3% at 2 s",
    "j120": "average deviation from the critical-path bound <= 31.0% at 5 s",
}


def log(msg: str) -> None:
    """Progress on stderr."""
    print(msg, file=sys.stderr, flush=True)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command line."""
    ap = argparse.ArgumentParser(prog="python -m bench.leveling_bench", description=__doc__.split("\n\n")[0])
    ap.add_argument("--sets", default="j30,j60,j120", help="comma-separated PSPLIB sets, or 'none'")
    ap.add_argument("--limit", type=int, default=0, help="at most this many instances per set (0 = all)")
    ap.add_argument("--only", default="", help="comma-separated instance names (j3013_1,...)")
    ap.add_argument("--every", type=int, default=1, help="take every k-th instance (a spread-out sample)")
    ap.add_argument(
        "--part",
        default="",
        help="K/N: only the K-th of N interleaved parts (run the parts on different CPUs, then --merge)",
    )
    ap.add_argument("--modes", default="optimize,heuristic", help="optimize and/or heuristic")
    ap.add_argument("--time-limit", default="", help="per-set seconds, e.g. j30=1,j60=2 (defaults above)")
    ap.add_argument("--share", default="", help="per-set heuristic share of the limit, e.g. j120=0.5")
    ap.add_argument("--scale", default="10000,100000", help="generated project sizes ('' for none)")
    ap.add_argument("--scale-runs", type=int, default=5, help="timed runs per size (median reported)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--workers", type=int, default=1, help="CP-SAT workers")
    ap.add_argument(
        "--interleave", action="store_true", help="CP-SAT interleave_search (workers share one thread)"
    )
    ap.add_argument("--tag", default="", help="suffix of the result files")
    ap.add_argument("--out", default=str(Path(__file__).resolve().parent / "results"))
    ap.add_argument("--no-pin", action="store_true")
    ap.add_argument("--cpu", type=int, default=-1, help="CPU to pin to (default: the highest)")
    ap.add_argument("--merge", nargs="+", default=[], help="combine result JSON files into one report")
    return ap.parse_args(argv)


def _pairs(text: str, default: dict[str, float]) -> dict[str, float]:
    out = dict(default)
    for item in filter(None, text.split(",")):
        key, value = item.split("=")
        out[key.strip()] = float(value)
    return out


def run_set(
    name: str, args: argparse.Namespace, limits: dict[str, float], shares: dict[str, float]
) -> dict[str, Any]:
    """Every chosen instance of one PSPLIB set in every mode."""
    root = shared_data_dir() / "psplib"
    files = sorted((root / name).glob("*.sm"), key=lambda p: instance_id(p.name)[1:])[:: max(1, args.every)]
    if args.only:
        wanted = {w if w.endswith(".sm") else w + ".sm" for w in args.only.split(",")}
        files = [f for f in files if f.name in wanted]
    if args.part:
        k, parts = (int(x) for x in args.part.split("/"))
        files = files[k - 1 :: parts]
    if args.limit:
        files = files[: args.limit]
    best = best_known(name, root / "solutions")
    rows = []
    modes = [m for m in args.modes.split(",") if m]
    for k, path in enumerate(files):
        _, par, inst = instance_id(path.name)
        data = read_psplib(path)
        problem = LevelingProblem.from_psplib(data)
        row: dict[str, Any] = {"instance": path.name, "best": best[par, inst], "cpm": data.mpm_time}
        for mode in modes:
            cpu0 = time.process_time()
            res = level(
                problem,
                mode=mode,  # type: ignore[arg-type]
                time_limit=limits[name] if mode == "optimize" else None,
                seed=args.seed,
                heuristic_share=shares.get(name),
                workers=args.workers,
                solver_options={"interleave_search": True} if args.interleave else None,
            )
            cpu = time.process_time() - cpu0
            starts = res.start.tolist()
            bad = validate_starts(data.durations, data.successors, data.requests, data.capacities, starts)
            bad += validate(problem, starts)
            row[mode] = {
                "makespan": res.makespan,
                "optimal": res.optimal,
                "seconds": round(res.seconds, 4),
                "cpu": round(cpu, 4),
                "method": res.method,
                "status": res.status,
                "evaluations": res.evaluations,
                "violations": [v.message for v in bad],
            }
        rows.append(row)
        if k % 20 == 0 or k == len(files) - 1:
            log(
                f"{name}: {k + 1}/{len(files)} {path.name} "
                f"{json.dumps({m: row[m]['makespan'] for m in modes})}"
            )
    return {
        "set": name,
        "time_limit": limits[name],
        "share": shares.get(name, "default"),
        "rows": rows,
        "summary": summarize(rows, modes),
    }


def summarize(rows: list[dict[str, Any]], modes: list[str]) -> dict[str, Any]:
    """Deviation and time figures per mode."""
    out: dict[str, Any] = {"instances": len(rows)}
    for mode in modes:
        mk = [r[mode]["makespan"] for r in rows]
        out[mode] = {
            "dev_best_pct": statistics.fmean(
                100 * (m - r["best"]) / r["best"] for m, r in zip(mk, rows, strict=True)
            ),
            "dev_cpm_pct": statistics.fmean(
                100 * (m - r["cpm"]) / r["cpm"] for m, r in zip(mk, rows, strict=True)
            ),
            "at_best": sum(m <= r["best"] for m, r in zip(mk, rows, strict=True)),
            "below_best": sum(m < r["best"] for m, r in zip(mk, rows, strict=True)),
            "proven_optimal": sum(r[mode]["optimal"] for r in rows),
            "mean_seconds": statistics.fmean(r[mode]["seconds"] for r in rows),
            "max_seconds": max(r[mode]["seconds"] for r in rows),
            "mean_cpu": statistics.fmean(r[mode]["cpu"] for r in rows),
            "invalid": sum(bool(r[mode]["violations"]) for r in rows),
        }
    ref_cpm = statistics.fmean(100 * (r["best"] - r["cpm"]) / r["cpm"] for r in rows)
    out["best_known_dev_cpm_pct"] = ref_cpm
    return out


def run_scale(sizes: list[int], runs: int) -> list[dict[str, Any]]:
    """Heuristic mode on generated projects: median wall time of ``runs`` calls (compile included)."""
    out = []
    for n in sizes:
        problem = generate(n)
        level(problem)  # warm-up (JIT cache, allocator)
        times = []
        cpu = []
        res = None
        for _ in range(runs):
            t = time.perf_counter()
            c = time.process_time()
            res = level(problem)
            cpu.append(time.process_time() - c)
            times.append(time.perf_counter() - t)
        assert res is not None
        bad = validate(problem, res.start.tolist())
        out.append(
            {
                "tasks": n,
                "resources": len(problem.resources),
                "links": len(problem.links),
                "median_seconds": statistics.median(times),
                "median_cpu_seconds": statistics.median(cpu),
                "runs": [round(t, 4) for t in times],
                "makespan": res.makespan,
                "cpm": res.cpm_makespan,
                "lower_bound": res.lower_bound,
                "violations": len(bad),
            }
        )
        log(
            f"scale {n}: {statistics.median(times):.3f} s wall, {statistics.median(cpu):.3f} s CPU, "
            f"makespan {res.makespan} (cpm {res.cpm_makespan})"
        )
    return out


def render(result: dict[str, Any]) -> str:
    """The Markdown report."""
    lines = [
        f"# Leveling benchmark, {result['date']}",
        "",
        f"Command: `{result['command']}`",
        "",
        f"Machine: {result['env']['machine']}; pinned CPU {result['env']['cpu']}; load average at start "
        f"{result['env']['load_start']}, at end {result['env']['load_end']}; numba {result['env']['numba']}; "
        f"ortools {result['env']['ortools']}; CP-SAT workers {result['env']['workers']}"
        f"{' (interleave_search: one thread)' if result['env']['interleave'] else ''}.",
        "",
        "| set | mode | limit s | instances | dev. best known % | dev. CPM bound % | at best | proven opt. "
        "| mean s | max s | invalid |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for s in result["sets"]:
        summ = s["summary"]
        for mode in ("optimize", "heuristic"):
            if mode not in summ:
                continue
            m = summ[mode]
            limit = s["time_limit"] if mode == "optimize" else "-"
            lines.append(
                f"| {s['set']} | {mode} | {limit} | {summ['instances']} | {m['dev_best_pct']:.3f} | "
                f"{m['dev_cpm_pct']:.2f} | {m['at_best']} | {m['proven_optimal']} | "
                f"{m['mean_seconds']:.3f} | "
                f"{m['max_seconds']:.2f} | {m['invalid']} |"
            )
        lines.append(f"| {s['set']} | best known | | | 0 | {summ['best_known_dev_cpm_pct']:.2f} | | | | | |")
    if result["scale"]:
        lines += [
            "",
            "| generated tasks | resources | links | median wall s (heuristic, compile included) "
            "| median CPU s | makespan | CPM | invalid |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for r in result["scale"]:
            lines.append(
                f"| {r['tasks']:,} | {r['resources']} | {r['links']:,} | {r['median_seconds']:.3f} "
                f"| {r.get('median_cpu_seconds', float('nan')):.3f} | {r['makespan']} "
                f"| {r['cpm']} | {r['violations']} |"
            )
    return "\n".join(lines) + "\n"


def _merge_sets(sets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Parts of one set (``--part``) become one set again, rows in instance order, summary redone."""
    out: dict[str, dict[str, Any]] = {}
    for part in sets:
        whole = out.setdefault(part["set"], {**part, "rows": []})
        whole["rows"] = whole["rows"] + part["rows"]
    for whole in out.values():
        whole["rows"].sort(key=lambda row: instance_id(row["instance"])[1:])
        modes = [m for m in ("optimize", "heuristic") if m in whole["rows"][0]]
        whole["summary"] = summarize(whole["rows"], modes)
    return list(out.values())


def merge(paths: list[Path], out: Path, tag: str) -> int:
    """One report from several runs (for example two sets run at once, one per CPU)."""
    runs = [json.loads(p.read_text(encoding="utf-8")) for p in paths]
    result = dict(runs[0])
    result["command"] = " ; ".join(r["command"] for r in runs)
    result["runs"] = [{"command": r["command"], "date": r["date"], "env": r["env"]} for r in runs]
    result["sets"] = _merge_sets([s for r in runs for s in r["sets"]])
    result["scale"] = [s for r in runs for s in r["scale"]]
    env = dict(runs[0]["env"])
    env["cpu"] = ", ".join(str(r["env"]["cpu"]) for r in runs)
    env["load_start"] = [r["env"]["load_start"] for r in runs]
    env["load_end"] = [r["env"]["load_end"] for r in runs]
    result["env"] = env
    stem = f"leveling-{dt.date.today().isoformat()}" + (f"-{tag}" if tag else "")
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{stem}.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    report = render(result)
    (out / f"{stem}.md").write_text(report, encoding="utf-8")
    print(report)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and write the result files."""
    args = parse_args(argv)
    if args.merge:
        return merge([Path(p) for p in args.merge], Path(args.out), args.tag)
    cpu = None
    if not args.no_pin and hasattr(os, "sched_setaffinity"):
        cpu = args.cpu if args.cpu >= 0 else max(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
    import numba
    import ortools

    result: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": "python -m bench.leveling_bench " + " ".join(sys.argv[1:] if argv is None else argv),
        "env": {
            "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
            f"Python {platform.python_version()}",
            "cpu": cpu,
            "load_start": [round(x, 2) for x in os.getloadavg()],
            "numba": numba.__version__ if kernels.ACCELERATED else "off",
            "ortools": ortools.__version__,
            "workers": args.workers,
            "interleave": args.interleave,
        },
        "sets": [],
        "scale": [],
    }
    # Warm-up: load (or compile) every numba kernel before anything is timed (the genetic algorithm's
    # too: a J120 instance that the priority rules do not solve).
    for warm_name in ("j30/j3013_1.sm", "j120/j12011_1.sm"):
        warm = LevelingProblem.from_psplib(read_psplib(shared_data_dir() / "psplib" / warm_name))
        level(warm, mode="optimize", time_limit=0.5)
        level(warm, mode="heuristic", time_limit=0.2)
    limits = _pairs(args.time_limit, TIME_LIMITS)
    shares = _pairs(args.share, SHARES)
    for name in [s for s in args.sets.split(",") if s and s != "none"]:
        result["sets"].append(run_set(name, args, limits, shares))
    if args.scale:
        result["scale"] = run_scale([int(x) for x in args.scale.split(",")], args.scale_runs)
    result["env"]["load_end"] = [round(x, 2) for x in os.getloadavg()]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    stem = f"leveling-{dt.date.today().isoformat()}" + (f"-{args.tag}" if args.tag else "")
    (out / f"{stem}.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    report = render(result)
    (out / f"{stem}.md").write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
