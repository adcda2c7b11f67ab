"""Typed errors raised by the earned-value engine.

Every message names the task (name and uid) and the field to fix. Undefined *results*, such as a
CPI when nothing has been spent, are never errors: they come back as ``None`` (or ``nan`` in
arrays), see :mod:`pmo.engine.evm.indices`.
"""

from __future__ import annotations

__all__ = ["EVMError", "EVMInputError"]


class EVMError(Exception):
    """Base class of every error raised by :mod:`pmo.engine.evm`."""


class EVMInputError(EVMError, ValueError):
    """An input value is invalid.

    Parameters
    ----------
    message : str
        What is wrong, naming the task and the field.
    field : str
        The name of the offending field (``"budget"``, ``"progress"``, ``"period_ends"``...).
    uid : int or None
        The task uid, when the error concerns one task.
    """

    def __init__(self, message: str, *, field: str, uid: int | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.uid = uid
