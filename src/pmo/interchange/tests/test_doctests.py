"""The examples in the interchange package's docstrings run and stay true (found automatically)."""

from __future__ import annotations

import pytest

import pmo.interchange
from pmo.testing.doctests import modules_with_examples, run_examples

MODULES = modules_with_examples(pmo.interchange)


def test_the_documented_modules_are_found() -> None:
    """Discovery works: format detection and the grid's text notation have examples."""
    for name in ("pmo.interchange.formats", "pmo.interchange.text"):
        assert name in MODULES


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = run_examples(name)
    assert result.attempted > 0
    assert result.failed == 0
