"""What the risk pages share: the node a page is about, its links, and the refusal handling."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.urls import reverse
from django.views import View

from pmo.accounts.choices import Role
from pmo.accounts.selectors import has_role, require_role
from pmo.accounts.views import ScopeRoleMixin
from pmo.core.models import Scope
from pmo.core.views import Crumb
from pmo.risks import selectors
from pmo.risks.models import Risk

#: URL namespace of each kind of node's own pages.
NODE_NAMESPACES = {"portfolio": "portfolios", "program": "programs", "project": "projects"}


def register_url(scope: Scope) -> str:
    """The risk register of a node."""
    return reverse(f"risks:{scope.kind}_register", kwargs={"uid": scope.owner.uid})


def risk_url(risk: Risk, name: str = "detail") -> str:
    """A page of one risk (``detail``, ``edit``, ...)."""
    return reverse(f"risks:{name}", kwargs={"uid": risk.uid})


class NodePageMixin(ScopeRoleMixin, LoginRequiredMixin, View):
    """A page about a node's risks; ``kind`` says which kind of node ``uid`` names."""

    kind = ""
    kwargs: dict[str, Any]

    def get_scope(self, role: str = Role.VIEWER) -> Scope:
        """The node's scope (404 outside the user's view; 403 below ``role``)."""
        scope = selectors.node_scope(self.request.user, self.kind, self.kwargs["uid"])
        require_role(self.request.user, scope, role)
        return scope

    def node_context(self, scope: Scope, title: str) -> dict[str, Any]:
        """Crumbs to the node and what a plain (non-workspace) page shows about it."""
        node = scope.owner
        node_url = reverse(f"{NODE_NAMESPACES[scope.kind]}:detail", kwargs={"uid": node.uid})
        return {
            "node": node,
            "kind": scope.kind,
            "scope": scope,
            "crumbs": [*self.crumbs(node), Crumb(node.name, node_url)],
            "page_title": title,
            "title": title,
            "stale": None,
            "can_contribute": has_role(self.request.user, scope, Role.CONTRIBUTOR),
            "can_manage": has_role(self.request.user, scope, Role.MANAGER),
        }
