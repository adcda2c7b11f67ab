"""An import in progress: the uploaded file, what it will change (the preview) and its outcome.

The file's bytes are kept in the database (not on a local disk) until the import is applied or
discarded, so any app process or worker can apply it; they are cleared afterwards. The original
file name is metadata only, never a path.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from pmo.core.models import VersionedModel
from pmo.transfers.choices import FileFormat, ImportMode, ImportStatus


class ImportRun(VersionedModel):
    """One import of a file into a new or an existing project.

    ``scope`` is where the import's permission is checked: the target project's scope, or for a new
    project the program or portfolio it will be created in.
    """

    scope = models.ForeignKey("core.Scope", on_delete=models.CASCADE, related_name="+", editable=False)
    project = models.ForeignKey(
        "projects.Project", null=True, blank=True, on_delete=models.CASCADE, related_name="imports"
    )
    mode = models.CharField(max_length=8, choices=ImportMode.choices)
    new_code = models.CharField(max_length=32, blank=True)
    new_name = models.CharField(max_length=200, blank=True)
    file_name = models.CharField(max_length=255)
    format = models.CharField(max_length=8, choices=FileFormat.choices)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    content = models.BinaryField(editable=False)
    options = models.JSONField(default=dict, blank=True)
    preview = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=12, choices=ImportStatus.choices, default=ImportStatus.PREVIEWED)
    error = models.TextField(blank=True)
    result = models.JSONField(default=dict, blank=True)
    job = models.ForeignKey(
        "core.BackgroundJob", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Import of {self.file_name}"
