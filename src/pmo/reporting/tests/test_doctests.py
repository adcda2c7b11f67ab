"""The docstring examples of the reporting modules that hold them run and hold."""

from __future__ import annotations

import pytest

from pmo.testing.doctests import run_examples


@pytest.mark.parametrize(
    "name", ["pmo.reporting.drafting", "pmo.reporting.periods", "pmo.reporting.thresholds"]
)
def test_examples_hold(name: str) -> None:
    result = run_examples(name)
    assert result.attempted > 0
    assert result.failed == 0
