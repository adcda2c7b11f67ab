"""Permission-scoped reads of tolerances, exceptions and the caller's notifications.

Tolerances and exceptions are seen by everyone who sees their project or program; an exception's
decision belongs to the managers of the level above (:func:`exceptions_addressed_to`).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from pmo.accounts.choices import Role
from pmo.accounts.selectors import is_pmo_admin, membership_paths, scoped
from pmo.core.models import Scope
from pmo.core.selectors import get_visible
from pmo.governance.choices import AWAITING
from pmo.governance.models import Notification, Tolerance, ToleranceException

_RELATED = ("scope__project", "scope__program", "scope__portfolio")


def tolerances_visible(user: Any) -> QuerySet[Tolerance]:
    """Tolerances of the projects and programs the user may see."""
    return scoped(Tolerance.objects.select_related("scope", *_RELATED), user)


def tolerances_of(user: Any, scope: Scope) -> QuerySet[Tolerance]:
    """The tolerances of one project or program the caller fetched through its selector."""
    return tolerances_visible(user).filter(scope=scope).order_by("dimension")


def tolerance_get(user: Any, uid: Any) -> Tolerance:
    """One visible tolerance, or 404."""
    return get_visible(tolerances_visible(user), uid=uid)


def exceptions_visible(user: Any) -> QuerySet[ToleranceException]:
    """Exceptions of the projects and programs the user may see, newest first."""
    queryset = ToleranceException.objects.select_related(
        "scope",
        "escalated_to__program",
        "escalated_to__portfolio",
        "decided_by",
        "acknowledged_by",
        *_RELATED,
    )
    return scoped(queryset, user)


def exception_get(user: Any, uid: Any) -> ToleranceException:
    """One visible exception, or 404."""
    return get_visible(exceptions_visible(user), uid=uid)


def exceptions_of(user: Any, scope: Scope) -> QuerySet[ToleranceException]:
    """The exceptions of one project or program the caller fetched through its selector."""
    return exceptions_visible(user).filter(scope=scope)


def exceptions_addressed_to(user: Any) -> QuerySet[ToleranceException]:
    """Exceptions awaiting a decision of the user: addressed to a scope they manage (or, for a PMO
    administrator, every one)."""
    queryset = exceptions_visible(user).filter(status__in=AWAITING)
    if is_pmo_admin(user):
        return queryset
    managed = [path for path, role in membership_paths(user).items() if role == Role.MANAGER]
    if not managed:
        return queryset.none()
    condition = Q()
    for path in managed:
        condition |= Q(escalated_to__path__startswith=path)
    return queryset.filter(condition)


def notifications_of(user: Any) -> QuerySet[Notification]:
    """The user's own notifications, newest first (nobody sees anyone else's)."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user).select_related("exception")
