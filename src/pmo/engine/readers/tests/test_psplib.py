"""PSPLIB: our critical-path length equals MPM-Time on all 2,040 single-mode instances."""

from __future__ import annotations

import pytest

from pmo.engine.readers.psplib import ReaderError, read_psplib
from pmo.testing.data import require_shared_data


def test_mpm_time_on_every_instance() -> None:
    root = require_shared_data("psplib")
    files = sorted(p for sub in ("j30", "j60", "j90", "j120") for p in (root / sub).glob("*.sm"))
    assert len(files) == 2040
    wrong = []
    for path in files:
        inst = read_psplib(path)
        finish = inst.network().schedule().project_finish
        if finish != inst.mpm_time:
            wrong.append(f"{path.name}: {finish} != {inst.mpm_time}")
    assert not wrong, wrong[:10]


def test_instance_fields() -> None:
    inst = read_psplib(require_shared_data("psplib", "j30", "j301_1.sm"))
    assert len(inst.durations) == 32 and inst.durations[0] == 0 and inst.durations[1] == 8
    assert inst.successors[0] == (2, 3, 4)
    assert len(inst.capacities) == 4 and len(inst.requests[1]) == 4
    assert (inst.mpm_time, inst.due_date) == (38, 38)


def test_bad_files(tmp_path: pytest.TempPathFactory) -> None:
    with pytest.raises(ReaderError):
        read_psplib(b"hello")
    with pytest.raises(ReaderError, match="outside"):
        read_psplib(
            b"PROJECT INFORMATION:\nh\n 1 1 0 1 1 1\nPRECEDENCE RELATIONS:\nh\n 1 1 1 5\n"
            b"REQUESTS/DURATIONS:\nh\n--\n"
            b" 1 1 1 0\nRESOURCEAVAILABILITIES:\n R 1\n 1\n"
        )
