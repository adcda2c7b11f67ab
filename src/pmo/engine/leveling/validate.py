"""An independent check of a schedule: links honoured, releases kept, capacity never exceeded.

This module shares no code with the leveling algorithms (it reads the input dataclasses and
nothing else): links are checked from their definitions on start and finish dates, and capacity
by a sweep over the instants where usage or capacity changes, not by a period-by-period profile.
It is what the tests run on every schedule they produce, and on the best-known PSPLIB schedules.

Examples
--------
>>> from pmo.engine.leveling.model import LevelingProblem, Link, Resource, Task
>>> p = LevelingProblem(
...     tasks=(Task("a", 2, (("crew", 1),)), Task("b", 2, (("crew", 1),))),
...     resources=(Resource("crew", 1),), links=(Link("a", "b", "SS", 1),))
>>> validate(p, {"a": 0, "b": 2})
[]
>>> [v.kind for v in validate(p, {"a": 0, "b": 1})]
['capacity']
>>> [v.kind for v in validate(p, {"a": 1, "b": 0})]
['link', 'capacity']
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pmo.engine.leveling.model import LevelingProblem

__all__ = ["Violation", "validate", "validate_starts"]


@dataclass(frozen=True)
class Violation:
    """One broken rule: ``kind`` is ``link``, ``capacity``, ``release``, ``negative``, ``missing``
    ``makespan`` or ``not-levelled`` (a "do not level" task that does not start as early as it may)."""

    kind: str
    message: str


def _capacity(
    intervals: dict[str, list[tuple[int, int, int, Hashable]]],
    steps: dict[str, list[tuple[int, int]]],
) -> list[Violation]:
    out = []
    for name, used in intervals.items():
        delta: dict[int, int] = defaultdict(int)
        for start, finish, units, _ in used:
            if finish > start and units:
                delta[start] += units
                delta[finish] -= units
        cap_at = dict(steps[name])
        times = sorted(set(delta) | set(cap_at))
        level = 0
        cap = 0
        for k, t in enumerate(times):
            level += delta.get(t, 0)
            cap = cap_at.get(t, cap)
            if level > cap and k + 1 < len(times):
                holders = [key for s, f, q, key in used if s <= t < f and q]
                out.append(
                    Violation(
                        "capacity",
                        f"resource {name!r} holds {level} units > capacity {cap} from {t} to {times[k + 1]}"
                        f" (tasks {', '.join(repr(h) for h in holders)})",
                    )
                )
    return out


def validate(problem: LevelingProblem, starts: Mapping[Hashable, int] | Sequence[int]) -> list[Violation]:
    """Every rule ``starts`` breaks for ``problem`` (empty when the schedule is feasible).

    ``starts`` maps task keys to starts, or lists them in the order of ``problem.tasks``.
    Capacity is checked against every resource's steps; "do not level" tasks (``level=False`` or
    priority 1000) must start at the earliest time their links and release allow.
    """
    if isinstance(starts, Mapping):
        start = dict(starts)
    else:
        start = {t.key: int(s) for t, s in zip(problem.tasks, starts, strict=True)}
    out: list[Violation] = []
    dur = {t.key: t.duration for t in problem.tasks}
    for t in problem.tasks:
        if t.key not in start:
            out.append(Violation("missing", f"task {t.key!r} has no start"))
    if out:
        return out
    for t in problem.tasks:
        if start[t.key] < 0:
            out.append(Violation("negative", f"task {t.key!r} starts at {start[t.key]} < 0"))
        if t.release > 0 and start[t.key] < t.release:
            out.append(
                Violation(
                    "release", f"task {t.key!r} starts at {start[t.key]} before its release {t.release}"
                )
            )
    earliest: dict[Hashable, int] = {t.key: max(t.release, 0) for t in problem.tasks}
    for link in problem.links:
        s_i, s_j = start[link.pred], start[link.succ]
        f_i, f_j = s_i + dur[link.pred], s_j + dur[link.succ]
        ok = {
            "FS": s_j >= f_i + link.lag,
            "SS": s_j >= s_i + link.lag,
            "FF": f_j >= f_i + link.lag,
            "SF": f_j >= s_i + link.lag,
        }[link.type]
        need = {
            "FS": f_i + link.lag,
            "SS": s_i + link.lag,
            "FF": f_i + link.lag - dur[link.succ],
            "SF": s_i + link.lag - dur[link.succ],
        }[link.type]
        earliest[link.succ] = max(earliest[link.succ], need)
        if not ok:
            out.append(
                Violation(
                    "link",
                    f"link {link.pred!r} -> {link.succ!r} ({link.type}, lag {link.lag}) is broken: "
                    f"{link.pred!r} {s_i}-{f_i}, {link.succ!r} {s_j}-{f_j}",
                )
            )
    for t in problem.tasks:
        if (not t.level or t.priority == 1000) and start[t.key] > earliest[t.key]:
            out.append(
                Violation(
                    "not-levelled",
                    f"task {t.key!r} is not to be levelled but starts at {start[t.key]}, "
                    f"later than its links allow ({earliest[t.key]})",
                )
            )
    intervals: dict[str, list[tuple[int, int, int, Hashable]]] = {r.name: [] for r in problem.resources}
    steps = {r.name: [(0, r.capacity), *r.changes] for r in problem.resources}
    for t in problem.tasks:
        for name, units in t.demands:
            intervals[name].append((start[t.key], start[t.key] + t.duration, units, t.key))
    return out + _capacity(intervals, steps)


def validate_starts(
    durations: Sequence[int],
    successors: Sequence[Sequence[int]],
    requests: Sequence[Sequence[int]],
    capacities: Sequence[int],
    starts: Sequence[int],
    *,
    makespan: int | None = None,
) -> list[Violation]:
    """Check a PSPLIB start-time vector (jobs 1-based in ``successors``, FS links without lag).

    With ``makespan``, also check that the schedule ends exactly then.
    """
    n = len(durations)
    if len(starts) != n:
        return [Violation("missing", f"{len(starts)} start times for {n} jobs")]
    out = [Violation("negative", f"job {j + 1} starts at {s} < 0") for j, s in enumerate(starts) if s < 0]
    for j, succ in enumerate(successors):
        for k in succ:
            if starts[k - 1] < starts[j] + durations[j]:
                out.append(
                    Violation(
                        "link",
                        f"link {j + 1} -> {k} (FS) is broken: "
                        f"job {j + 1} ends at {starts[j] + durations[j]}, "
                        f"job {k} starts at {starts[k - 1]}",
                    )
                )
    intervals: dict[str, list[tuple[int, int, int, Hashable]]] = {
        f"R{r + 1}": [(starts[j], starts[j] + durations[j], requests[j][r], j + 1) for j in range(n)]
        for r in range(len(capacities))
    }
    steps = {f"R{r + 1}": [(0, c)] for r, c in enumerate(capacities)}
    out += _capacity(intervals, steps)
    if makespan is not None:
        end = max((s + d for s, d in zip(starts, durations, strict=True)), default=0)
        if end != makespan:
            out.append(Violation("makespan", f"the schedule ends at {end}, not {makespan}"))
    return out
