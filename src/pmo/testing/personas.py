"""Named personas and the shared two-portfolio world every permission test runs against.

The world is built through the services (never raw ORM writes), so it is audited and versioned
exactly like real data:

* portfolio **A** (top level) with a sub-portfolio, a program, a project in the program, a project
  directly in the portfolio and a project in the sub-portfolio; a team with a role on A's program;
* portfolio **B**, built the same way, where *every* text field holds a unique canary string, so a
  leak of any of B's data into a response is one substring search away (A's objects carry canaries
  too, which catches leaks towards the ``outsider``).

Personas: ``viewer``, ``contributor`` and ``manager`` hold that role on portfolio A; ``pmo_admin``
administers the installation; ``outsider`` is manager of portfolio B only; ``no_role`` is signed in
but has no membership; ``anonymous`` is not signed in.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from typing import Any

from pmo.accounts.choices import Role
from pmo.accounts.models import ApiToken, Membership, Team, User
from pmo.accounts.services import membership_grant, team_create, team_set_members, token_create, user_create
from pmo.core.jobs import job_start
from pmo.core.models import BackgroundJob
from pmo.core.tasks import scope_tree_verify
from pmo.portfolios.models import Portfolio
from pmo.portfolios.services import portfolio_create
from pmo.programs.models import Program
from pmo.programs.services import program_create
from pmo.projects.models import Project
from pmo.projects.services import project_create

PASSWORD = "correct-horse-battery-staple-42"

#: Every persona of the test plan, in a stable order.
PERSONAS: tuple[str, ...] = (
    "anonymous",
    "no_role",
    "viewer",
    "contributor",
    "manager",
    "pmo_admin",
    "outsider",
)
#: Personas that hold a role inside portfolio A (the role matrix runs as these).
A_ROLES: tuple[str, ...] = ("viewer", "contributor", "manager")
#: Signed-in personas (they get a session and an API token).
SIGNED_IN: tuple[str, ...] = tuple(p for p in PERSONAS if p != "anonymous")


def new_canary(side: str) -> str:
    """A fresh, unique, markup-safe canary token for ``side`` (``"A"`` or ``"B"``).

    Canaries are letters and digits only, so neither HTML nor JSON escaping can hide them.
    """
    return f"zq{side}{secrets.token_hex(5)}"


@dataclass
class Side:
    """One top-level portfolio and everything the world builds inside it."""

    name: str
    portfolio: Portfolio
    subportfolio: Portfolio
    program: Program
    project: Project
    project_direct: Project
    project_sub: Project
    team: Team
    team_membership: Membership
    project_membership: Membership
    membership: Membership
    canaries: list[str] = field(default_factory=list)
    extras: dict[str, Any] = field(default_factory=dict)
    """Objects added by the apps' world extensions (``WORLD_EXTENSIONS``), by registry key."""

    def obj(self, key: str) -> Any:
        """The object called ``key`` on this side (``"project"``, ``"program"``, ``"task"``...)."""
        if key in self.extras:
            return self.extras[key]
        return getattr(self, key)


@dataclass
class World:
    """The personas, both sides and their API token secrets."""

    users: dict[str, User]
    a: Side
    b: Side
    tokens: dict[str, ApiToken]
    token_secrets: dict[str, str]
    jobs: dict[str, BackgroundJob]

    def side(self, name: str) -> Side:
        """Side ``"A"`` or ``"B"``."""
        return self.a if name.upper() == "A" else self.b

    @property
    def canaries_a(self) -> list[str]:
        """Canaries of A's objects (must never reach the ``outsider``)."""
        return self.a.canaries

    @property
    def canaries_b(self) -> list[str]:
        """Canaries of B's objects (must never reach A's personas)."""
        return self.b.canaries

    def user(self, persona: str) -> User | None:
        """The user behind a persona (``None`` for ``anonymous``)."""
        return None if persona == "anonymous" else self.users[persona]


def _user(username: str, *, first: str, last: str, admin: bool = False) -> User:
    return user_create(
        actor=None,
        username=username,
        password=PASSWORD,
        email=f"{username}@example.test",
        first_name=first,
        last_name=last,
        is_pmo_admin=admin,
    )


def _side(name: str, *, admin: User, manager: User) -> Side:
    """Build one top-level portfolio with its tree; every text field carries a canary."""
    canaries: list[str] = []

    def canary() -> str:
        token = new_canary(name)
        canaries.append(token)
        return token

    def texts(kind: str) -> dict[str, Any]:
        code = canary().upper()
        return {
            "code": code,
            "name": f"{name} {kind} {canary()}",
            "description": f"Description of {name}'s {kind}: {canary()}",
        }

    today = dt.date(2026, 1, 5)
    portfolio = portfolio_create(
        actor=admin,
        parent=None,
        owner=manager,
        state="active",
        start_date=today,
        finish_date=today + dt.timedelta(days=365),
        **texts("portfolio"),
    )
    subportfolio = portfolio_create(
        actor=admin, parent=portfolio, owner=manager, state="planning", **texts("sub-portfolio")
    )
    program = program_create(
        actor=admin,
        portfolio_scope=portfolio.scope,
        owner=manager,
        state="active",
        start_date=today,
        finish_date=today + dt.timedelta(days=200),
        **texts("program"),
    )
    project = project_create(
        actor=admin,
        parent=program.scope,
        owner=manager,
        state="active",
        start_date=today + dt.timedelta(days=7),
        finish_date=today + dt.timedelta(days=120),
        **texts("project"),
    )
    project_direct = project_create(
        actor=admin,
        parent=portfolio.scope,
        owner=manager,
        state="proposed",
        start_date=today + dt.timedelta(days=30),
        finish_date=today + dt.timedelta(days=90),
        **texts("direct project"),
    )
    project_sub = project_create(
        actor=admin, parent=subportfolio.scope, owner=manager, state="on_hold", **texts("sub project")
    )
    team = team_create(actor=admin, name=f"{name} team {canary()}", description=canary())
    team_membership = membership_grant(actor=admin, scope=program.scope, role=Role.VIEWER, team=team)
    project_membership = membership_grant(actor=admin, scope=project.scope, role=Role.VIEWER, team=team)
    membership = membership_grant(actor=admin, scope=portfolio.scope, role=Role.MANAGER, user=manager)
    return Side(
        name=name,
        portfolio=portfolio,
        subportfolio=subportfolio,
        program=program,
        project=project,
        project_direct=project_direct,
        project_sub=project_sub,
        team=team,
        team_membership=team_membership,
        project_membership=project_membership,
        membership=membership,
        canaries=canaries,
    )


#: Apps add their objects to each side: ``"module:function"``, called as
#: ``function(side, admin=..., manager=..., canary=...)`` and returning ``{registry key: object}``.
#: ``manager`` is the side's manager persona (``manager`` on A, ``outsider`` on B); ``canary()`` gives
#: a fresh canary of the side, to put in every text field.
WORLD_EXTENSIONS: tuple[str, ...] = (
    "pmo.projects.tests.world:extend",
    "pmo.charters.tests.world:extend",
    "pmo.quality.tests.world:extend",
    "pmo.resources.tests.world:extend",
    "pmo.costs.tests.world:extend",
    "pmo.changes.tests.world:extend",
    "pmo.risks.tests.world:extend",
    "pmo.simulations.tests.world:extend",
    "pmo.transfers.tests.world:extend",
    "pmo.knowledge.tests.world:extend",
    "pmo.timesheets.tests.world:extend",
    "pmo.performance.tests.world:extend",
    "pmo.reporting.tests.world:extend",
    "pmo.governance.tests.world:extend",
    "pmo.raid.tests.world:extend",
    "pmo.leveling.tests.world:extend",
)


def _extend(side: Side, *, admin: User, manager: User, extensions: tuple[str, ...] | None = None) -> None:
    """Run every world extension (or only ``extensions``) that exists on ``side``."""
    from importlib import import_module

    def canary() -> str:
        token = new_canary(side.name)
        side.canaries.append(token)
        return token

    for target in WORLD_EXTENSIONS if extensions is None else extensions:
        module_name, func_name = target.split(":")
        try:
            module = import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name and module_name.startswith(error.name):
                continue  # the app has no world extension (yet)
            raise
        side.extras.update(getattr(module, func_name)(side, admin=admin, manager=manager, canary=canary))


def build_world(extensions: tuple[str, ...] | None = None) -> World:
    """Create the personas and both portfolios through the services; returns the :class:`World`.

    ``extensions`` limits the world extensions run (default: all of :data:`WORLD_EXTENSIONS`).

    Call inside a database transaction that the caller rolls back (the fixtures do).
    """
    admin = _user("pmo_admin", first="Pat", last="Admin", admin=True)
    viewer = _user("viewer", first="Vera", last="Viewer")
    contributor = _user("contributor", first="Cody", last="Contributor")
    manager = _user("manager", first="Mona", last="Manager")
    no_role = _user("no_role", first="Nora", last="Nobody")
    outsider_canary = new_canary("B")
    outsider = _user("outsider", first="Otto", last=outsider_canary)

    a = _side("A", admin=admin, manager=manager)
    b = _side("B", admin=admin, manager=outsider)
    b.canaries.append(outsider_canary)
    _extend(a, admin=admin, manager=manager, extensions=extensions)
    _extend(b, admin=admin, manager=outsider, extensions=extensions)
    membership_grant(actor=admin, scope=a.portfolio.scope, role=Role.VIEWER, user=viewer)
    membership_grant(actor=admin, scope=a.portfolio.scope, role=Role.CONTRIBUTOR, user=contributor)
    # A's team holds a role on A's program; the viewer is its member (team inheritance).
    team_set_members(actor=admin, team=a.team, members=[viewer])
    team_set_members(actor=admin, team=b.team, members=[outsider])

    users = {
        "pmo_admin": admin,
        "viewer": viewer,
        "contributor": contributor,
        "manager": manager,
        "no_role": no_role,
        "outsider": outsider,
    }
    tokens: dict[str, ApiToken] = {}
    secrets_by_persona: dict[str, str] = {}
    for persona, user in users.items():
        token_name = f"{persona} token {outsider_canary if persona == 'outsider' else ''}".strip()
        token, secret = token_create(user=user, name=token_name)
        tokens[persona] = token
        secrets_by_persona[persona] = secret
    # One background job per persona (queued: the enqueue waits for a commit that never comes).
    jobs = {
        persona: job_start(
            actor=user,
            task=scope_tree_verify,
            name=f"{persona} job {outsider_canary if persona == 'outsider' else ''}".strip(),
        )
        for persona, user in users.items()
    }
    return World(users=users, a=a, b=b, tokens=tokens, token_secrets=secrets_by_persona, jobs=jobs)
