"""Demand in buckets, vectorised with numpy (pure: no database, no Django).

An assignment's work is spread over the working days (Monday to Friday) from its start day to its
finish day (both included) by its contour. Microsoft Project divides an assignment's span into ten
equal parts and gives each a share of the peak units (:data:`CONTOURS`); the share of work in a
bucket is the area of the contour over the part of the span the bucket covers. Everything is
computed for all assignments at once, on day numbers: integer arithmetic gives the working days
before each bucket boundary, the contour table the cumulative share there, and ``numpy.bincount``
sums the rows of each resource.

Example: 40 h flat over Monday 2 to Friday 13 March 2026 (ten working days) is 20 h a week.

>>> import datetime as dt
>>> starts = [dt.date(2026, 3, 2), dt.date(2026, 3, 9), dt.date(2026, 3, 16)]
>>> edges = bucket_edges(starts, "week")
>>> demand_matrix(
...     resource_index=np.array([0]),
...     first=np.array(["2026-03-02"], dtype="datetime64[D]"),
...     last=np.array(["2026-03-13"], dtype="datetime64[D]"),
...     minutes=np.array([2400.0]),
...     contour=np.array([0]),
...     edges=edges,
...     rows=1,
... ).tolist()
[[1200.0, 1200.0, 0.0]]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

__all__ = [
    "CONTOURS",
    "bucket_edges",
    "cumulative_share",
    "days_of",
    "demand_matrix",
    "shares",
    "weekdays_before",
]

#: Peak-unit percentages of the ten equal parts of an assignment's span, by MSPDI ``WorkContour``
#: number (:class:`pmo.resources.choices.Contour`). Flat, back loaded and front loaded are Microsoft
#: Project's; the peaks, bell and turtle follow its published shapes. ``Contoured`` (8, edited by hand
#: in Project) is read as flat.
CONTOURS: dict[int, tuple[int, ...]] = {
    0: (100,) * 10,
    1: (10, 15, 25, 50, 50, 75, 75, 100, 100, 100),
    2: (100, 100, 100, 75, 75, 50, 50, 25, 15, 10),
    3: (25, 50, 100, 50, 25, 25, 50, 100, 50, 25),
    4: (25, 50, 100, 100, 75, 50, 50, 25, 15, 10),
    5: (10, 15, 25, 50, 50, 75, 100, 100, 50, 25),
    6: (10, 20, 40, 80, 100, 100, 80, 40, 20, 10),
    7: (25, 50, 75, 100, 100, 100, 100, 75, 50, 25),
    8: (100,) * 10,
}
_POINTS = np.linspace(0.0, 1.0, 11)


def _cumulative_table() -> npt.NDArray[np.float64]:
    """Row ``c``: the share of work done at 0, 0.1, ..., 1.0 of the span for contour ``c``."""
    table = np.zeros((max(CONTOURS) + 1, 11))
    for number, parts in CONTOURS.items():
        weights = np.asarray(parts, dtype=float)
        table[number, 1:] = np.cumsum(weights) / weights.sum()
    return table


_TABLE = _cumulative_table()


def cumulative_share(contour: int, position: float) -> float:
    """The share of an assignment's work done at ``position`` (0..1) of its span.

    >>> [round(cumulative_share(c, 0.3), 4) for c in (0, 2, 1)]  # flat, front, back loaded
    [0.3, 0.5, 0.0833]
    """
    return float(np.interp(position, _POINTS, _TABLE[contour]))


def bucket_edges(starts: Sequence[dt.date], bucket: str) -> npt.NDArray[np.datetime64]:
    """The first day of each bucket and the day after the last one (``len(starts) + 1`` dates)."""
    if not starts:
        return np.array([], dtype="datetime64[D]")
    last = starts[-1]
    if bucket == "week":
        after = last + dt.timedelta(days=7)
    else:
        month = last.month - 1 + (1 if bucket == "month" else 3)
        after = dt.date(last.year + month // 12, month % 12 + 1, 1)
    return np.array([*starts, after], dtype="datetime64[D]")


#: 1969-12-29, the Monday before day 0 of ``datetime64[D]`` (1970-01-01, a Thursday).
_MONDAY = -3


def days_of(values: npt.ArrayLike) -> npt.NDArray[np.int64]:
    """Dates (``datetime64``, or already day numbers) as day numbers since 1970-01-01."""
    return np.asarray(values).astype("datetime64[D]").astype(np.int64)


def weekdays_before(day: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Monday-to-Friday days from 1969-12-29 up to ``day`` (excluded): integer arithmetic, the same
    as ``numpy.busday_count`` from that Monday but many times faster.

    >>> int(weekdays_before(days_of(np.datetime64("1970-01-05"))))  # one whole week
    5
    """
    offset = day - _MONDAY
    result: npt.NDArray[np.int64] = (offset // 7) * 5 + np.minimum(offset % 7, 5)
    return result


def _cumulative(
    start: npt.NDArray[np.int64],
    stop: npt.NDArray[np.int64],
    contour: npt.NDArray[np.integer],
    points: npt.NDArray[np.int64],
) -> npt.NDArray[np.float64]:
    """The share of each assignment's work done before each of its ``points`` (rows × points)."""
    before = weekdays_before(start)
    total = weekdays_before(stop) - before
    clipped = np.clip(points, start[:, None], stop[:, None])
    done = (weekdays_before(clipped) - before[:, None]).astype(float)
    position = done / np.where(total > 0, total, 1)[:, None]
    # No working day in the span (a weekend task): everything at the first day.
    position = np.where(total[:, None] > 0, position, (points > start[:, None]).astype(float))
    table = _TABLE[np.clip(contour, 0, len(_TABLE) - 1)]
    index = np.clip(position * 10.0, 0.0, 10.0)
    low = np.minimum(index.astype(np.int64), 9)
    below = np.take_along_axis(table, low, axis=1)
    above = np.take_along_axis(table, low + 1, axis=1)
    cumulative: npt.NDArray[np.float64] = below + (index - low) * (above - below)
    return cumulative


def shares(
    first: npt.ArrayLike,
    last: npt.ArrayLike,
    contour: npt.NDArray[np.integer],
    edges: npt.ArrayLike,
) -> npt.NDArray[np.float64]:
    """For each assignment (rows) the share of its work falling in each bucket (columns).

    ``first``/``last`` are the start and finish days (finish included), ``edges`` the bucket
    boundaries (dates or day numbers). An assignment without a working day in its span puts its
    whole work on its first day.
    """
    start, stop, bounds = days_of(first), days_of(last) + 1, days_of(edges)
    if len(start) == 0 or len(bounds) < 2:
        return np.zeros((len(start), max(len(bounds) - 1, 0)))
    points = np.broadcast_to(bounds[None, :], (len(start), len(bounds)))
    return np.diff(_cumulative(start, stop, contour, points), axis=1)


def demand_matrix(
    *,
    resource_index: npt.NDArray[np.integer],
    first: npt.ArrayLike,
    last: npt.ArrayLike,
    minutes: npt.NDArray[np.floating],
    contour: npt.NDArray[np.integer],
    edges: npt.ArrayLike,
    rows: int,
) -> npt.NDArray[np.float64]:
    """Minutes of demand per row (``resource_index``) and bucket, summed over the assignments."""
    bounds = days_of(edges)
    buckets = max(len(bounds) - 1, 0)
    matrix = np.zeros((rows, buckets))
    if len(minutes) == 0 or buckets == 0:
        return matrix
    start, stop = days_of(first), days_of(last) + 1
    # Only the buckets an assignment touches: from the one holding its first day, as many as the
    # longest assignment spans (a few for weeks-long tasks, instead of every bucket of the window).
    low = np.clip(np.searchsorted(bounds, start, side="right") - 1, 0, buckets - 1)
    high = np.clip(np.searchsorted(bounds, stop - 1, side="right") - 1, 0, buckets - 1)
    width = int(np.max(high - low)) + 1
    column = low[:, None] + np.arange(width + 1)[None, :]
    points = bounds[np.minimum(column, buckets)]
    spread = np.diff(_cumulative(start, stop, contour, points), axis=1) * np.asarray(minutes)[:, None]
    target = np.asarray(resource_index, dtype=np.int64)[:, None] * buckets + column[:, :-1]
    inside = column[:, :-1] < buckets
    totals = np.bincount(target[inside], weights=spread[inside], minlength=rows * buckets)
    return totals.reshape(rows, buckets)
