"""Reader of PSPLIB single-mode RCPSP files (``.sm``, Kolisch & Sprecher 1997).

Times in these files are integer periods. :meth:`PsplibInstance.network` turns an instance into an
:class:`~pmo.engine.schedule.fast.ArrayNetwork` whose durations are those periods, so the critical
path length equals the header's ``MPM-Time``.

Examples
--------
>>> inst = read_psplib(SAMPLE.encode())
>>> inst.mpm_time, inst.network().schedule().project_finish
(5, 5)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from pmo.engine.readers.mspdi import ReaderError
from pmo.engine.schedule.fast import ArrayNetwork

__all__ = ["PsplibInstance", "read_psplib"]

SAMPLE = """PROJECT INFORMATION:
pronr.  #jobs rel.date duedate tardcost  MPM-Time
    1      1      0        5        1        5
PRECEDENCE RELATIONS:
jobnr.    #modes  #successors   successors
   1        1          1           2
   2        1          1           3
   3        1          0
REQUESTS/DURATIONS:
jobnr. mode duration  R 1
------------------------------------------------------------------------
  1      1     0       0
  2      1     5       2
  3      1     0       0
RESOURCEAVAILABILITIES:
  R 1
    4
"""


@dataclass(frozen=True)
class PsplibInstance:
    """One PSPLIB instance; job ``j`` (1-based in the file) is index ``j - 1`` in the arrays.

    Attributes
    ----------
    durations : tuple of int
        Periods per job (the dummy source and sink have 0).
    successors : tuple of tuple of int
        1-based successor job numbers per job.
    requests : tuple of tuple of int
        Renewable resource requests per job.
    capacities : tuple of int
        Renewable resource availabilities.
    mpm_time : int or None
        Critical-path length stated in the header.
    due_date : int or None
        Due date stated in the header.
    """

    durations: tuple[int, ...]
    successors: tuple[tuple[int, ...], ...]
    requests: tuple[tuple[int, ...], ...]
    capacities: tuple[int, ...]
    mpm_time: int | None
    due_date: int | None

    def network(self) -> ArrayNetwork:
        """The precedence network as an :class:`ArrayNetwork` (FS links, no lags)."""
        pred = [j for j, succ in enumerate(self.successors) for _ in succ]
        succ = [s - 1 for succ in self.successors for s in succ]
        m = len(pred)
        return ArrayNetwork.build(
            np.array(self.durations, dtype=np.int64),
            np.array(pred, dtype=np.int64),
            np.array(succ, dtype=np.int64),
            np.zeros(m, dtype=np.int8),
            np.zeros(m, dtype=np.int64),
        )


def _section(lines: list[str], title: str) -> int:
    for i, line in enumerate(lines):
        if line.strip().upper().startswith(title):
            return i
    raise ReaderError(f"not a PSPLIB .sm file: section {title!r} is missing")


def _ints(line: str) -> list[int]:
    return [int(x) for x in re.findall(r"-?\d+", line)]


def read_psplib(source: str | Path | bytes) -> PsplibInstance:
    """Read a PSPLIB ``.sm`` file (path or bytes).

    Raises
    ------
    ReaderError
        When the file is missing or its sections cannot be read.
    """
    if isinstance(source, bytes):
        text = source.decode("utf-8", errors="replace")
    else:
        path = Path(source)
        if not path.is_file():
            raise ReaderError(f"{path}: no such file")
        text = path.read_text(encoding="utf-8", errors="replace")
    lines = text.splitlines()
    try:
        mpm = due = None
        info = _section(lines, "PROJECT INFORMATION")
        values = _ints(lines[info + 2])
        if len(values) >= 6:
            due, mpm = values[3], values[5]
        prec = _section(lines, "PRECEDENCE RELATIONS")
        successors: list[tuple[int, ...]] = []
        for line in lines[prec + 2 :]:
            if not line.strip()[:1].isdigit():
                break
            row = _ints(line)
            successors.append(tuple(row[3 : 3 + row[2]]))
        req = _section(lines, "REQUESTS/DURATIONS")
        durations: list[int] = []
        requests: list[tuple[int, ...]] = []
        for line in lines[req + 3 :]:
            if not line.strip()[:1].isdigit():
                break
            row = _ints(line)
            durations.append(row[2])
            requests.append(tuple(row[3:]))
        avail = _section(lines, "RESOURCEAVAILABILITIES")
        capacities = tuple(_ints(lines[avail + 2])) if avail + 2 < len(lines) else ()
    except (IndexError, ValueError) as exc:
        raise ReaderError(f"not a readable PSPLIB .sm file ({exc})") from None
    if len(durations) != len(successors) or not durations:
        raise ReaderError(
            f"PSPLIB file lists {len(successors)} jobs with precedences but {len(durations)} with durations"
        )
    n = len(durations)
    for j, succ in enumerate(successors):
        bad = [s for s in succ if not 1 <= s <= n]
        if bad:
            raise ReaderError(f"job {j + 1} has successor {bad[0]} outside 1..{n}")
    return PsplibInstance(tuple(durations), tuple(successors), tuple(requests), capacities, mpm, due)
