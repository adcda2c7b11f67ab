"""``/api/v1/`` endpoints of status reports and reporting settings.

Reads come from :mod:`pmo.reporting.selectors` (404 outside the caller's scope), writes from
:mod:`pmo.reporting.services`; roles: see ``docs/authz/reporting.yaml``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from pmo.accounts.choices import Role
from pmo.accounts.selectors import require_role
from pmo.core.api.concurrency import etag_headers, expected_version
from pmo.core.api.viewsets import HistoryMixin, VersionedViewSet
from pmo.reporting import selectors, services
from pmo.reporting.api import serializers as s
from pmo.reporting.models import ReportingSettings, StatusReport


@extend_schema(tags=["reporting"])
class StatusReportViewSet(HistoryMixin, VersionedViewSet):
    """Status reports of the projects the caller may see. A project's managers draft a report (a
    ``POST`` drafts the report of a period, or refreshes its figures while it is a draft), change its
    narrative and RAG overrides (each override needs a comment), and submit it: the snapshot is then
    frozen and the report e-mailed to the project's stakeholders. A submitted report cannot change;
    submitting it again is refused. Reports are not deleted."""

    serializer_class = s.StatusReportSerializer
    filterset_fields = ("status",)
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    if_match_actions = ("submit",)
    input_serializer_classes = {
        "create": s.StatusReportCreateSerializer,
        "update": s.StatusReportUpdateSerializer,
        "partial_update": s.StatusReportUpdateSerializer,
        "submit": s.StatusReportSubmitSerializer,
    }

    def visible(self) -> QuerySet[StatusReport]:
        """Reports visible to the caller."""
        return selectors.reports_visible(self.request.user).order_by("project__code", "-period_end")

    def fetch(self, uid: Any) -> StatusReport:
        """One visible report, or 404."""
        return selectors.report_get(self.request.user, uid)

    def require_writable(self, instance: StatusReport) -> None:
        """Changing a report needs the manager role on its project."""
        require_role(self.request.user, instance.scope, Role.MANAGER)

    def perform_create(self, data: dict[str, Any]) -> StatusReport:
        """Draft through :func:`~pmo.reporting.services.report_draft`."""
        return services.report_draft(
            actor=self.request.user, project=data["project"], period_end=data["period_end"]
        )

    def perform_update(self, instance: StatusReport, data: dict[str, Any], version: int) -> StatusReport:
        """Change through :func:`~pmo.reporting.services.report_update`."""
        return services.report_update(
            actor=self.request.user, report=instance, data=data, expected_version=version
        )

    @extend_schema(
        summary="Submit a status report",
        description=(
            "Draft → submitted: freezes the snapshot and e-mails the report to the project's "
            "stakeholders (a background job). A submitted report is refused (400) and nothing changes. "
            "Needs the manager role and If-Match."
        ),
        request=s.StatusReportSubmitSerializer,
        responses=s.StatusReportSerializer,
    )
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Submit the report."""
        instance = self.get_object()
        self.require_writable(instance)
        version = expected_version(request, instance)
        self.validated_input(request)
        saved = services.report_submit(actor=request.user, report=instance, expected_version=version)
        return Response(self.output(saved), headers=etag_headers(saved))


@extend_schema(tags=["reporting"])
class ReportingSettingsViewSet(HistoryMixin, VersionedViewSet):
    """The reporting settings of the projects the caller may see: cadence (weekly, fortnightly,
    monthly), the anchor of weekly periods, the grace days before a report is overdue, and the RAG
    threshold rules. Managers create them (once per project; the first draft also saves the
    defaults) and change them."""

    serializer_class = s.ReportingSettingsSerializer
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    input_serializer_classes = {
        "create": s.ReportingSettingsCreateSerializer,
        "update": s.ReportingSettingsUpdateSerializer,
        "partial_update": s.ReportingSettingsUpdateSerializer,
    }

    def visible(self) -> QuerySet[ReportingSettings]:
        """Settings visible to the caller."""
        return selectors.settings_visible(self.request.user).order_by("project__code")

    def fetch(self, uid: Any) -> ReportingSettings:
        """One visible settings row, or 404."""
        return selectors.settings_get(self.request.user, uid)

    def require_writable(self, instance: ReportingSettings) -> None:
        """Changing the settings needs the manager role on the project."""
        require_role(self.request.user, instance.scope, Role.MANAGER)

    def perform_create(self, data: dict[str, Any]) -> ReportingSettings:
        """Create through :func:`~pmo.reporting.services.settings_create`."""
        project = data.pop("project")
        return services.settings_create(actor=self.request.user, project=project, data=data)

    def perform_update(
        self, instance: ReportingSettings, data: dict[str, Any], version: int
    ) -> ReportingSettings:
        """Change through :func:`~pmo.reporting.services.settings_update`."""
        return services.settings_update(
            actor=self.request.user, project=instance.project, data=data, expected_version=version
        )
