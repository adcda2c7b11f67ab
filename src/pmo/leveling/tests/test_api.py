"""``/api/v1/leveling-runs/``: preview, apply (If-Match), undo, discard; refusals change nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from pmo.leveling.tests.conftest import Plan
from pmo.projects.models import Task

pytestmark = pytest.mark.django_db

LIST = "/api/v1/leveling-runs/"


def _action(uid: str, verb: str) -> str:
    return reverse(f"api:leveling-run-{verb}", kwargs={"uid": uid})


def test_preview_apply_undo(plan: Plan, api_client: Callable[..., Any]) -> None:
    client = api_client("manager")

    # When a preview is asked for the project
    created = client.post(LIST, {"node": str(plan.project.uid)}, format="json")

    # Then it lists the delayed task with its reason; the plan is unchanged
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "previewed" and body["kind"] == "project"
    assert [c["name"] for c in body["changes"]] == ["Test"]
    assert "over-allocated" in body["changes"][0]["reason"]

    # When applied with If-Match, then the plan changes
    applied = client.post(
        _action(body["uid"], "apply"), {}, format="json", headers={"If-Match": created["ETag"]}
    )
    assert applied.status_code == 200, applied.content
    assert applied.json()["status"] == "applied"
    assert Task.objects.get(pk=plan.test.pk).constraint_type == "SNET"

    # When undone, then it is restored
    undone = client.post(
        _action(body["uid"], "undo"), {}, format="json", headers={"If-Match": applied["ETag"]}
    )
    assert undone.status_code == 200, undone.content
    assert Task.objects.get(pk=plan.test.pk).constraint_type == "ASAP"


def test_apply_needs_if_match_and_viewers_cannot_act(
    plan: Plan, api_client: Callable[..., Any], fingerprint: Callable[[], object]
) -> None:
    body = api_client("manager").post(LIST, {"node": str(plan.project.uid)}, format="json").json()
    before = fingerprint()

    assert api_client("manager").post(_action(body["uid"], "apply"), {}, format="json").status_code == 428
    assert api_client("viewer").post(_action(body["uid"], "discard"), {}, format="json").status_code == 403
    assert api_client("viewer").post(LIST, {"node": str(plan.project.uid)}, format="json").status_code == 403
    assert fingerprint() == before


def test_bad_input_names_the_field(
    plan: Plan, api_client: Callable[..., Any], fingerprint: Callable[[], object]
) -> None:
    before = fingerprint()
    client = api_client("manager")

    unknown = client.post(LIST, {"node": str(plan.project.uid), "colour": "red"}, format="json")
    too_long = client.post(
        LIST, {"node": str(plan.project.uid), "mode": "optimize", "time_limit": 999}, format="json"
    )

    assert unknown.status_code == 400
    assert "colour" in {error["field"] for error in unknown.json()["errors"]}
    assert too_long.status_code == 400 and "time_limit" in str(too_long.json())
    assert fingerprint() == before
