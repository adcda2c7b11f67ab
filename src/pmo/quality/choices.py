"""States and kinds of deliverables, quality reviews, checklist items and defects."""

from django.db import models


class DeliverableStatus(models.TextChoices):
    """planned → in review → accepted or rejected (a rejected deliverable is reworked and resubmitted)."""

    PLANNED = "planned", "Planned"
    IN_REVIEW = "in_review", "In review"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


class AcceptanceDecision(models.TextChoices):
    """The acceptor's sign-off on a deliverable in review."""

    ACCEPT = "accept", "Accept"
    REJECT = "reject", "Reject"


class ReviewResult(models.TextChoices):
    """The outcome of a quality review."""

    PASS = "pass", "Pass"
    PASS_WITH_CONDITIONS = "pass_with_conditions", "Pass with conditions"
    FAIL = "fail", "Fail"


class ItemResult(models.TextChoices):
    """The result of one checklist item of a review."""

    OPEN = "open", "Not checked"
    PASS = "pass", "Pass"
    FAIL = "fail", "Fail"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


class Severity(models.TextChoices):
    """How bad a defect is."""

    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    CRITICAL = "critical", "Critical"


class DefectStatus(models.TextChoices):
    """A defect is open until someone closes it (it can be reopened)."""

    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


#: States from which the manager may submit a deliverable for acceptance.
SUBMITTABLE_STATES = frozenset({DeliverableStatus.PLANNED, DeliverableStatus.REJECTED})
