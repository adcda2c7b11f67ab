"""Per-project quality figures: defects open and closed, first-pass acceptance rate."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pmo.quality.forms import LinesField
from pmo.quality.selectors import quality_summary
from pmo.quality.services import (
    defect_close,
    defect_create,
    deliverable_create,
    deliverable_decide,
    deliverable_submit,
    review_create,
)
from pmo.quality.validators import validate_text_list
from pmo.testing.personas import World

DAY = dt.date(2026, 1, 10)


def _deliverable(world: World, name: str, reviews: list[str], decisions: list[str]) -> Any:
    """A deliverable of A's project_direct with ``reviews`` (results, in date order) and the
    acceptor's ``decisions`` in turn (each after a submission)."""
    manager = world.users["manager"]
    d = deliverable_create(actor=manager, project=world.a.project_direct, name=name, acceptor=manager)
    for offset, result in enumerate(reviews):
        review_create(
            actor=manager,
            deliverable=d,
            reviewer=manager,
            review_date=DAY + dt.timedelta(days=offset),
            result=result,
        )
    for decision in decisions:
        d.refresh_from_db()
        d = deliverable_submit(actor=manager, deliverable=d, expected_version=d.version)
        d = deliverable_decide(
            actor=manager, deliverable=d, decision=decision, comment="why", expected_version=d.version
        )
    return d


@pytest.mark.django_db
def test_first_pass_rate_and_defect_counts(world: World) -> None:
    # given five deliverables:
    first = _deliverable(world, "accepted at the first review", ["pass"], ["accept"])
    _deliverable(world, "failed first, then passed", ["fail", "pass"], ["accept"])
    _deliverable(world, "rejected once", ["pass_with_conditions"], ["reject", "accept"])
    _deliverable(world, "accepted without any review", [], ["accept"])
    _deliverable(world, "reviewed, still in review", ["pass"], [])
    manager = world.users["manager"]
    for title in ("a", "b", "c"):
        defect_create(actor=manager, deliverable=first, title=title)
    open_one = first.defects.first()
    defect_close(actor=manager, defect=open_one, expected_version=open_one.version)
    # when the figures are computed
    summary = quality_summary(world.a.project_direct)
    # then four were reviewed and only the first was accepted at its first review
    assert (summary.reviewed, summary.first_pass) == (4, 1)
    assert summary.first_pass_rate == pytest.approx(0.25)
    assert (summary.deliverables, summary.accepted) == (5, 4)
    assert (summary.defects_open, summary.defects_closed) == (2, 1)


@pytest.mark.django_db
def test_no_review_means_no_rate(world: World) -> None:
    summary = quality_summary(world.a.project_sub)
    assert summary.reviewed == 0 and summary.first_pass_rate is None


_line = (
    st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=40)
    .map(str.strip)
    .filter(bool)
)


@given(st.lists(_line, max_size=8))
def test_lines_field_round_trips_a_list_of_texts(items: list[str]) -> None:
    """What the form shows for a stored list reads back as the same list, which the model accepts."""
    field = LinesField()
    assert field.clean(field.prepare_value(items)) == items
    validate_text_list(items)
