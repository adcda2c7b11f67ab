"""Base models: the scope tree every level hangs on, the versioned base model and the audit trail."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

from pmo.core.choices import AuditAction, LifecycleState, ScopeKind


class Scope(models.Model):
    """One node of the portfolio → program → project tree.

    Every portfolio, program and project owns exactly one scope. Memberships, and everything that
    "attaches to any level" (risks, reports, lessons, tolerances), point at a scope, so permission
    checks, roll-ups and escalation are written once. ``path`` is the materialised path of scope ids
    (``/3/17/42/``): a scope's descendants are the scopes whose path starts with its own.
    """

    kind = models.CharField(max_length=16, choices=ScopeKind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=512, db_index=True, default="", editable=False)

    class Meta:
        indexes = [models.Index(fields=["kind", "path"], name="core_scope_kind_path")]

    def __str__(self) -> str:
        return f"{self.kind} scope {self.path}"

    @property
    def owner(self) -> Any:
        """The portfolio, program or project this scope belongs to."""
        return getattr(self, self.kind)

    def ancestor_ids(self) -> list[int]:
        """Ids of this scope and its ancestors, root first."""
        return [int(part) for part in self.path.strip("/").split("/") if part]


class VersionedModel(models.Model):
    """Abstract base for every editable, user-facing row.

    ``uid`` is the public identifier used in URLs and the API (it does not enumerate; the scoped
    selectors remain the authorisation). ``version`` increases on every write and is the ETag.
    """

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    @property
    def etag(self) -> str:
        """Strong entity tag for optimistic concurrency."""
        return f'"{self.uid}-{self.version}"'


class AuditRecord(models.Model):
    """Who changed what and when, with field-level before and after values.

    Written by the service layer in the same transaction as the change. ``scope`` lets the history
    be read through the same permission-scoped selectors as the objects themselves.
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=16, choices=AuditAction.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    object_uid = models.UUIDField(null=True, blank=True, db_index=True)
    object_repr = models.CharField(max_length=300)
    scope = models.ForeignKey(
        Scope, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_records"
    )
    changes = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True, default="")
    request_id = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="core_audit_object"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr} at {self.at:%Y-%m-%d %H:%M}"

    def changed_fields(self) -> list[str]:
        """Names of the fields this record changed."""
        return sorted(self.changes)


class HierarchyNode(VersionedModel):
    """Abstract base of portfolios, programs and projects: the fields every level shares."""

    code = models.CharField(
        max_length=32,
        unique=True,
        help_text="Short unique code, e.g. PRJ-042. Letters, digits, dot, dash and underscore.",
    )
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    state = models.CharField(max_length=16, choices=LifecycleState.choices, default=LifecycleState.PROPOSED)
    start_date = models.DateField(null=True, blank=True)
    finish_date = models.DateField(null=True, blank=True)
    scope = models.OneToOneField(Scope, on_delete=models.PROTECT, related_name="%(class)s", editable=False)

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self) -> None:
        """Dates must be in order and the code well formed."""
        from django.core.exceptions import ValidationError

        from pmo.core.validators import validate_code

        errors: dict[str, str] = {}
        try:
            validate_code(self.code)
        except ValidationError as error:
            errors["code"] = error.messages[0]
        if self.start_date and self.finish_date and self.finish_date < self.start_date:
            errors["finish_date"] = "The finish date cannot be before the start date."
        if errors:
            raise ValidationError(errors)


class BackgroundJob(VersionedModel):
    """A background task started by a user, with progress and outcome they can follow.

    ``task_result_id`` is the id given by Django's tasks framework; the job row is what the
    user sees (the task backend's own rows may be pruned).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    name = models.CharField(max_length=200)
    task_path = models.CharField(max_length=200)
    task_result_id = models.CharField(max_length=64, blank=True, default="", db_index=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs"
    )
    scope = models.ForeignKey(Scope, null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percent complete, 0–100.")
    message = models.CharField(max_length=300, blank=True, default="")
    error = models.TextField(blank=True, default="")
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_status_display()})"


class IdempotencyKey(models.Model):
    """The stored outcome of a POST made with an ``Idempotency-Key`` header, replayed on retry."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=500)
    status_code = models.PositiveSmallIntegerField()
    body = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="core_idempotency_unique_user_key")
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.path} ({self.key})"
