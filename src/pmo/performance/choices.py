"""How a task earns its budget (the engine's :class:`~pmo.engine.evm.EVMethod`, as stored)."""

from django.db import models


class EarningMethod(models.TextChoices):
    """The earned-value method of a work package."""

    PERCENT_COMPLETE = "percent", "% complete"
    ZERO_HUNDRED = "0/100", "0/100 (on finish)"
    FIFTY_FIFTY = "50/50", "50/50 (start, finish)"
    WEIGHTED_MILESTONES = "milestones", "Weighted milestones"
