"""The user's what-if scenarios: ``capacity/scenarios/`` lists them and keeps a new or changed one
(POST; ``scenario`` names the one changed), ``capacity/scenarios/delete/`` deletes one.

Moves are typed one per line as ``CODE +DAYS`` (``PRJ-7 +30``, ``PRJ-9 -14``)."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views import View

from pmo.capacity import selectors, services
from pmo.capacity.models import Scenario
from pmo.core.errors import DomainRuleError, StaleVersionError
from pmo.core.views import Crumb, apply_service_error
from pmo.projects.selectors import projects_visible

MOVE = re.compile(r"^\s*(?P<code>\S+)\s+(?P<days>[+-]?\d+)\s*$")


class ScenarioForm(forms.Form):
    """Name, projects to add, moves."""

    scenario = forms.UUIDField(required=False, widget=forms.HiddenInput)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(max_length=100)
    added = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label="Add proposed projects"
    )
    moves = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Move projects",
        help_text="One per line: the project code and a shift in days, e.g. PRJ-7 +30 or PRJ-9 -14.",
    )

    def __init__(self, *args: Any, addable: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["added"]
        if isinstance(field, forms.MultipleChoiceField):
            field.choices = [(str(p.uid), f"{p.code} · {p.name} ({p.get_state_display()})") for p in addable]


def parse_moves(user: Any, text: str) -> dict[str, int]:
    """``CODE +DAYS`` lines → ``{project uid: days}`` (a :class:`DomainRuleError` names the line)."""
    wanted: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = MOVE.match(line)
        if match is None:
            raise DomainRuleError(f"Line {number}: write a project code and a shift in days.", field="moves")
        wanted[match["code"]] = int(match["days"])
    found = dict(projects_visible(user).filter(code__in=list(wanted)).values_list("code", "uid"))
    for code in wanted:
        if code not in found:
            raise DomainRuleError(f"No project {code} you may see.", field="moves")
    return {str(found[code]): days for code, days in wanted.items()}


def moves_text(scenario: Scenario, codes: dict[str, str]) -> str:
    """A scenario's moves as the form shows them."""
    return "\n".join(f"{codes.get(uid, uid)} {days:+d}" for uid, days in scenario.moves.items())


class ScenariosView(LoginRequiredMixin, View):
    """GET: the user's scenarios and the form (``?edit=<uid>`` fills it); POST: keep one."""

    template_name = "capacity/scenarios.html"

    def form(self, data: Any = None, initial: dict[str, Any] | None = None) -> ScenarioForm:
        """The scenario form with the projects the user may add."""
        addable = list(selectors.addable_projects(self.request.user))
        return ScenarioForm(data, initial=initial or {}, addable=addable)

    def render_page(self, form: ScenarioForm, status: int = 200) -> HttpResponse:
        """The list and the form."""
        scenarios = list(selectors.scenarios_of(self.request.user))
        context = {
            "form": form,
            "scenarios": scenarios,
            "crumbs": [
                Crumb("Capacity", reverse("capacity:page")),
                Crumb("Scenarios", reverse("capacity:scenarios")),
            ],
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        """The page; ``edit`` names a scenario to change."""
        initial: dict[str, Any] = {}
        if request.GET.get("edit"):
            try:
                scenario = selectors.scenario_get(request.user, request.GET["edit"])
            except ValueError:
                raise Http404("No such scenario.") from None
            codes = {
                str(uid): code
                for uid, code in projects_visible(request.user)
                .filter(uid__in=list(scenario.moves))
                .values_list("uid", "code")
            }
            initial = {
                "scenario": scenario.uid,
                "version": scenario.version,
                "name": scenario.name,
                "added": scenario.added,
                "moves": moves_text(scenario, codes),
            }
        return self.render_page(self.form(initial=initial))

    def post(self, request: HttpRequest) -> HttpResponse:
        """Keep a new scenario, or change the one named by ``scenario``."""
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render_page(form, status=400)
        data = form.cleaned_data
        try:
            moves = parse_moves(request.user, data["moves"])
            if data["scenario"]:
                scenario = selectors.scenario_get(request.user, data["scenario"])
                saved = services.scenario_update(
                    actor=request.user,
                    scenario=scenario,
                    data={"name": data["name"], "added": data["added"], "moves": moves},
                    expected_version=data["version"],
                )
            else:
                saved = services.scenario_create(
                    actor=request.user, name=data["name"], added=data["added"], moves=moves
                )
        except StaleVersionError:
            form.add_error(None, "Someone changed this scenario meanwhile (in another tab?); reload it.")
            return self.render_page(form, status=409)
        except DomainRuleError as error:
            apply_service_error(form, error)
            return self.render_page(form, status=400)
        messages.success(request, f"Scenario {saved.name} kept.")
        return HttpResponseRedirect(f"{reverse('capacity:page')}?scenario={saved.uid}")


class ScenarioDeleteView(LoginRequiredMixin, View):
    """POST ``scenario`` (its uid) and ``version``: delete one of the user's scenarios."""

    def post(self, request: HttpRequest) -> HttpResponse:
        """Delete and go back to the list."""
        try:
            scenario = selectors.scenario_get(request.user, request.POST.get("scenario", ""))
        except (ValueError, Http404):
            return HttpResponse("scenario: no scenario of yours has that id.", status=400)
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            return HttpResponse("version: give the version you read.", status=400)
        try:
            services.scenario_delete(actor=request.user, scenario=scenario, expected_version=version)
        except StaleVersionError:
            return HttpResponse("Someone changed this scenario meanwhile; reload it.", status=409)
        messages.success(request, f"Scenario {scenario.name} deleted.")
        return HttpResponseRedirect(reverse("capacity:scenarios"))
