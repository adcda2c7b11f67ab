"""Errors of the interchange readers and writers: one type, with a message a user can act on."""

from __future__ import annotations

__all__ = ["ExportError", "ImportRefusedError"]


class ImportRefusedError(ValueError):
    """A file cannot be imported. ``str(error)`` names the problem and, when known, where it is.

    Parameters
    ----------
    message : str
        What is wrong, in words a planner understands (``"task UID 12 appears twice"``).
    where : str, optional
        Where in the file: ``"line 40"``, ``"<Task> UID 12"``, ``"row 7, column B"``.
    """

    def __init__(self, message: str, *, where: str = "") -> None:
        self.message = message
        self.where = where
        super().__init__(f"{where}: {message}" if where else message)


class ExportError(ValueError):
    """A plan cannot be written in the requested format (the message names the task and the problem)."""
