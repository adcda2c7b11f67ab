"""Choices of the reporting app: cadences, report states, RAG values and the six dimensions."""

from django.db import models


class Cadence(models.TextChoices):
    """How often a project reports (weekly and fortnightly periods end on the anchor's weekday)."""

    WEEKLY = "weekly", "Weekly"
    FORTNIGHTLY = "fortnightly", "Fortnightly"
    MONTHLY = "monthly", "Monthly"


class ReportStatus(models.TextChoices):
    """A report is edited as a draft; submitting freezes its snapshot for good."""

    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"


class Rag(models.TextChoices):
    """Red, amber, green, or grey when a dimension has no data to judge (never green by default)."""

    GREEN = "green", "Green"
    AMBER = "amber", "Amber"
    RED = "red", "Red"
    NOT_ASSESSED = "grey", "Not assessed"


#: The values a manager may choose when overriding (a dimension cannot be overridden to grey).
OVERRIDE_CHOICES = [
    (Rag.GREEN.value, Rag.GREEN.label),
    (Rag.AMBER.value, Rag.AMBER.label),
    (Rag.RED.value, Rag.RED.label),
]


class Dimension(models.TextChoices):
    """The dimensions every report rates."""

    SCHEDULE = "schedule", "Schedule"
    COST = "cost", "Cost"
    SCOPE = "scope", "Scope"
    QUALITY = "quality", "Quality"
    RISK = "risk", "Risk"
    RESOURCES = "resources", "Resources"


#: Severity order of RAG values (higher is worse; grey is not ranked).
RAG_ORDER = {Rag.GREEN.value: 0, Rag.AMBER.value: 1, Rag.RED.value: 2}
