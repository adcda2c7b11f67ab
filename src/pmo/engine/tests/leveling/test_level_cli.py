"""``pmo level``: output formats, the makespan, and one-line errors with exit code 2."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from pmo.engine.level_cli import main
from pmo.engine.leveling import validate_starts
from pmo.engine.readers.psplib import read_psplib
from pmo.testing.data import require_shared_data


@pytest.fixture
def j30() -> Path:
    return require_shared_data("psplib", "j30", "j301_1.sm")


def test_csv_rows_are_jobs_numbered_as_in_the_file(j30: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(j30), "--format", "csv", "--time-limit", "2"]) == 0
    captured = capsys.readouterr()
    rows = list(csv.DictReader(io.StringIO(captured.out)))
    assert list(rows[0]) == ["job", "start", "finish"]
    assert [int(r["job"]) for r in rows] == list(range(1, 33))
    data = read_psplib(j30)
    starts = [int(r["start"]) for r in rows]
    assert (
        validate_starts(data.durations, data.successors, data.requests, data.capacities, starts, makespan=43)
        == []
    )
    assert captured.err == "makespan 43 (optimal; lower bound 38)\n"  # j30opt.sm: 43


def test_table_ends_with_the_makespan(j30: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(j30), "--time-limit", "0"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["job", "start", "finish"]
    assert len(lines) == 34
    assert lines[-1].startswith("makespan 43 ")


def test_json_explains_delays(j30: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(j30), "--format", "json", "--time-limit", "0.5"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["makespan"], doc["cpm_makespan"], doc["optimal"]) == (43, 38, True)
    delayed = [j for j in doc["jobs"] if j["delay"] > 0]
    assert delayed
    assert all(j["reason"].startswith(f"delayed {j['delay']}: ") for j in delayed)


def test_dispatched_by_the_pmo_console_script_without_django(j30: Path) -> None:
    code = (
        "import sys; from pmo.cli import main;"
        "rc = main(['level', sys.argv[1], '--time-limit', '0', '--format', 'csv']);"
        "print('django' in sys.modules, rc, file=sys.stderr)"
    )
    run = subprocess.run([sys.executable, "-c", code, str(j30)], capture_output=True, text=True, check=True)
    assert run.stdout.startswith("job,start,finish\n1,0,0\n")
    assert run.stderr.splitlines()[-1] == "False 0"


@pytest.mark.parametrize(
    ("name", "content", "extra", "expected"),
    [
        ("missing.sm", None, [], "no such file"),
        ("plan.txt", "hello", [], "unknown extension"),
        ("empty.sm", "nothing here", [], "PSPLIB"),
        (
            "greedy.sm",
            "PROJECT INFORMATION:\npronr. #jobs\n 1 1 0 5 1 5\nPRECEDENCE RELATIONS:\njobnr.\n"
            " 1 1 1 2\n 2 1 1 3\n 3 1 0\nREQUESTS/DURATIONS:\njobnr.\n----\n 1 1 0 0\n 2 1 5 7\n 3 1 0 0\n"
            "RESOURCEAVAILABILITIES:\n R 1\n 4\n",
            [],
            "task 2 needs 7 units of 'R1' but 'R1' has only 4",
        ),
        ("ok.sm", None, ["--time-limit", "-1"], "--time-limit"),
        ("ok.sm", None, ["--format", "xml"], "invalid choice"),
    ],
)
def test_bad_input_exits_2_with_one_line(
    tmp_path: Path,
    j30: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    content: str | None,
    extra: list[str],
    expected: str,
) -> None:
    path = j30 if name == "ok.sm" else tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    assert main([str(path), *extra]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("pmo level: error: ")
    assert expected in err
