"""Lessons of each side in the persona world (``WORLD_EXTENSIONS``).

For ``side.project``: one lesson recorded by the side's manager, every text and tag carrying a
canary, so a search by another side's persona for that canary must find nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pmo.knowledge.choices import LessonCategory, LessonKind
from pmo.knowledge.services import lesson_create


def extend(side: Any, *, admin: Any, manager: Any, canary: Callable[[], str]) -> dict[str, Any]:
    """Create the side's lesson through the service; returns it by registry key."""
    lesson = lesson_create(
        actor=manager,
        project=side.project,
        title=f"Lesson {canary()}",
        kind=LessonKind.TO_IMPROVE,
        category=LessonCategory.PROCUREMENT,
        what_happened=f"The supplier delivered late {canary()}",
        impact=f"Two weeks of delay {canary()}",
        root_cause=f"No penalty clause {canary()}",
        recommendation=f"Agree delivery penalties {canary()}",
        tags=["supplier", canary()],
    )
    return {"lesson": lesson}
