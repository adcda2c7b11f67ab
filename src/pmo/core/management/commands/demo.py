"""``pmo demo``: load a believable demo organisation, idempotently, through the services.

Every user, team, portfolio, program, project and membership is created by the same service a
person would use, so the scope tree, the roles and the audit trail are real. Running it again
creates only what is missing and changes nothing that exists. It refuses to run in production.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from pmo.accounts.models import Membership, Team, User
from pmo.accounts.services import membership_grant, team_create, team_set_members, user_create
from pmo.charters.services import charter_create, charter_decide, charter_submit
from pmo.core.management.demo_data import (
    CHARTER,
    CHARTER_MANAGER,
    CHARTER_SPONSOR,
    DELIVERABLES,
    DEMO_PASSWORD,
    MEMBERSHIPS,
    MOVES,
    PEOPLE,
    PORTFOLIOS,
    PROGRAMS,
    PROJECTS,
    SCHEDULE_TRACKED,
    SCHEDULES,
    TEAM_DESCRIPTION,
    TEAM_MEMBERS,
    TEAM_NAME,
    TEAM_ROLE,
    UPDATES,
    Node,
)
from pmo.core.management.demo_finance import plan_costs, record_actuals
from pmo.core.models import Scope
from pmo.interchange.text import parse_duration, parse_predecessors
from pmo.portfolios.models import Portfolio
from pmo.portfolios.services import portfolio_create
from pmo.programs.models import Program
from pmo.programs.services import program_create
from pmo.projects.models import Project, Task
from pmo.projects.services import (
    PastedRow,
    project_create,
    project_move,
    project_update,
    task_update,
    tasks_paste,
)
from pmo.projects.services.baselines import baseline_save
from pmo.projects.services.progress import project_update_as_scheduled
from pmo.quality.services import deliverable_create, deliverable_decide, deliverable_submit, review_create


class Command(BaseCommand):
    """Create the demo organisation (only what is missing) and print how to sign in."""

    help = "Load the demo organisation (idempotent) and print the demo accounts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--url", default="http://127.0.0.1:8000/", help="Address to print in the sign-in hint."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if getattr(settings, "ENVIRONMENT", "") == "production":
            raise CommandError("pmo demo creates accounts with a published password; not in production")
        loader = DemoLoader(today=timezone.localdate())
        with transaction.atomic():
            loader.load()
        created = loader.created
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo organisation ready: {Portfolio.objects.count()} portfolios, "
                f"{Program.objects.count()} programs, {Project.objects.count()} projects, "
                f"{User.objects.count()} people "
                + (f"({created} objects created)." if created else "(already loaded, nothing changed).")
            )
        )
        self.stdout.write(login_help(options["url"]))


def login_help(url: str) -> str:
    """The sign-in hint printed after loading: every demo account with what it may do."""
    width = max(len(person.username) for person in PEOPLE)
    names = {person.username: f"{person.first_name} {person.last_name}" for person in PEOPLE}
    name_width = max(len(name) for name in names.values())
    lines = [f"Sign in at {url} with one of these accounts (password for all: {DEMO_PASSWORD}):"]
    lines += [
        f"  {person.username:<{width}}  {names[person.username]:<{name_width}}  {person.duty}"
        for person in PEOPLE
    ]
    return "\n".join(lines)


class DemoLoader:
    """Creates the missing parts of the demo organisation, acting as its PMO administrator."""

    def __init__(self, *, today: dt.date) -> None:
        self.today = today
        self.created = 0
        self.users: dict[str, User] = {}
        self.admin: User | None = None

    def load(self) -> None:
        """Create people, team, hierarchy and memberships; then the demo's own edits and moves."""
        self._people()
        new_projects = self._hierarchy()
        self._team()
        self._memberships()
        self._history(new_projects)
        self._schedules()

    def _date(self, offset: int) -> dt.date:
        return self.today + dt.timedelta(days=offset)

    def _people(self) -> None:
        for person in PEOPLE:
            user = User.objects.filter(username=person.username).first()
            if user is None:
                user = user_create(
                    actor=self.admin,
                    username=person.username,
                    password=DEMO_PASSWORD,
                    email=person.email,
                    first_name=person.first_name,
                    last_name=person.last_name,
                    is_pmo_admin=person.is_pmo_admin,
                )
                self.created += 1
            if person.is_pmo_admin and self.admin is None:
                if not user.is_pmo_admin:
                    raise CommandError(f"user {user.username!r} exists but is not a PMO administrator")
                self.admin = user
            self.users[person.username] = user

    def _team(self) -> None:
        team = Team.objects.filter(name=TEAM_NAME).first()
        if team is None:
            team = team_create(actor=self.admin, name=TEAM_NAME, description=TEAM_DESCRIPTION)
            team_set_members(actor=self.admin, team=team, members=[self.users[name] for name in TEAM_MEMBERS])
            self.created += 1
        role, code = TEAM_ROLE
        scope = self._scope(code)
        if not Membership.objects.filter(team=team, scope=scope).exists():
            membership_grant(actor=self.admin, scope=scope, role=role, team=team)
            self.created += 1

    def _hierarchy(self) -> set[str]:
        """Create missing portfolios, programs and projects; return the codes of new projects."""
        for node in PORTFOLIOS:
            if not Portfolio.objects.filter(code=node.code).exists():
                parent = Portfolio.objects.get(code=node.parent) if node.parent else None
                portfolio_create(actor=self.admin, parent=parent, **self._fields(node))
                self.created += 1
        for node in PROGRAMS:
            if not Program.objects.filter(code=node.code).exists():
                program_create(
                    actor=self.admin, portfolio_scope=self._scope(node.parent), **self._fields(node)
                )
                self.created += 1
        new: set[str] = set()
        for node in PROJECTS:
            if not Project.objects.filter(code=node.code).exists():
                project_create(actor=self.admin, parent=self._scope(node.parent), **self._fields(node))
                new.add(node.code)
                self.created += 1
        return new

    def _memberships(self) -> None:
        for username, role, code in MEMBERSHIPS:
            user = self.users[username]
            scope = self._scope(code)
            if not Membership.objects.filter(user=user, scope=scope).exists():
                membership_grant(actor=self.admin, scope=scope, role=role, user=user)
                self.created += 1

    def _history(self, new_projects: set[str]) -> None:
        """Edits and a move by the people in charge, only for projects created in this run."""
        for code, target, note in MOVES:
            if code in new_projects:
                project = Project.objects.get(code=code)
                project_move(
                    actor=self.admin,
                    project=project,
                    new_parent=self._scope(target),
                    expected_version=project.version,
                    note=note,
                )
        for username, code, data in UPDATES:
            if code in new_projects:
                project = Project.objects.get(code=code)
                project_update(
                    actor=self.users[username],
                    project=project,
                    data=dict(data),
                    expected_version=project.version,
                )

    def _schedules(self) -> None:
        """A WBS with links for the demo projects that have no tasks yet (one paste each)."""
        for code, spec in SCHEDULES.items():
            project = Project.objects.get(code=code)
            if Task.objects.filter(project=project).exists():
                continue
            rows = [
                PastedRow(
                    name=name,
                    level=level,
                    duration_minutes=parse_duration(duration).minutes if duration else None,
                    predecessors=tuple(parse_predecessors(predecessors)),
                )
                for level, name, duration, predecessors in spec
            ]
            owner = self.users[project.owner.username] if project.owner else self.admin
            tasks_paste(
                actor=self.users[project.owner.username] if project.owner else self.admin,
                project=project,
                rows=rows,
            )
            self.created += len(rows)
            if code == SCHEDULE_TRACKED:
                self._tracking(project, owner)

    def _tracking(self, project: Project, owner: User) -> None:
        """Costs and budget, baseline 0 as planned, three weeks of progress and actual costs to a status
        date, then a slip: the Gantt, the variances, Cost and Earned value have something to show."""
        project.refresh_from_db()
        plan_costs(project, owner, self.users)
        baseline_save(actor=owner, project=project, number=0, name="Approved plan")
        start = project.start_date or self.today
        status = start + dt.timedelta(days=24)
        project_update_as_scheduled(actor=owner, project=project, status_date=status)
        record_actuals(project, owner, self.users, status)
        self._charter_and_deliverables(project, owner)
        build = Task.objects.get(project=project, name="Invoices and payments")
        task_update(
            actor=owner, task=build, data={"duration_minutes": 20 * 480}, expected_version=build.version
        )

    def _charter_and_deliverables(self, project: Project, owner: User) -> None:
        """The portal's charter, approved by its sponsor, and its deliverables, one accepted."""
        sponsor = self.users[CHARTER_SPONSOR]
        data = dict(CHARTER) | {"sponsor": sponsor, "project_manager": self.users[CHARTER_MANAGER]}
        charter = charter_create(actor=owner, project=project, data=data)
        charter = charter_submit(actor=owner, charter=charter, expected_version=charter.version)
        charter_decide(
            actor=sponsor,
            charter=charter,
            decision="approve",
            comment="Fits the customer strategy; go ahead.",
            expected_version=charter.version,
        )
        reviewer = self.users["tom"]
        for name, criteria, task_names, result in DELIVERABLES:
            tasks = list(Task.objects.filter(project=project, name__in=task_names))
            deliverable = deliverable_create(
                actor=owner,
                project=project,
                name=name,
                acceptance_criteria=criteria,
                tasks=tasks,
                acceptor=sponsor,
                due_date=max(task.finish for task in tasks).date(),
            )
            if not result:
                continue
            review_create(
                actor=reviewer,
                deliverable=deliverable,
                reviewer=reviewer,
                review_date=max(task.finish for task in tasks).date(),
                result=result,
                notes="All journeys covered; two contrast issues fixed during the review.",
            )
            deliverable.refresh_from_db()
            deliverable = deliverable_submit(
                actor=owner, deliverable=deliverable, expected_version=deliverable.version
            )
            deliverable_decide(
                actor=sponsor,
                deliverable=deliverable,
                decision="accept",
                comment="Accepted.",
                expected_version=deliverable.version,
            )

    def _fields(self, node: Node) -> dict[str, Any]:
        return {
            "code": node.code,
            "name": node.name,
            "description": node.description,
            "state": node.state,
            "start_date": self._date(node.start),
            "finish_date": self._date(node.finish),
            "owner": self.users[node.owner],
        }

    @staticmethod
    def _scope(code: str | None) -> Scope:
        """The scope of the portfolio, program or project with this code."""
        for model in (Portfolio, Program, Project):
            row = model.objects.filter(code=code).select_related("scope").first()
            if row is not None:
                return row.scope
        raise CommandError(f"the demo data names {code!r}, which does not exist")
