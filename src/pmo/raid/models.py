"""RAID items of a portfolio, program or project: issues, assumptions, dependencies, decisions and
actions, and the links between them.

Every kind shares :class:`RaidItem` (scope, title, description, owner, due date, tasks); the
differences are a few fields and its statuses. ``due_date`` is the date the item is waited on
(an issue's target resolution, an assumption's validate-by, a dependency's need-by, a decision's
decide-by, an action's due date): an unsettled item past it is *overdue*.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from pmo.core.models import VersionedModel
from pmo.raid.choices import (
    SETTLED_STATUSES,
    ActionStatus,
    AssumptionStatus,
    DecisionStatus,
    DependencyStatus,
    Direction,
    IssueStatus,
    Priority,
)


class RaidItem(VersionedModel):
    """What every RAID item has: a scope, a title, an owner, a due date, and tasks it concerns."""

    #: Label of ``due_date`` for this kind.
    due_label: ClassVar[str] = "Due date"

    scope = models.ForeignKey("core.Scope", on_delete=models.CASCADE, related_name="+", editable=False)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    raised_on = models.DateField(default=dt.date.today)
    due_date = models.DateField(null=True, blank=True)
    tasks = models.ManyToManyField("projects.Task", blank=True, related_name="+")

    class Meta:
        abstract = True
        ordering: ClassVar[list[str]] = ["scope", "due_date", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        """True when the due date has passed and the item is not settled."""
        status: Any = getattr(self, "status", "")
        return (
            self.due_date is not None
            and self.due_date < timezone.localdate()
            and status not in SETTLED_STATUSES
        )


class Issue(RaidItem):
    """Something that has happened and needs resolving."""

    due_label = "Target resolution"

    impact = models.TextField(blank=True)
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.MEDIUM)
    status = models.CharField(max_length=12, choices=IssueStatus.choices, default=IssueStatus.OPEN)
    resolution = models.TextField(blank=True)

    class Meta(RaidItem.Meta):
        pass


class Assumption(RaidItem):
    """A statement taken as true for planning (the title) until it is validated."""

    due_label = "Validate by"

    rationale = models.TextField(blank=True)
    status = models.CharField(
        max_length=12, choices=AssumptionStatus.choices, default=AssumptionStatus.UNVALIDATED
    )

    class Meta(RaidItem.Meta):
        pass


class Dependency(RaidItem):
    """Something needed from (inbound) or by (outbound) another project or party."""

    due_label = "Need by"

    direction = models.CharField(max_length=10, choices=Direction.choices, default=Direction.INBOUND)
    other_project = models.ForeignKey(
        "projects.Project", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    other_party = models.CharField(max_length=200, blank=True, help_text="When it is not a project here.")
    status = models.CharField(max_length=12, choices=DependencyStatus.choices, default=DependencyStatus.OPEN)

    class Meta(RaidItem.Meta):
        verbose_name_plural = "dependencies"


class Decision(RaidItem):
    """A decision with the options considered; once decided it changes only by being superseded."""

    due_label = "Decide by"

    context = models.TextField(blank=True)
    options = models.JSONField(default=list, blank=True, help_text="[{option, pros, cons}, ...]")
    chosen_option = models.CharField(max_length=200, blank=True)
    rationale = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=DecisionStatus.choices, default=DecisionStatus.PROPOSED)
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="supersedes"
    )

    class Meta(RaidItem.Meta):
        pass


class Action(RaidItem):
    """A piece of work someone owns, with a due date."""

    status = models.CharField(max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN)

    class Meta(RaidItem.Meta):
        pass


class RaidLink(VersionedModel):
    """A link between two RAID items (shown on both); both in the same top-level portfolio.

    ``scope`` is the source item's scope and ``target_scope`` the target's: a link is visible
    only to someone who can see both ends.
    """

    scope = models.ForeignKey("core.Scope", on_delete=models.CASCADE, related_name="+", editable=False)
    target_scope = models.ForeignKey("core.Scope", on_delete=models.CASCADE, related_name="+", editable=False)
    source_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    source_id = models.PositiveBigIntegerField()
    target_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["created_at", "id"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["source_type", "source_id", "target_type", "target_id"], name="raid_link_unique"
            ),
        ]
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["source_type", "source_id"], name="raid_link_source"),
            models.Index(fields=["target_type", "target_id"], name="raid_link_target"),
        ]

    def __str__(self) -> str:
        return f"Link {self.source_type_id}:{self.source_id} → {self.target_type_id}:{self.target_id}"
