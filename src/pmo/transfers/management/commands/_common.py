"""What the ``pmo import`` and ``pmo export`` commands share: the acting user and one-line refusals."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError

from pmo.accounts.models import User
from pmo.projects.models import Project


def refuse(message: str) -> CommandError:
    """A refusal printed as one line, exit code 2."""
    return CommandError(" ".join(message.split()), returncode=2)


def acting_user(username: str | None) -> Any:
    """``--as USERNAME``, else the first active PMO administrator (the CLI runs on the server)."""
    if username:
        user = User.objects.filter(username__iexact=username, is_active=True).first()
        if user is None:
            raise refuse(f"--as: no active user named {username!r}")
        return user
    user = User.objects.filter(is_pmo_admin=True, is_active=True).order_by("id").first()
    if user is None:
        raise refuse("no PMO administrator exists: create one with `pmo createadmin`, or pass --as USERNAME")
    return user


def project_by_code(code: str) -> Project:
    """The project with ``code`` (exact, then case-insensitive)."""
    project = Project.objects.filter(code=code).first() or Project.objects.filter(code__iexact=code).first()
    if project is None:
        raise refuse(f"no project with code {code!r}")
    return project
