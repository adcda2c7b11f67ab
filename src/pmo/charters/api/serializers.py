"""Charter serializers: the charter with its objectives, decisions, approved version and the
project's deliverables; an input allow-list per write."""

from __future__ import annotations

from rest_framework import serializers

from pmo.accounts.api.fields import VisibleUserField
from pmo.charters.choices import Decision
from pmo.charters.models import Charter, CharterDecision, Objective
from pmo.core.api.serializers import StrictInputSerializer
from pmo.projects.selectors import projects_visible
from pmo.quality.api.fields import TextListField, VisibleObjectField
from pmo.quality.models import Deliverable

STATE_HINT = "The status changes through submit/ and decide/ only."


class ObjectiveSerializer(serializers.ModelSerializer[Objective]):
    """A measurable objective."""

    class Meta:
        model = Objective
        fields = ("position", "description", "measure", "target_value", "unit", "due_date")
        read_only_fields = fields


class DecisionSerializer(serializers.ModelSerializer[CharterDecision]):
    """One step of the approval flow."""

    actor = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = CharterDecision
        fields = ("kind", "actor", "at", "comment", "charter_version")
        read_only_fields = fields


class CharterDeliverableSerializer(serializers.ModelSerializer[Deliverable]):
    """A deliverable of the project, as listed on its charter."""

    class Meta:
        model = Deliverable
        fields = ("uid", "name", "status", "due_date")
        read_only_fields = fields


def _texts() -> serializers.ListField:
    return serializers.ListField(child=serializers.CharField(), read_only=True)


class CharterSerializer(serializers.ModelSerializer[Charter]):
    """A charter as the API shows it."""

    project = serializers.SlugRelatedField(
        slug_field="uid", read_only=True, help_text="Public id of the project."
    )
    sponsor = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    project_manager = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    approved_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    scope_in = _texts()
    scope_out = _texts()
    success_criteria = _texts()
    assumptions = _texts()
    constraints = _texts()
    objectives = ObjectiveSerializer(many=True, read_only=True)
    decisions = DecisionSerializer(many=True, read_only=True, help_text="The approval flow, newest first.")
    approved_content = serializers.DictField(
        source="approved_content_data",
        read_only=True,
        allow_null=True,
        help_text=(
            "The content of the last approved version (null if never approved): purpose, objectives, "
            "scope_in, scope_out, success_criteria, assumptions, constraints, sponsor, project_manager."
        ),
    )
    deliverables = CharterDeliverableSerializer(
        source="project.deliverables", many=True, read_only=True, help_text="The project's deliverables."
    )
    etag = serializers.CharField(read_only=True, help_text="Send it back in If-Match to change this object.")

    class Meta:
        model = Charter
        fields = (
            "uid",
            "project",
            "status",
            "purpose",
            "objectives",
            "scope_in",
            "scope_out",
            "success_criteria",
            "assumptions",
            "constraints",
            "sponsor",
            "project_manager",
            "deliverables",
            "approved_version",
            "approved_at",
            "approved_by",
            "approved_content",
            "decisions",
            "version",
            "etag",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


class ObjectiveInputSerializer(StrictInputSerializer):
    """One objective: what, how it is measured, the target and when (all but ``unit`` required)."""

    description = serializers.CharField(max_length=300)
    measure = serializers.CharField(max_length=200)
    target_value = serializers.DecimalField(max_digits=16, decimal_places=4)
    unit = serializers.CharField(max_length=40, allow_blank=True, default="")
    due_date = serializers.DateField()


class _CharterFields(StrictInputSerializer):
    """The fields a manager edits. ``objectives`` replaces the whole list, in order."""

    read_only_hints = {"status": STATE_HINT, "approved_version": STATE_HINT, "approved_at": STATE_HINT}
    purpose = serializers.CharField(allow_blank=True, default="", trim_whitespace=False)
    objectives = ObjectiveInputSerializer(many=True, default=list)
    scope_in = TextListField(default=list)
    scope_out = TextListField(default=list)
    success_criteria = TextListField(default=list)
    assumptions = TextListField(default=list)
    constraints = TextListField(default=list)
    sponsor = VisibleUserField(
        allow_null=True, default=None, help_text="Username of the sponsor (who approves)."
    )
    project_manager = VisibleUserField(allow_null=True, default=None)


class CharterCreateSerializer(_CharterFields):
    """Body of ``POST /charters/``: the project (which has no charter yet) and the charter's fields."""

    project = VisibleObjectField(
        visible=projects_visible, noun="project", help_text="Public id of the project."
    )


class CharterUpdateSerializer(_CharterFields):
    """Body of ``PUT``/``PATCH /charters/{uid}/``."""

    read_only_hints = {**_CharterFields.read_only_hints, "project": "A charter stays with its project."}


class CharterSubmitSerializer(StrictInputSerializer):
    """Body of ``POST /charters/{uid}/submit/``."""

    comment = serializers.CharField(allow_blank=True, default="", max_length=2000)


class CharterDecideSerializer(StrictInputSerializer):
    """Body of ``POST /charters/{uid}/decide/`` (the named sponsor only)."""

    decision = serializers.ChoiceField(choices=Decision.choices)
    comment = serializers.CharField(
        allow_blank=True, default="", max_length=2000, help_text="Required when returning: what must change."
    )
