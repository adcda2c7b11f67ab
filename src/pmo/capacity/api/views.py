"""``/api/v1/capacity/``: the heat map as JSON, and ``capacity/cell/``: the assignments behind a cell.

Query as on the pages (``start``, ``weeks`` or ``end``, ``bucket``, ``dimension``, ``scenario``) plus
``portfolio`` (a portfolio's uid: its pool only). Figures are hours; a bad parameter answers 400
naming it; a portfolio outside the caller's scope 404.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pmo.capacity import selectors
from pmo.capacity.models import Scenario
from pmo.capacity.table import as_json
from pmo.core.models import Scope
from pmo.resources.selectors import pool_get

PARAMETERS = [
    OpenApiParameter("portfolio", OpenApiTypes.UUID, description="Only the pool of this portfolio."),
    OpenApiParameter("start", OpenApiTypes.DATE, description="First day (default: Monday of this week)."),
    OpenApiParameter("weeks", OpenApiTypes.INT, description="Length in weeks (1 to 260) when no end."),
    OpenApiParameter("end", OpenApiTypes.DATE, description="Last day, included."),
    OpenApiParameter("bucket", OpenApiTypes.STR, enum=["week", "month", "quarter"]),
    OpenApiParameter("dimension", OpenApiTypes.STR, enum=list(selectors.DIMENSIONS)),
    OpenApiParameter("scenario", OpenApiTypes.UUID, description="One of the caller's what-if scenarios."),
]


def read_query(request: Request) -> tuple[Scope | None, selectors.Window, str, Scenario | None]:
    """The pool, window, dimension and scenario of the request (400 naming a bad parameter)."""
    data = request.query_params
    pool = None
    if data.get("portfolio"):
        try:
            pool = pool_get(request.user, data["portfolio"])
        except ValueError:
            raise Http404("No such portfolio.") from None
    try:
        window = selectors.window_from(data, timezone.localdate())
    except ValueError as error:
        name, _, message = str(error).partition(": ")
        raise ValidationError({name: [message]}) from None
    dimension = data.get("dimension") or "resource"
    if dimension not in selectors.DIMENSIONS:
        raise ValidationError({"dimension": [f"Choose one of {', '.join(selectors.DIMENSIONS)}."]})
    scenario = None
    if data.get("scenario"):
        try:
            scenario = selectors.scenario_get(request.user, data["scenario"])
        except (Http404, ValueError):
            raise ValidationError({"scenario": ["No scenario of yours has that id."]}) from None
    return pool, window, dimension, scenario


class CapacityView(APIView):
    """Capacity against demand per row and period, over what the caller may see."""

    @extend_schema(
        tags=["capacity"],
        operation_id="capacity_retrieve",
        summary="The capacity heat map",
        parameters=PARAMETERS,
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request) -> Response:
        """Buckets and rows with capacity hours, demand hours and over-allocation flags."""
        pool, window, dimension, scenario = read_query(request)
        grid = selectors.capacity_grid(
            request.user, window, pool=pool, dimension=dimension, scenario=scenario
        )
        return Response(as_json(grid))


class CapacityCellView(APIView):
    """The assignments behind one cell (``row``: a row key of the heat map, ``index``: a period)."""

    @extend_schema(
        tags=["capacity"],
        operation_id="capacity_cell_retrieve",
        summary="The assignments behind a heat-map cell",
        parameters=[
            *PARAMETERS,
            OpenApiParameter("row", OpenApiTypes.STR, required=True),
            OpenApiParameter("index", OpenApiTypes.INT, description="The period, from 0 (default)."),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request) -> Response:
        """Project, task, resource and hours in the period of each assignment."""
        pool, window, dimension, scenario = read_query(request)
        try:
            index = int(request.query_params.get("index") or 0)
        except ValueError:
            raise ValidationError({"index": ["Give the number of the period, from 0."]}) from None
        if not 0 <= index < len(window.starts):
            raise ValidationError({"index": ["No such period in the window."]})
        lines = selectors.cell_lines(
            request.user,
            window,
            key=request.query_params.get("row", ""),
            index=index,
            pool=pool,
            dimension=dimension,
            scenario=scenario,
        )
        body: dict[str, Any] = {
            "period_start": window.starts[index].isoformat(),
            "assignments": [
                {
                    "project": str(line.project.uid),
                    "project_code": line.project.code,
                    "task": str(line.task.uid),
                    "task_name": line.task.name,
                    "resource": str(line.resource.uid),
                    "resource_name": line.resource.name,
                    "hours": line.hours,
                }
                for line in lines
            ],
        }
        return Response(body)
