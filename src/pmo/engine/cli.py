"""``pmo schedule FILE [--format table|csv|json] [--status-date ISO]``: schedule a file, print the tasks.

Reads Microsoft Project XML (``.xml``, MSPDI) or PSPLIB (``.sm``) and prints one row per task:
uid, name, early_start, early_finish, late_start, late_finish, total_slack_minutes,
free_slack_minutes, critical. Needs no database.

For ``.xml`` files dates are ISO-8601 wall-clock times. PSPLIB files have no calendar: their times
are integer periods counted from 0, printed as numbers, and the slack columns hold periods too.

Bad input (missing file, malformed XML, a DTD, a cycle, an unknown extension, a bad option) ends
with exit code 2 and one line on stderr that names the problem.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import NoReturn

from pmo.engine.readers.mspdi import read_mspdi
from pmo.engine.readers.psplib import read_psplib
from pmo.engine.schedule import schedule
from pmo.engine.schedule.errors import ScheduleError

__all__ = ["COLUMNS", "main"]

COLUMNS = (
    "uid",
    "name",
    "early_start",
    "early_finish",
    "late_start",
    "late_finish",
    "total_slack_minutes",
    "free_slack_minutes",
    "critical",
)

Row = dict[str, object]


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _UsageError(message)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="pmo schedule", description="Critical-path schedule of an MSPDI (.xml) or PSPLIB (.sm) file."
    )
    p.add_argument("file", help="MS Project XML (.xml) or PSPLIB (.sm) file")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table", help="output format")
    p.add_argument("--status-date", help="ISO date/time; unfinished work is scheduled after it (.xml only)")
    return p


def _rows_mspdi(path: Path, status: datetime | None) -> list[Row]:
    result = schedule(read_mspdi(path).project, status_date=status)
    return [
        {
            "uid": t.uid,
            "name": t.name,
            "early_start": t.early_start.isoformat(),
            "early_finish": t.early_finish.isoformat(),
            "late_start": t.late_start.isoformat(),
            "late_finish": t.late_finish.isoformat(),
            "total_slack_minutes": t.total_slack,
            "free_slack_minutes": t.free_slack,
            "critical": t.critical,
        }
        for t in result.tasks
    ]


def _rows_psplib(path: Path) -> list[Row]:
    res = read_psplib(path).network().schedule()
    return [
        {
            "uid": i + 1,
            "name": f"job {i + 1}",
            "early_start": int(res.early_start[i]),
            "early_finish": int(res.early_finish[i]),
            "late_start": int(res.late_start[i]),
            "late_finish": int(res.late_finish[i]),
            "total_slack_minutes": int(res.total_slack[i]),
            "free_slack_minutes": int(res.free_slack[i]),
            "critical": bool(res.critical[i]),
        }
        for i in range(res.early_start.shape[0])
    ]


def _render(rows: list[Row], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return buf.getvalue()
    cells = [list(COLUMNS)] + [[str(r[c]) for c in COLUMNS] for r in rows]
    widths = [max(len(row[k]) for row in cells) for k in range(len(COLUMNS))]
    return "".join(
        "  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() + "\n" for row in cells
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``pmo schedule``; returns the exit code (0 success, 2 bad input)."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        args = _parser().parse_args(args_list)
        status = None
        if args.status_date:
            try:
                status = datetime.fromisoformat(args.status_date)
            except ValueError:
                raise _UsageError(f"--status-date {args.status_date!r} is not an ISO date") from None
        path = Path(args.file)
        suffix = path.suffix.lower()
        if suffix not in (".xml", ".sm"):
            raise _UsageError(
                f"{path}: unknown extension {suffix or '(none)'!r}; expected .xml (MSPDI) or .sm (PSPLIB)"
            )
        if not path.is_file():
            raise _UsageError(f"{path}: no such file")
        rows = _rows_mspdi(path, status) if suffix == ".xml" else _rows_psplib(path)
    except (_UsageError, ScheduleError) as exc:
        message = " ".join(str(exc).split())
        print(f"pmo schedule: error: {message}", file=sys.stderr)
        return 2
    sys.stdout.write(_render(rows, args.format))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
