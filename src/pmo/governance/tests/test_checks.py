"""Checks: a project pushed past its cost tolerance raises one exception to the program's managers,
with a notification and an e-mail; under tolerance nothing; the periodic check finds breaches made
without a recalculation; a second breach updates the live exception."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

from django.core import mail
from django.core.management import call_command

from pmo.costs.services import cost_entry_create
from pmo.governance.choices import Dimension, ExceptionStatus
from pmo.governance.models import Notification, ToleranceException
from pmo.governance.services import tolerance_set, tolerances_check
from pmo.performance.earned_value import project_earned_value
from pmo.projects.models import Project
from pmo.projects.services.tasks import project_recalculate
from pmo.testing.personas import World


def _cost_tolerance(world: World, project: Project, percent: str) -> None:
    tolerance_set(
        actor=world.users["manager"],
        scope=project.scope,
        dimension=Dimension.COST,
        data={"measure": "eac_bac", "percent": percent},
    )


def test_the_fence_has_the_figures_the_checks_rely_on(fence: Project) -> None:
    # given the fence (DOMAIN.md example A); then its EAC is 4,480 against a BAC of 4,000
    figures = project_earned_value(fence)
    assert (figures.bac, figures.eac) == (Decimal("4000.00"), Decimal("4480.00"))


def test_a_recalculation_past_the_cost_tolerance_raises_one_exception_to_the_program(
    fence: Project, world: World, django_capture_on_commit_callbacks
) -> None:
    # given a cost tolerance of 10 % (limit 4,400) on the fence, whose EAC is 4,480
    _cost_tolerance(world, fence, "10")
    mail.outbox.clear()
    # when the project is recalculated (and the transaction commits)
    with django_capture_on_commit_callbacks(execute=True):
        project_recalculate(actor=world.users["manager"], project=fence)
    # then exactly one open cost exception is addressed to program A
    exceptions = list(ToleranceException.objects.filter(scope=fence.scope))
    assert len(exceptions) == 1
    exception = exceptions[0]
    assert (exception.dimension, exception.status) == (Dimension.COST, ExceptionStatus.OPEN)
    assert exception.escalated_to_id == world.a.program.scope_id
    assert (exception.measured, exception.limit) == (Decimal("4480.00"), Decimal("4400.00"))
    # and the program's managers (the manager persona, through portfolio A) are notified and e-mailed
    notified = set(
        Notification.objects.filter(exception=exception).values_list("recipient__username", flat=True)
    )
    assert notified == {"manager"}
    assert [message.to for message in mail.outbox] == [["manager@example.test"]]
    assert "GOVFENCE" in mail.outbox[0].subject


def test_a_project_under_its_tolerance_raises_nothing(
    fence: Project, world: World, django_capture_on_commit_callbacks
) -> None:
    # given a cost tolerance of 15 % (limit 4,600) above the EAC of 4,480
    _cost_tolerance(world, fence, "15")
    mail.outbox.clear()
    # when the project is recalculated
    with django_capture_on_commit_callbacks(execute=True):
        project_recalculate(actor=world.users["manager"], project=fence)
    # then no exception, notification or e-mail
    assert not ToleranceException.objects.filter(scope=fence.scope).exists()
    assert not Notification.objects.filter(exception__scope=fence.scope).exists()
    assert mail.outbox == []


def test_a_second_breach_updates_the_live_exception(fence: Project, world: World) -> None:
    # given an open cost exception of the fence
    _cost_tolerance(world, fence, "10")
    (first,) = tolerances_check([fence.pk])
    # when more money is spent and the check runs again
    cost_entry_create(
        actor=world.users["manager"],
        project=fence,
        date=fence.status_date,
        category="labour",
        amount=Decimal("500"),
    )
    (second,) = tolerances_check([fence.pk])
    # then it is the same exception, measured anew, and nobody is notified twice
    assert second.pk == first.pk
    assert second.measured > first.measured
    assert ToleranceException.objects.filter(scope=fence.scope).count() == 1
    assert Notification.objects.filter(exception=first).count() == 1


def test_the_periodic_check_finds_a_breach_made_without_a_recalculation(fence: Project, world: World) -> None:
    # given a 15 % tolerance the fence respects, checked once: nothing raised
    _cost_tolerance(world, fence, "15")
    call_command("governance-check", stdout=StringIO())
    assert not ToleranceException.objects.filter(scope=fence.scope).exists()
    # when a cost entry raises AC (no schedule write, so no recalculation) and the periodic check runs
    cost_entry_create(
        actor=world.users["manager"],
        project=fence,
        date=fence.status_date,
        category="labour",
        amount=Decimal("400"),
    )
    out = StringIO()
    call_command("governance-check", stdout=out)
    # then the breach is found: one exception
    assert ToleranceException.objects.filter(scope=fence.scope, dimension=Dimension.COST).count() == 1
    assert "exception(s) raised or updated" in out.getvalue()


def test_a_risk_at_the_threshold_raises_a_risk_exception_to_the_portfolio(world: World) -> None:
    # given a project directly in portfolio A with an open risk scoring 20 (4 × 5) and a threshold of 20
    from pmo.risks.services import risk_create

    project = world.a.project_direct
    manager = world.users["manager"]
    risk_create(actor=manager, scope=project.scope, title="Vendor fails", probability=4, impact_cost=5)
    tolerance_set(actor=manager, scope=project.scope, dimension=Dimension.RISK, data={"score": 20})
    # when the tolerances are checked
    (exception,) = [e for e in tolerances_check([project.pk]) if e.dimension == Dimension.RISK]
    # then the risk exception (score 20, at the threshold) goes to the portfolio above the project
    assert (exception.measured, exception.limit, exception.unit) == (Decimal(20), Decimal(20), "score")
    assert exception.escalated_to_id == world.a.portfolio.scope_id


def test_a_program_tolerance_counts_the_risks_of_its_projects(world: World) -> None:
    # given program A with a risk threshold of 20 and, in its project, an open risk scoring 25
    from pmo.risks.services import risk_create

    manager = world.users["manager"]
    risk_create(actor=manager, scope=world.a.project.scope, title="Flood", probability=5, impact_time=5)
    tolerance_set(actor=manager, scope=world.a.program.scope, dimension=Dimension.RISK, data={"score": 20})
    # when the project's tolerances are checked (its program's come with them)
    raised = tolerances_check([world.a.project.pk])
    # then the program raises a risk exception to portfolio A
    (program_exception,) = [e for e in raised if e.scope_id == world.a.program.scope_id]
    assert program_exception.measured == Decimal(25)
    assert program_exception.escalated_to_id == world.a.portfolio.scope_id


def test_the_queued_check_runs_in_the_worker(fence: Project, world: World) -> None:
    # given a breached 10 % tolerance nobody has checked yet
    _cost_tolerance(world, fence, "10")
    # when the check is queued (the test settings run tasks at once, as `pmo worker` would later)
    out = StringIO()
    call_command("governance-check", "--queue", stdout=out)
    # then the worker's check raised the exception
    assert "Queued" in out.getvalue()
    assert ToleranceException.objects.filter(scope=fence.scope, dimension=Dimension.COST).count() == 1
