"""Serializers of deliverables, quality reviews, defects and checklist templates: one output shape
each, and an input allow-list per write."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from pmo.accounts.api.fields import VisibleScopeField, VisibleUserField
from pmo.core.api.serializers import StrictInputSerializer
from pmo.projects.models import Task
from pmo.projects.selectors import projects_visible
from pmo.quality.api.fields import TextListField, VisibleObjectField
from pmo.quality.choices import AcceptanceDecision, ItemResult, ReviewResult, Severity
from pmo.quality.models import ChecklistItem, ChecklistTemplate, Defect, Deliverable, QualityReview
from pmo.quality.selectors import checklist_templates_visible, deliverables_visible

VERSION_FIELDS = ("version", "etag", "created_at", "updated_at")
ETAG_HELP = "Send it back in If-Match to change this object."
STATE_HINT = "The status changes through submit/ and decide/ only."


def _user_field(help_text: str) -> serializers.SlugRelatedField[Any]:
    return serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True, help_text=help_text
    )


# --- deliverables ---------------------------------------------------------------------------------


class DeliverableSerializer(serializers.ModelSerializer[Deliverable]):
    """A deliverable as the API shows it."""

    project = serializers.SlugRelatedField(
        slug_field="uid", read_only=True, help_text="Public id of the project."
    )
    tasks = serializers.SlugRelatedField(
        slug_field="uid", many=True, read_only=True, help_text="Public ids of the linked tasks."
    )
    acceptance_criteria = serializers.ListField(child=serializers.CharField(), read_only=True)
    acceptor = _user_field("Username of the person who signs the deliverable off.")
    decided_by = _user_field("Username of whoever made the last acceptance decision.")
    etag = serializers.CharField(read_only=True, help_text=ETAG_HELP)

    class Meta:
        model = Deliverable
        fields = (
            "uid",
            "project",
            "name",
            "description",
            "acceptance_criteria",
            "tasks",
            "acceptor",
            "due_date",
            "status",
            "rejections",
            "decided_at",
            "decided_by",
            "decision_comment",
            *VERSION_FIELDS,
        )
        read_only_fields = fields


class _DeliverableFields(StrictInputSerializer):
    """The fields a manager edits; ``tasks`` are resolved among the project's tasks in ``validate``."""

    read_only_hints = {"status": STATE_HINT, "rejections": STATE_HINT, "decided_at": STATE_HINT}
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(allow_blank=True, default="", trim_whitespace=False)
    acceptance_criteria = TextListField(default=list, help_text="Each criterion the acceptor checks.")
    tasks = serializers.ListField(
        child=serializers.UUIDField(), default=list, help_text="Public ids of tasks of the same project."
    )
    acceptor = VisibleUserField(allow_null=True, default=None)
    due_date = serializers.DateField(allow_null=True, default=None)

    def project_of(self, attrs: dict[str, Any]) -> Any:
        """The project the deliverable is (or will be) in."""
        return self.context["project"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """Resolve the task ids among the tasks of the deliverable's project."""
        if "tasks" in attrs:
            uids = list(dict.fromkeys(attrs["tasks"]))
            project = self.project_of(attrs)
            found = {task.uid: task for task in Task.objects.filter(project=project, uid__in=uids)}
            missing = [str(uid) for uid in uids if uid not in found]
            if missing:
                raise serializers.ValidationError({"tasks": [f"No task {missing[0]} in this project."]})
            attrs["tasks"] = [found[uid] for uid in uids]
        return attrs


class DeliverableCreateSerializer(_DeliverableFields):
    """Body of ``POST /deliverables/``: the project and the deliverable's fields."""

    project = VisibleObjectField(
        visible=projects_visible, noun="project", help_text="Public id of the project."
    )

    def project_of(self, attrs: dict[str, Any]) -> Any:
        """The project named in the body."""
        return attrs["project"]


class DeliverableUpdateSerializer(_DeliverableFields):
    """Body of ``PUT``/``PATCH /deliverables/{uid}/``."""

    read_only_hints = {**_DeliverableFields.read_only_hints, "project": "A deliverable stays in its project."}


class DeliverableSubmitSerializer(StrictInputSerializer):
    """Body of ``POST /deliverables/{uid}/submit/``."""

    note = serializers.CharField(
        allow_blank=True, default="", max_length=1000, help_text="Kept in the history."
    )


class DeliverableDecideSerializer(StrictInputSerializer):
    """Body of ``POST /deliverables/{uid}/decide/`` (the named acceptor only)."""

    decision = serializers.ChoiceField(choices=AcceptanceDecision.choices)
    comment = serializers.CharField(
        allow_blank=True, default="", max_length=2000, help_text="Required when rejecting: what must change."
    )


class QualitySummarySerializer(serializers.Serializer[Any]):
    """Quality figures of a project."""

    project = serializers.UUIDField()
    deliverables = serializers.IntegerField()
    accepted = serializers.IntegerField()
    defects_open = serializers.IntegerField()
    defects_closed = serializers.IntegerField()
    reviewed = serializers.IntegerField(help_text="Deliverables with at least one quality review.")
    first_pass = serializers.IntegerField(help_text="Reviewed deliverables accepted at their first review.")
    first_pass_rate = serializers.FloatField(
        allow_null=True, help_text="first_pass / reviewed (null: none reviewed)."
    )


# --- quality reviews ------------------------------------------------------------------------------


class ChecklistItemSerializer(serializers.ModelSerializer[ChecklistItem]):
    """One checklist item of a review and its result."""

    class Meta:
        model = ChecklistItem
        fields = ("position", "text", "result", "note")
        read_only_fields = fields


class QualityReviewSerializer(serializers.ModelSerializer[QualityReview]):
    """A quality review as the API shows it."""

    deliverable = serializers.SlugRelatedField(slug_field="uid", read_only=True)
    reviewer = _user_field("Username of the reviewer.")
    checklist_template = serializers.SlugRelatedField(
        slug_field="uid",
        read_only=True,
        allow_null=True,
        help_text="The template the checklist was copied from.",
    )
    checklist = ChecklistItemSerializer(source="checklist_items", many=True, read_only=True)
    etag = serializers.CharField(read_only=True, help_text=ETAG_HELP)

    class Meta:
        model = QualityReview
        fields = (
            "uid",
            "deliverable",
            "reviewer",
            "review_date",
            "result",
            "defects_found",
            "notes",
            "checklist_template",
            "checklist_name",
            "checklist",
            *VERSION_FIELDS,
        )
        read_only_fields = fields


class _ReviewFields(StrictInputSerializer):
    reviewer = VisibleUserField(help_text="Username of the reviewer (who must be able to see the project).")
    review_date = serializers.DateField()
    result = serializers.ChoiceField(choices=ReviewResult.choices)
    defects_found = serializers.IntegerField(min_value=0, default=0)
    notes = serializers.CharField(allow_blank=True, default="", trim_whitespace=False)


class QualityReviewCreateSerializer(_ReviewFields):
    """Body of ``POST /quality-reviews/``; ``checklist_template`` copies that template's items."""

    deliverable = VisibleObjectField(visible=deliverables_visible, noun="deliverable")
    checklist_template = VisibleObjectField(
        visible=checklist_templates_visible,
        noun="checklist template",
        required=False,
        allow_null=True,
        default=None,
    )


class ChecklistResultSerializer(StrictInputSerializer):
    """The result of one checklist item (items in their order)."""

    result = serializers.ChoiceField(choices=ItemResult.choices)
    note = serializers.CharField(allow_blank=True, default="", max_length=300)


class QualityReviewUpdateSerializer(_ReviewFields):
    """Body of ``PUT``/``PATCH /quality-reviews/{uid}/``; ``checklist``: every item's result, in order."""

    read_only_hints = {
        "deliverable": "A review stays with its deliverable.",
        "checklist_template": "The checklist is copied when the review is recorded.",
    }
    checklist = ChecklistResultSerializer(many=True, required=False)


# --- defects --------------------------------------------------------------------------------------


class DefectSerializer(serializers.ModelSerializer[Defect]):
    """A defect as the API shows it."""

    deliverable = serializers.SlugRelatedField(slug_field="uid", read_only=True)
    review = serializers.SlugRelatedField(
        slug_field="uid", read_only=True, allow_null=True, help_text="The review that found it."
    )
    etag = serializers.CharField(read_only=True, help_text=ETAG_HELP)

    class Meta:
        model = Defect
        fields = (
            "uid",
            "deliverable",
            "review",
            "title",
            "description",
            "severity",
            "status",
            "closed_date",
            *VERSION_FIELDS,
        )
        read_only_fields = fields


class _DefectFields(StrictInputSerializer):
    read_only_hints = {
        "status": "Use close/ and reopen/.",
        "closed_date": "Use close/ and reopen/.",
    }
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(allow_blank=True, default="", trim_whitespace=False)
    severity = serializers.ChoiceField(choices=Severity.choices, default=Severity.MEDIUM)
    review = serializers.UUIDField(
        allow_null=True, default=None, help_text="Public id of the deliverable's review that found it."
    )

    def deliverable_of(self, attrs: dict[str, Any]) -> Any:
        """The deliverable the defect is (or will be) about."""
        return self.context["deliverable"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """Resolve the review among the deliverable's reviews."""
        if attrs.get("review") is not None:
            review = self.deliverable_of(attrs).reviews.filter(uid=attrs["review"]).first()
            if review is None:
                raise serializers.ValidationError(
                    {"review": ["No review with this id for this deliverable."]}
                )
            attrs["review"] = review
        return attrs


class DefectCreateSerializer(_DefectFields):
    """Body of ``POST /defects/``."""

    deliverable = VisibleObjectField(visible=deliverables_visible, noun="deliverable")

    def deliverable_of(self, attrs: dict[str, Any]) -> Any:
        """The deliverable named in the body."""
        return attrs["deliverable"]


class DefectUpdateSerializer(_DefectFields):
    """Body of ``PUT``/``PATCH /defects/{uid}/``."""

    read_only_hints = {**_DefectFields.read_only_hints, "deliverable": "A defect stays with its deliverable."}


class DefectCloseSerializer(StrictInputSerializer):
    """Body of ``POST /defects/{uid}/close/``."""

    closed_date = serializers.DateField(allow_null=True, default=None, help_text="Default: today.")


class EmptySerializer(StrictInputSerializer):
    """A body with no fields (``{}``)."""


# --- checklist templates --------------------------------------------------------------------------


class ChecklistTemplateSerializer(serializers.ModelSerializer[ChecklistTemplate]):
    """A checklist template as the API shows it."""

    scope = serializers.SerializerMethodField(help_text="Public id of the portfolio, program or project.")
    scope_kind = serializers.CharField(source="scope.kind", read_only=True)
    items = serializers.ListField(child=serializers.CharField(), read_only=True)
    etag = serializers.CharField(read_only=True, help_text=ETAG_HELP)

    class Meta:
        model = ChecklistTemplate
        fields = ("uid", "scope", "scope_kind", "name", "description", "items", *VERSION_FIELDS)
        read_only_fields = fields

    def get_scope(self, template: ChecklistTemplate) -> str:
        """The public id of the node the template is attached to."""
        return str(template.scope.owner.uid)


class _TemplateFields(StrictInputSerializer):
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(allow_blank=True, default="", trim_whitespace=False)
    items = TextListField(min_length=1, help_text="The checklist items, in order.")


class ChecklistTemplateCreateSerializer(_TemplateFields):
    """Body of ``POST /checklist-templates/``."""

    scope = VisibleScopeField(
        help_text="Public id of the portfolio, program or project it applies to (and below)."
    )


class ChecklistTemplateUpdateSerializer(_TemplateFields):
    """Body of ``PUT``/``PATCH /checklist-templates/{uid}/``."""

    read_only_hints = {"scope": "A template stays attached to its portfolio, program or project."}
