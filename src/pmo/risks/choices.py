"""Kinds, categories, strategies, statuses and zones of risks and their response actions."""

from django.db import models


class RiskKind(models.TextChoices):
    """A threat harms the objectives; an opportunity helps them."""

    THREAT = "threat", "Threat"
    OPPORTUNITY = "opportunity", "Opportunity"


class RiskCategory(models.TextChoices):
    """What a risk is about."""

    TECHNICAL = "technical", "Technical"
    SCHEDULE = "schedule", "Schedule"
    COST = "cost", "Cost"
    SCOPE = "scope", "Scope"
    QUALITY = "quality", "Quality"
    RESOURCES = "resources", "Resources"
    COMMERCIAL = "commercial", "Commercial"
    EXTERNAL = "external", "External"
    ORGANISATIONAL = "organisational", "Organisational"
    OTHER = "other", "Other"


class Strategy(models.TextChoices):
    """Response strategies: avoid, mitigate, transfer (threats), exploit, enhance, share
    (opportunities), accept (both)."""

    AVOID = "avoid", "Avoid"
    MITIGATE = "mitigate", "Mitigate"
    TRANSFER = "transfer", "Transfer"
    EXPLOIT = "exploit", "Exploit"
    ENHANCE = "enhance", "Enhance"
    SHARE = "share", "Share"
    ACCEPT = "accept", "Accept"


#: The strategies that fit each kind.
STRATEGIES_OF: dict[str, tuple[str, ...]] = {
    RiskKind.THREAT: (Strategy.AVOID, Strategy.MITIGATE, Strategy.TRANSFER, Strategy.ACCEPT),
    RiskKind.OPPORTUNITY: (Strategy.EXPLOIT, Strategy.ENHANCE, Strategy.SHARE, Strategy.ACCEPT),
}


class RiskStatus(models.TextChoices):
    """An open risk is managed; a closed one keeps its reason."""

    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class ImpactUnit(models.TextChoices):
    """The unit of the three-point time impact."""

    DAYS = "days", "Working days"
    PERCENT = "percent", "% of the linked tasks' duration"


class ActionStatus(models.TextChoices):
    """A response action is open until done."""

    OPEN = "open", "Open"
    DONE = "done", "Done"


class Zone(models.TextChoices):
    """The zone of a score on the matrix (thresholds per scope)."""

    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    CRITICAL = "critical", "Critical"


class Trend(models.TextChoices):
    """How the current score moved at its last change."""

    RISING = "rising", "Rising"
    STEADY = "steady", "Steady"
    FALLING = "falling", "Falling"


#: The impact dimensions of the matrix (fields ``impact_<dimension>`` and ``residual_<dimension>``).
DIMENSIONS: tuple[str, ...] = ("time", "cost", "scope", "quality")
