"""The heat map pages: ``capacity/`` (everything the user may see) and ``portfolios/<uid>/capacity/``
(the pool of one portfolio). Query: ``start``, ``weeks`` or ``end``, ``bucket`` (week, month,
quarter), ``dimension`` (resource, group, team, skill), ``scenario`` (one of the user's what-ifs).
A bad value answers 400 with a message naming the parameter."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from pmo.accounts.choices import Role
from pmo.accounts.selectors import has_role
from pmo.capacity import selectors
from pmo.capacity.models import Scenario
from pmo.capacity.table import EXPORT_HEADERS, export_rows, grid_html
from pmo.core.models import Scope
from pmo.core.views import Crumb, render_page
from pmo.interchange.tabular_write import write_csv, write_xlsx
from pmo.resources.capacity import BUCKETS
from pmo.resources.selectors import pool_get

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class QueryError(ValueError):
    """A bad query parameter (its message names it)."""


class CapacityMixin(LoginRequiredMixin):
    """Reads the query of a capacity page; ``pool()`` is ``None`` for the site-wide page."""

    request: HttpRequest
    kwargs: dict[str, Any]

    def pool(self) -> Scope | None:
        """The portfolio's pool (404 outside the user's scope), or ``None`` site-wide."""
        return pool_get(self.request.user, self.kwargs["uid"]) if "uid" in self.kwargs else None

    def query(self) -> tuple[selectors.Window, str, Scenario | None]:
        """The window, the dimension and the scenario of the request (:class:`QueryError`)."""
        data = self.request.GET
        try:
            window = selectors.window_from(data, timezone.localdate())
        except ValueError as error:
            raise QueryError(str(error)) from None
        dimension = data.get("dimension") or "resource"
        if dimension not in selectors.DIMENSIONS:
            raise QueryError(f"dimension: choose one of {', '.join(selectors.DIMENSIONS)}.")
        scenario = None
        if data.get("scenario"):
            try:
                scenario = selectors.scenario_get(self.request.user, data["scenario"])
            except (Http404, ValueError):
                raise QueryError("scenario: no scenario of yours has that id.") from None
        return window, dimension, scenario

    def base_url(self, pool: Scope | None, name: str) -> str:
        """The URL of the page ``name`` (``page``, ``cell``, ``export``) for this pool or the site."""
        if pool is None:
            return reverse(f"capacity:{name}")
        return reverse(f"capacity:portfolio_{name}", kwargs={"uid": pool.portfolio.uid})

    def bad_request(self, error: QueryError) -> HttpResponse:
        """400 with the message naming the parameter."""
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")


def _query_string(request: HttpRequest, drop: tuple[str, ...] = ("row", "index", "format")) -> str:
    data = request.GET.copy()
    for name in drop:
        data.pop(name, None)
    return data.urlencode()


class SiteCapacityView(CapacityMixin, View):
    """The heat map over every pool and project the user may see."""

    template_name = "capacity/heatmap.html"

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """The page (or its heat map only, for htmx)."""
        pool = self.pool()
        try:
            window, dimension, scenario = self.query()
        except QueryError as error:
            return self.bad_request(error)
        real = selectors.capacity_grid(request.user, window, pool=pool, dimension=dimension)
        what_if = None
        if scenario is not None:
            what_if = selectors.capacity_grid(
                request.user, window, pool=pool, dimension=dimension, scenario=scenario
            )
        query = _query_string(request, drop=("row", "index", "format", "scenario"))
        cell_url = f"{self.base_url(pool, 'cell')}?{query}"
        context = {
            "pool": pool,
            "portfolio": pool.portfolio if pool else None,
            "crumbs": self.crumbs(pool),
            "window": window,
            "weeks": ((window.end - window.start).days + 1) // 7,
            "dimension": dimension,
            "dimensions": selectors.DIMENSIONS,
            "buckets": BUCKETS,
            "scenario": scenario,
            "table": self.table(real, dimension, "Capacity against demand", cell_url),
            "scenario_table": None
            if what_if is None or scenario is None
            else self.table(
                what_if,
                dimension,
                "Capacity against demand with the scenario",
                f"{cell_url}&scenario={scenario.uid}",
            ),
            "scenarios": list(selectors.scenarios_of(request.user)),
            "query": _query_string(request),
            "page_url": self.base_url(pool, "page"),
            "export_url": self.base_url(pool, "export"),
        }
        return render_page(request, self.template_name, context, fragment="grid")

    def table(self, grid: selectors.Grid, dimension: str, caption: str, cell_url: str) -> str:
        """One heat map as HTML (:func:`pmo.capacity.table.grid_html`)."""
        return grid_html(grid, caption=caption, cell_url=cell_url)

    def crumbs(self, pool: Scope | None) -> list[Crumb]:
        """Home › (the portfolio ›) Capacity."""
        trail: list[Crumb] = []
        if pool is not None and has_role(self.request.user, pool, Role.VIEWER):
            trail.append(
                Crumb(pool.portfolio.code, reverse("portfolios:detail", kwargs={"uid": pool.portfolio.uid}))
            )
        trail.append(Crumb("Capacity", self.base_url(pool, "page")))
        return trail


class PortfolioCapacityView(SiteCapacityView):
    """The heat map of one portfolio's pool over the portfolio's projects the user may see."""


class CellView(CapacityMixin, View):
    """The drill-down of one cell: the assignments behind it and their hours in the bucket (htmx)."""

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """The list (a fragment; a whole page without htmx)."""
        pool = self.pool()
        try:
            window, dimension, scenario = self.query()
            index = int(request.GET.get("index") or 0)
        except QueryError as error:
            return self.bad_request(error)
        except ValueError:
            return self.bad_request(QueryError("index: give the number of the period, from 0."))
        if not 0 <= index < len(window.starts):
            return self.bad_request(QueryError("index: no such period in the window."))
        key = request.GET.get("row", "")
        lines = selectors.cell_lines(
            request.user, window, key=key, index=index, pool=pool, dimension=dimension, scenario=scenario
        )
        context = {
            "lines": lines,
            "period": window.starts[index],
            "total": round(sum(line.hours for line in lines), 1),
            "scenario": scenario,
            "row": key,
        }
        return render(request, "capacity/_cell.html", context)


class PortfolioCellView(CellView):
    """The drill-down of a cell of a portfolio's heat map."""


class ExportView(CapacityMixin, View):
    """The heat map as CSV or xlsx (``format``), one line per row and period; text that a
    spreadsheet could run as a formula is neutralised (:func:`pmo.interchange.tabular_write`)."""

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """The download."""
        pool = self.pool()
        fmt = request.GET.get("format") or "csv"
        if fmt not in CONTENT_TYPES:
            return self.bad_request(QueryError("format: choose csv or xlsx."))
        try:
            window, dimension, scenario = self.query()
        except QueryError as error:
            return self.bad_request(error)
        grid = selectors.capacity_grid(
            request.user, window, pool=pool, dimension=dimension, scenario=scenario
        )
        rows = export_rows(grid)
        if fmt == "csv":
            content = write_csv(EXPORT_HEADERS, rows)
        else:
            content = write_xlsx(EXPORT_HEADERS, rows, sheet="Capacity")
        name = f"capacity-{pool.portfolio.code if pool else 'all'}-{window.start:%Y%m%d}.{fmt}"
        response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
        response["Content-Disposition"] = f'attachment; filename="{_safe(name)}"'
        response["X-Content-Type-Options"] = "nosniff"
        return response


class PortfolioExportView(ExportView):
    """The export of a portfolio's heat map."""


def _safe(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name)
