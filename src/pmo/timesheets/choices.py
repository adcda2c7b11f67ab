"""Choices of the timesheets app."""

from django.db import models


class SheetStatus(models.TextChoices):
    """Where a weekly timesheet stands: draft → submitted → approved, or returned (→ draft on edit)."""

    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    APPROVED = "approved", "Approved"
    RETURNED = "returned", "Returned"


#: States in which the owner may still change the entries.
EDITABLE = (SheetStatus.DRAFT, SheetStatus.RETURNED)
