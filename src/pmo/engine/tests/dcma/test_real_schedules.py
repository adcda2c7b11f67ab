"""The assessment on every MS Project file in ../shared/data/mspdi/mpxj: no errors, sane figures.

``legacy/sample.xml`` (MANIFEST.md row 132) has six links of all four types and two lags, one of
them negative: the lead, the lag and the non-FS links are flagged on exactly those links.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pmo.engine.dcma import Check, assess
from pmo.engine.readers.mspdi import read_mspdi
from pmo.engine.schedule import schedule
from pmo.engine.tests.conformance import mspdi_files
from pmo.testing.data import require_shared_data


@pytest.fixture(scope="module")
def mspdi_root() -> Path:
    return require_shared_data("mspdi", "mpxj")


@pytest.mark.shared_data
def test_every_file_is_assessed_without_an_error(mspdi_root: Path) -> None:
    assessed = 0
    for _name, path in mspdi_files(mspdi_root):
        f = read_mspdi(path)
        if not f.project.tasks:
            continue
        a = assess(f.project, schedule(f.project))
        assessed += 1
        assert len(a.checks) == 14
        uids = {t.uid for t in f.project.tasks}
        for c in a.checks:
            assert set(c.tasks) <= uids
            if c.unit == "%" and c.figure is not None:
                assert 0.0 <= c.figure <= 100.0
    assert assessed > 90


@pytest.mark.shared_data
def test_sample_flags_its_lead_lag_and_non_fs_links(mspdi_root: Path) -> None:
    f = read_mspdi(mspdi_root / "legacy" / "sample.xml")
    a = assess(f.project, schedule(f.project))
    assert a[Check.LEADS].links == ((13, 14),)
    assert a[Check.LAGS].links == ((11, 12),)
    assert a[Check.RELATIONSHIP_TYPES].links == ((15, 16), (17, 18), (20, 21))
    assert a[Check.RELATIONSHIP_TYPES].figure == 50.0
