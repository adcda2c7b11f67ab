"""The examples in the engine's docstrings run and stay true.

Every module of :mod:`pmo.engine` (tests aside) is searched for docstring examples, so a new
module's examples are checked without being listed here.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import pmo.engine


def _modules_with_examples() -> list[str]:
    finder = doctest.DocTestFinder()
    found = []
    for info in pkgutil.walk_packages(pmo.engine.__path__, prefix="pmo.engine."):
        if ".tests" in info.name:
            continue
        module = importlib.import_module(info.name)
        if any(test.examples for test in finder.find(module)):
            found.append(info.name)
    return sorted(found)


MODULES = _modules_with_examples()


def test_the_documented_modules_are_found() -> None:
    """Discovery works: the scheduling core, earned value, DCMA and leveling have examples."""
    for name in ("pmo.engine.schedule.cpm", "pmo.engine.evm.indices", "pmo.engine.leveling.api"):
        assert name in MODULES


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
