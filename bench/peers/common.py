"""What every peer shares: the result type, the peer protocol, the agreement check.

The scheduling rules every full peer implements (MS Project's, as MPXJ's
``MicrosoftScheduler`` implements them), on one continuous working-minute time
line starting at 0:

- forward: a task without predecessors starts at 0; otherwise its early start is
  the largest of its links' bounds: FS ``EF(p) + lag``, SS ``ES(p) + lag``,
  FF ``max(0, EF(p) + lag - d)``, SF ``ES(p) + lag - d``; ``EF = ES + d``;
- project finish ``PF = max(EF)``;
- backward: a task's late finish is the smallest of ``PF`` and its links'
  bounds: FS ``LS(s) - lag``, SS ``LS(s) - lag + d``, FF ``LF(s) - lag``,
  SF ``LF(s) - lag + d``; ``LS = LF - d``;
- total slack ``LF - EF`` (equal to ``LS - ES`` here);
- free slack: the smallest over the task's links of FS ``ES(s) - lag - EF``,
  SS ``ES(s) - lag - ES``, FF ``EF(s) - lag - EF``, SF ``EF(s) - lag - ES``,
  or the total slack for a task without successors; never below 0.

Free slack is *compared* as ``min(free slack, total slack)``: MPXJ does not cap
free slack at total slack, our engine does, and the two differ where a task's
late finish is clamped at the project finish while an SS or SF successor could
still start later (rare on the generated networks; the results file counts them).  Which
one MS Project does is for the MSPDI conformance test to settle; the benchmark
must not depend on it (FREE_SLACK_CAP).

The generator keeps every forward bound >= 0, so whether FF or SF bounds are
clamped at the project start does not matter on benchmark networks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import numpy as np
from numpy.typing import NDArray

if TYPE_CHECKING:
    from bench.generate import Network

IntArray = NDArray[np.int64]
FIELDS = ("early_start", "early_finish", "late_start", "late_finish", "total_slack", "free_slack")


@dataclass(frozen=True)
class CpmResult:
    """Full CPM results, int64 working minutes indexed by task id.

    A peer that only computes the project finish leaves the arrays ``None``.
    """

    project_finish: int
    early_start: IntArray | None = None
    early_finish: IntArray | None = None
    late_start: IntArray | None = None
    late_finish: IntArray | None = None
    total_slack: IntArray | None = None
    free_slack: IntArray | None = None
    sample: IntArray | None = None  # task ids the arrays hold values for, when not all


class Peer(Protocol):
    """A scheduler measured by the benchmark.

    ``build`` turns the arrays into the peer's model (timed as "build");
    ``schedule`` computes the results on a built model (timed as "schedule");
    ``result`` turns what ``schedule`` returned into a ``CpmResult`` (not timed).
    """

    name: str
    full: bool  # computes every task's dates and slack (not only the project finish)
    slow: bool  # gets fewer runs at the largest sizes

    def build(self, net: Network, duration: IntArray, lag: IntArray) -> object:
        """Build the peer's model of ``net`` with these durations and lags."""
        ...

    def schedule(self, model: object) -> object:
        """Schedule the built model."""
        ...

    def result(self, model: object, raw: object) -> CpmResult:
        """Convert ``schedule``'s output (untimed)."""
        ...


def disagreements(ref: CpmResult, other: CpmResult, *, limit: int = 5) -> list[str]:
    """Describe where ``other`` differs from ``ref`` (empty when they agree)."""
    out: list[str] = []
    if ref.project_finish != other.project_finish:
        out.append(f"project finish {other.project_finish} != {ref.project_finish}")
    for name in FIELDS:
        mine = getattr(other, name)
        theirs = getattr(ref, name)
        if mine is None or theirs is None:
            continue
        ids = other.sample
        expected = theirs if ids is None else theirs[ids]
        if name == "free_slack" and other.total_slack is not None and ref.total_slack is not None:
            # Compared capped at total slack: see FREE_SLACK_CAP in the module docstring.
            mine = np.minimum(mine, other.total_slack)
            expected = np.minimum(expected, ref.total_slack if ids is None else ref.total_slack[ids])
        bad = np.flatnonzero(np.asarray(mine) != expected)
        if bad.shape[0]:
            task_ids = bad if ids is None else ids[bad]
            examples = ", ".join(
                f"task {int(t)}: {int(np.asarray(mine)[b])} != {int(expected[b])}"
                for t, b in zip(task_ids[:limit], bad[:limit], strict=True)
            )
            out.append(f"{name}: {bad.shape[0]} tasks differ ({examples})")
    return out


def as_int64(values: object) -> IntArray:
    """A fresh int64 array."""
    return np.asarray(values, dtype=np.int64)
