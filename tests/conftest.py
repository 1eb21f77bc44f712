"""Shared fixtures. `course`: the minimal valid course of coursedir.py, in tmp_path."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from coursedir import CourseDir

from coursecheck.snippets.toolchain import HOW_TO_GET, find_go


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


@pytest.fixture(scope="session", autouse=True)
def go_cache() -> Iterator[Path]:
    """Every test that builds Go (the GO tests, fixture cases, the CLI) shares one Go cache."""
    if find_go() is None:
        pytest.fail(f"these tests need Go: {HOW_TO_GET}")
    # Go's build cache is content-addressed and safe to share: a warm standard library
    # across sessions keeps the suite fast.
    shared = Path(
        os.environ.get(
            "COURSECHECK_TEST_GOCACHE", Path(tempfile.gettempdir()) / "coursecheck-test-gocache"
        )
    )
    old = os.environ.get("COURSECHECK_GOCACHE")
    os.environ["COURSECHECK_GOCACHE"] = str(shared)
    yield shared
    if old is None:
        os.environ.pop("COURSECHECK_GOCACHE", None)
    else:
        os.environ["COURSECHECK_GOCACHE"] = old
