"""Pages of one risk: detail (scores, trend, actions, score history, audit history), edit, close,
reopen, delete; its response actions (add, edit, delete)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST

from pmo.accounts.choices import Role
from pmo.accounts.selectors import require_role
from pmo.core.errors import DomainRuleError, StaleVersionError
from pmo.core.selectors import history_of
from pmo.core.views import Crumb, apply_service_error, stale_notice
from pmo.risks import selectors, services
from pmo.risks.forms import ActionForm, CloseForm, RiskForm, VersionForm
from pmo.risks.heatmap import cell_of
from pmo.risks.matrix import zone_of
from pmo.risks.models import Risk, RiskAction
from pmo.risks.views.common import NodePageMixin, register_url, risk_url

#: Audit records shown on a risk's page.
HISTORY_LIMIT = 50


class RiskPageMixin(NodePageMixin):
    """A page about the risk named by ``uid`` (404 outside the user's view)."""

    def get_risk(self, role: str = Role.VIEWER) -> Risk:
        """The risk; 403 below ``role`` on its node."""
        risk = selectors.risk_get(self.request.user, self.kwargs["uid"])
        require_role(self.request.user, risk.scope, role)
        return risk

    def risk_context(self, risk: Risk, title: str) -> dict[str, Any]:
        """The node's crumbs, then its register, then the risk."""
        scope = selectors.node_scope(self.request.user, "", _node_uid(risk))
        context = self.node_context(scope, title)
        context["crumbs"] = [*context["crumbs"], Crumb("Risks", register_url(scope))]
        return context | {"risk": risk, "register_url": register_url(scope)}


def _task_labels(risk: Risk) -> list[str]:
    labels = dict(selectors.project_task_choices(risk.scope) or []) if risk.task_ids else {}
    return [labels[pk] for pk in risk.task_ids if pk in labels]


def _node_uid(risk: Risk) -> Any:
    return risk.scope.owner.uid


class RiskDetailView(RiskPageMixin):
    """GET: a risk with its scores, zone, trend, response actions and histories."""

    def page(self, risk: Risk, *, action_form: ActionForm | None = None, status: int = 200) -> HttpResponse:
        """The page (with a refused action form)."""
        spec = selectors.effective_matrix(risk.scope)
        context = self.risk_context(risk, risk.title) | {
            "spec": spec,
            "zone": zone_of(risk.current_score, spec),
            "inherent_zone": zone_of(risk.score, spec),
            "residual_zone": zone_of(risk.residual_score, spec) if risk.residual_score is not None else "",
            "trend": selectors.trends([risk.pk])[risk.pk],
            "inherent_cell": cell_of(risk),
            "residual_cell": cell_of(risk, residual=True),
            "actions": list(risk.actions.select_related("owner")),
            "scores": list(selectors.score_history(risk)),
            "records": list(history_of(risk)[:HISTORY_LIMIT]),
            "linked_tasks": _task_labels(risk),
            "action_form": action_form
            or ActionForm(owners=selectors.owner_choices(risk.scope), editing=False),
            "close_form": CloseForm(initial={"version": risk.version}),
        }
        return render(self.request, "risks/detail.html", context, status=status)

    def get(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """The page."""
        return self.page(self.get_risk())


class RiskEditView(RiskPageMixin):
    """GET/POST: change a risk (contributors); a stale version shows who changed what (409)."""

    def build(self, risk: Risk, data: Any = None) -> RiskForm:
        """The form, filled with the stored values and the version read."""
        initial: dict[str, Any] = {name: getattr(risk, name) for name in services.RISK_FIELDS}
        initial["owner"] = risk.owner.username if risk.owner else None
        return RiskForm(
            data,
            initial=initial | {"version": risk.version},
            owners=selectors.owner_choices(risk.scope),
            tasks=selectors.project_task_choices(risk.scope),
        )

    def page(self, risk: Risk, form: RiskForm, *, status: int = 200, stale: Any = None) -> HttpResponse:
        """The form page."""
        context = self.risk_context(risk, f"Edit {risk}") | {
            "form": form,
            "cancel_url": risk_url(risk),
            "stale": stale,
        }
        return render(self.request, "risks/node_form.html", context, status=status)

    def get(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """The form."""
        risk = self.get_risk(Role.CONTRIBUTOR)
        return self.page(risk, self.build(risk))

    def post(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """Save through :func:`~pmo.risks.services.risk_update`; keep the input on any refusal."""
        risk = self.get_risk(Role.CONTRIBUTOR)
        form = self.build(risk, request.POST)
        if form.is_valid():
            try:
                saved = services.risk_update(
                    actor=request.user,
                    risk=risk,
                    data=form.data_for_service(),
                    expected_version=form.cleaned_data["version"],
                )
            except StaleVersionError as error:
                current = self.get_risk()
                return self.page(current, form, status=409, stale=stale_notice(error, current))
            except (DomainRuleError, ValidationError) as error:
                apply_service_error(form, error)
            else:
                messages.success(request, f"Saved the risk {saved}.")
                return HttpResponseRedirect(risk_url(saved))
        return self.page(risk, form, status=400)


@method_decorator(require_POST, name="dispatch")
class RiskCloseView(RiskPageMixin):
    """POST: close a risk with its reason (contributors)."""

    def post(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """Close, or show the page with the refusal (400)."""
        risk = self.get_risk(Role.CONTRIBUTOR)
        form = CloseForm(request.POST)
        if form.is_valid():
            try:
                services.risk_close(
                    actor=request.user,
                    risk=risk,
                    reason=form.cleaned_data["close_reason"],
                    expected_version=form.cleaned_data["version"],
                )
            except StaleVersionError:
                messages.error(request, f"Not closed: {risk} was changed meanwhile; check it and try again.")
            except DomainRuleError as error:
                messages.error(request, f"Not closed: {error.message}")
            else:
                messages.success(request, f"Closed the risk {risk}.")
            return HttpResponseRedirect(risk_url(risk))
        messages.error(request, "Not closed: say why the risk is closed.")
        return HttpResponseRedirect(risk_url(risk))


@method_decorator(require_POST, name="dispatch")
class RiskReopenView(RiskPageMixin):
    """POST: open a closed risk again (contributors)."""

    def post(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """Reopen, then back to the risk."""
        risk = self.get_risk(Role.CONTRIBUTOR)
        form = VersionForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Not reopened: the form lacks the version you read; reload the page.")
            return HttpResponseRedirect(risk_url(risk))
        try:
            services.risk_reopen(actor=request.user, risk=risk, expected_version=form.cleaned_data["version"])
        except (StaleVersionError, DomainRuleError) as error:
            messages.error(request, f"Not reopened: {error}")
        else:
            messages.success(request, f"Reopened the risk {risk}.")
        return HttpResponseRedirect(risk_url(risk))


@method_decorator(require_POST, name="dispatch")
class RiskDeleteView(RiskPageMixin):
    """POST: delete a risk raised by mistake (managers)."""

    def post(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """Delete, then back to the register."""
        risk = self.get_risk(Role.MANAGER)
        form = VersionForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Not deleted: the form lacks the version you read; reload the page.")
            return HttpResponseRedirect(risk_url(risk))
        back = register_url(risk.scope)
        try:
            services.risk_delete(actor=request.user, risk=risk, expected_version=form.cleaned_data["version"])
        except StaleVersionError:
            messages.error(request, f"Not deleted: {risk} was changed meanwhile; check it and try again.")
            return HttpResponseRedirect(risk_url(risk))
        messages.success(request, f"Deleted the risk {risk}.")
        return HttpResponseRedirect(back)


@method_decorator(require_POST, name="dispatch")
class ActionCreateView(RiskDetailView):
    """POST: add a response action (contributors); a refusal shows the risk's page (400)."""

    def post(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """Add it, or show the refusal at its field."""
        risk = self.get_risk(Role.CONTRIBUTOR)
        form = ActionForm(request.POST, owners=selectors.owner_choices(risk.scope), editing=False)
        if form.is_valid():
            try:
                action = services.action_create(actor=request.user, risk=risk, **form.data_for_service())
            except (DomainRuleError, ValidationError) as error:
                apply_service_error(form, error)
            else:
                messages.success(request, f"Added the action {action}.")
                return HttpResponseRedirect(risk_url(risk) + "#actions")
        return self.page(risk, action_form=form, status=400)


class ActionEditView(RiskPageMixin):
    """GET/POST: change a response action, e.g. mark it done (contributors)."""

    def get_action(self, risk: Risk) -> RiskAction:
        """The action of this risk named in the URL (404 otherwise)."""
        return selectors.action_get(self.request.user, self.kwargs["action_uid"], risk=risk)

    def build(self, action: RiskAction, data: Any = None) -> ActionForm:
        """The form with the stored values and the version read."""
        initial = {
            "title": action.title,
            "owner": action.owner.username if action.owner else None,
            "due_date": action.due_date,
            "status": action.status,
            "version": action.version,
        }
        return ActionForm(data, initial=initial, owners=selectors.owner_choices(action.scope))

    def page(self, risk: Risk, form: ActionForm, *, status: int = 200, stale: Any = None) -> HttpResponse:
        """The form page."""
        context = self.risk_context(risk, f"Edit an action of {risk}") | {
            "form": form,
            "cancel_url": risk_url(risk),
            "stale": stale,
        }
        return render(self.request, "risks/node_form.html", context, status=status)

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """The form."""
        risk = self.get_risk()
        action = self.get_action(risk)
        require_role(request.user, risk.scope, Role.CONTRIBUTOR)
        return self.page(risk, self.build(action))

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Save through :func:`~pmo.risks.services.action_update`."""
        risk = self.get_risk()
        action = self.get_action(risk)
        require_role(request.user, risk.scope, Role.CONTRIBUTOR)
        form = self.build(action, request.POST)
        if form.is_valid():
            try:
                services.action_update(
                    actor=request.user,
                    action=action,
                    data=form.data_for_service(),
                    expected_version=form.cleaned_data["version"],
                )
            except StaleVersionError as error:
                current = self.get_action(risk)
                return self.page(risk, form, status=409, stale=stale_notice(error, current))
            except (DomainRuleError, ValidationError) as error:
                apply_service_error(form, error)
            else:
                messages.success(request, f"Saved the action {action}.")
                return HttpResponseRedirect(risk_url(risk) + "#actions")
        return self.page(risk, form, status=400)


@method_decorator(require_POST, name="dispatch")
class ActionDeleteView(ActionEditView):
    """POST: delete a response action (managers)."""

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Delete, then back to the risk."""
        risk = self.get_risk()
        action = self.get_action(risk)
        require_role(request.user, risk.scope, Role.MANAGER)
        form = VersionForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Not deleted: the form lacks the version you read; reload the page.")
            return HttpResponseRedirect(risk_url(risk))
        try:
            services.action_delete(
                actor=request.user, action=action, expected_version=form.cleaned_data["version"]
            )
        except StaleVersionError:
            messages.error(request, f"Not deleted: {action} was changed meanwhile; check it and try again.")
        else:
            messages.success(request, f"Deleted the action {action}.")
        return HttpResponseRedirect(risk_url(risk) + "#actions")
