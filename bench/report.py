"""Goals, environment and output files of the scheduling benchmark."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

GOALS_TEXT = {
    "warm_100k": "warm recalculation <= 15 ms at 100k tasks",
    "warm_1m": "warm recalculation <= 250 ms at 1M tasks",
    "warm_vs_networkx": "warm >= 100x faster than networkx at 10k tasks and above",
    "cold_100k": "cold (build + first schedule) <= 100 ms at 100k tasks",
    "cold_1m": "cold (build + first schedule) <= 1.5 s at 1M tasks",
    "memory": "model memory <= 300 bytes per task",
    "fallback_vs_networkx": "without the accelerator, >= 3x faster than networkx at every size",
    "calendars": "per-task calendars cost <= 2x the single-calendar time (both with wall-clock dates)",
}

OURS = "ours"
FALLBACK = "ours, no accelerator"
CALENDARS = "ours, task calendars"
ONE_CALENDAR = "ours, one calendar"
NETWORKX = "networkx"


@dataclass
class PeerRow:
    """One peer at one size."""

    peer: str
    size: int
    status: str = "ok"  # ok | disagrees | not run: ...
    runs: int = 0
    build_s: list[float] = field(default_factory=list)
    schedule_s: list[float] = field(default_factory=list)
    cold_s: list[float] = field(default_factory=list)
    warm_s: list[float] = field(default_factory=list)
    bytes_per_task: float | None = None
    memory_method: str | None = None
    full: bool = True
    notes: list[str] = field(default_factory=list)

    @staticmethod
    def med(values: list[float]) -> float | None:
        """Median, or ``None`` for no values."""
        if not values:
            return None
        ordered = sorted(values)
        mid = len(ordered) // 2
        return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2

    def summary(self) -> dict[str, Any]:
        """JSON-friendly medians and raw timings."""
        return {
            "peer": self.peer,
            "size": self.size,
            "status": self.status,
            "runs": self.runs,
            "full_results": self.full,
            "median_build_s": self.med(self.build_s),
            "median_schedule_s": self.med(self.schedule_s),
            "median_cold_s": self.med(self.cold_s),
            "median_warm_s": self.med(self.warm_s),
            "bytes_per_task": self.bytes_per_task,
            "memory_method": self.memory_method,
            "raw": {
                "build_s": self.build_s,
                "schedule_s": self.schedule_s,
                "cold_s": self.cold_s,
                "warm_s": self.warm_s,
            },
            "notes": self.notes,
        }


def find(rows: list[PeerRow], peer: str, size: int) -> PeerRow | None:
    """The ok row of ``peer`` at ``size``."""
    for r in rows:
        if r.peer == peer and r.size == size and r.status == "ok":
            return r
    return None


def fast_time(row: PeerRow) -> float | None:
    """The time a peer needs to reschedule a built model: warm if it has one, else schedule."""
    return row.med(row.warm_s) if row.warm_s else row.med(row.schedule_s)


def ratios(rows: list[PeerRow], row: PeerRow) -> tuple[float | None, float | None]:
    """(networkx schedule / this reschedule, networkx cold / this cold)."""
    nx = find(rows, NETWORKX, row.size)
    if nx is None:
        return None, None
    fast = fast_time(row)
    nx_s, nx_c, cold = nx.med(nx.schedule_s), nx.med(nx.cold_s), row.med(row.cold_s)
    r1 = nx_s / fast if nx_s and fast else None
    r2 = nx_c / cold if nx_c and cold else None
    return r1, r2


def _goal(key: str, met: bool | None, measured: str) -> dict[str, Any]:
    return {"goal": key, "text": GOALS_TEXT[key], "met": met, "measured": measured}


def _at(rows: list[PeerRow], peer: str, size: int, what: str) -> float | None:
    r = find(rows, peer, size)
    if r is None:
        return None
    return r.med(getattr(r, what))


def evaluate_goals(rows: list[PeerRow], sizes: list[int]) -> list[dict[str, Any]]:
    """Check each goal of the issue against the measured rows."""
    goals: list[dict[str, Any]] = []
    for key, size, what, limit in (
        ("warm_100k", 100_000, "warm_s", 0.015),
        ("warm_1m", 1_000_000, "warm_s", 0.250),
        ("cold_100k", 100_000, "cold_s", 0.100),
        ("cold_1m", 1_000_000, "cold_s", 1.5),
    ):
        t = _at(rows, OURS, size, what)
        goals.append(
            _goal(
                key, None if t is None else t <= limit, "not measured" if t is None else f"{t * 1e3:.1f} ms"
            )
        )

    parts: list[str] = []
    oks: list[bool] = []
    for size in sizes:
        if size < 10_000:
            continue
        ours = find(rows, OURS, size)
        if ours is None:
            continue
        r1, _ = ratios(rows, ours)
        if r1 is None:
            continue
        parts.append(f"{size:,}: {r1:,.0f}x")
        oks.append(r1 >= 100)
    goals.append(_goal("warm_vs_networkx", all(oks) if oks else None, "; ".join(parts) or "not measured"))

    sizes_mem = [(r.size, r.bytes_per_task) for r in rows if r.peer == OURS and r.bytes_per_task is not None]
    worst = max((b for _, b in sizes_mem), default=None)
    goals.append(
        _goal(
            "memory",
            None if worst is None else worst <= 300,
            "; ".join(f"{s:,}: {b:.0f} B/task" for s, b in sizes_mem) or "not measured",
        )
    )

    parts, oks = [], []
    for size in sizes:
        fb = find(rows, FALLBACK, size)
        if fb is None:
            continue
        r1, r2 = ratios(rows, fb)
        if r1 is None or r2 is None:
            continue
        parts.append(f"{size:,}: warm {r1:.1f}x, cold {r2:.1f}x")
        oks.append(min(r1, r2) >= 3)
    goals.append(_goal("fallback_vs_networkx", all(oks) if oks else None, "; ".join(parts) or "not measured"))

    parts, oks = [], []
    for size in sizes:
        cal, single = find(rows, CALENDARS, size), find(rows, ONE_CALENDAR, size)
        plain = find(rows, OURS, size)
        if cal is None or single is None:
            continue
        cw, sw = cal.med(cal.warm_s), single.med(single.warm_s)
        cc, sc = cal.med(cal.cold_s), single.med(single.cold_s)
        if not (cw and sw and cc and sc):
            continue
        text = f"{size:,}: warm {cw / sw:.2f}x, cold {cc / sc:.2f}x"
        pw = plain.med(plain.warm_s) if plain is not None else None
        if pw:
            text += f" (vs the working-minute kernel without dates: warm {cw / pw:.2f}x)"
        parts.append(text)
        oks.append(max(cw / sw, cc / sc) <= 2)
    goals.append(_goal("calendars", all(oks) if oks else None, "; ".join(parts) or "not measured"))
    return goals


def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _run(cmd: list[str]) -> str | None:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    text = (out.stdout + out.stderr).strip()
    return text.splitlines()[0] if text else None


def environment(extra: dict[str, Any]) -> dict[str, Any]:
    """What the figures were measured on."""
    env_keys = (
        "OPENBLAS_CORETYPE",
        "OPENBLAS_NUM_THREADS",
        "OMP_NUM_THREADS",
        "MKL_NUM_THREADS",
        "NUMBA_NUM_THREADS",
        "NUMEXPR_NUM_THREADS",
        "JAVA_HOME",
    )
    root = Path(__file__).resolve().parent.parent
    affinity = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    return {
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "cpu": _cpu_model(),
        "cpu_count": os.cpu_count(),
        "affinity": affinity,
        "packages": {
            d: _version(d)
            for d in ("numpy", "numba", "networkx", "rustworkx", "mpxj", "JPype1", "psutil", "pmo")
        },
        "java": _run(["java", "-version"]),
        "env": {k: os.environ.get(k) for k in env_keys},
        "git_commit": _run(["git", "-C", str(root), "rev-parse", "HEAD"]),
        "git_dirty_src": bool(_run(["git", "-C", str(root), "status", "--porcelain", "--", "src"])),
        **extra,
    }


def _fmt_s(value: float | None) -> str:
    if value is None:
        return "-"
    if value < 1:
        return f"{value * 1e3:.2f} ms" if value < 0.1 else f"{value * 1e3:.0f} ms"
    return f"{value:.2f} s"


def _fmt_x(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:,.0f}x" if value >= 10 else f"{value:.1f}x"


def table_rows(rows: list[PeerRow]) -> list[list[str]]:
    """The rows of the results table (strings)."""
    out = []
    for r in rows:
        r1, r2 = ratios(rows, r) if r.status == "ok" else (None, None)
        warm_or_sched = r.med(r.warm_s) if r.warm_s else r.med(r.schedule_s)
        out.append(
            [
                f"{r.size:,}",
                r.peer,
                _fmt_s(r.med(r.build_s)),
                _fmt_s(warm_or_sched) + (" (warm)" if r.warm_s else ""),
                _fmt_s(r.med(r.cold_s)),
                str(r.runs) if r.runs else "-",
                "-" if r.bytes_per_task is None else f"{r.bytes_per_task:,.0f}",
                _fmt_x(r1),
                _fmt_x(r2),
                r.status + ("" if r.full else " (finish only)"),
            ]
        )
    return out


HEADER = [
    "tasks",
    "peer",
    "build",
    "reschedule",
    "cold",
    "runs",
    "B/task",
    "x nx (resched.)",
    "x nx (cold)",
    "status",
]


def text_table(rows: list[PeerRow]) -> str:
    """A fixed-width table for the terminal."""
    body = table_rows(rows)
    widths = [max(len(x) for x in col) for col in zip(HEADER, *body, strict=False)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(HEADER, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines.extend("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in body)
    return "\n".join(lines)


def markdown(rows: list[PeerRow], goals: list[dict[str, Any]], env: dict[str, Any], command: str) -> str:
    """The markdown report: command, environment, table, goals."""
    body = table_rows(rows)
    lines = [
        f"# Scheduling benchmark, {env.get('date', '')}",
        "",
        f"Command: `{command}`",
        "",
        f"Machine: {env['cpu']}, {env['cpu_count']} cores, pinned to CPU(s) {env['affinity']}; "
        f"Python {env['python']}; "
        + ", ".join(f"{k} {v}" for k, v in env["packages"].items() if v)
        + f"; Java: {env['java']}.",
        "",
        "Environment variables: "
        + ", ".join(f"{k}={v}" for k, v in env["env"].items() if v is not None)
        + ".",
        "",
        f"Clock: {env.get('clock', 'cpu')} ("
        + ("process CPU time" if env.get("clock", "cpu") == "cpu" else "elapsed wall time")
        + f"); load average at start {env.get('load_average_at_start')}, "
        + f"at end {env.get('load_average_at_end')}.",
        "",
        "Times are medians over `runs`; *reschedule* is a warm recalculation with changed durations and lags "
        "for ours, and the scheduling passes on an already built model for the peers; *cold* is build + "
        "first schedule. `x nx` columns: networkx's time divided by the peer's.",
        "",
        "| " + " | ".join(HEADER) + " |",
        "|" + "|".join("---" for _ in HEADER) + "|",
    ]
    lines.extend("| " + " | ".join(row) + " |" for row in body)
    lines += ["", "## Goals", "", "| goal | measured | met |", "|---|---|---|"]
    for g in goals:
        met = "not measured" if g["met"] is None else ("met" if g["met"] else "**not met**")
        lines.append(f"| {g['text']} | {g['measured']} | {met} |")
    notes = [f"- {r.peer} at {r.size:,}: {n}" for r in rows for n in r.notes]
    if notes:
        lines += ["", "## Notes", "", *notes]
    return "\n".join(lines) + "\n"


def write_results(
    out_dir: Path,
    stem: str,
    rows: list[PeerRow],
    goals: list[dict[str, Any]],
    env: dict[str, Any],
    command: str,
    networks: list[dict[str, Any]],
) -> tuple[Path, Path]:
    """Write ``<stem>.json`` and ``<stem>.md``; return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    data = {
        "command": command,
        "environment": env,
        "networks": networks,
        "results": [r.summary() for r in rows],
        "goals": goals,
    }
    json_path = out_dir / f"{stem}.json"
    md_path = out_dir / f"{stem}.md"
    json_path.write_text(json.dumps(data, indent=2) + "\n")
    md_path.write_text(markdown(rows, goals, env, command))
    return json_path, md_path
