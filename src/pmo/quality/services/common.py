"""Rules the quality services share: who may be named on a project, dates, the project of a row."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pmo.accounts.choices import Role
from pmo.accounts.selectors import has_role
from pmo.core.errors import DomainRuleError
from pmo.projects.models import Project


def require_person_on_project(user: Any, project: Project, *, field: str, what: str) -> None:
    """A named person (acceptor, reviewer, sponsor...) must be able to see the project."""
    if user is None:
        raise DomainRuleError(f"Name the {what}.", field=field)
    if not getattr(user, "is_active", False) or not has_role(user, project.scope, Role.VIEWER):
        raise DomainRuleError(
            f"{user} cannot see project {project.code}, so they cannot be its {what}; "
            "give them a role on the project first.",
            field=field,
        )


def require_not_future(value: dt.date | None, *, field: str, today: dt.date) -> None:
    """Dates of things that happened (a review, a closure) cannot lie in the future."""
    if value is not None and value > today:
        raise DomainRuleError(f"{value.isoformat()} is in the future.", field=field)
