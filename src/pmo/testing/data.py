"""Access to the real external files in ``../shared/data`` (read in place, never copied).

The folder is found at ``PMO_SHARED_DATA`` or, by default, ``<repo>/../shared/data``.
Where it is absent (a user's own clone) the tests that need it skip with a clear reason;
under ``CI=true`` they fail instead, so a CI run can never pass by skipping them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[3]


def shared_data_dir() -> Path:
    """Return the configured shared data folder (it may not exist)."""
    configured = os.environ.get("PMO_SHARED_DATA")
    if configured:
        return Path(configured).expanduser().resolve()
    return (REPO_ROOT.parent / "shared" / "data").resolve()


def require_shared_data(*parts: str) -> Path:
    """Return ``shared_data_dir()/parts``; skip the test if missing, or fail under CI=true."""
    path = shared_data_dir().joinpath(*parts)
    if not path.exists():
        reason = f"external test data not found at {path}; set PMO_SHARED_DATA to the shared/data folder"
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(reason + " (CI=true: refusing to skip)")
        pytest.skip(reason)
    return path
