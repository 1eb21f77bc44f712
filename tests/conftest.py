"""Shared fixtures. `course`: the minimal valid course of coursedir.py, in tmp_path."""

from __future__ import annotations

import contextlib
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
    with _environment("COURSECHECK_GOCACHE", str(shared)):
        yield shared


@pytest.fixture(scope="session", autouse=True)
def user_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """coursecheck's per-user cache (the key that signs results; the toolchain cache when
    COURSECHECK_GOCACHE is unset) in a folder of the session, not the tester's home."""
    folder = tmp_path_factory.mktemp("user-cache")
    with _environment("XDG_CACHE_HOME", str(folder)):
        yield folder


@contextlib.contextmanager
def _environment(name: str, value: str) -> Iterator[None]:
    """`name` set for the session (and the processes it starts), then restored."""
    old = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = old
