"""The fast heuristic: priority rules in serial and parallel schedule generation, forward-backward
improvement, and, as time allows, a genetic algorithm over activity lists.

* **Priority rules** (lower value first): LFT (latest finish), LST (latest start), MTS (most total
  successors; skipped above 3,000 tasks, where the transitive closure costs more than it helps),
  GRPW (greatest rank positional weight: own duration plus the immediate successors'). Ties and
  the order across projects follow the priorities: "do not level" tasks first, then higher project
  priority, then higher task priority, then the rule.
* **Schedule generation**: serial (each task in list order at its earliest feasible start) and
  parallel (time steps forward; at each decision time, start the eligible tasks that fit).
* **FBI** (forward-backward improvement, also called double justification; Tormos & Lova 2001,
  Valls et al. 2005): right-justify in decreasing order of finish, then left-justify in increasing
  order of those starts; repeated while the objective improves.
* **GA** (Hartmann 1998 with FBI on every child, as Valls et al. 2008): a population of 400
  activity lists (fewer above 1,000 tasks), binary tournament, two-point or peak crossover, swap
  mutation of unlinked neighbours, a quarter of the children decoded by the parallel scheme and the
  rest by the serial one (mixing the two schemes, as Hartmann's 2002 self-adapting GA does, keeps
  the search from settling), elitist survival with no schedule twice (among schedules of equal
  objective the more compact one, by the sum of finish times, survives first), restart around the
  best after a stall. The sizes were chosen on PSPLIB (``docs/engine/leveling.md``).

The objective is the weighted sum of project finishes, the weight of a project being ``1 +`` its
priority; for one project that is the makespan.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from pmo.engine.leveling import _kernels as kernels
from pmo.engine.leveling.compile import Compiled

__all__ = ["PARALLEL_SHARE", "POPULATION", "RULES", "Search", "population_size"]

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
RULES = ("LFT", "LST", "MTS", "GRPW")
_MTS_MAX_TASKS = 3000
#: Individuals of the genetic algorithm, at most (J120 at 5 s, one core, 35 hard instances: 100 → 400
#: lowered the average deviation from the critical-path bound by about 0.6 points; 800 was worse).
POPULATION = 400
#: Children decoded by the parallel scheme instead of the serial one (the rest): a quarter gave the
#: best J120 and J60 results; all of them was clearly worse.
PARALLEL_SHARE = 0.25
_MUTATION = 0.05
_STALL_GENERATIONS = 15
_FBI_ROUNDS = 2
_SAME_FIT = 1000
_NONE = np.zeros(0, dtype=np.int64)


def _weights(c: Compiled) -> I64:
    if c.proj_prio.shape[0] == 1:
        return np.ones(1, dtype=np.int64)
    return (1 + c.proj_prio).astype(np.int64)


def _dense_needs(c: Compiled) -> I64:
    """Units per task and resource as an ``(n, R)`` matrix (:data:`~._kernels.UNUSED` where a task
    does not use a resource), or ``(n, 0)`` above :data:`~._kernels.DENSE_RESOURCES` resources (the
    kernels then follow the CSR demands)."""
    resources = c.n_resources if c.n_resources <= kernels.DENSE_RESOURCES else 0
    need = np.zeros((c.n, resources), dtype=np.int64)
    if resources:
        task = np.repeat(np.arange(c.n, dtype=np.int64), np.diff(c.dptr))
        np.add.at(need, (task, c.dres), c.dunits)
    need[need <= 0] = kernels.UNUSED
    return need


def _by_period(profile: I64) -> I64:
    """The kernels' layout of a resource profile: one row per period (``(H, R)``)."""
    return np.ascontiguousarray(profile.T)


@dataclass
class Search:
    """Mutable state of one heuristic run on a compiled problem: the best schedule so far."""

    c: Compiled
    net: tuple[np.ndarray, ...] = field(init=False)
    horizon: int = field(init=False)
    cap: I64 = field(init=False)
    events: I64 = field(init=False)
    best_start: I64 = field(init=False)
    best_obj: int = field(init=False)
    schedules: int = 0
    method: str = ""
    improved_at: float = 0.0
    """When the best schedule last improved (a :func:`time.perf_counter` value)."""

    def __post_init__(self) -> None:
        c = self.c
        src = np.repeat(np.arange(c.n, dtype=np.int64), np.diff(c.out_ptr))
        mir = c.out_dist + c.dur[c.out_dst] - c.dur[src]
        self.net = (
            c.dur,
            c.rel,
            c.fixed,
            c.in_ptr,
            c.in_src,
            c.in_dist,
            c.out_ptr,
            c.out_dst,
            c.out_dist,
            mir,
            c.dptr,
            c.dres,
            c.dunits,
            c.proj,
            _weights(c),
            _dense_needs(c),
        )
        self.horizon = 2 * c.lower_bound() + c.last_change() + 64
        self.cap = _by_period(c.profile(self.horizon))
        self.events = np.unique(c.ctime[c.ctime > 0])
        self.best_start = c.es.copy()
        self.best_obj = -1

    # -- helpers ---------------------------------------------------------------------------
    def objective(self, start: I64) -> int:
        """Weighted project finish of a schedule."""
        return int(kernels.objective(start, self.c.dur, self.c.proj, self.net[14]))

    def _grow(self) -> None:
        self.horizon *= 2
        self.cap = _by_period(self.c.profile(self.horizon))

    def offer(self, start: I64, method: str) -> bool:
        """Keep ``start`` if it beats the best schedule so far."""
        obj = self.objective(start)
        if self.best_obj < 0 or obj < self.best_obj:
            self.best_obj = obj
            self.best_start = start.copy()
            self.method = method
            self.improved_at = time.perf_counter()
            return True
        return False

    def keys(self, values: F64) -> F64:
        """Priority keys: do-not-level first, then project priority, task priority, rule value."""
        c = self.c
        order = np.lexsort((np.arange(c.n), values, -c.task_prio, -c.proj_prio[c.proj], ~c.fixed))
        key = np.empty(c.n, dtype=np.float64)
        key[order] = np.arange(c.n, dtype=np.float64)
        return key

    def late_finish(self) -> F64:
        """Latest finish of every task against the unlevelled project length (the LFT rule)."""
        c = self.c
        return (c.cpm_makespan - c.tail + c.dur).astype(np.float64)

    def rule_values(self, rule: str) -> F64 | None:
        """Values of a priority rule (smaller is scheduled first), or None when skipped."""
        c = self.c
        late_start = (c.cpm_makespan - c.tail).astype(np.float64)
        if rule == "LST":
            return late_start
        if rule == "LFT":
            return self.late_finish()
        if rule == "GRPW":
            succ_dur = np.zeros(c.n, dtype=np.int64)
            src = np.repeat(np.arange(c.n), np.diff(c.out_ptr))
            np.add.at(succ_dur, src, c.dur[c.out_dst])
            return -(c.dur + succ_dur).astype(np.float64)
        if rule == "MTS":
            if c.n > _MTS_MAX_TASKS:
                return None
            closure = [0] * c.n
            for j in c.order[::-1].tolist():
                bits = 0
                for e in range(int(c.out_ptr[j]), int(c.out_ptr[j + 1])):
                    k = int(c.out_dst[e])
                    bits |= closure[k] | (1 << k)
                closure[j] = bits
            return -np.array([b.bit_count() for b in closure], dtype=np.float64)
        raise ValueError(f"unknown priority rule {rule!r}")

    # -- schedule generation ------------------------------------------------------------------
    def serial(self, key: F64) -> I64:
        """Serial SGS with the activity list that ``key`` induces."""
        c = self.c
        lst = kernels.list_from_keys(key, c.in_ptr, c.out_ptr, c.out_dst)
        while True:
            start = np.zeros(c.n, dtype=np.int64)
            if kernels.decode(lst, self.net, self.cap, start) >= 0:
                self.schedules += 1
                return start
            self._grow()

    def parallel(self, key: F64) -> I64:
        """Parallel SGS with priority ``key``."""
        while True:
            start = np.zeros(self.c.n, dtype=np.int64)
            if kernels.parallel_sgs(key, self.net, self.cap.copy(), self.events, start) >= 0:
                self.schedules += 1
                return start
            self._grow()

    def justify(self, start: I64, rounds: int = 4) -> I64:
        """Forward-backward improvement of ``start`` (never worse)."""
        best, _ = kernels.fbi(start, self.net, self.cap, self.c.constant_capacity, rounds, kernels.BIG, _NONE)
        self.schedules += 2 * rounds
        return np.asarray(best, dtype=np.int64)

    # -- the passes ----------------------------------------------------------------------------
    def rules_pass(
        self, *, schemes: tuple[str, ...] = ("serial", "parallel"), improve: bool = True
    ) -> list[I64]:
        """Every rule with every scheme, each improved by FBI; returns the schedules built."""
        built: list[I64] = []
        for rule in RULES:
            values = self.rule_values(rule)
            if values is None:
                continue
            key = self.keys(values)
            for scheme in schemes:
                start = self.serial(key) if scheme == "serial" else self.parallel(key)
                name = f"{scheme} SGS, {rule}"
                self.offer(start, name)
                if improve:
                    start = self.justify(start)
                    self.offer(start, name + " + FBI")
                built.append(start)
        return built

    def _list_of(self, start: I64) -> I64:
        c = self.c
        key = start.astype(np.float64) + c.dur * 1e-6
        return np.asarray(kernels.list_from_keys(key, c.in_ptr, c.out_ptr, c.out_dst), dtype=np.int64)

    def _random_lists(self, count: int, rng: np.random.Generator) -> list[I64]:
        lft = self.late_finish()
        spread = max(1.0, float(lft.max() - lft.min()))
        lists = []
        for _ in range(count):
            key = self.keys(lft + rng.random(self.c.n) * spread * 0.3)
            lists.append(
                np.asarray(kernels.list_from_keys(key, self.c.in_ptr, self.c.out_ptr, self.c.out_dst))
            )
        return lists

    def _evaluate(self, lists: list[I64], deadline: float) -> tuple[I64, I64, I64]:
        """Decode and improve ``lists`` (as many as the time allows, at least one), best first."""
        pop = np.stack(lists).astype(np.int64)
        fit = np.empty(pop.shape[0], dtype=np.int64)
        starts = np.empty_like(pop)
        done = 0
        for i in range(pop.shape[0]):
            if done and time.perf_counter() >= deadline:
                break
            while True:
                obj = kernels.improve_list(
                    pop[i],
                    self.net,
                    self.cap,
                    self.c.constant_capacity,
                    starts[i],
                    _FBI_ROUNDS,
                    kernels.BIG,
                    _NONE,
                )
                if obj >= 0:
                    break
                self._grow()
            self.schedules += 1
            fit[i] = obj
            done += 1
            self.offer(starts[i], "genetic algorithm + FBI")
        order = np.argsort(fit[:done], kind="stable")
        return pop[order], starts[order], fit[order]

    def genetic(
        self,
        deadline: float,
        rng: np.random.Generator,
        seeds: list[I64],
        *,
        stop_at: int = -1,
        extend_to: float | None = None,
    ) -> float:
        """Run the GA until ``deadline`` (a :func:`time.perf_counter` value) or until the objective
        reaches ``stop_at`` (a lower bound); returns when it stopped.

        With ``extend_to`` (a later time), the GA goes on past ``deadline`` while it is still
        improving: it stops once it has gone ``extend_to - deadline`` seconds without a better
        schedule, and at ``extend_to`` at the latest."""
        n = self.c.n
        if n < 2 or time.perf_counter() >= deadline:
            return time.perf_counter()
        patience = 0.0 if extend_to is None else max(extend_to - deadline, 0.0)
        hard = deadline if extend_to is None else max(extend_to, deadline)

        def until() -> float:
            return min(hard, max(deadline, self.improved_at + patience))

        size = population_size(n)
        lists = [self._list_of(s) for s in [self.best_start, *seeds]][:size]
        lists += self._random_lists(size - len(lists), rng)
        pop, starts, fit = self._evaluate(lists, until())
        if pop.shape[0] < 2:
            return time.perf_counter()
        size = pop.shape[0]
        ga_best = np.empty(n, dtype=np.int64)
        stall = 0
        while time.perf_counter() < until() and self.best_obj > stop_at:
            before = int(fit.min())
            rnd = rng.random(size * (n + 6) + 8)
            self.schedules += int(
                kernels.ga_generation(
                    pop,
                    starts,
                    fit,
                    rnd,
                    _MUTATION,
                    self.net,
                    self.cap,
                    self.c.constant_capacity,
                    ga_best,
                    _FBI_ROUNDS,
                    _SAME_FIT,
                    self.events,
                    PARALLEL_SHARE,
                )
            )
            if int(fit.min()) < before:
                if int(fit.min()) < self.best_obj:
                    self.offer(ga_best, "genetic algorithm + FBI")
                stall = 0
            else:
                stall += 1
            if stall >= _STALL_GENERATIONS:
                keep = max(1, size // 10)
                newpop, newstarts, newfit = self._evaluate(self._random_lists(size - keep, rng), until())
                pop = np.concatenate((pop[:keep], newpop))
                starts = np.concatenate((starts[:keep], newstarts))
                fit = np.concatenate((fit[:keep], newfit))
                order = np.argsort(fit, kind="stable")
                pop, starts, fit = pop[order], starts[order], fit[order]
                size = pop.shape[0]
                stall = 0
        return time.perf_counter()


def population_size(tasks: int) -> int:
    """Individuals of the genetic algorithm: :data:`POPULATION`, fewer above 1,000 tasks so that a
    generation stays short (at least 20).

    >>> population_size(120), population_size(10_000), population_size(100_000)
    (400, 40, 20)
    """
    return max(20, min(POPULATION, POPULATION * 1000 // max(tasks, 1)))
