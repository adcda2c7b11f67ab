"""Readers of the PSPLIB reference results: optima, best-known makespans and start-time vectors.

* ``j30opt.sm`` (proven optima), ``jXXhrs.sm`` (best heuristic upper bounds): one
  ``parameter instance makespan ...`` row per instance.
* OR&S CSV files (``J60_C.csv``, ``J90_BKS.csv``, ``J120_BKS.csv``): ``ID;Type;Value;Time;Solution...``
  where ``par = (ID-1)//10+1``, ``inst = (ID-1)%10+1`` and the solution is the start time of every
  job, dummies included; ``lower bound`` rows are kept apart.

The best known makespan of an instance is the lower of the ``hrs`` file and the CSV value.

Examples
--------
>>> instance_id("j1203_7.sm")
('j120', 3, 7)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["OrsRow", "best_known", "instance_id", "read_makespans", "read_ors_csv"]

Key = tuple[int, int]
_ROW = re.compile(r"^\s*(\d+)\s+(\d+)\s+(\d+)\b")
_NAME = re.compile(r"^(j(?:30|60|90|120))(\d+)_(\d+)\.sm$", re.IGNORECASE)


@dataclass(frozen=True)
class OrsRow:
    """One instance of an OR&S CSV: its type (``optimal``/``heuristic``), makespan and start times."""

    kind: str
    value: int
    starts: tuple[int, ...] | None


def instance_id(filename: str) -> tuple[str, int, int]:
    """``("j60", parameter, instance)`` from a PSPLIB file name such as ``j6012_3.sm``."""
    m = _NAME.match(Path(filename).name)
    if not m:
        raise ValueError(f"{filename}: not a PSPLIB instance name like j301_1.sm")
    return m.group(1).lower(), int(m.group(2)), int(m.group(3))


def read_makespans(path: Path) -> dict[Key, int]:
    """Makespan per ``(parameter, instance)`` from ``j30opt.sm`` or a ``jXXhrs.sm`` file."""
    out: dict[Key, int] = {}
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        m = _ROW.match(line)
        if m:
            out[int(m.group(1)), int(m.group(2))] = int(m.group(3))
    return out


def read_ors_csv(path: Path) -> tuple[dict[Key, OrsRow], dict[Key, int]]:
    """Solutions and lower bounds per ``(parameter, instance)`` from an OR&S CSV file."""
    rows: dict[Key, OrsRow] = {}
    bounds: dict[Key, int] = {}
    for line in path.read_text(encoding="utf-8-sig", errors="replace").splitlines():
        cells = [c.strip() for c in line.split(";")]
        if len(cells) < 3 or not cells[0].isdigit() or not cells[2].lstrip("-").isdigit():
            continue
        ident = int(cells[0])
        key = ((ident - 1) // 10 + 1, (ident - 1) % 10 + 1)
        kind = cells[1].lower()
        if kind == "lower bound":
            bounds[key] = int(cells[2])
            continue
        vector = [int(c) for c in cells[4:] if c.lstrip("-").isdigit()]
        rows[key] = OrsRow(kind, int(cells[2]), tuple(vector) if vector else None)
    return rows, bounds


_CSV = {"j60": "J60_C.csv", "j90": "J90_BKS.csv", "j120": "J120_BKS.csv"}


def best_known(set_name: str, solutions: Path) -> dict[Key, int]:
    """Best known makespan per instance: the optimum for J30, else ``min(hrs, CSV)``."""
    if set_name == "j30":
        return read_makespans(solutions / "j30opt.sm")
    best = read_makespans(solutions / f"{set_name}hrs.sm")
    if set_name in _CSV:
        rows, _ = read_ors_csv(solutions / _CSV[set_name])
        for key, row in rows.items():
            best[key] = min(best.get(key, row.value), row.value)
    return best
