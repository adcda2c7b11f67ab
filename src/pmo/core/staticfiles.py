"""A static-files finder for JavaScript that ships inside installed Python packages.

Plotly's browser bundle lives in the ``plotly`` package (``package_data/plotly.min.js``). This
finder exposes exactly that file as ``vendor/plotly/plotly.min.js``, so it is served by WhiteNoise
and copied by ``collectstatic`` like our own assets: nothing comes from a CDN.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage


def _vendor_files() -> dict[str, Path]:
    import plotly

    return {"vendor/plotly/plotly.min.js": Path(plotly.__file__).parent / "package_data" / "plotly.min.js"}


class VendorFinder(BaseFinder):
    """Finds the few vendored browser files by their static path."""

    def check(self, **kwargs: Any) -> list[Any]:
        """No configuration to check."""
        return []

    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> Any:
        """The file system path of ``path`` if it is a vendored file."""
        source = _vendor_files().get(path)
        found = str(source) if source and source.exists() else None
        if find_all:
            return [found] if found else []
        return found

    def list(self, ignore_patterns: Any) -> Iterator[tuple[str, FileSystemStorage]]:
        """Each vendored file with a storage rooted so that its relative path is the static path."""
        for static_path, source in _vendor_files().items():
            if not source.exists():
                continue
            storage = FileSystemStorage(location=str(source.parent))
            storage.prefix = str(Path(static_path).parent)  # type: ignore[attr-defined]
            yield source.name, storage
