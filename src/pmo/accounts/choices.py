"""Roles and their order."""

from django.db import models


class Role(models.TextChoices):
    """A role on a scope, inherited by everything below it."""

    VIEWER = "viewer", "Viewer"
    CONTRIBUTOR = "contributor", "Contributor"
    MANAGER = "manager", "Manager"
    ADMIN = "admin", "PMO administrator"


ROLE_RANK: dict[str, int] = {
    Role.VIEWER: 1,
    Role.CONTRIBUTOR: 2,
    Role.MANAGER: 3,
    Role.ADMIN: 4,
}

MEMBERSHIP_ROLES = [Role.VIEWER, Role.CONTRIBUTOR, Role.MANAGER]
