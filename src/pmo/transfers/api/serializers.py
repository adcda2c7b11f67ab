"""Serializers of the import and export API: the import as the API shows it, and one input
allow-list per write (upload over a project, upload as a new project, remap)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from pmo.core.api.serializers import StrictInputSerializer
from pmo.transfers.models import ImportRun

ETAG_HELP = "Send it back in If-Match to apply, discard or remap this import."


class ImportRunSerializer(serializers.ModelSerializer[ImportRun]):
    """An import: what the file holds and will change (``preview``), its status and outcome."""

    project: Any = serializers.SerializerMethodField(
        help_text="Public id of the target project (a new project's once applied), or null."
    )
    parent: Any = serializers.SerializerMethodField(
        help_text="Public id of the program or portfolio a new project is created in (null when the "
        "import goes over an existing project)."
    )
    created_by: Any = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True, help_text="Who uploaded the file."
    )
    job = serializers.SerializerMethodField(help_text="The background job applying a big import, or null.")
    preview = serializers.JSONField(
        read_only=True,
        help_text="What the file holds (format, counts, calendars, baselines, warnings) and, over a "
        "project, the tasks added, changed and removed; for tables the headers, suggested mapping and "
        "sample rows; for P6 files the projects in the file.",
    )
    options = serializers.JSONField(
        read_only=True, help_text="The reading options in use (mapping, project)."
    )
    result = serializers.JSONField(read_only=True, help_text="What was written, once applied.")
    etag = serializers.CharField(read_only=True, help_text=ETAG_HELP)

    class Meta:
        model = ImportRun
        fields = (
            "uid",
            "status",
            "mode",
            "format",
            "file_name",
            "size",
            "sha256",
            "project",
            "parent",
            "new_code",
            "new_name",
            "preview",
            "options",
            "error",
            "result",
            "job",
            "created_by",
            "created_at",
            "applied_at",
            "version",
            "etag",
        )
        read_only_fields = fields

    @extend_schema_field(serializers.UUIDField(allow_null=True))
    def get_project(self, run: ImportRun) -> Any:
        """The target project's public id."""
        return str(run.project.uid) if run.project is not None else None

    @extend_schema_field(serializers.UUIDField(allow_null=True))
    def get_parent(self, run: ImportRun) -> Any:
        """The program's or portfolio's public id for a new project."""
        if run.mode != "new":
            return None
        return str(run.scope.owner.uid)

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "properties": {
                "uid": {"type": "string", "format": "uuid"},
                "status": {"type": "string"},
                "progress": {"type": "integer"},
                "message": {"type": "string"},
            },
        }
    )
    def get_job(self, run: ImportRun) -> Any:
        """The job's status and progress."""
        job = run.job
        if job is None:
            return None
        return {"uid": str(job.uid), "status": job.status, "progress": job.progress, "message": job.message}


class ImportUploadSerializer(StrictInputSerializer):
    """Upload a file to import over the project named in the URL (multipart)."""

    file = serializers.FileField(
        help_text="Microsoft Project XML, Primavera P6 XER or P6 XML, Excel .xlsx or CSV; at most "
        "PMO_IMPORT_MAX_BYTES bytes."
    )


class NewProjectImportSerializer(ImportUploadSerializer):
    """Upload a file to import as a new project (multipart)."""

    parent: Any = serializers.UUIDField(help_text="Public id of a program or portfolio you manage.")
    code = serializers.CharField(max_length=32, help_text="Code of the new project (unique).")
    name = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        help_text="Name; the file's project name when empty.",
    )


class RemapSerializer(StrictInputSerializer):
    """Read the stored file again with another table mapping or another P6 project (one of the two)."""

    mapping = serializers.DictField(
        child=serializers.IntegerField(min_value=0),
        required=False,
        help_text='Field key → column index (0-based), e.g. {"name": 1, "duration": 2}; the keys '
        "are in preview.table.fields.",
    )
    project = serializers.CharField(
        required=False, max_length=200, help_text="Key of the project in a P6 file (preview.projects)."
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """Exactly one of ``mapping`` and ``project``."""
        if ("mapping" in attrs) == ("project" in attrs):
            raise serializers.ValidationError({"non_field_errors": ["Send either mapping or project."]})
        return attrs
