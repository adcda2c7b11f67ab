"""The examples in the docstrings of the pure modules run as tests."""

from __future__ import annotations

import doctest

import pytest

from pmo.risks import heatmap, matrix


@pytest.mark.parametrize("module", [matrix, heatmap])
def test_docstring_examples(module: object) -> None:
    result = doctest.testmod(module)  # type: ignore[arg-type]
    assert result.attempted > 0 and result.failed == 0
