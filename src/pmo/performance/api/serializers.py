"""Serializers of the earned-value API: figures, S-curves, roll-ups and earning rules."""

from __future__ import annotations

from typing import Any, ClassVar

from rest_framework import serializers

from pmo.core.api.serializers import StrictInputSerializer
from pmo.performance.choices import EarningMethod
from pmo.performance.models import EarningRule
from pmo.projects.api.tracking_serializers import VisibleTaskField

MONEY: dict[str, Any] = {"max_digits": 18, "decimal_places": 2}


def _money(help_text: str, *, null: bool = False) -> serializers.DecimalField:
    return serializers.DecimalField(**MONEY, allow_null=null, help_text=help_text)


def _index(help_text: str) -> serializers.FloatField:
    return serializers.FloatField(allow_null=True, help_text=help_text + " (null when undefined).")


class EACByMethodSerializer(serializers.Serializer[Any]):
    """The estimate at completion by each of the four methods of DOMAIN.md."""

    cpi = _money("BAC / CPI.", null=True)
    budget = _money("AC + (BAC − EV).", null=True)
    cpi_spi = _money("AC + (BAC − EV) / (CPI × SPI).", null=True)
    bottom_up = _money("AC + the bottom-up estimate to complete.", null=True)


class FiguresSerializer(serializers.Serializer[Any]):
    """Earned-value figures at the status date, in the project currency."""

    status_date = serializers.DateField()
    bac = _money("Budget at completion.")
    pv = _money("Planned value.")
    ev = _money("Earned value.")
    ac = _money("Actual cost.")
    cv = _money("Cost variance EV − AC.")
    sv = _money("Schedule variance EV − PV.")
    cpi = _index("EV / AC")
    spi = _index("EV / PV")
    spi_t = _index("Earned schedule / actual time")
    sv_t_days = _index("Earned schedule − actual time, in working days")
    eac = _money("Estimate at completion, BAC / CPI.", null=True)
    etc = _money("Estimate to complete, EAC − AC.", null=True)
    vac = _money("Variance at completion, BAC − EAC.", null=True)
    tcpi_bac = _index("(BAC − EV) / (BAC − AC)")
    tcpi_eac = _index("(BAC − EV) / (EAC − AC)")
    eac_by_method = EACByMethodSerializer()
    percent_complete = _index("EV / BAC as a fraction")
    baseline_finish = serializers.DateTimeField(allow_null=True)
    forecast_finish = serializers.DateTimeField(allow_null=True, help_text="Baseline start + IEAC(t).")
    has_baseline = serializers.BooleanField(
        help_text="False: no baseline saved, PV follows the current schedule."
    )
    has_budget = serializers.BooleanField(help_text="False: no task has a planned cost.")


class SeriesSerializer(serializers.Serializer[Any]):
    """The cumulative S-curve at month ends; EV and AC are null after the status date."""

    ends = serializers.ListField(child=serializers.DateTimeField())
    pv = serializers.ListField(child=serializers.FloatField())
    ev = serializers.ListField(child=serializers.FloatField(allow_null=True))
    ac = serializers.ListField(child=serializers.FloatField(allow_null=True))


class ProjectEarnedValueSerializer(serializers.Serializer[Any]):
    """A project's earned value."""

    project = serializers.UUIDField(help_text="Public id of the project.")
    currency = serializers.CharField()
    figures = FiguresSerializer()
    series = SeriesSerializer()


class RollUpProjectSerializer(serializers.Serializer[Any]):
    """One project of a roll-up."""

    uid = serializers.UUIDField()
    code = serializers.CharField()
    name = serializers.CharField()
    figures = FiguresSerializer()


class RollUpSerializer(serializers.Serializer[Any]):
    """The earned value of a program or portfolio: sums first, then ratios."""

    uid = serializers.UUIDField(help_text="Public id of the program or portfolio.")
    currency = serializers.CharField()
    figures = FiguresSerializer(allow_null=True, help_text="Null when no visible project is below it.")
    series = SeriesSerializer()
    projects = RollUpProjectSerializer(many=True)


class StepSerializer(serializers.Serializer[Any]):
    """A step of the weighted-milestones method."""

    name = serializers.CharField(max_length=100)
    weight = serializers.FloatField(min_value=0)
    achieved = serializers.DateField(allow_null=True, required=False, default=None)


class EarningRuleSerializer(serializers.ModelSerializer[EarningRule]):
    """How a task earns value."""

    project: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="uid", read_only=True
    )
    task: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(slug_field="uid", read_only=True)
    milestones = StepSerializer(many=True, read_only=True)
    etag = serializers.CharField(read_only=True, help_text="Send it back in If-Match to change this object.")

    class Meta:
        model = EarningRule
        fields = (
            "uid",
            "project",
            "task",
            "method",
            "milestones",
            "version",
            "etag",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


class _RuleFields(StrictInputSerializer):
    method = serializers.ChoiceField(choices=EarningMethod.choices)
    milestones = StepSerializer(many=True, required=False, default=list)

    def validate_milestones(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Dates as ISO text for the service."""
        return [
            {**step, "achieved": step["achieved"].isoformat() if step.get("achieved") else None}
            for step in value
        ]


class EarningRuleCreateSerializer(_RuleFields):
    """Body of ``POST /earning-rules/``: the task (a work package) and its method."""

    task = VisibleTaskField(help_text="Public id of the task.")


class EarningRuleUpdateSerializer(_RuleFields):
    """Body of ``PUT``/``PATCH /earning-rules/{uid}/``."""

    read_only_hints: ClassVar[dict[str, str]] = {"task": "A rule stays on its task."}
