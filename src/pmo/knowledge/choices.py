"""Categories and kinds of lessons learned."""

from django.db import models

from pmo.core.choices import LifecycleState


class LessonCategory(models.TextChoices):
    """What a lesson is about (the knowledge areas a PMO reports on)."""

    SCHEDULE = "schedule", "Schedule"
    COST = "cost", "Cost"
    SCOPE = "scope", "Scope"
    QUALITY = "quality", "Quality"
    RISK = "risk", "Risk"
    RESOURCES = "resources", "Resources"
    STAKEHOLDERS = "stakeholders", "Stakeholders"
    PROCUREMENT = "procurement", "Procurement"
    TECHNICAL = "technical", "Technical"
    PROCESS = "process", "Process"
    OTHER = "other", "Other"


class LessonKind(models.TextChoices):
    """Whether the lesson records something to repeat or something to do differently."""

    WENT_WELL = "went_well", "Went well"
    TO_IMPROVE = "to_improve", "To improve"


#: Project states in which the Lessons section prompts for lessons when there are none yet.
CLOSED_STATES = frozenset({LifecycleState.COMPLETED, LifecycleState.CANCELLED})
