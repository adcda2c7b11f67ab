"""Typed errors of the risk engine: every message names the field (and task or risk) to fix."""

from __future__ import annotations

__all__ = ["RiskError", "RiskInputError"]


class RiskError(Exception):
    """Base class of every error raised by :mod:`pmo.engine.risk`."""


class RiskInputError(RiskError, ValueError):
    """An input of a simulation is invalid; nothing was simulated.

    Parameters
    ----------
    field : str
        Path of the offending input, such as ``"estimates[3].minimum"`` or ``"settings.iterations"``.
    message : str
        What is wrong, in words a user can act on (it names the task or risk where there is one).

    Examples
    --------
    >>> err = RiskInputError("settings.iterations", "must be at least 1, got 0")
    >>> err.field, str(err)
    ('settings.iterations', 'settings.iterations: must be at least 1, got 0')
    """

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")
