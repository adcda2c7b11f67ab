"""``/api/v1/`` endpoints of imports and exports.

* ``POST projects/{uid}/imports/`` (multipart ``file``): prepare an import over the project;
* ``POST imports/`` (multipart ``file``, ``parent``, ``code``, ``name``): prepare an import as a new
  project in the program or portfolio ``parent``;
* ``GET imports/{uid}/``; ``POST imports/{uid}/remap/``, ``apply/`` and ``discard/`` (with If-Match);
* ``GET projects/{uid}/export/?format=mspdi|xlsx|csv|ics``: the file.

Every import endpoint needs the manager role on the import's scope (404 outside it, 403 below
manager); an export needs only to see the project. A refused file is 400 problem+json naming the
problem (nothing is stored); an upload past ``PMO_IMPORT_MAX_BYTES`` is 413.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pmo.accounts.choices import Role
from pmo.accounts.selectors import require_role
from pmo.core.api.concurrency import etag_headers, expected_version
from pmo.core.api.problems import PROBLEM_CONTENT_TYPE, PreconditionFailed
from pmo.core.api.serializers import ProblemSerializer
from pmo.core.api.viewsets import UUID_PATTERN
from pmo.core.errors import DomainRuleError
from pmo.interchange.errors import ExportError
from pmo.projects.selectors import project_get
from pmo.transfers import services
from pmo.transfers.api.serializers import (
    ImportRunSerializer,
    ImportUploadSerializer,
    NewProjectImportSerializer,
    RemapSerializer,
)
from pmo.transfers.choices import ExportFormat, ImportStatus
from pmo.transfers.exports import CONTENT_TYPES, project_export
from pmo.transfers.models import ImportRun
from pmo.transfers.selectors import import_get
from pmo.transfers.views.export import download
from pmo.transfers.views.upload import parent_scope
from pmo.transfers.views.uploads import install_upload_cap, read_upload, too_big_message, upload_too_big

#: Problems the automatic schema does not know about (the rest are added by PmoAutoSchema).
UPLOAD_PROBLEMS = {
    (413, PROBLEM_CONTENT_TYPE): OpenApiResponse(
        ProblemSerializer, description="The file is larger than PMO_IMPORT_MAX_BYTES (the rest was not read)."
    ),
}


class PayloadTooLarge(exceptions.APIException):
    """413: the upload passed the import cap (the rest of the body was not read)."""

    status_code = 413
    default_detail = "The file is too large."
    default_code = "payload_too_large"


class UploadMixin:
    """Caps the upload before DRF parses the body, and reads the file under the same cap."""

    parser_classes: Any = [MultiPartParser, FormParser, JSONParser]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        """Install the upload guard before anything reads the body."""
        install_upload_cap(request._request)
        super().initial(request, *args, **kwargs)  # type: ignore[misc]

    def upload_input(
        self, request: Request, serializer_class: type[serializers.Serializer[Any]]
    ) -> dict[str, Any]:
        """The validated body (413 when the guard stopped the upload)."""
        data = request.data
        if upload_too_big(request):
            raise PayloadTooLarge(too_big_message())
        serializer = serializer_class(data=data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def created(self, run: ImportRun) -> Response:
        """201 with the import, its ETag and its Location."""
        location = reverse("api:import-detail", kwargs={"uid": run.uid})
        return Response(
            ImportRunSerializer(run).data, status=201, headers={**etag_headers(run), "Location": location}
        )


def _prepare(request: Request, uploaded: Any, **target: Any) -> ImportRun:
    return services.import_prepare(
        actor=request.user, data=read_upload(uploaded), file_name=uploaded.name or "", **target
    )


@extend_schema(tags=["imports"])
class ProjectImportCreateView(UploadMixin, APIView):
    """Import a file over an existing project."""

    @extend_schema(
        operation_id="project_imports_create",
        summary="Import a file over a project (preview first)",
        description="Reads the file (format detected from its content), stores the import with its preview "
        "(tasks added, changed and removed) and answers 201. Nothing changes in the project until "
        "imports/{uid}/apply/. Needs the manager role on the project.",
        request={"multipart/form-data": ImportUploadSerializer},
        responses={201: ImportRunSerializer, **UPLOAD_PROBLEMS},
    )
    def post(self, request: Request, uid: Any) -> Response:
        """Prepare the import."""
        project = project_get(request.user, uid)
        require_role(request.user, project.scope, Role.MANAGER)
        data = self.upload_input(request, ImportUploadSerializer)
        return self.created(_prepare(request, data["file"], project=project))


@extend_schema(tags=["imports"])
class ImportViewSet(UploadMixin, viewsets.GenericViewSet[ImportRun]):
    """Imports: prepare one as a new project, read one, remap, apply or discard it."""

    serializer_class = ImportRunSerializer
    lookup_field = "uid"
    lookup_url_kwarg = "uid"
    lookup_value_regex = UUID_PATTERN
    versioned = True
    if_match_actions = ("remap", "apply", "discard")
    filter_backends: list[Any] = []

    def get_queryset(self) -> Any:
        """Not used for lookups (see :meth:`get_object`); an empty queryset for the schema."""
        return ImportRun.objects.none()

    def get_object(self) -> ImportRun:
        """The import named in the URL (404 outside scope), for a manager of its scope (403)."""
        run = import_get(self.request.user, self.kwargs["uid"])
        require_role(self.request.user, run.scope, Role.MANAGER)
        return run

    def checked(self, request: Request) -> ImportRun:
        """The import, with If-Match naming its current version (428 without, 412 when stale)."""
        run = self.get_object()
        version = expected_version(request, run)
        if version != run.version:
            raise PreconditionFailed(
                f"This import changed since your read (version {version}); its current ETag is {run.etag}."
            )
        return run

    @extend_schema(
        summary="Import a file as a new project (preview first)",
        description="Multipart: file, parent (a program or portfolio you manage), code, name. Stores the "
        "import with its preview; the project is created by imports/{uid}/apply/.",
        request={"multipart/form-data": NewProjectImportSerializer},
        responses={201: ImportRunSerializer, **UPLOAD_PROBLEMS},
    )
    def create(self, request: Request) -> Response:
        """Prepare an import as a new project."""
        raw = request.data
        if upload_too_big(request):
            raise PayloadTooLarge(too_big_message())
        parent = raw.get("parent") if hasattr(raw, "get") else None
        if not parent:
            raise DomainRuleError("Name the program or portfolio of the new project.", field="parent")
        scope = parent_scope(request.user, parent)
        require_role(request.user, scope, Role.MANAGER)
        data = self.upload_input(request, NewProjectImportSerializer)
        run = _prepare(request, data["file"], parent=scope, code=data["code"], name=data.get("name", ""))
        return self.created(run)

    @extend_schema(summary="One import", responses={200: ImportRunSerializer})
    def retrieve(self, request: Request, uid: Any) -> Response:
        """The import with its preview and status."""
        run = self.get_object()
        return Response(ImportRunSerializer(run).data, headers=etag_headers(run))

    @extend_schema(
        summary="Read the file again with other options",
        description="A table's column mapping, or which project of a P6 file; refreshes the preview.",
        request=RemapSerializer,
        responses={200: ImportRunSerializer},
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser])
    def remap(self, request: Request, uid: Any) -> Response:
        """Remap the import."""
        run = self.checked(request)
        serializer = RemapSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        run = services.import_remap(actor=request.user, run=run, options=dict(serializer.validated_data))
        return Response(ImportRunSerializer(run).data, headers=etag_headers(run))

    @extend_schema(
        summary="Apply the import",
        description="Writes the plan in one transaction (a new project is created in it). Big plans "
        "(more than PMO_IMPORT_BACKGROUND_TASKS tasks) are applied by a background job: 202, then follow "
        "job.progress on GET imports/{uid}/. A refusal marks the import failed and writes nothing.",
        request=None,
        responses={200: ImportRunSerializer, 202: ImportRunSerializer},
    )
    @action(detail=True, methods=["post"])
    def apply(self, request: Request, uid: Any) -> Response:
        """Apply the import (inline or queued)."""
        run = services.import_apply(actor=request.user, run=self.checked(request))
        status = 202 if run.status in (ImportStatus.QUEUED, ImportStatus.APPLYING) else 200
        return Response(ImportRunSerializer(run).data, status=status, headers=etag_headers(run))

    @extend_schema(
        summary="Discard the import",
        description="Drops the import and its stored file; nothing is written to the project.",
        request=None,
        responses={200: ImportRunSerializer},
    )
    @action(detail=True, methods=["post"])
    def discard(self, request: Request, uid: Any) -> Response:
        """Discard the import."""
        run = services.import_discard(actor=request.user, run=self.checked(request))
        return Response(ImportRunSerializer(run).data, headers=etag_headers(run))


@extend_schema(tags=["imports"])
class ProjectExportView(APIView):
    """Download a project as Microsoft Project XML, Excel, CSV, or its milestones as iCalendar."""

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        """Any ``Accept`` is fine: the answer is a file (errors stay problem+json)."""
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        operation_id="project_export_retrieve",
        summary="Export a project",
        parameters=[
            OpenApiParameter(
                "format",
                str,
                required=True,
                enum=list(ExportFormat.values),
                description="mspdi (MS Project XML), xlsx, csv, or ics (milestones).",
            )
        ],
        responses={
            **{
                (200, content_type.split(";")[0]): OpenApiResponse(
                    OpenApiTypes.BINARY, description="The file, as an attachment."
                )
                for content_type, _ in CONTENT_TYPES.values()
            },
            (400, PROBLEM_CONTENT_TYPE): OpenApiResponse(
                ProblemSerializer, description="Unknown format, or a plan the format cannot express."
            ),
            (404, PROBLEM_CONTENT_TYPE): OpenApiResponse(
                ProblemSerializer, description="No such project among those you may see."
            ),
        },
        filters=False,
    )
    def get(self, request: Request, uid: Any) -> HttpResponse:
        """The file."""
        project = project_get(request.user, uid)
        fmt = request.query_params.get("format", "")
        if fmt not in ExportFormat.values:
            raise DomainRuleError(
                f"Unknown export format {fmt!r}; use one of {', '.join(ExportFormat.values)}.", field="format"
            )
        try:
            return download(project_export(project, fmt))
        except ExportError as error:
            message = f"This project cannot be exported as {fmt}: {error}"
            raise DomainRuleError(message, field="format") from None
