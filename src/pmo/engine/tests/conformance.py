"""Test helper: compare computed task fields with Microsoft Project's stored values (test-only).

An instant agrees when it is within one minute (MSPDI keeps seconds, the engine whole minutes);
a slack agrees within one minute; the critical flag must be equal. The project summary task
(uid 0) is not compared.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from pmo.engine.readers.mspdi import StoredFields

FIELDS = (
    "start",
    "finish",
    "early_start",
    "early_finish",
    "late_start",
    "late_finish",
    "total_slack",
    "free_slack",
    "critical",
)

# Files left out of the conformance figure, with the reason.
EXCLUDED = {
    "legacy/sample1.xml": "probably written by MPXJ, not Microsoft Project (MANIFEST.md 2.3, row 133)",
}


# A recomputed task has the same fields, in the same units, as MS Project's stored ones.
Computed = StoredFields


@dataclass
class Tally:
    """Agreement counts over many files."""

    agree: int = 0
    total: int = 0
    by_field: Counter[str] = field(default_factory=Counter)
    by_file: Counter[str] = field(default_factory=Counter)
    differences: list[str] = field(default_factory=list)

    def summary(self, who: str) -> str:
        share = 100 * self.agree / max(1, self.total)
        return f"{who}: {self.agree} of {self.total} task-fields agree ({share:.2f}%)"


def agrees(ours: object, theirs: object) -> bool:
    if ours is None:
        return False
    if isinstance(theirs, bool):
        return ours == theirs
    if isinstance(theirs, datetime) and isinstance(ours, datetime):
        return abs(ours.replace(tzinfo=None) - theirs) <= timedelta(minutes=1)
    if isinstance(theirs, float) and isinstance(ours, (int, float)):
        return abs(ours - theirs) <= 1.0
    return ours == theirs


def compare(
    name: str, stored: Mapping[int, StoredFields], computed: Mapping[int, Computed], tally: Tally
) -> None:
    """Add the comparison of one file to ``tally`` (tasks absent from ``computed`` count as disagreeing)."""
    for uid, ms in stored.items():
        mine = computed.get(uid)
        for f in FIELDS:
            theirs = getattr(ms, f)
            if theirs is None:
                continue
            ours = None if mine is None else getattr(mine, f)
            tally.total += 1
            if agrees(ours, theirs):
                tally.agree += 1
            else:
                tally.by_field[f] += 1
                tally.by_file[name] += 1
                tally.differences.append(f"{name} uid {uid} {f}: ours {ours} vs MS Project {theirs}")


def mspdi_files(root: Path) -> Iterator[tuple[str, Path]]:
    """MSPDI files under ``root`` (recursively), minus :data:`EXCLUDED`, as (relative name, path)."""
    for path in sorted(root.rglob("*.xml")):
        name = path.relative_to(root).as_posix()
        if name not in EXCLUDED:
            yield name, path


def as_computed(rows: Iterable[tuple[int, Computed]]) -> dict[int, Computed]:
    return dict(rows)
