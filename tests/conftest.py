"""Shared fixtures. `course`: the minimal valid course of coursedir.py, in tmp_path."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from coursedir import CourseDir


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[CourseDir]:
    root = tmp_path / "course"
    root.mkdir()
    monkeypatch.chdir(root)  # findings name paths relative to the course
    yield CourseDir(root)


@pytest.fixture(autouse=True)
def _not_in_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Inside GitHub Actions the default format is `github` and the job summary is written:
    tests that run the CLI expect a plain local run, and must not write CI's summary file."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
