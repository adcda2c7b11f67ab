"""The genetic algorithm's survival ranking (``_kernels._rank``)."""

from __future__ import annotations

import numpy as np

from pmo.engine.leveling import _kernels as kernels


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
