"""Earned value in the persona world (``WORLD_EXTENSIONS``): an earning rule (50/50) on the side's
first task, so the battery has a rule to read, change and delete."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pmo.performance.choices import EarningMethod
from pmo.performance.services import earning_rule_set


def extend(side: Any, *, admin: Any, manager: Any, canary: Callable[[], str]) -> dict[str, Any]:
    """Create the side's earning rule through the service, by registry key."""
    rule = earning_rule_set(actor=manager, task=side.extras["task"], method=EarningMethod.FIFTY_FIFTY)
    return {"earning_rule": rule}
