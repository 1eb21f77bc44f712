"""Acceptance runs: every fixture course, checked in-process, prints exactly what it records.

Refresh the recorded output deliberately, then read the diff before committing it:

    COURSECHECK_UPDATE_FIXTURES=1 pytest tests/test_fixtures.py
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fixturecourse import (
    CLEAN,
    EXPECTED,
    MINI,
    ROOT_TOKEN,
    Expected,
    case_dirs,
    materialize,
    run_in,
    updating,
)


def _check(
    expected: Expected,
    folder: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for _ in range(expected.runs):
        run = run_in(folder / expected.cwd, expected.args, capsys, monkeypatch, expected.env)
        # An absolute path in the output is recorded as <root>: the run folder differs each time.
        out, err = (text.replace(str(folder), ROOT_TOKEN) for text in (run.stdout, run.stderr))
        if updating():
            expected.exit_code, expected.stdout, expected.stderr = run.exit_code, out, err
            expected.save()
        assert (run.exit_code, out, err) == (expected.exit_code, expected.stdout, expected.stderr)


@pytest.mark.parametrize("base", [CLEAN, MINI], ids=lambda base: base.name)
def test_base_course_is_clean(
    base: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    expected = Expected.load(base / EXPECTED)
    course = tmp_path / "course"
    _check(expected, materialize(None, course, base), capsys, monkeypatch)
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
