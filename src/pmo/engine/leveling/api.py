"""``level()``: the entry point of the leveling engine."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Literal

import numpy as np

from pmo.engine.leveling import _kernels as kernels
from pmo.engine.leveling import cpsat
from pmo.engine.leveling.compile import Compiled, compile_problem
from pmo.engine.leveling.errors import InvalidProblemError
from pmo.engine.leveling.heuristic import Search
from pmo.engine.leveling.model import LevelingProblem
from pmo.engine.leveling.results import LevelingResult

__all__ = ["default_heuristic_share", "level"]

Mode = Literal["heuristic", "optimize"]
#: Above this many tasks the quick heuristic runs the serial scheme with LFT only (plus FBI).
LARGE = 5000


def _result(
    c: Compiled,
    start: np.ndarray,
    *,
    mode: str,
    method: str,
    status: str,
    optimal: bool,
    evaluations: int,
    t0: float,
) -> LevelingResult:
    finish_grid = start + c.dur
    fin = np.zeros(c.proj_prio.shape[0], dtype=np.int64)
    np.maximum.at(fin, c.proj, finish_grid)
    weights = np.ones(1, dtype=np.int64) if fin.shape[0] == 1 else 1 + c.proj_prio
    return LevelingResult(
        compiled=c,
        start=start * c.unit,
        finish=finish_grid * c.unit,
        makespan=int(finish_grid.max()) * c.unit if c.n else 0,
        cpm_makespan=c.cpm_makespan * c.unit,
        lower_bound=c.lower_bound() * c.unit,
        optimal=optimal,
        objective=int((weights * fin).sum()) * c.unit,
        mode=mode,
        method=method,
        status=status,
        evaluations=evaluations,
        seconds=time.perf_counter() - t0,
        project_finish={name: int(f) * c.unit for name, f in zip(c.proj_names, fin.tolist(), strict=True)},
    )


def level(
    problem: LevelingProblem,
    *,
    mode: Mode = "heuristic",
    time_limit: float | None = None,
    seed: int = 0,
    workers: int = 1,
    heuristic_share: float | None = None,
    solver_options: Mapping[str, object] | None = None,
) -> LevelingResult:
    """Level ``problem``: resource-feasible starts that honour every link and release.

    Parameters
    ----------
    problem : LevelingProblem
        Validated once here (typed errors name the task, resource or link).
    mode : {"heuristic", "optimize"}
        ``"heuristic"``: priority rules in serial and parallel schedule generation with
        forward-backward improvement, then (when ``time_limit`` is given) a genetic algorithm until
        the limit. ``"optimize"``: the same heuristic for ``heuristic_share`` of the limit (longer
        while it still finds better schedules), then OR-Tools CP-SAT for the rest, hinted with the
        best schedule; the result says whether it is proven optimal.
    time_limit : float, optional
        Seconds for the whole run (``"optimize"`` defaults to 10).
    seed : int
        Seed of every random choice (the same seed and limit reproduce the run when the limit is
        not reached; CP-SAT and the GA are time-bounded, so a loaded machine may stop elsewhere).
    workers : int
        CP-SAT search workers (1 = one core).
    heuristic_share : float, optional
        Part of the limit after which the genetic algorithm hands over to CP-SAT (``"optimize"``)
        unless it improved within the rest of the limit's length; by default it depends on the size
        of the problem (:func:`default_heuristic_share`).
    solver_options : mapping, optional
        Extra CP-SAT parameters by name (for example ``{"interleave_search": True}``).

    Returns
    -------
    LevelingResult
        Starts and finishes per task, makespan, bounds, whether optimal, and the explanation of
        every delay (``result.tasks``).

    Examples
    --------
    >>> from pmo.engine.leveling import LevelingProblem, Resource, Task, level
    >>> crew = (("crew", 1),)
    >>> p = LevelingProblem(tasks=(Task("a", 2, crew), Task("b", 3, crew)), resources=(Resource("crew", 1),))
    >>> r = level(p)
    >>> r.starts, r.makespan, r.optimal
    ({'a': 0, 'b': 2}, 5, True)
    >>> r.explain("b").reason
    "delayed 2: 'crew' was full at 0 (needs 1, 0 free; held by 'a')"
    """
    t0 = time.perf_counter()
    if mode not in ("heuristic", "optimize"):
        raise InvalidProblemError(f"mode must be 'heuristic' or 'optimize', got {mode!r}")
    if time_limit is not None and not time_limit >= 0:
        raise InvalidProblemError(f"time_limit must be 0 or more seconds, got {time_limit!r}")
    if mode == "optimize" and time_limit is None:
        time_limit = 10.0
    c = compile_problem(problem)
    single = c.proj_prio.shape[0] == 1
    lb = c.lower_bound()
    search = Search(c)
    if c.n == 0:
        return _result(
            c, c.es.copy(), mode=mode, method="empty", status="", optimal=True, evaluations=0, t0=t0
        )
    large = c.n > LARGE
    if large and time_limit is None:
        key = search.keys(search.rule_values("LFT"))  # type: ignore[arg-type]
        search.offer(search.serial(key), "serial SGS, LFT")
        search.offer(search.justify(search.best_start, rounds=1), "serial SGS, LFT + FBI")
        seeds: list[np.ndarray] = []
    else:
        seeds = search.rules_pass()
    proven = single and search.best_obj <= lb
    status = ""
    if time_limit is not None and not proven:
        rng = np.random.default_rng(seed)
        bound = lb if single else -1
        if mode == "optimize":
            # A short first CP-SAT run proves most small instances at once; its bound then also
            # tells the genetic algorithm when to stop.
            out = _cpsat(search, min(_PROBE, _PROBE * time_limit), workers, seed, single, solver_options)
            status, proven = out.status, out.optimal
            bound = max(bound, out.bound) if single else bound
        if mode == "heuristic":
            ga_share = 1.0
        elif heuristic_share is None:
            ga_share = default_heuristic_share(c.n)
        else:
            ga_share = min(max(heuristic_share, 0.0), 1.0)
        if not proven:
            # In the improving mode the GA keeps CP-SAT's part of the limit while it still finds
            # better schedules (it stops after that long without one).
            search.genetic(
                t0 + ga_share * time_limit,
                rng,
                seeds,
                stop_at=bound,
                extend_to=t0 + time_limit if mode == "optimize" and ga_share > 0 else None,
            )
            proven = single and search.best_obj <= bound
        left = t0 + time_limit - time.perf_counter()
        # CP-SAT gets what is left, at least a moment, unless the GA has used the whole limit.
        if mode == "optimize" and not proven and (left >= _MIN_CPSAT or not ga_share):
            out = _cpsat(search, max(left, _MIN_CPSAT), workers, seed, single, solver_options)
            status = out.status
            proven = out.optimal or (single and search.best_obj <= max(bound, out.bound))
    return _result(
        c,
        search.best_start,
        mode=mode,
        method=search.method,
        status=status,
        optimal=bool(proven),
        evaluations=search.schedules,
        t0=t0,
    )


_PROBE = 0.1
_MIN_CPSAT = 0.05


def default_heuristic_share(tasks: int) -> float:
    """The part of an ``"optimize"`` time limit the genetic algorithm gets before CP-SAT, by size.

    Measured on PSPLIB at one core (``bench/leveling_bench.py``, ``docs/engine/leveling.md``):
    CP-SAT proves small problems fastest when it starts at once (J30: all 480 instances at their
    optimum, 0.26 s on average, against 477 with the genetic algorithm first); from about 60 tasks
    the genetic algorithm finds better schedules first (J60 at 2 s, with the earlier population of
    100: 0.305% above best known with half the time, 0.333% with a quarter, 0.315% with 70%), and
    more so above 100 tasks (J120 at 5 s, population 400: giving the GA the whole limit instead of
    80% shortened 25 schedules and lengthened 10 that CP-SAT's last second had improved). So the
    share is where the GA *may* stop: while it still finds better schedules it keeps CP-SAT's part,
    and it hands over once it has gone that long without one (:meth:`Search.genetic`).

    >>> default_heuristic_share(32), default_heuristic_share(62), default_heuristic_share(122)
    (0.0, 0.5, 0.8)
    """
    if tasks <= 40:
        return 0.0
    if tasks <= 80:
        return 0.5
    return 0.8


def _cpsat(
    search: Search,
    seconds: float,
    workers: int,
    seed: int,
    single: bool,
    options: Mapping[str, object] | None,
) -> cpsat.CpsatOutcome:
    """Run CP-SAT from the best schedule so far and keep what it finds when it is better."""
    out = cpsat.solve(
        search.c,
        search.best_start,
        time_limit=seconds,
        workers=workers,
        seed=seed,
        single_project=single,
        options=options,
    )
    if out.start is not None:
        search.offer(_left_justify(search, out.start), "CP-SAT")
    return out


def _left_justify(search: Search, start: np.ndarray) -> np.ndarray:
    """A serial pass in the order of ``start``: every task as early as it fits (never later, for
    non-negative link distances); the input when that pass is worse."""
    c = search.c
    key = start.astype(np.float64) + c.dur * 1e-6
    lst = kernels.list_from_keys(key, c.in_ptr, c.out_ptr, c.out_dst)
    out = np.zeros(c.n, dtype=np.int64)
    if kernels.decode(lst, search.net, search.cap, out) < 0 or search.objective(out) > search.objective(
        start
    ):
        return start
    return out
