"""Quality reviews: recorded by contributors, optionally with a checklist copied from a template."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from pmo.accounts.choices import Role
from pmo.accounts.selectors import require_role
from pmo.core.errors import DomainRuleError
from pmo.core.services import instance_delete
from pmo.quality.auditing import Extra, create_audited, refuse_unknown, update_audited
from pmo.quality.choices import ItemResult
from pmo.quality.models import ChecklistItem, ChecklistTemplate, Deliverable, QualityReview
from pmo.quality.services.common import require_not_future, require_person_on_project

#: What a contributor may edit on a review (``checklist``: the result and note of each item).
REVIEW_FIELDS = ("reviewer", "review_date", "result", "defects_found", "notes", "checklist")


def _read_checklist(review: QualityReview) -> list[dict[str, str]]:
    return [
        {"text": item.text, "result": item.result, "note": item.note}
        for item in review.checklist_items.order_by("position")
    ]


def _write_checklist(review: QualityReview, results: Sequence[dict[str, str]]) -> None:
    """Set each item's result and note, in item order (the items themselves are the template's copy)."""
    items = list(review.checklist_items.order_by("position"))
    if len(results) != len(items):
        raise DomainRuleError(
            f"The checklist has {len(items)} item(s); give a result for each of them, in order "
            f"({len(results)} given).",
            field="checklist",
        )
    for index, (item, entry) in enumerate(zip(items, results, strict=True)):
        result = entry.get("result", ItemResult.OPEN)
        if result not in ItemResult.values:
            raise DomainRuleError(
                f"Item {index + 1}: {result!r} is not a result ({', '.join(ItemResult.values)}).",
                field=f"checklist.{index}.result",
            )
        note = str(entry.get("note", ""))
        if len(note) > 300:
            raise DomainRuleError(
                f"Item {index + 1}: the note is over 300 characters.", field=f"checklist.{index}.note"
            )
        if (item.result, item.note) != (result, note):
            item.result, item.note = result, note
            item.save(update_fields=["result", "note"])


CHECKLIST = {"checklist": Extra[QualityReview](read=_read_checklist, write=_write_checklist)}


def templates_applying_to(deliverable: Deliverable) -> Any:
    """Checklist templates attached to the deliverable's project or any portfolio/program above it."""
    return ChecklistTemplate.objects.filter(scope_id__in=deliverable.scope.ancestor_ids())


def _check(deliverable: Deliverable, reviewer: Any, review_date: dt.date | None) -> None:
    require_person_on_project(reviewer, deliverable.project, field="reviewer", what="reviewer")
    require_not_future(review_date, field="review_date", today=timezone.localdate())


def review_create(
    *,
    actor: Any,
    deliverable: Deliverable,
    reviewer: Any,
    review_date: dt.date,
    result: str,
    defects_found: int = 0,
    notes: str = "",
    checklist_template: ChecklistTemplate | None = None,
) -> QualityReview:
    """Record a quality review of ``deliverable``; needs the contributor role on its project.

    With ``checklist_template`` (one that applies to the project), its items are copied into the
    review, each "not checked", for the reviewer to fill in.
    """
    require_role(actor, deliverable.scope, Role.CONTRIBUTOR)
    _check(deliverable, reviewer, review_date)
    if (
        checklist_template is not None
        and not templates_applying_to(deliverable).filter(pk=checklist_template.pk).exists()
    ):
        raise DomainRuleError(
            f"The checklist template {checklist_template} does not apply to project "
            f"{deliverable.project.code}.",
            field="checklist_template",
        )
    with transaction.atomic():
        review = QualityReview(
            deliverable=deliverable,
            scope=deliverable.scope,
            reviewer=reviewer,
            review_date=review_date,
            result=result,
            defects_found=defects_found,
            notes=notes,
            checklist_template=checklist_template,
            checklist_name=checklist_template.name if checklist_template else "",
        )
        review.full_clean()
        review.save()
        if checklist_template is not None:
            ChecklistItem.objects.bulk_create(
                ChecklistItem(review=review, position=position, text=text)
                for position, text in enumerate(checklist_template.items, start=1)
            )
        # Saved above so the copied items exist before the creation is audited with them.
        return create_audited(actor=actor, instance=review, scope=review.scope, extras=CHECKLIST)


def review_update(
    *, actor: Any, review: QualityReview, data: dict[str, Any], expected_version: int | None
) -> QualityReview:
    """Change a review, including its checklist results; needs the contributor role."""
    require_role(actor, review.scope, Role.CONTRIBUTOR)
    refuse_unknown(data, REVIEW_FIELDS)
    deliverable = review.deliverable
    if "reviewer" in data or "review_date" in data:
        _check(
            deliverable, data.get("reviewer", review.reviewer), data.get("review_date", review.review_date)
        )
    with transaction.atomic():
        updated, _ = update_audited(
            actor=actor,
            instance=review,
            data=data,
            expected_version=expected_version,
            scope=review.scope,
            extras=CHECKLIST,
        )
    return updated


def review_delete(*, actor: Any, review: QualityReview, expected_version: int | None) -> None:
    """Delete a review (its defects stay, no longer linked to it); needs the manager role."""
    require_role(actor, review.scope, Role.MANAGER)
    with transaction.atomic():
        instance_delete(actor=actor, instance=review, expected_version=expected_version, scope=review.scope)
