"""Choices of the changes app."""

from django.db import models


class ChangeCategory(models.TextChoices):
    """What a change request mainly changes."""

    SCOPE = "scope", "Scope"
    SCHEDULE = "schedule", "Schedule"
    COST = "cost", "Cost"
    QUALITY = "quality", "Quality"


class ChangeStatus(models.TextChoices):
    """Draft → submitted → approved or rejected; approved → applied; draft or submitted → withdrawn."""

    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"
    APPLIED = "applied", "Applied"


class Authority(models.TextChoices):
    """Who may decide a change request, from its impact (lowest first)."""

    PROJECT_MANAGER = "project_manager", "Project manager"
    CHANGE_BOARD = "change_board", "Change board"
    SPONSOR = "sponsor", "Sponsor"


class Decision(models.TextChoices):
    """The authority's answer to a submitted change request."""

    APPROVE = "approve", "Approve"
    REJECT = "reject", "Reject"


class OperationKind(models.TextChoices):
    """The proposed changes to the plan a change request carries."""

    SET_DURATION = "set_duration", "Change a task's duration"
    ADD_TASK = "add_task", "Add a task"
    REMOVE_TASK = "remove_task", "Remove a task"
    SET_LINK = "set_link", "Add or change a link"
    REMOVE_LINK = "remove_link", "Remove a link"
    ADD_FIXED_COST = "add_fixed_cost", "Add a fixed cost"
    SET_FIXED_COST = "set_fixed_cost", "Change a fixed cost"
    SET_ASSIGNMENT_WORK = "set_assignment_work", "Change an assignment's work"
