"""MPXJ's ``org.mpxj.cpm.MicrosoftScheduler`` as a peer for the conformance test (test-only).

``mpxj`` (with jpype and a Java runtime) is a development dependency; pmo's runtime never imports
this module. One JVM serves the whole test session (jpype cannot restart it).
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from pmo.engine.tests.conformance import Computed


def available() -> bool:
    """Whether Java and the ``mpxj`` package are installed."""
    if shutil.which("java") is None:
        return False
    try:
        import jpype  # noqa: F401
        import mpxj  # noqa: F401
    except ImportError:
        return False
    return True


def _start_jvm() -> None:
    import jpype
    import mpxj  # noqa: F401  (adds its jars to the class path)

    if not jpype.isJVMStarted():
        # Keep a JVM crash report (jpype at interpreter exit) out of the working tree.
        jpype.startJVM(
            "-Djava.awt.headless=true",
            f"-XX:ErrorFile={tempfile.gettempdir()}/pmo-hs_err_%p.log",
            convertStrings=True,
        )


def _dt(value: Any) -> datetime | None:
    if value is None:
        return None
    return datetime.fromisoformat(str(value.toString()))


def _minutes(task: Any, duration: Any) -> float | None:
    if duration is None:
        return None
    from org.mpxj import TimeUnit

    props = task.getParentFile().getProjectProperties()
    return float(duration.convertUnits(TimeUnit.MINUTES, props).getDuration())


def schedule_file(path: Path) -> dict[int, Computed] | None:
    """Run MPXJ's MicrosoftScheduler on an MSPDI file; None when MPXJ refuses the file."""
    _start_jvm()
    from org.mpxj.cpm import MicrosoftScheduler
    from org.mpxj.reader import UniversalProjectReader

    project = UniversalProjectReader().read(str(path))
    if project is None:
        return None
    start = project.getProjectProperties().getStartDate()
    try:
        MicrosoftScheduler().schedule(project, start)
    except Exception:
        return None
    out: dict[int, Computed] = {}
    for task in project.getTasks():
        uid = task.getUniqueID()
        if uid is None or int(uid) == 0:
            continue
        crit = task.getCritical()
        out[int(uid)] = Computed(
            _dt(task.getStart()),
            _dt(task.getFinish()),
            _dt(task.getEarlyStart()),
            _dt(task.getEarlyFinish()),
            _dt(task.getLateStart()),
            _dt(task.getLateFinish()),
            _minutes(task, task.getTotalSlack()),
            _minutes(task, task.getFreeSlack()),
            None if crit is None else bool(crit),
        )
    return out
