"""Kernels of the leveling heuristics: the genetic algorithm's survival ranking (``_rank``), the
heap-free activity lists (``list_by_time``), serial schedule generation against a plain search
(with the CSR and the dense demands), the cutoff of forward-backward improvement, and whole
generations with the dense demands against the CSR ones."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from pmo.engine.leveling import LevelingProblem, Link, Resource, Task
from pmo.engine.leveling import _kernels as kernels
from pmo.engine.leveling.compile import compile_problem
from pmo.engine.leveling.heuristic import Search

NONE = np.zeros(0, dtype=np.int64)


def test_equal_makespans_rank_the_more_compact_schedule_first() -> None:
    # Given three tasks of 2 periods: two parents ending at 6 (finish times summing to 14 and 10)
    # and two children ending at 5 (summing to 9 and 11)
    dur = np.array([2, 2, 2], dtype=np.int64)
    parents = np.array([[2, 2, 4], [0, 0, 4]], dtype=np.int64)
    children = np.array([[0, 0, 3], [0, 2, 3]], dtype=np.int64)
    fit = np.array([6, 6], dtype=np.int64)
    kfit = np.array([5, 5], dtype=np.int64)

    # When ranked
    order = kernels._rank(np.concatenate((fit, kfit)), parents, children, dur).tolist()

    # Then the shorter schedules come first, the more compact of them first; then the parents,
    # again the more compact first
    assert order == [2, 3, 1, 0]


def test_a_full_tie_keeps_parents_before_children() -> None:
    dur = np.array([1, 1], dtype=np.int64)
    same = np.array([[0, 1]], dtype=np.int64)
    one = np.array([2], dtype=np.int64)

    assert kernels._rank(np.concatenate((one, one)), same, same.copy(), dur).tolist() == [0, 1]


@st.composite
def networks(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A random acyclic network in the kernels' CSR form: ``(in_ptr, in_src, out_ptr, out_dst,
    edges)``, every link from a lower to a higher task number."""
    n = draw(st.integers(1, 14))
    edges = sorted({(i, j) for j in range(1, n) for i in draw(st.lists(st.integers(0, j - 1), max_size=3))})
    src = np.array([e[0] for e in edges], dtype=np.int64)
    dst = np.array([e[1] for e in edges], dtype=np.int64)
    by_dst = np.argsort(dst, kind="stable")
    in_ptr = np.concatenate(([0], np.cumsum(np.bincount(dst, minlength=n)))).astype(np.int64)
    out_ptr = np.concatenate(([0], np.cumsum(np.bincount(src, minlength=n)))).astype(np.int64)
    return in_ptr, src[by_dst], out_ptr, dst, np.array(edges, dtype=np.int64).reshape(-1, 2)


@given(networks(), st.data())
@settings(max_examples=300, deadline=None)
def test_list_by_time_is_the_list_the_heap_builds(net: tuple[np.ndarray, ...], data: st.DataObject) -> None:
    # Given a network and integer times, spread narrowly (counting) or widely (the heap's fallback),
    # or following the links with many ties along them (as start and finish times do), ascending
    # with durations as the second key or descending
    in_ptr, in_src, out_ptr, out_dst, edges = net
    if data.draw(st.booleans()):  # the links reversed: from higher to lower task numbers
        in_ptr, in_src, out_ptr, out_dst, edges = out_ptr, out_dst, in_ptr, in_src, edges[:, ::-1]
    n = in_ptr.shape[0] - 1
    spread = data.draw(st.sampled_from([3, 20, 10**6]))
    time = np.array(data.draw(st.lists(st.integers(0, spread), min_size=n, max_size=n)), dtype=np.int64)
    desc = data.draw(st.booleans())
    if data.draw(st.booleans()):  # along the links: a task no earlier than its predecessors
        gap = np.array(data.draw(st.lists(st.integers(0, 2), min_size=n, max_size=n)), dtype=np.int64)
        for j in kernels.topo_order(in_ptr, out_ptr, out_dst)[0].tolist():
            time[j] = max([0, *(int(time[in_src[e]]) + int(gap[j]) for e in range(in_ptr[j], in_ptr[j + 1]))])
        if desc:  # descending lists want the times the other way round
            time = time.max() - time
    second = (
        np.zeros(n, dtype=np.int64)
        if desc
        else np.array(data.draw(st.lists(st.integers(0, 5), min_size=n, max_size=n)), dtype=np.int64)
    )
    key = -time.astype(np.float64) if desc else time + second * 1e-6

    # When listed both ways
    fast = kernels.list_by_time(time, second, desc, in_ptr, out_ptr, out_dst)
    heap = kernels.list_from_keys(key, in_ptr, out_ptr, out_dst)

    # Then the lists are the same, and every task comes after its predecessors
    assert fast.tolist() == heap.tolist()
    position = np.empty(n, dtype=np.int64)
    position[fast] = np.arange(n)
    assert all(position[i] < position[j] for i, j in edges.tolist())


def _ints(data: st.DataObject, n: int, lo: int, hi: int) -> np.ndarray:
    return np.array(data.draw(st.lists(st.integers(lo, hi), min_size=n, max_size=n)), dtype=np.int64)


@dataclass
class _Tasks:
    """Random tasks for the schedule-generation tests: durations, releases, "do not level" flags
    and demands on two resources of capacity 2 and 3."""

    dur: np.ndarray
    rel: np.ndarray
    fixed: np.ndarray
    demand: np.ndarray
    cap: np.ndarray = field(default_factory=lambda: np.array([2, 3], dtype=np.int64))

    def csr(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The demands as the kernels' ``(dptr, dres, dunits)``."""
        used = self.demand > 0
        dptr = np.concatenate(([0], np.cumsum(used.sum(axis=1)))).astype(np.int64)
        task, res = np.nonzero(used)  # row-major: by task, then resource
        return dptr, res.astype(np.int64), self.demand[task, res].astype(np.int64)

    def needs(self) -> tuple[np.ndarray, np.ndarray]:
        """Both forms of the kernels' ``need``: none (follow the CSR entries) and the dense rows."""
        n = self.dur.shape[0]
        return np.zeros((n, 0), dtype=np.int64), np.where(self.demand > 0, self.demand, kernels.UNUSED)


def _draw_tasks(data: st.DataObject, n: int) -> _Tasks:
    dur, rel = _ints(data, n, 0, 5), _ints(data, n, 0, 4)
    fixed = _ints(data, n, 0, 5) == 0
    return _Tasks(dur, rel, fixed, np.stack([_ints(data, n, 0, 2), _ints(data, n, 0, 3)], axis=1))


def _naive_serial(lst, dur, rel, fixed, in_ptr, in_src, in_dist, demand, cap):  # type: ignore[no-untyped-def]
    """Serial schedule generation written the plain way: try every start from the earliest."""
    free = np.repeat(cap[:, None], 200, axis=1)
    start = np.zeros(dur.shape[0], dtype=np.int64)
    for j in lst.tolist():
        t = max(
            0, int(rel[j]), *(int(start[in_src[e]] + in_dist[e]) for e in range(in_ptr[j], in_ptr[j + 1]))
        )
        used = demand[j] > 0
        while not fixed[j] and not (free[used, t : t + dur[j]] >= demand[j][used][:, None]).all():
            t += 1
        free[:, t : t + dur[j]] -= demand[j][:, None]
        start[j] = t
    return start


@given(networks(), st.data())
@settings(max_examples=300, deadline=None)
def test_serial_sgs_places_every_task_at_its_earliest_fit(
    net: tuple[np.ndarray, ...], data: st.DataObject
) -> None:
    # Given tasks with durations, releases, "do not level" flags and demands on two resources
    in_ptr, in_src, out_ptr, out_dst, _edges = net
    n = in_ptr.shape[0] - 1

    tasks = _draw_tasks(data, n)
    dur, rel, fixed, cap, demand = tasks.dur, tasks.rel, tasks.fixed, tasks.cap, tasks.demand
    in_dist = dur[in_src].copy()
    lst = kernels.list_from_keys(
        np.array(data.draw(st.permutations(range(n))), dtype=np.float64), in_ptr, out_ptr, out_dst
    )

    # When generated by the kernel, following the CSR demands and the dense matrix
    expected = _naive_serial(lst, dur, rel, fixed, in_ptr, in_src, in_dist, demand, cap).tolist()
    for need in tasks.needs():
        start = np.zeros(n, dtype=np.int64)
        avail = np.repeat(cap[None, :], 200, axis=0)  # one row per period
        makespan = kernels.serial_sgs(
            lst, dur, rel, fixed, in_ptr, in_src, in_dist, *tasks.csr(), need, avail, start
        )

        # Then every start is the one the plain search finds
        assert start.tolist() == expected
        assert makespan == int((start + dur).max())


def _naive_parallel(key, dur, rel, fixed, in_ptr, in_src, in_dist, demand, cap):  # type: ignore[no-untyped-def]
    """Parallel schedule generation written the plain way: every period in turn, start the first
    eligible task in (key, task) order that can start, until none can."""
    n = dur.shape[0]
    free = np.repeat(cap[:, None], 200, axis=1)
    start = np.full(n, -1, dtype=np.int64)
    t = 0
    while (start < 0).any():
        while True:
            eligible = [
                j
                for j in range(n)
                if start[j] < 0 and all(start[in_src[e]] >= 0 for e in range(in_ptr[j], in_ptr[j + 1]))
            ]
            chosen = -1
            for j in sorted(eligible, key=lambda j: (key[j], j)):
                est = max(
                    0,
                    int(rel[j]),
                    *(int(start[in_src[e]] + in_dist[e]) for e in range(in_ptr[j], in_ptr[j + 1])),
                )
                used = demand[j] > 0
                if fixed[j] or dur[j] == 0 or not used.any():
                    chosen, at = j, est
                    break
                if est <= t and (free[used, t : t + dur[j]] >= demand[j][used][:, None]).all():
                    chosen, at = j, t
                    break
            if chosen < 0:
                break
            start[chosen] = at
            free[:, at : at + dur[chosen]] -= demand[chosen][:, None]
        t += 1
    return start


@given(networks(), st.data())
@settings(max_examples=300, deadline=None)
def test_parallel_sgs_starts_the_first_eligible_task_that_fits_at_each_time(
    net: tuple[np.ndarray, ...], data: st.DataObject
) -> None:
    # Given tasks with durations, releases, "do not level" flags, demands on two resources and
    # priorities with ties
    in_ptr, in_src, out_ptr, out_dst, _edges = net
    n = in_ptr.shape[0] - 1

    tasks = _draw_tasks(data, n)
    dur, rel, fixed, cap, demand = tasks.dur, tasks.rel, tasks.fixed, tasks.cap, tasks.demand
    key = _ints(data, n, 0, 3).astype(np.float64)
    out_dist = dur[np.repeat(np.arange(n), np.diff(out_ptr))]
    in_dist = dur[in_src].copy()
    expected = _naive_parallel(key, dur, rel, fixed, in_ptr, in_src, in_dist, demand, cap).tolist()

    # When generated by the kernel, following the CSR demands and the dense matrix
    for need in tasks.needs():
        links = (in_ptr, in_src, in_dist, out_ptr, out_dst, out_dist, out_dist)
        one_project = (np.zeros(n, dtype=np.int64), np.ones(1, dtype=np.int64))
        net_ = (dur, rel, fixed, *links, *tasks.csr(), *one_project, need)
        start = np.zeros(n, dtype=np.int64)
        avail = np.repeat(cap[None, :], 200, axis=0)
        makespan = kernels.parallel_sgs(key, net_, avail, np.zeros(0, dtype=np.int64), start)

        # Then every start is the plain search's
        assert start.tolist() == expected
        assert makespan == int((start + dur).max())


@given(st.integers(0, 10_000))
@settings(max_examples=40, deadline=None)
def test_fbi_stops_after_a_round_that_leaves_the_schedule_above_the_cutoff(seed: int) -> None:
    # Given a random project of 30 tasks on two scarce resources and a random activity list
    rng = np.random.default_rng(seed)
    tasks = tuple(
        Task(j, int(rng.integers(1, 8)), (("A", int(rng.integers(1, 4))), ("B", int(rng.integers(0, 4)))))
        for j in range(30)
    )
    links = tuple(Link(int(i), j) for j in range(1, 30) for i in rng.choice(j, size=min(j, 2), replace=False))
    search = Search(compile_problem(LevelingProblem(tasks, (Resource("A", 4), Resource("B", 4)), links)))
    start = search.serial(rng.random(30))
    one, one_obj = kernels.fbi(start, search.net, search.cap, True, 1, kernels.BIG, NONE)
    two, two_obj = kernels.fbi(start, search.net, search.cap, True, 2, kernels.BIG, NONE)

    # When the two-round FBI gets a cutoff just below, and at, the result of one round
    below = kernels.fbi(start, search.net, search.cap, True, 2, one_obj - 1, NONE)
    at = kernels.fbi(start, search.net, search.cap, True, 2, one_obj, NONE)

    # Then below it stops after the first round, and at it goes on as without a cutoff
    assert (below[0].tolist(), below[1]) == (one.tolist(), one_obj)
    assert (at[0].tolist(), at[1]) == (two.tolist(), two_obj)


def test_the_fingerprint_table_finds_what_it_holds_even_when_slots_collide() -> None:
    table = np.zeros(8, dtype=np.int64)
    held = [3, 11, 19, -5]  # 3, 11 and 19 want the same slot

    for value in held:
        kernels._remember(table, value)

    assert all(kernels._known(table, value) for value in held)
    assert not any(kernels._known(table, value) for value in (27, 4, -13))
    same = np.array([4, 0, 7], dtype=np.int64)
    assert kernels._schedule_hash(same) == kernels._schedule_hash(same.copy())
    assert kernels._schedule_hash(same) != kernels._schedule_hash(np.array([4, 0, 8], dtype=np.int64))


def test_the_population_never_holds_the_same_schedule_twice() -> None:
    # Given 40 distinct schedules of a random project of 30 tasks on scarce resources
    rng = np.random.default_rng(3)
    tasks = tuple(Task(j, int(rng.integers(1, 6)), (("A", int(rng.integers(1, 3))),)) for j in range(30))
    links = tuple(Link(int(i), j) for j in range(1, 30) for i in rng.choice(j, size=min(j, 1), replace=False))
    search = Search(compile_problem(LevelingProblem(tasks, (Resource("A", 3),), links)))
    schedules: dict[bytes, np.ndarray] = {}
    while len(schedules) < 40:
        start = search.serial(rng.random(30))
        schedules.setdefault(start.tobytes(), start)
    pstart = np.stack(list(schedules.values()))
    pop = np.stack([search._list_of(s) for s in pstart])
    fit = (pstart + search.c.dur).max(axis=1)
    order = np.argsort(fit, kind="stable")
    pop, pstart, fit = pop[order], pstart[order], fit[order]

    # When the genetic algorithm runs 30 generations on them (children repeat parents often here)
    for _ in range(30):
        kernels.ga_generation(
            pop, pstart, fit, rng.random(40 * 36 + 8), 0.05, search.net, search.cap, True,
            np.empty(30, dtype=np.int64), 2, 1000, search.events, 0.25,
        )  # fmt: skip

    # Then its 40 schedules are still 40 different ones, and the best has not got worse
    assert len({s.tobytes() for s in pstart}) == 40
    assert fit.min() <= (np.stack(list(schedules.values())) + search.c.dur).max(axis=1).min()


def test_dense_demands_give_the_same_generations_as_the_csr_demands() -> None:
    # Given a random project of 30 tasks on three resources, two "do not level" tasks overbooking
    # resource B, and a population of 40 schedules
    rng = np.random.default_rng(5)
    tasks = (
        *(
            Task(
                j,
                int(rng.integers(1, 6)),
                tuple((r, int(rng.integers(1, 3))) for r in "ABC" if rng.random() < 0.6),
                level=j not in (4, 5),
            )
            for j in range(28)
        ),
        Task(28, 3, (("B", 3),), level=False),
        Task(29, 3, (("B", 3),), level=False),
    )
    links = tuple(Link(int(i), j) for j in range(1, 28) for i in rng.choice(j, size=min(j, 2), replace=False))
    resources = tuple(Resource(name, 3) for name in "ABC")
    search = Search(compile_problem(LevelingProblem(tasks, resources, links)))
    assert search.net[15].shape == (30, 3)  # three resources: the kernels take the dense path
    pstart = np.stack([search.serial(rng.random(30)) for _ in range(40)])
    pop = np.stack([search._list_of(s) for s in pstart])
    fit = (pstart + search.c.dur).max(axis=1)
    csr_net = (*search.net[:15], np.zeros((30, 0), dtype=np.int64))
    rnds = [rng.random(40 * 36 + 8) for _ in range(10)]

    # When ten generations run once with the dense demands and once following the CSR entries
    results = []
    for net in (search.net, csr_net):
        p, s, f = pop.copy(), pstart.copy(), fit.copy()
        for rnd in rnds:
            kernels.ga_generation(
                p, s, f, rnd, 0.05, net, search.cap, True, np.empty(30, dtype=np.int64), 2, 1000,
                search.events, 0.25,
            )  # fmt: skip
        results.append((p.tolist(), s.tolist(), f.tolist()))

    # Then both give the same populations, schedules and objectives
    assert results[0] == results[1]
    assert results[0][2] != fit.tolist()  # the generations did change the population
