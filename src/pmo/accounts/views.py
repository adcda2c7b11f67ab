"""Sign-in and sign-out, personal API tokens, the Members tab, and the role checks of every page.

:class:`ScopeRoleMixin` implements the role hooks that the generic hierarchy views of
``pmo.core.views`` declare (core cannot import accounts), so every level checks roles one way.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from pmo.accounts import throttle
from pmo.accounts.choices import ROLE_RANK, Role
from pmo.accounts.forms import (
    GrantForm,
    LoginForm,
    MembershipVersionForm,
    RoleForm,
    TokenForm,
    grantable_roles,
)
from pmo.accounts.models import Membership
from pmo.accounts.selectors import (
    api_tokens_of,
    has_role,
    is_pmo_admin,
    membership_paths,
    memberships_visible,
    require_role,
    role_on,
    teams_visible,
    users_visible,
    visible_scopes,
)
from pmo.accounts.services import (
    membership_change_role,
    membership_grant,
    membership_revoke,
    token_create,
    token_revoke,
)
from pmo.core.errors import DomainRuleError, StaleVersionError
from pmo.core.models import Scope
from pmo.core.selectors import get_visible
from pmo.core.views import Crumb, NodeViewMixin

logger = logging.getLogger("pmo.security")

KIND_NAMESPACES = {"portfolio": "portfolios", "program": "programs", "project": "projects"}


def node_url(node: Any) -> str:
    """The workspace URL of a portfolio, program or project."""
    return reverse(f"{KIND_NAMESPACES[node.scope.kind]}:detail", kwargs={"uid": node.uid})


def scope_crumb(scope: Scope) -> Crumb:
    """A link to the node that owns ``scope`` (its reverse relation must be loaded)."""
    owner = scope.owner
    return Crumb(
        label=owner.name, url=reverse(f"{KIND_NAMESPACES[scope.kind]}:detail", kwargs={"uid": owner.uid})
    )


def parent_path(scope: Scope) -> str:
    """The materialised path of a scope's parent ("" for a root)."""
    parts = scope.path.strip("/").split("/")
    return "/" + "/".join(parts[:-1]) + "/" if len(parts) > 1 else ""


class ScopeRoleMixin:
    """Role checks on the node a page is about (implements the hooks of ``NodeViewMixin``)."""

    request: HttpRequest

    def role_label(self, obj: Any) -> str:
        """The user's effective role on the node, for display."""
        role = role_on(self.request.user, obj.scope)
        return str(Role(role).label) if role else ""

    def can_manage(self, obj: Any) -> bool:
        """Manager (or PMO administrator) on the node."""
        return has_role(self.request.user, obj.scope, Role.MANAGER)

    def check_manage(self, obj: Any) -> None:
        """403 unless manager on the node."""
        require_role(self.request.user, obj.scope, Role.MANAGER)

    def can_delete(self, obj: Any) -> bool:
        """Manager of the parent (a top-level portfolio: PMO administrators only)."""
        parent = obj.scope.parent
        if parent is None:
            return is_pmo_admin(self.request.user)
        return has_role(self.request.user, parent, Role.MANAGER)

    def check_delete(self, obj: Any) -> None:
        """403 unless the user may delete the node."""
        if not self.can_delete(obj):
            raise PermissionDenied(f"deleting this {obj.scope.kind} needs the manager role on its parent")

    def sees_path(self, path: str) -> bool:
        """True when the scope at ``path`` is visible to the user (no query: memberships are cached)."""
        if not path:
            return False
        user = self.request.user
        return is_pmo_admin(user) or any(path.startswith(prefix) for prefix in membership_paths(user))

    def parent_crumb(self, obj: Any, parent: Any) -> Crumb | None:
        """A link to ``parent`` (the node holding ``obj``) if the user may see it."""
        if parent is None or not self.sees_path(parent_path(obj.scope)):
            return None
        return Crumb(label=parent.name, url=node_url(parent))

    def crumbs(self, obj: Any) -> list[Crumb]:
        """Breadcrumbs through the ancestors the user can see (one query)."""
        ancestor_ids = obj.scope.ancestor_ids()[:-1]
        if not ancestor_ids:
            return []
        scopes = (
            visible_scopes(self.request.user)
            .filter(id__in=ancestor_ids)
            .select_related("portfolio", "program")
        )
        return [scope_crumb(scope) for scope in sorted(scopes, key=lambda scope: len(scope.path))]

    def managed_scopes(self, kinds: tuple[str, ...]) -> list[Scope]:
        """Visible scopes of the given kinds where the user is a manager, in tree order."""
        scopes = (
            visible_scopes(self.request.user).filter(kind__in=kinds).select_related("portfolio", "program")
        )
        user = self.request.user
        return sorted(
            (scope for scope in scopes if has_role(user, scope, Role.MANAGER)),
            key=lambda scope: [int(part) for part in scope.path.strip("/").split("/")],
        )

    def check_create_under(self, scope: Scope | None) -> None:
        """403 unless the user may create a node under ``scope`` (``None``: top level, admins only)."""
        if scope is None:
            if not is_pmo_admin(self.request.user):
                raise PermissionDenied("only a PMO administrator can create top-level portfolios")
            return
        require_role(self.request.user, scope, Role.MANAGER)

    def owners(self) -> QuerySet[Any]:
        """People the user may choose as an owner (those they can see)."""
        return users_visible(self.request.user).order_by("first_name", "last_name", "username")


def destination_label(scope: Scope) -> str:
    """``Program: PRG-01 Customer platform`` indented by depth, for a move destination list."""
    owner = scope.owner
    depth = scope.path.count("/") - 2
    return f"{'\u2003' * depth}{scope.get_kind_display()}: {owner.code} {owner.name}"


class NodeMembersMixin(ScopeRoleMixin, NodeViewMixin):
    """The Members tab: direct and inherited memberships, and the manager's grant form."""

    def grant_form(self, obj: Any, data: Any = None) -> GrantForm:
        """The grant form, offering only roles up to the user's own."""
        user = self.request.user
        return GrantForm(
            data,
            users=users_visible(user).order_by("first_name", "last_name", "username"),
            teams=teams_visible(user).order_by("name"),
            roles=grantable_roles(role_on(user, obj.scope)),
        )

    def members_context(self, obj: Any, grant_form: GrantForm | None = None, **extra: Any) -> dict[str, Any]:
        """Rows of the Members tab (direct first, then inherited from above)."""
        user = self.request.user
        scope = obj.scope
        can_manage = self.can_manage(obj)
        roles = grantable_roles(role_on(user, scope))
        own_rank = ROLE_RANK.get(role_on(user, scope) or "", 0)
        memberships = (
            memberships_visible(user)
            .filter(scope_id__in=scope.ancestor_ids())
            .select_related("scope__portfolio", "scope__program", "scope__project")
        )
        rows = []
        for membership in memberships:
            direct = membership.scope_id == scope.pk
            editable = direct and can_manage and ROLE_RANK[membership.role] <= own_rank
            prefix = f"m-{membership.uid}"
            kwargs = {"uid": obj.uid, "membership_uid": membership.uid}
            rows.append(
                {
                    "membership": membership,
                    "who": membership.user or membership.team,
                    "is_team": membership.team_id is not None,
                    "direct": direct,
                    "source": None if direct else scope_crumb(membership.scope),
                    "editable": editable,
                    "role_form": RoleForm(
                        prefix=prefix,
                        roles=roles,
                        initial={"role": membership.role, "version": membership.version},
                    )
                    if editable
                    else None,
                    "revoke_form": MembershipVersionForm(
                        prefix=prefix, initial={"version": membership.version}
                    )
                    if editable
                    else None,
                    "edit_url": reverse(f"{self.namespace}:member_edit", kwargs=kwargs),
                    "revoke_url": reverse(f"{self.namespace}:member_revoke", kwargs=kwargs),
                }
            )
        rows.sort(
            key=lambda row: (not row["direct"], -ROLE_RANK[row["membership"].role], str(row["who"]).lower())
        )
        context = {
            "member_rows": rows,
            "grant_form": (grant_form or self.grant_form(obj)) if can_manage else None,
            "grant_url": reverse(f"{self.namespace}:members", kwargs={"uid": obj.uid}),
        }
        return context | extra

    def get_membership(self, obj: Any) -> Membership:
        """A membership directly on this node (404 otherwise)."""
        queryset = memberships_visible(self.request.user).filter(scope=obj.scope)
        return get_visible(queryset, uid=self.kwargs["membership_uid"])

    def members_url(self, obj: Any) -> str:
        """The Members tab of the node."""
        return reverse(f"{self.namespace}:members", kwargs={"uid": obj.uid})


class NodeMembersView(NodeMembersMixin, View):
    """List memberships (GET) and grant a role to a person or a team (POST, managers)."""

    def get(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """Show the Members tab."""
        obj = self.get_object()
        return self.render_tab(obj, "members", self.members_context(obj))

    def post(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """Grant a role through the service."""
        obj = self.get_object()
        self.check_manage(obj)
        form = self.grant_form(obj, request.POST)
        if form.is_valid():
            try:
                membership = membership_grant(
                    actor=request.user,
                    scope=obj.scope,
                    role=form.cleaned_data["role"],
                    user=form.cleaned_data["user"],
                    team=form.cleaned_data["team"],
                )
            except (DomainRuleError, ValidationError) as error:
                _form_error(form, error)
            else:
                messages.success(request, f"{membership} on {obj}.")
                return HttpResponseRedirect(self.members_url(obj))
        return self.render_tab(obj, "members", self.members_context(obj, grant_form=form), status=400)


@method_decorator(require_POST, name="dispatch")
class NodeMemberEditView(NodeMembersMixin, View):
    """Change the role of a membership on this node (managers; never above their own role)."""

    def post(self, request: HttpRequest, uid: Any, membership_uid: Any) -> HttpResponse:
        """Change the role through the service."""
        obj = self.get_object()
        membership = self.get_membership(obj)
        self.check_manage(obj)
        form = RoleForm(
            request.POST,
            prefix=f"m-{membership.uid}",
            roles=grantable_roles(role_on(request.user, obj.scope)),
        )
        if not form.is_valid():
            return self._error(
                obj,
                "; ".join(f"{name}: {' '.join(str(e) for e in errs)}" for name, errs in form.errors.items()),
                400,
            )
        try:
            updated = membership_change_role(
                actor=request.user,
                membership=membership,
                role=form.cleaned_data["role"],
                expected_version=form.cleaned_data["version"],
            )
        except StaleVersionError as error:
            return self._error(obj, f"Not changed: {error}.", 409)
        except (DomainRuleError, ValidationError) as error:
            return self._error(obj, f"Not changed: {_message(error)}.", 400)
        messages.success(
            request, f"{updated.user or updated.team} is now {updated.get_role_display().lower()}."
        )
        return HttpResponseRedirect(self.members_url(obj))

    def _error(self, obj: Any, message: str, status: int) -> HttpResponse:
        return self.render_tab(obj, "members", self.members_context(obj, member_error=message), status=status)


@method_decorator(require_POST, name="dispatch")
class NodeMemberRevokeView(NodeMembersMixin, View):
    """Remove a membership from this node (managers; never one with a higher role than theirs)."""

    def post(self, request: HttpRequest, uid: Any, membership_uid: Any) -> HttpResponse:
        """Revoke through the service."""
        obj = self.get_object()
        membership = self.get_membership(obj)
        self.check_manage(obj)
        form = MembershipVersionForm(request.POST, prefix=f"m-{membership.uid}")
        message = ""
        status = 400
        if form.is_valid():
            try:
                membership_revoke(
                    actor=request.user, membership=membership, expected_version=form.cleaned_data["version"]
                )
            except StaleVersionError as error:
                message, status = f"Not removed: {error}.", 409
            except (DomainRuleError, ValidationError) as error:
                message = f"Not removed: {_message(error)}."
            else:
                messages.success(request, f"Removed {membership.user or membership.team} from {obj}.")
                return HttpResponseRedirect(self.members_url(obj))
        else:
            message = "Not removed: the form was incomplete; reload the page and try again."
        return self.render_tab(obj, "members", self.members_context(obj, member_error=message), status=status)


def _message(error: Exception) -> str:
    if isinstance(error, DomainRuleError):
        return error.message
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def _form_error(form: GrantForm, error: Exception) -> None:
    if isinstance(error, DomainRuleError) and error.field in form.fields:
        form.add_error(error.field, error.message)
    else:
        form.add_error(None, _message(error))


def safe_next(request: HttpRequest, candidate: str | None) -> str:
    """``candidate`` if it is a local URL, else the home page (no open redirects)."""
    if candidate and url_has_allowed_host_and_scheme(
        url=candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@method_decorator([sensitive_post_parameters("password"), csrf_protect, never_cache], name="dispatch")
class LoginView(View):
    """Sign in with a session; failed attempts are throttled per username and per address."""

    template_name = "accounts/login.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        """The sign-in form (a signed-in user goes straight on)."""
        next_url = request.GET.get("next", "")
        if request.user.is_authenticated:
            return HttpResponseRedirect(safe_next(request, next_url))
        return render(request, self.template_name, {"form": LoginForm(), "next": next_url})

    def post(self, request: HttpRequest) -> HttpResponse:
        """Check the throttle first, then the password; rotate the session on success."""
        next_url = request.POST.get("next", "")
        form = LoginForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form, "next": next_url}, status=400)
        username = form.cleaned_data["username"]
        address = throttle.client_address(request)
        if throttle.is_locked_out(username, address):
            logger.warning("login refused (locked out): %s from %s", username, address)
            minutes = max(1, settings.PMO_LOGIN_LOCKOUT_SECONDS // 60)
            context = {
                "form": LoginForm(initial={"username": username}),
                "next": next_url,
                "locked_minutes": minutes,
            }
            return render(request, self.template_name, context, status=429)
        user = authenticate(request, username=username, password=form.cleaned_data["password"])
        if user is None:
            throttle.record_failure(username, address)
            logger.warning("failed login: %s from %s", username, address)
            form.add_error(None, "The username or the password is wrong. Both are case-sensitive.")
            return render(request, self.template_name, {"form": form, "next": next_url}, status=400)
        throttle.clear_failures(username)
        login(request, user)
        return HttpResponseRedirect(safe_next(request, next_url))


@require_POST
@csrf_protect
def logout_view(request: HttpRequest) -> HttpResponse:
    """Sign out (POST only, so a link or an image cannot sign anyone out)."""
    logout(request)
    messages.info(request, "You are signed out.")
    return HttpResponseRedirect(reverse("accounts:login"))


class TokensView(LoginRequiredMixin, View):
    """The user's own API tokens: list them and create one (its secret is shown once)."""

    template_name = "accounts/tokens.html"

    def context(self, form: TokenForm, **extra: Any) -> dict[str, Any]:
        """Tokens of the signed-in user only."""
        return {"form": form, "tokens": list(api_tokens_of(self.request.user))} | extra

    def get(self, request: HttpRequest) -> HttpResponse:
        """List the tokens."""
        return render(request, self.template_name, self.context(TokenForm()))

    def post(self, request: HttpRequest) -> HttpResponse:
        """Create a token and show its secret once (it is stored only as a digest)."""
        form = TokenForm(request.POST)
        if form.is_valid():
            try:
                token, secret = token_create(
                    user=request.user,  # type: ignore[arg-type]  # LoginRequiredMixin: a real user
                    name=form.cleaned_data["name"],
                    expires_at=form.expires_at(),
                )
            except DomainRuleError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                return render(
                    request, self.template_name, self.context(TokenForm(), new_token=token, secret=secret)
                )
        return render(request, self.template_name, self.context(form), status=400)


@method_decorator(require_POST, name="dispatch")
class TokenRevokeView(LoginRequiredMixin, View):
    """Revoke one of the user's own tokens (another user's token is a 404)."""

    def post(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """Revoke, then back to the list."""
        token = get_visible(api_tokens_of(request.user), uid=uid)
        token_revoke(user=request.user, token=token)  # type: ignore[arg-type]  # signed in
        messages.success(request, f"Revoked the token “{token.name}”.")
        return HttpResponseRedirect(reverse("accounts:tokens"))
