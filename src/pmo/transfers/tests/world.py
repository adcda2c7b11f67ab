"""Imports in the persona world (``WORLD_EXTENSIONS``): per side, an import prepared by the side's
manager over ``side.project`` from a three-task MS Project XML file, ready to apply. The file name
and the plan's task names carry canaries, so a leak of B's import to A's personas (or A's to the
outsider) is caught by the battery."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pmo.transfers.services import import_prepare
from pmo.transfers.tests.samples import tiny_mspdi


@dataclass(frozen=True)
class ExportKey:
    """An export format as the route registry fills it into a URL (``uid`` is what goes there)."""

    uid: str
    pk: str


def extend(side: Any, *, admin: Any, manager: Any, canary: Callable[[], str]) -> dict[str, Any]:
    """Prepare the side's import through the service; returns it as ``import``."""
    data = tiny_mspdi(name=f"Plan {canary()}", tasks=(f"Design {canary()}", f"Build {canary()}", "Ship"))
    run = import_prepare(actor=manager, data=data, file_name=f"plan-{canary()}.xml", project=side.project)
    return {"import": run, "export_format": ExportKey(uid="mspdi", pk="mspdi")}
