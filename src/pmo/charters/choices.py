"""States of a charter and the decisions of its approval flow."""

from django.db import models


class CharterStatus(models.TextChoices):
    """Where a charter is in its approval flow.

    draft → submitted → approved, or → returned (edited, then submitted again). Editing an approved
    charter moves it back to draft: the change needs a new approval.
    """

    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted for approval"
    APPROVED = "approved", "Approved"
    RETURNED = "returned", "Returned for changes"


class DecisionKind(models.TextChoices):
    """One entry of a charter's decision history."""

    SUBMITTED = "submitted", "Submitted"
    APPROVED = "approved", "Approved"
    RETURNED = "returned", "Returned"


class Decision(models.TextChoices):
    """What the sponsor decides about a submitted charter."""

    APPROVE = "approve", "Approve"
    RETURN = "return", "Return for changes"


#: States in which the manager may edit the charter (an approved one goes back to draft on edit).
EDITABLE_STATES = frozenset({CharterStatus.DRAFT, CharterStatus.RETURNED, CharterStatus.APPROVED})
#: States from which the manager may submit the charter.
SUBMITTABLE_STATES = frozenset({CharterStatus.DRAFT, CharterStatus.RETURNED})
