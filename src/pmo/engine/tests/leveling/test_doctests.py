"""The examples in the leveling engine's docstrings run and stay true."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "pmo.engine.leveling.api",
    "pmo.engine.leveling.model",
    "pmo.engine.leveling.validate",
    "pmo.engine.leveling.references",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
