"""The flow every form page of the app shares: GET shows the form, POST saves through a service and
goes on; a stale version answers 409 with "who changed what" and the user's input kept, a domain
refusal 400 with the service's message at the field it names."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from pmo.core.errors import DomainRuleError, StaleVersionError
from pmo.core.views import apply_service_error, stale_notice


class FormFlow:
    """Hooks (``place`` is the pool or the project the page is about):

    ``get_place()`` reads it through a scoped selector (404); ``target(place)`` fetches the edited
    object (404) or ``None`` when creating; ``check(place, target)`` raises 403; ``build(place,
    target, data)`` makes the form; ``save(place, target, form)`` calls the service;
    ``done_url``/``cancel_url`` say where to go; ``render_form`` draws the page.
    """

    request: HttpRequest
    title: ClassVar[str] = ""
    submit_label: ClassVar[str] = "Save"
    field_aliases: ClassVar[dict[str, str]] = {}
    """A service's field name → the form field that holds it (``work_minutes`` → ``work_hours``)."""

    def get_place(self) -> Any:
        """The pool or project named in the URL (404 outside the user's scope)."""
        raise NotImplementedError

    def target(self, place: Any) -> Any:
        """The object edited, or ``None`` for a create form."""
        return None

    def check(self, place: Any, target: Any) -> None:
        """Raise ``PermissionDenied`` unless the user may use this form."""
        raise NotImplementedError

    def build(self, place: Any, target: Any, data: Any = None) -> forms.Form:
        """The form (bound to ``data`` on POST)."""
        raise NotImplementedError

    def save(self, place: Any, target: Any, form: forms.Form) -> Any:
        """Call the service; return the saved object."""
        raise NotImplementedError

    def done_url(self, place: Any, saved: Any) -> str:
        """Where a successful POST goes."""
        raise NotImplementedError

    def cancel_url(self, place: Any, target: Any) -> str:
        """Where "Cancel" leads."""
        return self.done_url(place, target)

    def page_title(self, place: Any, target: Any) -> str:
        """The heading of the form."""
        return self.title.format(target=target)

    def render_form(self, place: Any, context: dict[str, Any], *, status: int) -> HttpResponse:
        """Draw the form page with ``context``."""
        raise NotImplementedError

    def show(
        self, place: Any, target: Any, form: forms.Form, *, status: int = 200, stale: Any = None
    ) -> HttpResponse:
        """The form page."""
        context = {
            "form": form,
            "target": target,
            "title": self.page_title(place, target),
            "submit_label": self.submit_label,
            "cancel_url": self.cancel_url(place, target),
            "stale": stale,
            "verbose_name": getattr(getattr(target, "_meta", None), "verbose_name", "record"),
        }
        return self.render_form(place, context, status=status)

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Show the form (with the stored values and the version read when editing)."""
        place = self.get_place()
        target = self.target(place)
        self.check(place, target)
        return self.show(place, target, self.build(place, target))

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Validate, save through the service, then go on; keep the input on any refusal."""
        place = self.get_place()
        target = self.target(place)
        self.check(place, target)
        form = self.build(place, target, request.POST)
        if not form.is_valid():
            return self.show(place, target, form, status=400)
        try:
            saved = self.save(place, target, form)
        except StaleVersionError as error:
            current = self.target(place)
            data = request.POST.copy()
            data["version"] = str(current.version)
            fresh = self.build(place, current, data)
            fresh.is_valid()
            return self.show(place, current, fresh, status=409, stale=stale_notice(error, current))
        except (DomainRuleError, ValidationError) as error:
            if isinstance(error, DomainRuleError) and error.field in self.field_aliases:
                error = DomainRuleError(error.message, field=self.field_aliases[error.field])
            apply_service_error(form, error)
            return self.show(place, target, form, status=400)
        messages.success(request, f"Saved {saved}.")
        return HttpResponseRedirect(self.done_url(place, saved))
