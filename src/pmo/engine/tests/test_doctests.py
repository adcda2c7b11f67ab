"""The examples in the engine's docstrings run and stay true.

Every module of :mod:`pmo.engine` (tests aside) is searched for docstring examples, so a new
module's examples are checked without being listed here.
"""

from __future__ import annotations

import pytest

import pmo.engine
from pmo.testing.doctests import modules_with_examples, run_examples

MODULES = modules_with_examples(pmo.engine)


def test_the_documented_modules_are_found() -> None:
    """Discovery works: the scheduling core, earned value, DCMA and leveling have examples."""
    for name in ("pmo.engine.schedule.cpm", "pmo.engine.evm.indices", "pmo.engine.leveling.api"):
        assert name in MODULES


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = run_examples(name)
    assert result.attempted > 0
    assert result.failed == 0
