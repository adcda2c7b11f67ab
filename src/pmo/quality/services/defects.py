"""Defects of deliverables: contributors open, edit, close and reopen them; managers delete them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from pmo.accounts.choices import Role
from pmo.accounts.selectors import require_role
from pmo.core.errors import DomainRuleError
from pmo.core.services import instance_create, instance_delete, instance_update
from pmo.quality.auditing import refuse_unknown
from pmo.quality.choices import DefectStatus, Severity
from pmo.quality.models import Defect, Deliverable, QualityReview
from pmo.quality.services.common import require_not_future

#: What a contributor may edit on a defect (the state moves through close and reopen).
DEFECT_FIELDS = ("title", "description", "severity", "review")


def _check_review(deliverable: Deliverable, review: QualityReview | None) -> None:
    if review is not None and review.deliverable_id != deliverable.pk:
        raise DomainRuleError(f"{review} is not a review of {deliverable}.", field="review")


def defect_create(
    *,
    actor: Any,
    deliverable: Deliverable,
    title: str,
    severity: str = Severity.MEDIUM,
    description: str = "",
    review: QualityReview | None = None,
) -> Defect:
    """Open a defect on ``deliverable`` (optionally found in one of its reviews); contributor."""
    require_role(actor, deliverable.scope, Role.CONTRIBUTOR)
    _check_review(deliverable, review)
    with transaction.atomic():
        defect = Defect(
            deliverable=deliverable,
            scope=deliverable.scope,
            review=review,
            title=title,
            description=description,
            severity=severity,
        )
        return instance_create(actor=actor, instance=defect, scope=deliverable.scope)


def defect_update(
    *, actor: Any, defect: Defect, data: dict[str, Any], expected_version: int | None
) -> Defect:
    """Change a defect's title, description, severity or review; contributor."""
    require_role(actor, defect.scope, Role.CONTRIBUTOR)
    refuse_unknown(data, DEFECT_FIELDS)
    if "review" in data:
        _check_review(defect.deliverable, data["review"])
    with transaction.atomic():
        updated, _ = instance_update(
            actor=actor, instance=defect, data=data, expected_version=expected_version, scope=defect.scope
        )
    return updated


def defect_close(
    *, actor: Any, defect: Defect, expected_version: int | None, closed_date: dt.date | None = None
) -> Defect:
    """Close an open defect on ``closed_date`` (default today); contributor."""
    require_role(actor, defect.scope, Role.CONTRIBUTOR)
    if defect.status == DefectStatus.CLOSED:
        raise DomainRuleError(f"The defect {defect} is already closed.", field="status")
    today = timezone.localdate()
    closed_on = closed_date or today
    require_not_future(closed_on, field="closed_date", today=today)
    if closed_on < timezone.localtime(defect.created_at).date():
        raise DomainRuleError("A defect cannot be closed before it was opened.", field="closed_date")
    with transaction.atomic():
        updated, _ = instance_update(
            actor=actor,
            instance=defect,
            data={"status": DefectStatus.CLOSED, "closed_date": closed_on},
            expected_version=expected_version,
            scope=defect.scope,
        )
    return updated


def defect_reopen(*, actor: Any, defect: Defect, expected_version: int | None) -> Defect:
    """Reopen a closed defect; contributor."""
    require_role(actor, defect.scope, Role.CONTRIBUTOR)
    if defect.status == DefectStatus.OPEN:
        raise DomainRuleError(f"The defect {defect} is already open.", field="status")
    with transaction.atomic():
        updated, _ = instance_update(
            actor=actor,
            instance=defect,
            data={"status": DefectStatus.OPEN, "closed_date": None},
            expected_version=expected_version,
            scope=defect.scope,
        )
    return updated


def defect_delete(*, actor: Any, defect: Defect, expected_version: int | None) -> None:
    """Delete a defect (opened by mistake); manager."""
    require_role(actor, defect.scope, Role.MANAGER)
    with transaction.atomic():
        instance_delete(actor=actor, instance=defect, expected_version=expected_version, scope=defect.scope)
