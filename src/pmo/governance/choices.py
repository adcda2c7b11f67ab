"""Choices of the governance app."""

from django.db import models


class Dimension(models.TextChoices):
    """The PRINCE2 tolerance dimensions (benefits stays "not assessed" until benefits exist)."""

    TIME = "time", "Time"
    COST = "cost", "Cost"
    SCOPE = "scope", "Scope"
    QUALITY = "quality", "Quality"
    RISK = "risk", "Risk"
    BENEFITS = "benefits", "Benefits"


class Measure(models.TextChoices):
    """How a dimension is measured (the rule of a tolerance)."""

    EAC_OVER_BAC = "eac_bac", "EAC against the BAC (earned value)"
    EAC_OVER_BUDGET = "eac_budget", "EAC against the approved budget total"
    SCHEDULED_FINISH = "scheduled_finish", "Scheduled finish against the target finish"
    FORECAST_FINISH = "forecast_finish", "Earned-value forecast finish against the target finish"
    RISK_SCORE = "risk_score", "Highest open risk score against the threshold"
    NOT_ASSESSED = "not_assessed", "Not assessed (no measure yet)"


#: The measures each dimension may use; the first is the default.
MEASURES: dict[str, tuple[str, ...]] = {
    Dimension.TIME: (Measure.SCHEDULED_FINISH, Measure.FORECAST_FINISH),
    Dimension.COST: (Measure.EAC_OVER_BAC, Measure.EAC_OVER_BUDGET),
    Dimension.RISK: (Measure.RISK_SCORE,),
    Dimension.SCOPE: (Measure.NOT_ASSESSED,),
    Dimension.QUALITY: (Measure.NOT_ASSESSED,),
    Dimension.BENEFITS: (Measure.NOT_ASSESSED,),
}


class ExceptionStatus(models.TextChoices):
    """The life of an exception: raised, seen by the level above, decided, closed."""

    OPEN = "open", "Open"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    DECIDED = "decided", "Decided"
    CLOSED = "closed", "Closed"


#: Statuses that still await a decision (the dashboards list them).
AWAITING: tuple[str, ...] = (ExceptionStatus.OPEN, ExceptionStatus.ACKNOWLEDGED)
#: Statuses of the one live exception a scope may have per dimension.
LIVE: tuple[str, ...] = (ExceptionStatus.OPEN, ExceptionStatus.ACKNOWLEDGED, ExceptionStatus.DECIDED)


class DecisionKind(models.TextChoices):
    """What the level above decided about an exception."""

    APPROVE_PLAN = "approve_plan", "Approve the exception plan"
    ADJUST_TOLERANCE = "adjust_tolerance", "Adjust the tolerance"
    STOP = "stop", "Stop (close the project or program)"
    NO_ACTION = "no_action", "No action needed"
