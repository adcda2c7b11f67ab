"""Array core: hand-worked networks, errors, numba/numpy agreement and property tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmo.engine.schedule import fast
from pmo.engine.schedule.calendars import TWENTY_FOUR_HOURS, Calendar, to_minutes
from pmo.engine.schedule.errors import CycleError, NetworkError
from pmo.engine.schedule.fast import ArrayNetwork, ArrayResult

FIELDS = ("early_start", "early_finish", "late_start", "late_finish", "total_slack", "free_slack", "critical")


@contextmanager
def fallback() -> Iterator[None]:
    old = fast._force_fallback
    fast._force_fallback = True
    try:
        yield
    finally:
        fast._force_fallback = old


def build(dur: list[int], links: list[tuple[int, int, int, int]]) -> ArrayNetwork:
    arr = np.array(links, dtype=np.int64).reshape(-1, 4)
    return ArrayNetwork.build(np.array(dur), arr[:, 0], arr[:, 1], arr[:, 2].astype(np.int8), arr[:, 3])


def test_all_four_link_types_with_lags_and_a_lead() -> None:
    # A 2d; B SS+1d 2d; C FF+1d 1d; D SF+3d 1d; E FS-1d after B 1d; F 1d unlinked.
    net = build(
        [960, 960, 480, 480, 480, 480],
        [(0, 1, 1, 480), (0, 2, 2, 480), (0, 3, 3, 1440), (1, 4, 0, -480)],
    )
    r = net.schedule()
    assert r.early_start.tolist() == [0, 480, 960, 960, 960, 0]
    assert r.early_finish.tolist() == [960, 1440, 1440, 1440, 1440, 480]
    assert r.project_finish == 1440
    assert r.total_slack.tolist() == [0, 0, 0, 0, 0, 960]
    assert r.free_slack.tolist() == [0, 0, 0, 0, 0, 960]
    assert r.critical.tolist() == [True] * 5 + [False]


def test_warm_recalculation_uses_new_durations_and_lags() -> None:
    net = build([480, 480, 480], [(0, 1, 0, 0), (1, 2, 0, 0)])
    assert net.schedule().project_finish == 1440
    assert net.schedule(duration=np.array([480, 960, 480])).project_finish == 1920
    assert net.schedule(lag=np.array([480, 0])).project_finish == 2400
    assert net.nbytes() > 0


def test_cycle_is_named() -> None:
    with pytest.raises(CycleError) as err:
        build([1, 1, 1, 1], [(0, 1, 0, 0), (1, 2, 0, 0), (2, 1, 0, 0), (2, 3, 0, 0)])
    assert set(err.value.tasks) == {1, 2}
    with pytest.raises(CycleError), fallback():
        build([1, 1], [(0, 1, 0, 0), (1, 0, 0, 0)])
    with pytest.raises(CycleError):
        build([1], [(0, 0, 0, 0)])


@pytest.mark.parametrize(
    ("dur", "links"),
    [([-1], []), ([1], [(0, 5, 0, 0)]), ([1, 1], [(0, 1, 7, 0)])],
)
def test_invalid_networks(dur: list[int], links: list[tuple[int, int, int, int]]) -> None:
    with pytest.raises(NetworkError):
        build(dur, links)


def test_bad_shapes() -> None:
    with pytest.raises(NetworkError):
        ArrayNetwork.build(
            np.array([1.5]), np.array([]), np.array([]), np.array([], dtype=np.int8), np.array([])
        )
    net = build([1, 1], [(0, 1, 0, 0)])
    with pytest.raises(NetworkError):
        net.schedule(duration=np.array([1, 2, 3]))


def test_calendar_mode_matches_single_timeline() -> None:
    cal = Calendar().compile(date(2024, 1, 1), date(2026, 12, 31))
    start = to_minutes(datetime(2024, 1, 1, 8))
    dur = np.array([960, 960, 480, 480, 480, 480])
    links = np.array([(0, 1, 1, 480), (0, 2, 2, 480), (0, 3, 3, 1440), (1, 4, 0, -480)])
    args = (dur, links[:, 0], links[:, 1], links[:, 2].astype(np.int8), links[:, 3])
    plain = ArrayNetwork.build(*args).schedule()
    for force in (False, True):
        fast._force_fallback = force
        try:
            net = ArrayNetwork.build(
                *args, calendar_index=np.zeros(6, dtype=np.int64), calendars=[cal], project_start=start
            )
            r = net.schedule()
        finally:
            fast._force_fallback = False
        w0 = cal.to_work(start)
        assert (cal.to_work_array(r.early_start) - w0).tolist() == plain.early_start.tolist()
        assert (cal.to_work_array(r.late_finish) - w0).tolist() == plain.late_finish.tolist()
        assert r.total_slack.tolist() == plain.total_slack.tolist()


def test_calendar_mode_with_two_calendars_honours_links() -> None:
    std = Calendar().compile(date(2024, 1, 1), date(2026, 12, 31))
    h24 = Calendar("24h", week=(TWENTY_FOUR_HOURS,) * 7).compile(date(2024, 1, 1), date(2026, 12, 31))
    start = to_minutes(datetime(2024, 1, 5, 8))  # a Friday
    net = ArrayNetwork.build(
        np.array([480, 1440, 480]),
        np.array([0, 1]),
        np.array([1, 2]),
        np.zeros(2, dtype=np.int8),
        np.zeros(2, dtype=np.int64),
        calendar_index=np.array([0, 1, 0]),
        calendars=[std, h24],
        project_start=start,
    )
    r = net.schedule()
    assert r.early_start[1] == to_minutes(datetime(2024, 1, 5, 17))  # the 24-hour task runs over the weekend
    assert r.early_start[2] == to_minutes(datetime(2024, 1, 8, 8))
    # the 24-hour task may finish as late as Monday 08:00: 39 hours of its own calendar
    assert r.total_slack.tolist() == [0, 39 * 60, 0]


@st.composite
def networks(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    n = draw(st.integers(min_value=1, max_value=40))
    dur = np.array(draw(st.lists(st.integers(0, 5000), min_size=n, max_size=n)), dtype=np.int64)
    pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=3 * n))
    links = [(min(a, b), max(a, b)) for a, b in pairs if a != b]  # i -> j with i < j: acyclic
    m = len(links)
    perm = np.array(draw(st.permutations(range(n))), dtype=np.int64)  # shuffle task ids
    pred = perm[np.array([a for a, _ in links], dtype=np.int64)] if m else np.zeros(0, dtype=np.int64)
    succ = perm[np.array([b for _, b in links], dtype=np.int64)] if m else np.zeros(0, dtype=np.int64)
    types = np.array(draw(st.lists(st.integers(0, 3), min_size=m, max_size=m)), dtype=np.int8)
    lags = np.array(draw(st.lists(st.integers(-2000, 3000), min_size=m, max_size=m)), dtype=np.int64)
    return dur, pred, succ, types, lags


def _check_links(
    r: ArrayResult, dur: np.ndarray, pred: np.ndarray, succ: np.ndarray, typ: np.ndarray, lag: np.ndarray
) -> None:
    for es, ef in ((r.early_start, r.early_finish), (r.late_start, r.late_finish)):
        assert ((ef - es) == dur).all()
        src = np.where((typ == 0) | (typ == 2), ef[pred], es[pred]) + lag
        dst = np.where(typ >= 2, ef[succ], es[succ])
        assert (dst >= src).all()


@settings(max_examples=80, derandomize=True, deadline=None)
@given(networks())
def test_properties(net_arrays: tuple[np.ndarray, ...]) -> None:
    dur, pred, succ, typ, lag = net_arrays
    copies = [a.copy() for a in net_arrays]
    r = ArrayNetwork.build(dur, pred, succ, typ, lag).schedule()
    for a, b in zip(net_arrays, copies, strict=True):
        assert (a == b).all()  # inputs not mutated
    _check_links(r, dur, pred, succ, typ, lag)  # every link honoured, early and late
    assert (r.total_slack >= 0).all()  # no constraint, no deadline: no negative slack
    assert (r.free_slack >= 0).all() and (r.free_slack <= r.total_slack).all()
    assert (r.early_start >= 0).all() and (r.late_finish <= r.project_finish).all()
    assert r.critical.any()
    with fallback():
        r2 = ArrayNetwork.build(dur, pred, succ, typ, lag).schedule()
    for f in FIELDS:
        assert (getattr(r, f) == getattr(r2, f)).all(), f
    # renumbering the tasks permutes the results and changes nothing else
    n = dur.shape[0]
    perm = np.arange(n)[::-1].copy()
    inv = np.argsort(perm)
    r3 = ArrayNetwork.build(dur[inv], perm[pred], perm[succ], typ, lag).schedule()
    for f in FIELDS:
        assert (getattr(r3, f)[perm] == getattr(r, f)).all(), f


def test_works_without_numba() -> None:
    """Given numba cannot be imported, the numpy fallback is used and gives the same schedule."""
    import subprocess
    import sys

    code = (
        "import sys; sys.modules['numba'] = None\n"
        "import numpy as np\n"
        "from pmo.engine.schedule.fast import ArrayNetwork, has_accelerator\n"
        "assert not has_accelerator()\n"
        "net = ArrayNetwork.build(np.array([480, 960, 480]), np.array([0, 0]), np.array([1, 2]),\n"
        "                         np.zeros(2, dtype=np.int8), np.zeros(2, dtype=np.int64))\n"
        "r = net.schedule()\n"
        "assert r.total_slack.tolist() == [0, 0, 480], r\n"
        "import pmo.engine.schedule\n"
        "assert 'django' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


_CALENDARS = [
    Calendar().compile(date(2024, 1, 1), date(2026, 12, 31)),
    Calendar("six-day", week=(((480, 720), (780, 1020)),) * 6 + ((),)).compile(
        date(2024, 1, 1), date(2026, 12, 31)
    ),
    Calendar("24h", week=(TWENTY_FOUR_HOURS,) * 7).compile(date(2024, 1, 1), date(2026, 12, 31)),
]


@settings(max_examples=60, derandomize=True, deadline=None)
@given(networks(), st.data())
def test_compiled_task_calendars_equal_the_bisecting_fallback(
    net_arrays: tuple[np.ndarray, ...], data: st.DataObject
) -> None:
    """Given tasks on three calendars and links of every type across them, the compiled kernel's
    table lookups give exactly the schedule of the plain-Python bisection path."""
    dur, pred, succ, typ, lag = net_arrays
    n = dur.shape[0]
    index = np.array(data.draw(st.lists(st.integers(0, 2), min_size=n, max_size=n)), dtype=np.int64)
    start = to_minutes(datetime(2024, 1, 5, 10, 30))  # a Friday, mid-morning
    kwargs = {"calendar_index": index, "calendars": _CALENDARS, "project_start": start}
    compiled = ArrayNetwork.build(dur, pred, succ, typ, lag, **kwargs).schedule()
    with fallback():
        bisected = ArrayNetwork.build(dur, pred, succ, typ, lag, **kwargs).schedule()
    for f in FIELDS:
        assert (getattr(compiled, f) == getattr(bisected, f)).all(), f


def test_accelerator_can_be_switched_off_by_environment() -> None:
    """Given PMO_ENGINE_ACCELERATOR=off, the fallback runs even with numba installed."""
    import os
    import subprocess
    import sys

    code = (
        "from pmo.engine.schedule.fast import has_accelerator\n"
        "import sys\n"
        "sys.exit(0 if not has_accelerator() else 1)\n"
    )
    env = dict(os.environ, PMO_ENGINE_ACCELERATOR="off")
    assert subprocess.run([sys.executable, "-c", code], env=env, check=False).returncode == 0
