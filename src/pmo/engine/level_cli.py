"""``pmo level FILE.sm [--time-limit SECONDS] [--format table|csv|json] [--seed N]``: level a PSPLIB file.

Prints one row per job (``job``, ``start``, ``finish``; jobs numbered as in the file, times in
periods from 0) and the makespan. ``--time-limit`` (default 1 s) runs the improving mode: the
heuristic, then OR-Tools CP-SAT on one worker; ``--time-limit 0`` runs the heuristic alone.

* ``table``: the rows, then ``makespan N (optimal | best found; lower bound L)``.
* ``csv``: the header ``job,start,finish`` and the rows only (so the output loads as it is); the
  makespan line goes to stderr.
* ``json``: ``{"makespan", "lower_bound", "cpm_makespan", "optimal", "method", "jobs": [...]}``
  where each job also carries its ``delay`` and, when delayed, the ``reason``.

Bad input (missing file, not a PSPLIB file, a job that needs more than a resource has, a bad
option) ends with exit code 2 and one line on stderr. Needs no database and imports no Django.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from pmo.engine.leveling import LevelingProblem, LevelingResult, level
from pmo.engine.readers.psplib import read_psplib
from pmo.engine.schedule.errors import ScheduleError

__all__ = ["main"]


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _UsageError(message)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="pmo level", description="Resource-levelled schedule of a PSPLIB (.sm) file.")
    p.add_argument("file", help="PSPLIB single-mode file (.sm)")
    p.add_argument("--time-limit", type=float, default=1.0, help="seconds to improve (0: heuristic only)")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table", help="output format")
    p.add_argument("--seed", type=int, default=0, help="seed of the randomised search")
    return p


def _summary(res: LevelingResult) -> str:
    state = "optimal" if res.optimal else "best found"
    return f"makespan {res.makespan} ({state}; lower bound {res.lower_bound})"


def _render(res: LevelingResult, fmt: str) -> tuple[str, str]:
    """(stdout, stderr) text."""
    keys = [t.key for t in res.compiled.problem.tasks]
    if fmt == "csv":
        rows = "".join(
            f"{k},{s},{f}\n" for k, s, f in zip(keys, res.start.tolist(), res.finish.tolist(), strict=True)
        )
        return "job,start,finish\n" + rows, _summary(res) + "\n"
    if fmt == "json":
        jobs = []
        for t in res.tasks:
            job: dict[str, object] = {"job": t.key, "start": t.start, "finish": t.finish, "delay": t.delay}
            if t.reason:
                job["reason"] = t.reason
            jobs.append(job)
        doc = {
            "makespan": res.makespan,
            "lower_bound": res.lower_bound,
            "cpm_makespan": res.cpm_makespan,
            "optimal": res.optimal,
            "method": res.method,
            "jobs": jobs,
        }
        return json.dumps(doc, indent=2) + "\n", ""
    cells = [["job", "start", "finish"]] + [
        [str(k), str(s), str(f)]
        for k, s, f in zip(keys, res.start.tolist(), res.finish.tolist(), strict=True)
    ]
    widths = [max(len(r[c]) for r in cells) for c in range(3)]
    text = "".join("  ".join(v.rjust(w) for v, w in zip(r, widths, strict=True)) + "\n" for r in cells)
    return text + _summary(res) + "\n", ""


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``pmo level``; returns the exit code (0 success, 2 bad input)."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        args = _parser().parse_args(args_list)
        if not args.time_limit >= 0:  # also refuses nan
            raise _UsageError(f"--time-limit must be 0 or more seconds, got {args.time_limit}")
        path = Path(args.file)
        if path.suffix.lower() != ".sm":
            raise _UsageError(
                f"{path}: unknown extension {path.suffix or '(none)'!r}; expected a PSPLIB .sm file"
            )
        problem = LevelingProblem.from_psplib(read_psplib(path))
        if args.time_limit > 0:
            res = level(problem, mode="optimize", time_limit=args.time_limit, seed=args.seed)
        else:
            res = level(problem, seed=args.seed)
    except (_UsageError, ScheduleError) as exc:
        message = " ".join(str(exc).split())
        print(f"pmo level: error: {message}", file=sys.stderr)
        return 2
    out, err = _render(res, args.format)
    sys.stdout.write(out)
    if err:
        sys.stderr.write(err)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
