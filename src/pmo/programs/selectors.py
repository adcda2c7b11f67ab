"""Permission-scoped reads of programs."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from pmo.accounts.selectors import scoped
from pmo.core.selectors import get_visible
from pmo.programs.models import Program


def programs_visible(user: Any) -> QuerySet[Program]:
    """Programs the user may see."""
    return scoped(Program.objects.select_related("scope", "owner", "portfolio"), user)


def program_get(user: Any, uid: Any) -> Program:
    """One visible program by public id, or 404."""
    return get_visible(programs_visible(user), uid=uid)
