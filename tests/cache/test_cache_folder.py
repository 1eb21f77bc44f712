"""One cache folder per project, whichever folder coursecheck runs from: `.coursecheck_cache`
sits at the project root (beside pyproject.toml or .git, else in the course folder), and
COURSECHECK_CACHE_DIR still moves it. Real courses on disk, real processes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from coursedir import DAY1, CourseDir

BUILDING = "coursecheck: building 1 Go snippet(s)"
SNIPPET = "```go\nx := 40 + 2\n_ = x\n```"
UNSET = ("COURSECHECK_CACHE_DIR", "CI", "GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "PRE_COMMIT")


def _course(root: Path) -> CourseDir:
    course = CourseDir(root)
    course.replace(DAY1, "Text.", f"Text.\n\n{SNIPPET}")
    return course


def _run(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if k not in UNSET} | env
    done = subprocess.run(
        [sys.executable, "-m", "coursecheck", *args],
        cwd=cwd,
        env=full,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def _caches(top: Path) -> list[Path]:
    return sorted(p.parent for p in top.rglob("CACHEDIR.TAG"))


def test_a_run_from_a_subfolder_uses_the_project_root_cache(tmp_path: Path) -> None:
    top = tmp_path / "project"
    _course(top / "course")
    (top / "pyproject.toml").write_text("[project]\nname = 'book'\n")
    first = _run(top)
    assert BUILDING in first.stderr
    second = _run(top / "course" / "days")
    assert _caches(tmp_path) == [top / ".coursecheck_cache"]
    assert BUILDING not in second.stderr, "the run from course/days missed the cache"


def test_a_git_repository_without_pyproject_keeps_it_at_the_top(tmp_path: Path) -> None:
    top = tmp_path / "repo"
    _course(top / "course")
    (top / ".git").mkdir()
    _run(top / "course", "check", ".")
    second = _run(top / "course" / "days")
    assert _caches(tmp_path) == [top / ".coursecheck_cache"]
    assert BUILDING not in second.stderr


def test_without_markers_the_course_folder_holds_it(tmp_path: Path) -> None:
    course = _course(tmp_path / "course")
    _run(tmp_path, "check", "course")
    second = _run(course.root / "days")
    assert _caches(tmp_path) == [course.root / ".coursecheck_cache"]
    assert BUILDING not in second.stderr


def test_snippets_share_the_course_cache(tmp_path: Path) -> None:
    top = tmp_path / "project"
    course = _course(top / "course")
    (top / "pyproject.toml").write_text("[project]\nname = 'book'\n")
    _run(course.root / "days", "snippets", ".", "--check")
    second = _run(top)
    assert _caches(tmp_path) == [top / ".coursecheck_cache"]
    assert BUILDING not in second.stderr


def test_snippets_on_a_book_without_a_project_use_the_working_folder(tmp_path: Path) -> None:
    book = tmp_path / "book"
    book.mkdir()
    (book / "page.md").write_text(f"# Page\n\n{SNIPPET}\n")
    here = tmp_path / "here"
    here.mkdir()
    _run(here, "snippets", "../book/page.md", "--check")
    assert _caches(tmp_path) == [here / ".coursecheck_cache"]


def test_the_environment_variable_still_moves_it(tmp_path: Path) -> None:
    top = tmp_path / "project"
    _course(top / "course")
    (top / "pyproject.toml").write_text("[project]\nname = 'book'\n")
    elsewhere = tmp_path / "elsewhere"
    _run(top / "course" / "days", COURSECHECK_CACHE_DIR=str(elsewhere))
    assert _caches(tmp_path) == [elsewhere]
