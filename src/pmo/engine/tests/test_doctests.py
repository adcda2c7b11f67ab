"""The examples in the engine's docstrings run and stay true."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "pmo.engine.schedule.calendars",
    "pmo.engine.schedule.network",
    "pmo.engine.schedule.fast",
    "pmo.engine.schedule.cpm",
    "pmo.engine.readers.mspdi",
    "pmo.engine.readers.psplib",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
