"""Discovery of the docstring examples of a pure package (the engine, interchange), so a new
module's examples are checked without being listed anywhere. No Django."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from types import ModuleType


def modules_with_examples(package: ModuleType) -> list[str]:
    """Names of the modules of ``package`` (tests aside) whose docstrings hold examples."""
    finder = doctest.DocTestFinder()
    found = []
    for info in pkgutil.walk_packages(package.__path__, prefix=f"{package.__name__}."):
        if ".tests" in info.name:
            continue
        module = importlib.import_module(info.name)
        if any(test.examples for test in finder.find(module)):
            found.append(info.name)
    return sorted(found)


def run_examples(name: str) -> doctest.TestResults:
    """Run the examples of module ``name`` (``...`` matches anything)."""
    return doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
