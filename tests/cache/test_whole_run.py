"""The whole-run result cache: every input a run read is covered, and a shared cache survives
concurrent writers and garbage. Real courses on disk, real processes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from coursedir import DAY1, CourseDir
from signed import read_signed, run_purpose, seal_bytes

RULES = Path(__file__).resolve().parents[2] / "coursecheck" / "rules"
# Direct looks at the file system; rules ask `course.files` (coursecheck/reads.py) instead.
FILE_SYSTEM_RE = re.compile(
    r"(?<!files)\.(exists|is_file|is_dir|is_symlink|stat|lstat|read_text|read_bytes|open|glob|rglob|"
    r"iterdir|resolve|readlink)\(|\bos\.(path\.\w+|stat|lstat|listdir|scandir|walk|open)\(|"
    r"\bopen\(|\bread_source\("
)
# os.path functions that only compute on the string.
PURE = ("os.path.normpath(", "os.path.relpath(", "os.path.commonpath(", "os.path.join(")


class Repo:
    """A git-like repository in tmp_path holding the course in `course/` and a page outside."""

    def __init__(self, top: Path) -> None:
        self.top = top
        (top / ".git").mkdir(parents=True)
        (top / "docs").mkdir()
        (top / "README.md").write_text("# Repository\n")
        (top / "docs" / "guide.md").write_text("# Guide\n\n## Setup\n")
        self.course = CourseDir(top / "course")
        self.cache = top.parent / "cache"
        self.stderr = ""

    def check(self, *args: str) -> tuple[int, str]:
        env = {**os.environ, "COURSECHECK_CACHE_DIR": str(self.cache)}
        for name in ("CI", "GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "NO_COLOR", "FORCE_COLOR"):
            env.pop(name, None)
        done = subprocess.run(
            [sys.executable, "-m", "coursecheck", "check", "course", "--ignore", "GO", *args],
            cwd=self.top,
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        self.stderr = done.stderr
        assert "error" not in done.stderr, done.stderr
        return done.returncode, done.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    return Repo(tmp_path / "repo")


def test_a_deleted_file_outside_the_course_is_seen_on_a_warm_run(repo: Repo) -> None:
    repo.course.replace(DAY1, "Text.", "See [the repository](../../README.md).")
    assert repo.check() == (0, "All checks passed! (5 files checked)\n")
    assert repo.check() == (0, "All checks passed! (5 files checked)\n")  # warm
    (repo.top / "README.md").unlink()
    expected = repo.check("--no-cache")
    assert expected[0] == 1 and "LK001 '../../README.md' does not exist" in expected[1]
    assert repo.check() == expected


def test_a_changed_heading_outside_the_course_is_seen_on_a_warm_run(repo: Repo) -> None:
    repo.course.replace(DAY1, "Text.", "See [setup](../../docs/guide.md#setup).")
    assert repo.check()[0] == 0
    (repo.top / "docs" / "guide.md").write_text("# Guide\n\n## Set up\n")
    code, out = repo.check()
    assert code == 1 and "LK002 no heading in 'guide.md' has the anchor '#setup'" in out


def test_a_modules_folder_that_is_a_symlink_elsewhere_is_an_input(
    repo: Repo, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    (repo.course.root / "days").rename(elsewhere)
    (repo.course.root / "days").symlink_to(elsewhere)
    assert repo.check()[0] == 0
    module = elsewhere / Path(DAY1).name
    module.write_text(module.read_text().replace("## Exercises", "## Exercise"))
    code, out = repo.check()
    assert code == 1 and "ST001 missing required section '## Exercises'" in out


def test_a_new_git_folder_moves_the_link_boundary_and_is_an_input(repo: Repo) -> None:
    repo.course.replace(DAY1, "Text.", "See [the repository](../../README.md).")
    assert repo.check()[0] == 0
    (repo.course.root / ".git").mkdir()  # the course becomes its own repository
    code, out = repo.check()
    assert code == 1 and "'../../README.md' leaves the repository" in out


GARBAGE = [
    b"",
    b"{",
    b"\xff\xfe not utf-8",
    b"[]",
    b"null",
    b'{"format": 2}',
    b'{"format": 2, "diagnostics": {}, "files_checked": 5, "observations": []}',
    b'{"format": 2, "diagnostics": [{"path": 1}], "files_checked": 5, "observations": []}',
    b'{"format": 2, "diagnostics": [], "files_checked": "5", "observations": []}',
    b'{"format": 2, "diagnostics": [], "files_checked": 5, "observations": [["read"]]}',
    b'{"format": 1, "diagnostics": [], "files_checked": 5}',
]


@pytest.mark.parametrize("garbage", GARBAGE, ids=range(len(GARBAGE)))
def test_a_corrupt_or_wrong_shaped_entry_is_a_miss(repo: Repo, garbage: bytes) -> None:
    repo.course.replace(DAY1, "## Exercises", "## Exercise")
    expected = repo.check("--no-cache")
    assert expected[0] == 1
    assert repo.check() == expected
    entries = list((repo.cache / "results").glob("*.json"))
    assert len(entries) == 1
    entries[0].write_bytes(garbage)
    assert repo.check() == expected
    # Signed with the right key, garbage still reaches the shape checks: a miss too.
    entries[0].write_bytes(seal_bytes(garbage, run_purpose(entries[0])))
    assert repo.check() == expected
    read_signed(entries[0], run_purpose(entries[0]))["diagnostics"]  # rewritten whole


def test_a_forged_clean_entry_whose_inputs_changed_is_not_trusted(repo: Repo) -> None:
    """An entry that says "clean" for an outside file that no longer reads as recorded."""
    repo.course.replace(DAY1, "Text.", "See [setup](../../docs/guide.md#setup).")
    assert repo.check()[0] == 0
    (repo.top / "docs" / "guide.md").unlink()
    assert repo.check()[0] == 1


def test_concurrent_processes_share_the_cache_without_corrupting_it(repo: Repo) -> None:
    repo.course.replace(DAY1, "## Exercises", "## Exercise")
    expected = repo.check("--no-cache")
    env = {**os.environ, "COURSECHECK_CACHE_DIR": str(repo.cache)}
    command = [sys.executable, "-m", "coursecheck", "check", "course", "--ignore", "GO"]
    for _ in range(3):
        runs = [
            subprocess.Popen(command, cwd=repo.top, env=env, stdout=subprocess.PIPE, text=True)
            for _ in range(6)
        ]
        outputs = [(run.wait(), run.communicate()[0]) for run in runs]
        assert outputs == [expected] * 6
    for entry in (repo.cache / "results").iterdir():
        assert entry.suffix == ".json", f"a temporary file was left: {entry.name}"
        read_signed(entry, run_purpose(entry))


def test_rules_look_at_the_file_system_only_through_course_files() -> None:
    offenders = [
        f"{path.name}:{number}: {line.strip()}"
        for path in sorted(RULES.glob("*.py"))
        if path.name != "go.py"  # the GO family hands snippets to the Go toolchain
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if FILE_SYSTEM_RE.search(line) and not any(pure in line for pure in PURE)
    ]
    assert offenders == []


def test_a_cache_folder_that_cannot_be_made_costs_speed_not_the_result(repo: Repo) -> None:
    repo.course.replace(DAY1, "## Exercises", "## Exercise")
    expected = repo.check("--no-cache")
    repo.cache.write_text("a file where the cache folder should be")
    assert repo.check() == expected
    assert repo.stderr.startswith("coursecheck: warning: cannot write the cache")
    assert repo.check() == expected
