"""Who decides a change request: the authority its impact requires, and who holds it.

Thresholds are per project (:class:`~pmo.changes.models.ChangeAuthority`, defaults when none is
set). The delay is the number of working days the project finish moves later; the cost is the
planned-cost increase. Within the project manager's limits (both), the project manager decides;
within the board's limits, the change board; above them, the sponsor.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied

from pmo.accounts.choices import Role
from pmo.accounts.selectors import has_role, is_pmo_admin
from pmo.changes.choices import Authority
from pmo.changes.models import ChangeAuthority, ChangeRequest
from pmo.charters.models import Charter
from pmo.projects.models import Project


def authority_of(project: Project) -> ChangeAuthority:
    """The project's thresholds (an unsaved row with the defaults when none was set)."""
    found = ChangeAuthority.objects.filter(project=project).first()
    return found if found is not None else ChangeAuthority(project=project, scope=project.scope)


def required_authority(assessment: dict[str, Any] | None, authority: ChangeAuthority) -> str:
    """The authority a change with this impact needs (a change that saves time or money: the PM).

    >>> limits = ChangeAuthority(manager_max_days=5, manager_max_cost=Decimal(1000),
    ...                          board_max_days=20, board_max_cost=Decimal(50000))
    >>> required_authority({"delay_days": 3, "cost_delta": "200"}, limits)
    'project_manager'
    >>> required_authority({"delay_days": 6, "cost_delta": "0"}, limits)
    'change_board'
    >>> required_authority({"delay_days": 1, "cost_delta": "50000.01"}, limits)
    'sponsor'
    """
    days = int((assessment or {}).get("delay_days", 0))
    cost = Decimal(str((assessment or {}).get("cost_delta", "0")))
    if days <= authority.manager_max_days and cost <= authority.manager_max_cost:
        return Authority.PROJECT_MANAGER.value
    if days <= authority.board_max_days and cost <= authority.board_max_cost:
        return Authority.CHANGE_BOARD.value
    return Authority.SPONSOR.value


def sponsor_of(project: Project, authority: ChangeAuthority) -> Any:
    """The named sponsor of the thresholds, else the charter's sponsor, else ``None``."""
    if authority.sponsor_id is not None:
        return authority.sponsor
    charter = Charter.objects.filter(project=project).select_related("sponsor").first()
    return charter.sponsor if charter is not None else None


def deciders(request: ChangeRequest) -> str:
    """Who holds the request's required authority, in words (the request page)."""
    project = request.project
    authority = authority_of(project)
    if request.required_authority == Authority.CHANGE_BOARD:
        members = list(authority.board_members.all()) if authority.pk else []
        if members:
            return "Change board: " + ", ".join(str(member) for member in members)
        return "Change board: the managers of the level above the project"
    if request.required_authority == Authority.SPONSOR:
        sponsor = sponsor_of(project, authority)
        return f"Sponsor: {sponsor}" if sponsor is not None else "Sponsor: nobody is named yet"
    return "Project manager: the managers of the project"


def may_decide(user: Any, request: ChangeRequest) -> bool:
    """True when ``user`` holds the request's required authority (see the module docstring).

    A PMO administrator holds every role (project manager, and the board when it is the level
    above's managers); a named board member or sponsor is that person only.
    """
    if not getattr(user, "is_authenticated", False):
        return False
    project = request.project
    authority = authority_of(project)
    if request.required_authority == Authority.CHANGE_BOARD:
        if authority.pk is not None and authority.board_members.exists():
            return authority.board_members.filter(pk=user.pk).exists()
        parent = project.scope.parent
        return is_pmo_admin(user) or (parent is not None and has_role(user, parent, Role.MANAGER))
    if request.required_authority == Authority.SPONSOR:
        sponsor = sponsor_of(project, authority)
        return sponsor is not None and sponsor.pk == user.pk
    return has_role(user, project.scope, Role.MANAGER)


def require_decider(user: Any, request: ChangeRequest) -> None:
    """Raise ``PermissionDenied`` (403) unless ``user`` holds the request's required authority."""
    if not may_decide(user, request):
        label = Authority(request.required_authority or Authority.PROJECT_MANAGER).label.lower()
        raise PermissionDenied(f"this change request needs a decision by the {label}")
