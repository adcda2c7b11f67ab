"""Pages of governance: the tolerances of a project (its Tolerances section) or program, the
Exceptions page (what awaits the user's decision, their notifications), one exception with its
acknowledge, decide and close actions. Roles: ``docs/authz/governance.yaml``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views import View

from pmo.accounts.choices import Role
from pmo.accounts.selectors import require_role
from pmo.accounts.views import ScopeRoleMixin
from pmo.core.errors import DomainRuleError, StaleVersionError
from pmo.core.models import Scope
from pmo.core.selectors import history_of
from pmo.core.views import apply_service_error
from pmo.governance import selectors, services
from pmo.governance.choices import AWAITING, Dimension, ExceptionStatus
from pmo.governance.forms import DecideForm, ToleranceForm, VersionForm
from pmo.governance.models import Tolerance, ToleranceException
from pmo.governance.services.common import may_govern, require_level_above
from pmo.programs.selectors import program_get
from pmo.projects.models import Project
from pmo.projects.workspace import ProjectSectionView

SERVICE_ERRORS = (DomainRuleError, ValidationError)


def node_url(scope: Scope) -> str:
    """The tolerances page of a project or program scope."""
    return reverse(f"governance:{scope.kind}", kwargs={"uid": scope.owner.uid})


def tolerance_rows(user: Any, scope: Scope) -> list[dict[str, Any]]:
    """One row per dimension: its label and the tolerance set for it (or ``None``)."""
    by_dimension = {t.dimension: t for t in selectors.tolerances_of(user, scope)}
    return [
        {"key": key, "label": label, "tolerance": by_dimension.get(key)} for key, label in Dimension.choices
    ]


def tolerances_context(
    request: HttpRequest, scope: Scope, form: ToleranceForm | None = None
) -> dict[str, Any]:
    """What ``governance/_tolerances.html`` shows."""
    return {
        "scope": scope,
        "rows": tolerance_rows(request.user, scope),
        "exceptions": list(selectors.exceptions_of(request.user, scope)[:50]),
        "may_govern": may_govern(request.user, scope),
        "form": form or ToleranceForm(initial={"active": True}),
        "above": scope.parent.owner if scope.parent is not None else None,
    }


def set_tolerance(request: HttpRequest, scope: Scope) -> tuple[ToleranceForm, int | None]:
    """Handle the tolerance form: ``(form, None)`` when saved, else the form and the status to answer."""
    require_level_above(request.user, scope, doing="setting a tolerance")
    form = ToleranceForm(request.POST)
    if not form.is_valid():
        return form, 400
    try:
        services.tolerance_set(
            actor=request.user,
            scope=scope,
            dimension=form.cleaned_data["dimension"],
            data=form.changes(),
            expected_version=form.cleaned_data["version"],
        )
    except StaleVersionError as error:
        form.add_error(None, f"{error}.")
        return form, 409
    except SERVICE_ERRORS as error:
        apply_service_error(form, error)
        return form, 400
    messages.success(
        request, f"Saved the {Dimension(form.cleaned_data['dimension']).label.lower()} tolerance."
    )
    return form, None


class ProjectTolerancesView(ProjectSectionView):
    """GET: the project's tolerances and exceptions; POST: set a tolerance (managers of the level above)."""

    section = "tolerances"
    template_name = "governance/project.html"

    def page(self, project: Project, form: ToleranceForm | None = None, status: int = 200) -> HttpResponse:
        """Render the section."""
        return self.render_section(
            project, tolerances_context(self.request, project.scope, form), status=status
        )

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Show the tolerances."""
        return self.page(self.get_project())

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Set a tolerance, or show the form with the refusal at its field (nothing written)."""
        project = self.get_project()
        form, status = set_tolerance(request, project.scope)
        if status is None:
            return HttpResponseRedirect(node_url(project.scope))
        return self.page(project, form, status=status)


class ProgramTolerancesView(ScopeRoleMixin, LoginRequiredMixin, View):
    """GET: the program's tolerances and exceptions; POST: set a tolerance (portfolio managers)."""

    def page(self, program: Any, form: ToleranceForm | None = None, status: int = 200) -> HttpResponse:
        """Render the page."""
        context = tolerances_context(self.request, program.scope, form) | {
            "node": program,
            "crumbs": self.crumbs(program),
            "node_url": reverse("programs:detail", kwargs={"uid": program.uid}),
        }
        return render(self.request, "governance/program.html", context, status=status)

    def get_program(self) -> Any:
        """The program of the URL (404 outside the user's scope)."""
        program = program_get(self.request.user, self.kwargs["uid"])
        require_role(self.request.user, program.scope, Role.VIEWER)
        return program

    def get(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """Show the tolerances."""
        return self.page(self.get_program())

    def post(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """Set a tolerance, or show the form with the refusal at its field (nothing written)."""
        program = self.get_program()
        form, status = set_tolerance(request, program.scope)
        if status is None:
            return HttpResponseRedirect(node_url(program.scope))
        return self.page(program, form, status=status)


class ToleranceDeleteView(LoginRequiredMixin, View):
    """POST: remove a tolerance (managers of the level above)."""

    def post(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """Remove it and go back to its project or program."""
        tolerance: Tolerance = selectors.tolerance_get(request.user, uid)
        require_level_above(request.user, tolerance.scope, doing="removing a tolerance")
        form = VersionForm(request.POST)
        if not form.is_valid():
            messages.error(request, "The tolerance could not be removed: its version is missing.")
            return HttpResponseRedirect(node_url(tolerance.scope))
        try:
            services.tolerance_delete(
                actor=request.user, tolerance=tolerance, expected_version=form.cleaned_data["version"]
            )
        except StaleVersionError as error:
            messages.error(request, f"{error}.")
            return HttpResponseRedirect(node_url(tolerance.scope), status=409)
        messages.success(request, f"Removed the {tolerance.get_dimension_display().lower()} tolerance.")
        return HttpResponseRedirect(node_url(tolerance.scope))


class ExceptionListView(LoginRequiredMixin, View):
    """GET: the exceptions awaiting the user's decision, every live one they can see, their notifications."""

    def get(self, request: HttpRequest) -> HttpResponse:
        """The page."""
        visible = selectors.exceptions_visible(request.user)
        notifications = selectors.notifications_of(request.user)
        context = {
            "awaiting": list(selectors.exceptions_addressed_to(request.user)[:100]),
            "live": list(visible.exclude(status=ExceptionStatus.CLOSED)[:100]),
            "notifications": list(notifications[:30]),
            "unread": notifications.filter(read_at__isnull=True).count(),
        }
        return render(request, "governance/exceptions.html", context)


class NotificationsReadView(LoginRequiredMixin, View):
    """POST: mark the user's notifications as read."""

    def post(self, request: HttpRequest) -> HttpResponse:
        """Mark them and go back to the Exceptions page."""
        count = services.notifications_mark_read(actor=request.user)
        messages.success(request, f"Marked {count} notification(s) as read.")
        return HttpResponseRedirect(reverse("governance:exceptions"))


class ExceptionView(LoginRequiredMixin, View):
    """GET: one exception, its measurement, decision and history, with the actions of the level above."""

    def page(
        self, exception: ToleranceException, decide: DecideForm | None = None, status: int = 200
    ) -> HttpResponse:
        """Render the page."""
        context = {
            "exception": exception,
            "owner": exception.scope.owner,
            "above": exception.escalated_to.owner,
            "node_url": node_url(exception.scope),
            "may_govern": may_govern(self.request.user, exception.scope),
            "awaiting": exception.status in AWAITING,
            "decide_form": decide or DecideForm(initial={"version": exception.version}),
            "history": history_of(exception)[:50],
        }
        return render(self.request, "governance/exception.html", context, status=status)

    def get_exception(self) -> ToleranceException:
        """The exception of the URL (404 outside the user's scope)."""
        return selectors.exception_get(self.request.user, self.kwargs["uid"])

    def get(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """Show it."""
        return self.page(self.get_exception())


class _ExceptionActionView(ExceptionView):
    """POST-only step of an exception (acknowledge, close): version form, service, redirect."""

    doing = ""
    done = ""
    http_method_names = ["post", "options"]

    def perform(self, exception: ToleranceException, version: int) -> Any:
        """Call the service."""
        raise NotImplementedError

    def post(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """Run the step, or show the page with the refusal."""
        exception = self.get_exception()
        require_level_above(request.user, exception.scope, doing=self.doing)
        form = VersionForm(request.POST)
        if not form.is_valid():
            messages.error(request, "The version you read is missing: reload the page and try again.")
            return self.page(exception, status=400)
        try:
            self.perform(exception, form.cleaned_data["version"])
        except StaleVersionError as error:
            messages.error(request, f"{error}.")
            return self.page(exception, status=409)
        except DomainRuleError as error:
            messages.error(request, error.message)
            return self.page(exception, status=400)
        messages.success(request, self.done)
        return HttpResponseRedirect(reverse("governance:exception", kwargs={"uid": exception.uid}))


class ExceptionAcknowledgeView(_ExceptionActionView):
    """POST: acknowledge an open exception."""

    doing = "acknowledging an exception"
    done = "Acknowledged the exception."

    def perform(self, exception: ToleranceException, version: int) -> Any:
        """:func:`~pmo.governance.services.exception_acknowledge`."""
        return services.exception_acknowledge(
            actor=self.request.user, exception=exception, expected_version=version
        )


class ExceptionCloseView(_ExceptionActionView):
    """POST: close a decided exception."""

    doing = "closing an exception"
    done = "Closed the exception."

    def perform(self, exception: ToleranceException, version: int) -> Any:
        """:func:`~pmo.governance.services.exception_close`."""
        return services.exception_close(
            actor=self.request.user, exception=exception, expected_version=version
        )


class ExceptionDecideView(ExceptionView):
    """POST: record the decision of the level above."""

    http_method_names = ["post", "options"]

    def post(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """Record it, or show the form with the refusal at its field (nothing written)."""
        exception = self.get_exception()
        require_level_above(request.user, exception.scope, doing="deciding an exception")
        form = DecideForm(request.POST)
        if form.is_valid():
            try:
                services.exception_decide(
                    actor=request.user,
                    exception=exception,
                    kind=form.cleaned_data["decision_kind"],
                    decision=form.cleaned_data["decision"],
                    expected_version=form.cleaned_data["version"],
                )
            except StaleVersionError as error:
                form.add_error(None, f"{error}.")
                return self.page(exception, form, status=409)
            except SERVICE_ERRORS as error:
                apply_service_error(form, error)
            else:
                messages.success(request, "Recorded the decision.")
                return HttpResponseRedirect(reverse("governance:exception", kwargs={"uid": exception.uid}))
        return self.page(exception, form, status=400)
