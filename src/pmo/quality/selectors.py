"""Permission-scoped reads of deliverables, reviews, defects and checklist templates, and the
quality figures of a project."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from pmo.accounts.models import User
from pmo.accounts.selectors import membership_paths, scope_filter, scoped, users_visible
from pmo.core.selectors import get_visible
from pmo.projects.models import Project
from pmo.quality.choices import DefectStatus, DeliverableStatus, ReviewResult
from pmo.quality.models import ChecklistTemplate, Defect, Deliverable, QualityReview


def deliverables_visible(user: Any) -> QuerySet[Deliverable]:
    """Deliverables of the projects the user may see."""
    queryset = Deliverable.objects.select_related("project__scope", "scope", "acceptor", "decided_by")
    return scoped(queryset, user)


def deliverable_get(user: Any, uid: Any, *, project: Project | None = None) -> Deliverable:
    """One visible deliverable (of ``project`` when given), or 404."""
    queryset = deliverables_visible(user)
    if project is not None:
        queryset = queryset.filter(project=project)
    return get_visible(queryset, uid=uid)


def deliverables_of(user: Any, project: Project) -> QuerySet[Deliverable]:
    """The deliverables of a project the caller has fetched through ``project_get``, with counts."""
    return (
        deliverables_visible(user)
        .filter(project=project)
        .annotate(
            review_count=Count("reviews", distinct=True),
            open_defects=Count("defects", filter=Q(defects__status=DefectStatus.OPEN), distinct=True),
        )
    )


def reviews_visible(user: Any) -> QuerySet[QualityReview]:
    """Quality reviews of the projects the user may see."""
    queryset = QualityReview.objects.select_related("deliverable__project", "scope", "reviewer")
    return scoped(queryset, user)


def review_get(user: Any, uid: Any, *, project: Project | None = None) -> QualityReview:
    """One visible review (of a deliverable of ``project`` when given), or 404."""
    queryset = reviews_visible(user)
    if project is not None:
        queryset = queryset.filter(deliverable__project=project)
    return get_visible(queryset, uid=uid)


def defects_visible(user: Any) -> QuerySet[Defect]:
    """Defects of the projects the user may see."""
    queryset = Defect.objects.select_related("deliverable__project", "scope", "review")
    return scoped(queryset, user)


def defect_get(user: Any, uid: Any, *, project: Project | None = None) -> Defect:
    """One visible defect (of ``project`` when given), or 404."""
    queryset = defects_visible(user)
    if project is not None:
        queryset = queryset.filter(deliverable__project=project)
    return get_visible(queryset, uid=uid)


def checklist_templates_visible(user: Any) -> QuerySet[ChecklistTemplate]:
    """Templates the user may see: on a scope they see, or on a portfolio/program above one.

    A template applies to every project below its scope, so a member of a project sees the
    templates of the program and portfolios above it (and can use them in reviews).
    """
    queryset = ChecklistTemplate.objects.select_related("scope")
    condition = scope_filter(user)
    if condition is None:
        return queryset
    above = {int(part) for path in membership_paths(user) for part in path.strip("/").split("/") if part}
    return queryset.filter(condition | Q(scope_id__in=above))


def checklist_template_get(user: Any, uid: Any, *, project: Project | None = None) -> ChecklistTemplate:
    """One visible template (one that applies to ``project`` when given), or 404."""
    queryset = checklist_templates_visible(user)
    if project is not None:
        queryset = queryset.filter(scope_id__in=project.scope.ancestor_ids())
    return get_visible(queryset, uid=uid)


def templates_for(user: Any, project: Project) -> QuerySet[ChecklistTemplate]:
    """Templates that apply to a project (attached to it or to a portfolio/program above it)."""
    return checklist_templates_visible(user).filter(scope_id__in=project.scope.ancestor_ids())


def people_for(user: Any, project: Project) -> QuerySet[User]:
    """People the user may name on the project (acceptor, reviewer, sponsor): those the user can
    see who can also see the project."""
    ancestors = project.scope.ancestor_ids()
    on_project = Q(is_pmo_admin=True) | Q(memberships__scope_id__in=ancestors)
    on_project |= Q(teams__memberships__scope_id__in=ancestors)
    candidates = User.objects.filter(on_project, is_active=True).values("pk")
    return users_visible(user).filter(pk__in=candidates).order_by("first_name", "last_name", "username")


@dataclass(frozen=True)
class QualitySummary:
    """Quality figures of one project."""

    deliverables: int
    accepted: int
    defects_open: int
    defects_closed: int
    reviewed: int
    """Deliverables with at least one quality review."""
    first_pass: int
    """Reviewed deliverables accepted at their first review (it did not fail, never rejected)."""

    @property
    def first_pass_rate(self) -> float | None:
        """``first_pass / reviewed`` (``None`` while nothing has been reviewed)."""
        return self.first_pass / self.reviewed if self.reviewed else None


def quality_summary(project: Project) -> QualitySummary:
    """Defects open and closed and the first-pass acceptance rate of a project (three queries).

    The caller has fetched ``project`` through a scoped selector.
    """
    defects = Defect.objects.filter(deliverable__project=project).aggregate(
        open=Count("pk", filter=Q(status=DefectStatus.OPEN)),
        closed=Count("pk", filter=Q(status=DefectStatus.CLOSED)),
    )
    deliverables = {
        pk: (status, rejections)
        for pk, status, rejections in Deliverable.objects.filter(project=project).values_list(
            "pk", "status", "rejections"
        )
    }
    first_result: dict[int, str] = {}
    reviews = QualityReview.objects.filter(deliverable__project=project).order_by(
        "deliverable_id", "review_date", "id"
    )
    for deliverable_id, result in reviews.values_list("deliverable_id", "result"):
        first_result.setdefault(deliverable_id, result)
    first_pass = sum(
        1
        for pk, result in first_result.items()
        if result != ReviewResult.FAIL and deliverables[pk] == (DeliverableStatus.ACCEPTED, 0)
    )
    return QualitySummary(
        deliverables=len(deliverables),
        accepted=sum(1 for status, _ in deliverables.values() if status == DeliverableStatus.ACCEPTED),
        defects_open=defects["open"],
        defects_closed=defects["closed"],
        reviewed=len(first_result),
        first_pass=first_pass,
    )
