"""Acceptance runs: every fixture course, checked in-process, prints exactly what it records.

Refresh the recorded output deliberately, then read the diff before committing it:

    COURSECHECK_UPDATE_FIXTURES=1 pytest tests/test_fixtures.py
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fixturecourse import CLEAN, EXPECTED, Expected, case_dirs, materialize, run_in, updating


def _check(
    expected: Expected,
    course: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    run = run_in(course / expected.cwd, expected.args, capsys, monkeypatch)
    if updating():
        expected.exit_code, expected.stdout, expected.stderr = run.exit_code, run.stdout, run.stderr
        expected.save()
    assert (run.exit_code, run.stdout, run.stderr) == (
        expected.exit_code,
        expected.stdout,
        expected.stderr,
    )


def test_clean_course(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = Expected.load(CLEAN / EXPECTED)
    _check(expected, materialize(None, tmp_path / "course"), capsys, monkeypatch)
    assert expected.exit_code == 0
    assert expected.codes == set()


@pytest.mark.parametrize("case", case_dirs(), ids=lambda case: case.name)
def test_case(
    case: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    expected = Expected.load(case / EXPECTED)
    _check(expected, materialize(case, tmp_path / "course"), capsys, monkeypatch)


def test_cases_do_not_touch_the_course(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A plain check never writes: the materialized course is byte for byte what it was."""
    course = materialize(None, tmp_path / "course")
    before = {p: p.read_bytes() for p in course.rglob("*") if p.is_file()}
    run_in(course, ["check", ".", "--no-cache"], capsys, monkeypatch)
    assert {p: p.read_bytes() for p in course.rglob("*") if p.is_file()} == before
