"""The rate table of a resource of a portfolio's pool (``portfolios/<uid>/resources/<resource_uid>/
rates/``): its own rates (before the first dated row) and its dated rates; the portfolio's managers
add, change and remove dated rates."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.http import require_POST

from pmo.accounts.choices import Role
from pmo.accounts.selectors import require_role
from pmo.core.errors import DomainRuleError, StaleVersionError
from pmo.core.models import Scope
from pmo.core.views import Crumb
from pmo.quality.forms import VersionedForm
from pmo.resources import selectors, services
from pmo.resources.forms import ResourceRateForm
from pmo.resources.models import Resource, ResourceRate
from pmo.resources.views.base import FormFlow
from pmo.resources.views.pool import PoolMixin


def rates_url(pool: Scope, resource: Resource) -> str:
    """The rate table page of ``resource``."""
    return reverse("resources:rates", kwargs={"uid": pool.portfolio.uid, "resource_uid": resource.uid})


class RatesMixin(PoolMixin):
    """A page about one resource's rates (404 when the pool or the resource is not visible)."""

    def get_resource(self, pool: Scope) -> Resource:
        """The resource named in the URL, in this pool."""
        return selectors.resource_get(self.request.user, self.kwargs["resource_uid"], pool=pool)

    def rates_crumbs(self, pool: Scope, resource: Resource) -> list[Crumb]:
        """The pool's crumbs, then the resource's rates."""
        return [*self.crumbs(pool), Crumb(f"Rates of {resource}", rates_url(pool, resource))]


class RatesView(RatesMixin, View):
    """The resource's rate table, with the add form for managers."""

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """The table."""
        pool = self.get_place()
        resource = self.get_resource(pool)
        context = self.page_context(pool) | {
            "crumbs": self.rates_crumbs(pool, resource),
            "resource": resource,
            "rates": list(selectors.rates_of(resource)),
            "form": ResourceRateForm(editing=False),
        }
        return render(request, "resources/rates.html", context)


class RateFormView(RatesMixin, FormFlow, View):
    """Add (no ``rate_uid``) or change a dated rate of the resource; managers of the portfolio."""

    submit_label = "Save rates"

    def target(self, place: Scope) -> ResourceRate | None:
        """The dated rate edited, or ``None`` when adding one."""
        self.resource = self.get_resource(place)
        uid = self.kwargs.get("rate_uid")
        return selectors.rate_get(self.request.user, uid, resource=self.resource) if uid else None

    def check(self, place: Scope, target: Any) -> None:
        """Managers of the pool's portfolio only."""
        require_role(self.request.user, place, Role.MANAGER)

    def page_title(self, place: Scope, target: Any) -> str:
        """ "New rates of <resource>" or "Change <rate>"."""
        return f"Change {target}" if target else f"New rates of {self.resource}"

    def build(self, place: Scope, target: Any, data: Any = None) -> forms.Form:
        """The rate form, filled from ``target`` when editing."""
        initial: dict[str, Any] = {}
        if target is not None:
            initial = {
                "version": target.version,
                "effective_from": target.effective_from,
                "standard_rate": target.standard_rate,
                "overtime_rate": target.overtime_rate,
                "cost_per_use": target.cost_per_use,
            }
        return ResourceRateForm(data, initial=initial, editing=target is not None)

    def save(self, place: Scope, target: Any, form: forms.Form) -> ResourceRate:
        """Add or change through the services."""
        assert isinstance(form, ResourceRateForm)  # noqa: S101 - built above
        data = form.data_for_service()
        if target is None:
            return services.resource_rate_create(actor=self.request.user, resource=self.resource, **data)
        return services.resource_rate_update(
            actor=self.request.user, rate=target, data=data, expected_version=form.cleaned_data["version"]
        )

    def done_url(self, place: Scope, saved: Any) -> str:
        """Back to the rate table."""
        return rates_url(place, self.resource)

    def render_form(self, place: Scope, context: dict[str, Any], *, status: int) -> HttpResponse:
        """The form page inside the pool's frame."""
        full = self.page_context(place) | {"crumbs": self.rates_crumbs(place, self.resource)} | context
        return render(self.request, "resources/pool_form.html", full, status=status)


@method_decorator(require_POST, name="dispatch")
class RateDeleteView(RatesMixin, View):
    """Remove a dated rate (managers of the portfolio); the previous rates then hold on."""

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Remove through the service, then back to the rate table with what happened."""
        pool = self.get_place()
        resource = self.get_resource(pool)
        rate = selectors.rate_get(request.user, kwargs["rate_uid"], resource=resource)
        require_role(request.user, pool, Role.MANAGER)
        form = VersionedForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Not removed: the form was incomplete; reload and try again.")
            return HttpResponseRedirect(rates_url(pool, resource))
        try:
            services.resource_rate_delete(
                actor=request.user, rate=rate, expected_version=form.cleaned_data["version"]
            )
        except (StaleVersionError, DomainRuleError, ValidationError) as error:
            messages.error(request, f"Not removed: {error}")
            return HttpResponseRedirect(rates_url(pool, resource))
        messages.success(request, f"Removed the {rate}.")
        return HttpResponseRedirect(rates_url(pool, resource))
