"""Small files for the import tests: a three-task MS Project XML plan and a CSV task list."""

from __future__ import annotations

from xml.sax.saxutils import escape


def tiny_mspdi(name: str = "Tiny plan", tasks: tuple[str, ...] = ("Design", "Build", "Ship")) -> bytes:
    """An MSPDI file: tasks of 2, 3, 4... days and a closing milestone, linked finish-to-start in a row."""
    rows = []
    for index, task in enumerate(tasks, start=1):
        last = index == len(tasks)
        hours = 0 if last else 8 * (index + 1)
        link = (
            f"<PredecessorLink><PredecessorUID>{index - 1}</PredecessorUID><Type>1</Type></PredecessorLink>"
            if index > 1
            else ""
        )
        rows.append(
            f"<Task><UID>{index}</UID><ID>{index}</ID><Name>{escape(task)}</Name>"
            f"<Duration>PT{hours}H0M0S</Duration><Milestone>{1 if last else 0}</Milestone>{link}</Task>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Project xmlns="http://schemas.microsoft.com/project">'
        f"<Name>{escape(name)}</Name><StartDate>2026-03-02T08:00:00</StartDate>"
        f"<Tasks>{''.join(rows)}</Tasks></Project>"
    ).encode()


def tiny_csv() -> bytes:
    """A CSV task list whose headers need no mapping help except the oddly named duration column."""
    return b"Task,How long,Depends on\nSurvey,2d,\nDig,3d,1\nPour,1d,2\n"


XXE = (
    b'<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b'<Project xmlns="http://schemas.microsoft.com/project"><Name>&x;</Name></Project>'
)
