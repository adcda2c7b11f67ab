"""Statuses and kinds of RAID items (issues, assumptions, dependencies, decisions, actions)."""

from django.db import models


class Priority(models.TextChoices):
    """How much an issue matters (priority and severity in one scale)."""

    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    CRITICAL = "critical", "Critical"


class IssueStatus(models.TextChoices):
    """An issue is worked on, resolved, then closed."""

    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    RESOLVED = "resolved", "Resolved"
    CLOSED = "closed", "Closed"


class AssumptionStatus(models.TextChoices):
    """An assumption holds until someone checks it."""

    UNVALIDATED = "unvalidated", "Unvalidated"
    VALID = "valid", "Valid"
    INVALID = "invalid", "Invalid"


class DependencyStatus(models.TextChoices):
    """Whether the other party delivers (inbound) or we deliver (outbound) in time."""

    OPEN = "open", "Open"
    AT_RISK = "at_risk", "At risk"
    MET = "met", "Met"
    MISSED = "missed", "Missed"
    CANCELLED = "cancelled", "Cancelled"


class Direction(models.TextChoices):
    """Inbound: we need something from the other party; outbound: they need it from us."""

    INBOUND = "inbound", "Inbound"
    OUTBOUND = "outbound", "Outbound"


class DecisionStatus(models.TextChoices):
    """A decision is proposed, decided (then immutable), and may be superseded by a later one."""

    PROPOSED = "proposed", "Proposed"
    DECIDED = "decided", "Decided"
    SUPERSEDED = "superseded", "Superseded"


class ActionStatus(models.TextChoices):
    """An action is done or dropped in the end."""

    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


#: Statuses in which an item no longer waits for anything (never overdue).
SETTLED_STATUSES: frozenset[str] = frozenset(
    {
        IssueStatus.RESOLVED,
        IssueStatus.CLOSED,
        AssumptionStatus.VALID,
        AssumptionStatus.INVALID,
        DependencyStatus.MET,
        DependencyStatus.MISSED,
        DependencyStatus.CANCELLED,
        DecisionStatus.DECIDED,
        DecisionStatus.SUPERSEDED,
        ActionStatus.DONE,
        ActionStatus.CANCELLED,
    }
)
