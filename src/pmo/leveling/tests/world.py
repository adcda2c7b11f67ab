"""Leveling runs of each side in the persona world (``WORLD_EXTENSIONS``).

A previewed run of ``side.project`` (``leveling_run``) and an applied run of ``side.portfolio``
(``applied_leveling_run``), made by the manager through the services. Runs have no free text, so
they carry no canary (their task and project names come from the plans, which do).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pmo.leveling.services import leveling_apply, leveling_preview


def extend(side: Any, *, admin: Any, manager: Any, canary: Callable[[], str]) -> dict[str, Any]:
    """Create the side's runs; returns them by registry key."""
    applied = leveling_preview(actor=admin, scope=side.portfolio.scope)
    applied = leveling_apply(actor=admin, run=applied)
    return {
        "applied_leveling_run": applied,
        "leveling_run": leveling_preview(actor=admin, scope=side.project.scope),
    }
