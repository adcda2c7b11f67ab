"""Serializers of the reporting API: one output shape per object, one input allow-list per write.

The services check the rest (an override needs its comment, thresholds by rule, a period end that
ends a period of the cadence) and refuse by field.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rest_framework import serializers

from pmo.core.api.serializers import StrictInputSerializer
from pmo.projects.api.tracking_serializers import VisibleProjectField
from pmo.reporting.choices import OVERRIDE_CHOICES, Cadence
from pmo.reporting.models import DIMENSIONS, ReportingSettings, StatusReport

VERSION_FIELDS = ("version", "etag", "created_at", "updated_at")
ETAG_HELP = "Send it back in If-Match to change this object."
OVERRIDE_HELP = "The manager's override: green, amber or red; empty when there is none."
RAG_FIELDS = tuple(f"{d}_{part}" for d in DIMENSIONS for part in ("rag", "override", "comment"))
NARRATIVE = ("summary", "achievements", "next_period", "decisions_needed")


class StatusReportSerializer(serializers.ModelSerializer[StatusReport]):
    """A status report: per dimension the drafted RAG, the override and its comment; the narrative;
    the drafted figures (``data``) and, once submitted, the frozen ``snapshot``."""

    project: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="uid", read_only=True, help_text="Public id of the project."
    )
    submitted_by = serializers.CharField(
        source="submitted_by.username", read_only=True, allow_null=True, default=None
    )
    etag = serializers.CharField(read_only=True, help_text=ETAG_HELP)
    schedule_override = serializers.CharField(read_only=True, help_text=OVERRIDE_HELP)
    cost_override = serializers.CharField(read_only=True, help_text=OVERRIDE_HELP)
    scope_override = serializers.CharField(read_only=True, help_text=OVERRIDE_HELP)
    quality_override = serializers.CharField(read_only=True, help_text=OVERRIDE_HELP)
    risk_override = serializers.CharField(read_only=True, help_text=OVERRIDE_HELP)
    resources_override = serializers.CharField(read_only=True, help_text=OVERRIDE_HELP)

    class Meta:
        model = StatusReport
        fields = (
            "uid",
            "project",
            "period_start",
            "period_end",
            "status",
            *RAG_FIELDS,
            *NARRATIVE,
            "data",
            "drafted_at",
            "snapshot",
            "submitted_at",
            "submitted_by",
            *VERSION_FIELDS,
        )
        read_only_fields = fields


class StatusReportCreateSerializer(StrictInputSerializer):
    """Body of ``POST /status-reports/``: draft (or refresh) the report of a period of the project."""

    project = VisibleProjectField(help_text="Public id of the project.")
    period_end = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Last day of the period (default: the current one).",
    )


def _override() -> serializers.ChoiceField:
    return serializers.ChoiceField(
        choices=OVERRIDE_CHOICES,
        allow_blank=True,
        required=False,
        help_text="green, amber or red; blank for none (clearing it clears its comment).",
    )


def _comment() -> serializers.CharField:
    return serializers.CharField(
        allow_blank=True, max_length=2000, required=False, help_text="Why the override; required with one."
    )


def _text() -> serializers.CharField:
    return serializers.CharField(allow_blank=True, max_length=5000, required=False)


class StatusReportUpdateSerializer(StrictInputSerializer):
    """Body of ``PUT``/``PATCH /status-reports/{uid}/``: the narrative and overrides of a draft."""

    read_only_hints: ClassVar[dict[str, str]] = {
        "project": "A report stays in its project.",
        "status": "Submit with the submit action.",
    }
    summary = _text()
    achievements = _text()
    next_period = _text()
    decisions_needed = _text()
    schedule_override = _override()
    schedule_comment = _comment()
    cost_override = _override()
    cost_comment = _comment()
    scope_override = _override()
    scope_comment = _comment()
    quality_override = _override()
    quality_comment = _comment()
    risk_override = _override()
    risk_comment = _comment()
    resources_override = _override()
    resources_comment = _comment()


class StatusReportSubmitSerializer(StrictInputSerializer):
    """Body of ``POST /status-reports/{uid}/submit/`` (empty; send ``If-Match``)."""


class ReportingSettingsSerializer(serializers.ModelSerializer[ReportingSettings]):
    """The reporting settings of a project."""

    project: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="uid", read_only=True, help_text="Public id of the project."
    )
    etag = serializers.CharField(read_only=True, help_text=ETAG_HELP)

    class Meta:
        model = ReportingSettings
        fields = ("uid", "project", "cadence", "anchor", "grace_days", "thresholds", *VERSION_FIELDS)
        read_only_fields = fields


class _SettingsFields(StrictInputSerializer):
    cadence = serializers.ChoiceField(choices=Cadence.choices, required=False)
    anchor = serializers.DateField(required=False, help_text="A day a weekly or fortnightly period ends on.")
    grace_days = serializers.IntegerField(min_value=0, max_value=60, required=False)
    thresholds = serializers.JSONField(
        required=False, help_text="Rules by dimension; rules left out keep defaults."
    )


class ReportingSettingsCreateSerializer(_SettingsFields):
    """Body of ``POST /reporting-settings/``: the settings of a project that has none yet."""

    project = VisibleProjectField(help_text="Public id of the project.")


class ReportingSettingsUpdateSerializer(_SettingsFields):
    """Body of ``PUT``/``PATCH /reporting-settings/{uid}/``."""

    read_only_hints: ClassVar[dict[str, str]] = {"project": "Settings stay with their project."}
