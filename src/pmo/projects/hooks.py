"""Hooks that higher layers fill in: what runs after a project was recalculated.

``pmo.projects`` sits below the apps that react to a new schedule (governance checks tolerances
after every recalculation), so it cannot call them; they register a function instead, in their
``AppConfig.ready()``::

    register_after_recalculate(check_project)

Each function is called with the project's id once the transaction of the recalculation commits
(never for a write that rolled back). A failing hook is logged and does not undo the write.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.db import transaction

AfterRecalculate = Callable[[int], object]

_AFTER_RECALCULATE: list[AfterRecalculate] = []


def register_after_recalculate(hook: AfterRecalculate) -> None:
    """Call ``hook(project_id)`` after each committed recalculation (registering twice does nothing)."""
    if hook not in _AFTER_RECALCULATE:
        _AFTER_RECALCULATE.append(hook)


def unregister_after_recalculate(hook: AfterRecalculate) -> None:
    """Remove a hook (tests use it to clean up)."""
    if hook in _AFTER_RECALCULATE:
        _AFTER_RECALCULATE.remove(hook)


def after_recalculate(project_id: int) -> None:
    """Schedule every registered hook for ``project_id`` on commit of the current transaction."""
    for hook in _AFTER_RECALCULATE:
        transaction.on_commit(functools.partial(hook, project_id), robust=True)
