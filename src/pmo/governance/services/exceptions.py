"""Exceptions: raised (or updated) by the checks, acknowledged, decided and closed by the level above.

An exception is addressed to the scope one level up (``escalated_to``); its managers are notified
in the application and by e-mail (a background task started when the raise commits).
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from pmo.accounts.choices import Role
from pmo.accounts.models import User
from pmo.core.errors import DomainRuleError
from pmo.core.models import Scope
from pmo.core.services import instance_create, instance_update
from pmo.governance.choices import AWAITING, LIVE, DecisionKind, ExceptionStatus
from pmo.governance.measures import Reading
from pmo.governance.models import Notification, Tolerance, ToleranceException
from pmo.governance.services.common import level_above, require_level_above

#: Decisions after which nothing is left to track: the exception closes at once. After "approve
#: the exception plan" it stays decided (later breaches update it quietly) until a manager closes it.
CLOSING_DECISIONS: tuple[str, ...] = (
    DecisionKind.ADJUST_TOLERANCE,
    DecisionKind.STOP,
    DecisionKind.NO_ACTION,
)


def managers_of(scope: Scope) -> list[User]:
    """Active people holding the manager role on ``scope`` or above it (directly or through a team)."""
    ancestors = scope.ancestor_ids()
    direct = Q(memberships__scope_id__in=ancestors, memberships__role=Role.MANAGER)
    team = Q(teams__memberships__scope_id__in=ancestors, teams__memberships__role=Role.MANAGER)
    ids = User.objects.filter(direct | team, is_active=True).values("pk")
    return list(User.objects.filter(pk__in=ids).order_by("username"))


def _notify(exception: ToleranceException) -> int:
    """Notify the managers of the level above in the application, and by e-mail once committed."""
    owner = exception.scope.owner
    message = (
        f"{exception.get_dimension_display()} tolerance of {owner.code} exceeded: "
        f"{exception.measured} {exception.unit} against a limit of {exception.limit}."
    )
    recipients = managers_of(exception.escalated_to)
    Notification.objects.bulk_create(
        Notification(recipient=user, exception=exception, message=message[:500]) for user in recipients
    )
    if any(user.email for user in recipients):
        from pmo.governance.tasks import exception_email_start

        transaction.on_commit(functools.partial(exception_email_start, exception_id=exception.pk))
    return len(recipients)


def exception_raise(
    *, tolerance: Tolerance, reading: Reading, actor: Any = None, now: dt.datetime | None = None
) -> tuple[ToleranceException, bool]:
    """Record a forecast breach of ``tolerance``: a new exception to the level above (notified), or
    the update of the live one of that scope and dimension. Returns the exception and whether it is new.

    Called by the checks (``actor`` is ``None``: the system), never from a page.
    """
    stamp = now or timezone.now()
    values = {
        "measured": reading.measured,
        "limit": reading.limit,
        "unit": reading.unit,
        "detail": reading.detail[:500],
        "last_breach_at": stamp,
    }
    with transaction.atomic():
        live = (
            ToleranceException.objects.select_for_update()
            .filter(scope=tolerance.scope, dimension=tolerance.dimension, status__in=LIVE)
            .first()
        )
        if live is not None:
            changed = {k: v for k, v in values.items() if k != "last_breach_at" and getattr(live, k) != v}
            if not changed:
                ToleranceException.objects.filter(pk=live.pk).update(last_breach_at=stamp)
                return live, False
            updated, _ = instance_update(
                actor=actor,
                instance=live,
                data=values,
                expected_version=None,
                scope=live.scope,
                note="Breach measured again",
            )
            return updated, False
        exception = ToleranceException(
            scope=tolerance.scope,
            escalated_to=level_above(tolerance.scope),
            tolerance=tolerance,
            dimension=tolerance.dimension,
            measure=tolerance.measure,
            raised_at=stamp,
            **values,
        )
        try:
            with transaction.atomic():
                instance_create(actor=actor, instance=exception, scope=tolerance.scope)
        except IntegrityError:  # a concurrent check raised it first: measure into that one instead
            return exception_raise(tolerance=tolerance, reading=reading, actor=actor, now=stamp)
        _notify(exception)
    return exception, True


def _require_status(exception: ToleranceException, allowed: tuple[str, ...], doing: str) -> None:
    if exception.status not in allowed:
        raise DomainRuleError(
            f"This exception is {exception.get_status_display().lower()}: it cannot be {doing}.",
            field="status",
        )


def exception_acknowledge(
    *, actor: Any, exception: ToleranceException, expected_version: int | None
) -> ToleranceException:
    """Mark an open exception as seen; manager of the level above."""
    require_level_above(actor, exception.scope, doing="acknowledging an exception")
    with transaction.atomic():
        _require_status(exception, (ExceptionStatus.OPEN,), "acknowledged")
        updated, _ = instance_update(
            actor=actor,
            instance=exception,
            data={
                "status": ExceptionStatus.ACKNOWLEDGED,
                "acknowledged_at": timezone.now(),
                "acknowledged_by": actor,
            },
            expected_version=expected_version,
            scope=exception.scope,
            note="Exception acknowledged",
        )
    return updated


def exception_decide(
    *, actor: Any, exception: ToleranceException, kind: str, decision: str, expected_version: int | None
) -> ToleranceException:
    """Record the decision of the level above on an open or acknowledged exception; manager there.

    Approving the exception plan leaves it *decided* (tracked until closed); adjusting the tolerance,
    stopping and "no action" close it at once (see :data:`CLOSING_DECISIONS`).
    """
    require_level_above(actor, exception.scope, doing="deciding an exception")
    if kind not in DecisionKind.values:
        raise DomainRuleError(f"{kind!r} is not a kind of decision.", field="decision_kind")
    text = (decision or "").strip()
    if not text:
        raise DomainRuleError("Write down the decision and its reasons.", field="decision")
    if len(text) > 4000:
        raise DomainRuleError("The decision is longer than 4,000 characters.", field="decision")
    now = timezone.now()
    data: dict[str, Any] = {
        "status": ExceptionStatus.CLOSED if kind in CLOSING_DECISIONS else ExceptionStatus.DECIDED,
        "decision_kind": kind,
        "decision": text,
        "decided_at": now,
        "decided_by": actor,
    }
    if data["status"] == ExceptionStatus.CLOSED:
        data["closed_at"] = now
    with transaction.atomic():
        _require_status(exception, AWAITING, "decided again")
        updated, _ = instance_update(
            actor=actor,
            instance=exception,
            data=data,
            expected_version=expected_version,
            scope=exception.scope,
            note=f"Exception decided: {DecisionKind(kind).label}",
        )
    return updated


def exception_close(
    *, actor: Any, exception: ToleranceException, expected_version: int | None
) -> ToleranceException:
    """Close a decided exception (the exception plan is delivered); manager of the level above."""
    require_level_above(actor, exception.scope, doing="closing an exception")
    with transaction.atomic():
        _require_status(exception, (ExceptionStatus.DECIDED,), "closed before a decision")
        updated, _ = instance_update(
            actor=actor,
            instance=exception,
            data={"status": ExceptionStatus.CLOSED, "closed_at": timezone.now()},
            expected_version=expected_version,
            scope=exception.scope,
            note="Exception closed",
        )
    return updated


def notifications_mark_read(*, actor: Any) -> int:
    """Mark all of the actor's unread notifications as read; returns how many."""
    if not getattr(actor, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(read_at=timezone.now())


__all__ = [
    "CLOSING_DECISIONS",
    "exception_acknowledge",
    "exception_close",
    "exception_decide",
    "exception_raise",
    "managers_of",
    "notifications_mark_read",
]
