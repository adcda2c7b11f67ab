"""Closed forms of the three-point distributions: mean, variance, CDF (for checks and reports).

Conventions are those of :class:`~pmo.engine.risk.model.Distribution`.

Examples
--------
>>> mean(Distribution.TRIANGULAR, 2, 3, 6), round(variance(Distribution.TRIANGULAR, 2, 3, 6), 4)
(3.6666666666666665, 0.7222)
>>> mean(Distribution.PERT, 2, 3, 6), cdf(Distribution.TRIANGULAR, 2, 3, 6, 3)
(3.3333333333333335, 0.25)
"""

from __future__ import annotations

import math
from statistics import NormalDist

from pmo.engine.risk.model import LOGNORMAL_MAX_QUANTILE, Distribution

__all__ = ["cdf", "lognormal_parameters", "mean", "variance"]

_Z = NormalDist().inv_cdf(LOGNORMAL_MAX_QUANTILE)


def lognormal_parameters(minimum: float, most_likely: float, maximum: float) -> tuple[float, float]:
    """``(mu, sigma)`` of ``log(X - minimum)`` with the mode at ``most_likely`` and P95 at ``maximum``."""
    ratio = math.log((maximum - minimum) / (most_likely - minimum))
    sigma = (-_Z + math.sqrt(_Z * _Z + 4 * ratio)) / 2
    return math.log(most_likely - minimum) + sigma * sigma, sigma


def mean(dist: Distribution, a: float, m: float, b: float) -> float:
    """Mean of the distribution (``m`` when fixed or when ``a == b``)."""
    if dist is Distribution.FIXED or a == b:
        return m
    if dist is Distribution.TRIANGULAR:
        return (a + m + b) / 3
    if dist is Distribution.PERT:
        return (a + 4 * m + b) / 6
    if dist is Distribution.UNIFORM:
        return (a + b) / 2
    mu, sigma = lognormal_parameters(a, m, b)
    return a + math.exp(mu + sigma * sigma / 2)


def variance(dist: Distribution, a: float, m: float, b: float) -> float:
    """Variance of the distribution (0 when fixed)."""
    if dist is Distribution.FIXED or a == b:
        return 0.0
    if dist is Distribution.TRIANGULAR:
        return (a * a + m * m + b * b - a * m - a * b - m * b) / 18
    if dist is Distribution.PERT:
        mu = (a + 4 * m + b) / 6
        return (mu - a) * (b - mu) / 7
    if dist is Distribution.UNIFORM:
        return (b - a) ** 2 / 12
    mu, sigma = lognormal_parameters(a, m, b)
    return (math.exp(sigma * sigma) - 1) * math.exp(2 * mu + sigma * sigma)


def cdf(dist: Distribution, a: float, m: float, b: float, x: float) -> float:
    """P(X <= x). BetaPERT has no closed form and raises ``NotImplementedError``."""
    if dist is Distribution.FIXED or a == b:
        return 1.0 if x >= m else 0.0
    if x <= a:
        return 0.0
    if dist is Distribution.TRIANGULAR:
        if x >= b:
            return 1.0
        if x <= m:
            return (x - a) ** 2 / ((b - a) * (m - a))
        return 1 - (b - x) ** 2 / ((b - a) * (b - m))
    if dist is Distribution.UNIFORM:
        return min((x - a) / (b - a), 1.0)
    if dist is Distribution.LOGNORMAL:
        mu, sigma = lognormal_parameters(a, m, b)
        return NormalDist(mu, sigma).cdf(math.log(x - a))
    raise NotImplementedError("the BetaPERT CDF has no closed form")
