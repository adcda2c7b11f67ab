"""Enumerations shared by every level of the hierarchy."""

from django.db import models


class ScopeKind(models.TextChoices):
    """The three levels a membership, risk, report or lesson can attach to."""

    PORTFOLIO = "portfolio", "Portfolio"
    PROGRAM = "program", "Program"
    PROJECT = "project", "Project"


class LifecycleState(models.TextChoices):
    """Lifecycle state of a portfolio, program or project."""

    PROPOSED = "proposed", "Proposed"
    PLANNING = "planning", "Planning"
    ACTIVE = "active", "Active"
    ON_HOLD = "on_hold", "On hold"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"


class AuditAction(models.TextChoices):
    """What an audit record describes."""

    CREATE = "create", "Created"
    UPDATE = "update", "Updated"
    DELETE = "delete", "Deleted"
    MOVE = "move", "Moved"
    DENIED = "denied", "Access denied"
