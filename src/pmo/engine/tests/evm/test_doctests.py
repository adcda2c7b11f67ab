"""The examples in the docstrings of the earned-value and DCMA engines run and stay true."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "pmo.engine.evm.indices",
    "pmo.engine.evm.earned_schedule",
    "pmo.engine.evm.model",
    "pmo.engine.evm.evaluate",
    "pmo.engine.evm.timephased",
    "pmo.engine.evm.rollup",
    "pmo.engine.dcma.checks",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
