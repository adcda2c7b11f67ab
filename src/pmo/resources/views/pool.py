"""Pages of a portfolio's resource pool: the list (filter by kind, search, with htmx), and the
create, edit and delete forms for the managers of the portfolio."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.http import require_POST

from pmo.accounts.choices import Role
from pmo.accounts.selectors import has_role, require_role, users_visible
from pmo.core.errors import DomainRuleError, StaleVersionError
from pmo.core.models import Scope
from pmo.core.views import Crumb, render_page
from pmo.quality.forms import VersionedForm
from pmo.resources import selectors, services
from pmo.resources.choices import ResourceKind
from pmo.resources.filtersets import ResourceFilterSet
from pmo.resources.forms import ResourceForm
from pmo.resources.models import Resource
from pmo.resources.views.base import FormFlow

RESOURCE_FORM_FIELDS = (
    "name",
    "kind",
    "is_generic",
    "user",
    "code",
    "initials",
    "email",
    "group",
    "max_units",
    "standard_rate",
    "overtime_rate",
    "cost_per_use",
    "material_label",
)


def pool_url(pool: Scope) -> str:
    """The pool page of the portfolio owning ``pool``."""
    return reverse("resources:pool", kwargs={"uid": pool.portfolio.uid})


class PoolMixin(LoginRequiredMixin):
    """A page about the pool of the portfolio named by ``uid`` (404 when the user cannot see it)."""

    request: HttpRequest
    kwargs: dict[str, Any]

    def get_place(self) -> Scope:
        """The pool, through the scoped selector."""
        return selectors.pool_get(self.request.user, self.kwargs["uid"])

    def crumbs(self, pool: Scope) -> list[Crumb]:
        """Home › the portfolio (when the user may see it) › Resources."""
        trail: list[Crumb] = []
        portfolio = pool.portfolio
        if has_role(self.request.user, pool, Role.VIEWER):
            trail.append(Crumb(portfolio.code, reverse("portfolios:detail", kwargs={"uid": portfolio.uid})))
        trail.append(Crumb("Resources", pool_url(pool)))
        return trail

    def page_context(self, pool: Scope) -> dict[str, Any]:
        """What every pool page shows around its content."""
        return {
            "pool": pool,
            "portfolio": pool.portfolio,
            "crumbs": self.crumbs(pool),
            "can_manage": has_role(self.request.user, pool, Role.MANAGER),
        }


class PoolView(PoolMixin, View):
    """The pool: its resources with kind, max units, rates and number of assignments."""

    template_name = "resources/pool.html"

    def get(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """The list, or only its results for an htmx filter request."""
        pool = self.get_place()
        queryset = selectors.pool_resources(request.user, pool)
        filterset = ResourceFilterSet(request.GET, queryset=queryset, request=request)
        valid = filterset.is_valid()
        context = self.page_context(pool) | {
            "resources": list(filterset.qs if valid else queryset.none()),
            "kind_choices": ResourceKind.choices,
            "selected_kinds": request.GET.getlist("kind"),
            "search": request.GET.get("search", ""),
        }
        return render_page(
            request, self.template_name, context, fragment="results", status=200 if valid else 400
        )


class ResourceFormView(PoolMixin, FormFlow, View):
    """Create (no ``resource_uid``) or edit a resource of the pool; managers of the portfolio."""

    submit_label = "Save resource"

    def target(self, place: Scope) -> Resource | None:
        """The resource edited, or ``None`` when creating."""
        uid = self.kwargs.get("resource_uid")
        return selectors.resource_get(self.request.user, uid, pool=place) if uid else None

    def check(self, place: Scope, target: Any) -> None:
        """Managers of the pool's portfolio only."""
        require_role(self.request.user, place, Role.MANAGER)

    def page_title(self, place: Scope, target: Any) -> str:
        """ "New resource" or "Edit <name>"."""
        return f"Edit {target}" if target else f"New resource in the pool of {place.portfolio.code}"

    def build(self, place: Scope, target: Any, data: Any = None) -> forms.Form:
        """The resource form, filled from ``target`` when editing."""
        initial: dict[str, Any] = {}
        if target is not None:
            initial = {name: getattr(target, name) for name in RESOURCE_FORM_FIELDS if name != "user"}
            initial |= {"version": target.version, "user": target.user_id}
        people = users_visible(self.request.user).order_by("first_name", "last_name", "username")
        return ResourceForm(data, initial=initial, people=people, editing=target is not None)

    def save(self, place: Scope, target: Any, form: forms.Form) -> Resource:
        """Create or update through the services."""
        assert isinstance(form, ResourceForm)  # noqa: S101 - built above
        data = form.data_for_service()
        if target is None:
            return services.resource_create(actor=self.request.user, pool=place, **data)
        return services.resource_update(
            actor=self.request.user, resource=target, data=data, expected_version=form.cleaned_data["version"]
        )

    def done_url(self, place: Scope, saved: Any) -> str:
        """Back to the pool."""
        return pool_url(place)

    def render_form(self, place: Scope, context: dict[str, Any], *, status: int) -> HttpResponse:
        """The form page inside the pool's frame."""
        full = self.page_context(place) | context
        return render(self.request, "resources/pool_form.html", full, status=status)


@method_decorator(require_POST, name="dispatch")
class ResourceDeleteView(PoolMixin, View):
    """Delete a resource no task uses (managers of the portfolio)."""

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Delete through the service, then back to the pool with what happened."""
        pool = self.get_place()
        resource = selectors.resource_get(request.user, kwargs["resource_uid"], pool=pool)
        require_role(request.user, pool, Role.MANAGER)
        form = VersionedForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Not deleted: the form was incomplete; reload and try again.")
            return HttpResponseRedirect(pool_url(pool))
        try:
            services.resource_delete(
                actor=request.user, resource=resource, expected_version=form.cleaned_data["version"]
            )
        except (StaleVersionError, DomainRuleError, ValidationError) as error:
            messages.error(request, f"Not deleted: {error}")
            return HttpResponseRedirect(pool_url(pool))
        messages.success(request, f"Deleted the resource {resource}.")
        return HttpResponseRedirect(pool_url(pool))
