"""Drawing durations and impacts from the caller's generator, and inducing rank correlation.

All randomness goes through one ``numpy.random.Generator``, consumed in a fixed order (durations
by distribution and task index in fixed-size chunks, then the correlation scores, then the risk
events), so a seed fixes every number of a run whatever the machine or code path.

Examples
--------
>>> rng = np.random.default_rng(1)
>>> x = sample_three_point(ThreePoint(2, 3, 6), 100_000, rng)
>>> round(float(x.mean()), 2), float(x.min()) >= 2, float(x.max()) <= 6
(3.67, True, True)
"""

from __future__ import annotations

from statistics import NormalDist
from types import ModuleType

import numpy as np
import numpy.typing as npt

from pmo.engine.risk import _fallback
from pmo.engine.risk.compile import Compiled
from pmo.engine.risk.distributions import lognormal_parameters
from pmo.engine.risk.model import Distribution, ThreePoint

__all__ = ["CHUNK_ROWS", "iman_conover", "sample_durations", "sample_three_point", "van_der_waerden"]

F64 = npt.NDArray[np.float64]
I32 = npt.NDArray[np.int32]

CHUNK_ROWS = 64
"""Tasks sampled per generator call; part of the definition of the random stream (do not tune)."""


def sample_durations(compiled: Compiled, iterations: int, rng: np.random.Generator, kern: ModuleType) -> I32:
    """Sampled durations, tasks x iterations, in whole working minutes (int32).

    Triangular and uniform durations come from uniforms through their inverse CDF, BetaPERT from
    ``Generator.beta``, lognormal from ``Generator.standard_normal``; fixed tasks take their value.
    """
    n = compiled.n
    out = np.empty((n, iterations), dtype=np.int32)
    fixed = np.flatnonzero(compiled.kind == 0)
    out[fixed] = np.rint(compiled.mode[fixed]).astype(np.int32)[:, None]
    for kind in (1, 2, 3, 4):
        tasks = np.flatnonzero(compiled.kind == kind)
        for c in range(0, tasks.shape[0], CHUNK_ROWS):
            rows = tasks[c : c + CHUNK_ROWS]
            a, m, b = compiled.lo[rows], compiled.mode[rows], compiled.hi[rows]
            shape = (rows.shape[0], iterations)
            if kind == 1:
                kern.triangular_rows(rng.random(shape), rows, a, m, b, out)
            elif kind == 2:
                beta = rng.beta(compiled.shape1[rows][:, None], compiled.shape2[rows][:, None], size=shape)
                kern.affine_rows(beta, rows, a, b - a, out)
            elif kind == 3:
                kern.affine_rows(rng.random(shape), rows, a, b - a, out)
            else:
                # numpy's exp on both code paths: a compiled exp may differ in the last bit.
                z = rng.standard_normal(shape)
                _fallback.lognormal_rows(z, rows, a, compiled.shape1[rows], compiled.shape2[rows], out)
    return out


def sample_three_point(tp: ThreePoint, size: int, rng: np.random.Generator) -> F64:
    """Draws of a (validated) three-point quantity, as float64."""
    a, m, b = float(tp.minimum), float(tp.most_likely), float(tp.maximum)
    dist = Distribution(tp.distribution)
    if dist is Distribution.FIXED or a == b:
        return np.full(size, m)
    if dist is Distribution.TRIANGULAR:
        return rng.triangular(a, m, b, size)
    if dist is Distribution.PERT:
        r = (m - a) / (b - a)
        return a + (b - a) * rng.beta(1 + 4 * r, 1 + 4 * (1 - r), size)
    if dist is Distribution.UNIFORM:
        return rng.uniform(a, b, size)
    mu, sigma = lognormal_parameters(a, m, b)
    return a + np.exp(mu + sigma * rng.standard_normal(size))


_INV = NormalDist().inv_cdf


def van_der_waerden(n: int) -> F64:
    """Normal scores ``Phi^-1(i / (n + 1))`` for ``i = 1..n`` (the scores of Iman and Conover)."""
    return np.array([_INV(i / (n + 1)) for i in range(1, n + 1)])


def iman_conover(
    samples: I32, groups: list[tuple[npt.NDArray[np.int64], F64]], rng: np.random.Generator
) -> None:
    """Reorder the samples of each correlated group in place to the target rank correlations.

    Iman and Conover (1982): each task gets a random permutation of the van der Waerden scores;
    the score matrix is turned into one whose correlation is exactly the target (through the
    Cholesky factor of its own correlation and a square root of the target), and each task's
    sorted samples are laid out in the rank order of its column. The marginal distributions are
    untouched (the same values, in another order); the rank correlations come out close to the
    target (exactly the target for the scores).
    """
    if not groups:
        return
    n_iter = samples.shape[1]
    if n_iter < 3:
        return
    scores = van_der_waerden(n_iter)
    for tasks, target in groups:
        k = tasks.shape[0]
        s = np.empty((n_iter, k))
        for j in range(k):
            s[:, j] = scores[rng.permutation(n_iter)]
        have = np.corrcoef(s, rowvar=False)
        try:
            f = np.linalg.cholesky(have)
        except np.linalg.LinAlgError:  # pragma: no cover - random scores are never collinear
            continue
        w, v = np.linalg.eigh(target)
        p = v * np.sqrt(np.clip(w, 0, None))
        t = s @ np.linalg.inv(f).T @ p.T
        for j, task in enumerate(tasks.tolist()):
            ranks = np.argsort(np.argsort(t[:, j], kind="stable"), kind="stable")
            samples[task] = np.sort(samples[task], kind="stable")[ranks]
