"""``/api/v1/timesheets/`` endpoints: the caller's sheets and those they decide, set a week's
entries, submit, approve, return. Roles: see ``docs/authz/timesheets.yaml``."""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from pmo.core.api.concurrency import etag_headers, expected_version
from pmo.core.api.viewsets import ScopedViewSet
from pmo.core.errors import DomainRuleError
from pmo.projects.models import Task
from pmo.timesheets import selectors, services
from pmo.timesheets.api import serializers as s
from pmo.timesheets.models import Timesheet


@extend_schema(tags=["timesheets"])
class TimesheetViewSet(ScopedViewSet):
    """Weekly timesheets: the caller's own and those with time on projects they manage."""

    serializer_class = s.TimesheetSerializer
    input_serializer_classes: ClassVar[dict[str, Any]] = {
        "set_week": s.EntriesSetSerializer,
        "submit": s.EmptySerializer,
        "approve": s.EmptySerializer,
        "return_sheet": s.ReturnSerializer,
    }

    def visible(self) -> QuerySet[Timesheet]:
        """Sheets the caller may read."""
        return selectors.sheets_visible(self.request.user).select_related("user", "decided_by")

    def fetch(self, uid: Any) -> Timesheet:
        """One sheet: 404 without any role on its projects, 403 unless it is the caller's own or
        they manage one of its projects."""
        sheet = selectors.sheets_concerning(self.request.user).filter(uid=uid).first()
        if sheet is None:
            raise Http404("No such timesheet.")
        if self.action == "retrieve" and not selectors.sheets_visible(self.request.user).filter(pk=sheet.pk):
            raise PermissionDenied("reading this timesheet needs the manager role on one of its projects")
        return sheet

    @extend_schema(summary="Set the caller's time for a week", request=s.EntriesSetSerializer)
    @action(detail=False, methods=["post"], url_path="set-week")
    def set_week(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Set cells of the caller's week in one transaction (a refusal names the day; nothing saved)."""
        data = self.validated_input(request)
        uids = {cell["task"] for cell in data["entries"]}
        tasks = {task.uid: task for task in Task.objects.filter(uid__in=uids)}
        missing = uids - set(tasks)
        if missing:
            raise DomainRuleError(f"No task has the id {sorted(map(str, missing))[0]}.", field="entries")
        cells = [{**cell, "task": tasks[cell["task"]]} for cell in data["entries"]]
        sheet = services.entries_set(actor=request.user, week_start=data["week_start"], cells=cells)
        return Response(self.output(sheet), headers=etag_headers(sheet))

    def _decide(self, request: Request, perform: Any, check: Any) -> Response:
        sheet = self.get_object()
        check(request.user, sheet)  # 403 before asking for If-Match
        version = expected_version(request, sheet)
        data = self.validated_input(request)
        saved = perform(sheet, data, version)
        return Response(self.output(saved), headers=etag_headers(saved))

    @extend_schema(summary="Submit the caller's sheet for approval", request=s.EmptySerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Draft or returned → submitted; needs If-Match."""
        return self._decide(
            request,
            lambda sheet, data, version: services.timesheet_submit(
                actor=request.user, timesheet=sheet, expected_version=version
            ),
            services.require_owner,
        )

    @extend_schema(summary="Approve a submitted sheet", request=s.EmptySerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Submitted → approved (manager of every project the sheet touches); needs If-Match."""
        return self._decide(
            request,
            lambda sheet, data, version: services.timesheet_approve(
                actor=request.user, timesheet=sheet, expected_version=version
            ),
            services.require_decider,
        )

    @extend_schema(summary="Return a submitted sheet with a comment", request=s.ReturnSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_sheet(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Submitted → returned with a comment (same rule as approve); needs If-Match."""
        return self._decide(
            request,
            lambda sheet, data, version: services.timesheet_return(
                actor=request.user, timesheet=sheet, comment=data["comment"], expected_version=version
            ),
            services.require_decider,
        )
