"""Finding the course from where the user stands or the paths given, as git and ruff find their
roots; the fixture cases cli-* record the plain runs, these the edges."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fixturecourse import CASES, materialize, run_in

Capsys = pytest.CaptureFixture[str]
Patch = pytest.MonkeyPatch
DAY2 = "days/day-02-values-types.md"
DAY3 = "days/day-03-slices-maps.md"
DAY2_FINDING = (
    f"{DAY2}:24:37: LK002 no heading in 'README.md' has the anchor '#the-road-map'; "
    "did you mean '#the-roadmap'?"
)
DAY3_FINDING = f"{DAY3}:27:51: LK001 'day-02-value-types.md' does not exist"


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """The clean course with a broken link on day 2 and on day 3."""
    return materialize(CASES / "cli-one-file-argument", tmp_path / "course")


def test_two_files_of_one_course_report_both(
    course: Path, capsys: Capsys, monkeypatch: Patch
) -> None:
    run = run_in(course.parent, ["check", f"course/{DAY2}", f"course/{DAY3}"], capsys, monkeypatch)
    assert (run.exit_code, run.stderr) == (1, "")
    assert run.stdout == (
        f"course/{DAY2_FINDING}\n\ncourse/{DAY3_FINDING}\n\nFound 2 errors in 2 files.\n"
    )


def test_a_file_and_its_course_report_the_whole_course(
    course: Path, capsys: Capsys, monkeypatch: Patch
) -> None:
    run = run_in(course, ["check", ".", DAY3], capsys, monkeypatch)
    assert run.stdout.endswith("Found 2 errors in 2 files.\n")


def test_a_folder_below_the_course_walks_up(
    course: Path, capsys: Capsys, monkeypatch: Patch
) -> None:
    run = run_in(course.parent, ["check", "course/days"], capsys, monkeypatch)
    assert run.exit_code == 1
    assert run.stderr == "coursecheck: checking the course at course/ (found from course/days)\n"
    assert run.stdout.endswith("Found 2 errors in 2 files.\n")


def test_files_of_two_courses_exit_2(course: Path, capsys: Capsys, monkeypatch: Patch) -> None:
    shutil.copytree(course, course.parent / "other")
    args = ["check", f"course/{DAY3}", f"other/{DAY3}"]
    run = run_in(course.parent, args, capsys, monkeypatch)
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        f"coursecheck: error: course/{DAY3} and other/{DAY3} belong to different courses; "
        "check one course at a time\n"
    )


def test_outside_any_course_exit_2(tmp_path: Path, capsys: Capsys, monkeypatch: Patch) -> None:
    (tmp_path / "notes.md").write_text("# Notes\n", encoding="utf-8")
    run = run_in(tmp_path, ["check", "notes.md"], capsys, monkeypatch)
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        "coursecheck: error: notes.md: not inside a course: no course.yaml in ./ or the folders "
        "above it\n"
    )
    run = run_in(tmp_path, [], capsys, monkeypatch)
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        "coursecheck: error: no course here: no course/course.yaml, and no course.yaml in this "
        "folder or the folders above it; run coursecheck inside a course or name it: "
        "coursecheck check PATH\n"
    )


def test_the_configured_course_is_found_from_a_subfolder(
    course: Path, capsys: Capsys, monkeypatch: Patch
) -> None:
    """A repository with the course in `lessons/` and pyproject.toml at its root, run from
    `docs/`: the configured course is relative to pyproject.toml."""
    repo = course.parent
    course.rename(repo / "lessons")
    (repo / "pyproject.toml").write_text('[tool.coursecheck]\ncourse = "lessons"\n', "utf-8")
    (repo / "docs").mkdir()
    run = run_in(repo / "docs", [], capsys, monkeypatch)
    assert (run.exit_code, run.stderr) == (1, "")
    assert run.stdout.endswith("Found 2 errors in 2 files.\n")


@pytest.mark.parametrize("flag", ["--fix", "--diff"])
def test_fixing_a_named_file_leaves_the_others_alone(
    course: Path, capsys: Capsys, monkeypatch: Patch, flag: str
) -> None:
    """F15: a byte order mark on day 2 (EN003, fixable) is not day 3's to fix or show."""
    day2 = course / DAY2
    day2.write_bytes(b"\xef\xbb\xbf" + day2.read_bytes())
    before = day2.read_bytes()
    run = run_in(course, ["check", DAY3, flag], capsys, monkeypatch)
    assert day2.read_bytes() == before
    assert DAY2 not in run.stdout + run.stderr.replace(f"found from {DAY3}", "")


def test_a_path_that_does_not_exist_says_so_with_the_name_meant(
    course: Path, capsys: Capsys, monkeypatch: Patch
) -> None:
    run = run_in(course.parent, ["check", "course/days/day-03-slices.md"], capsys, monkeypatch)
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        "coursecheck: error: course/days/day-03-slices.md: no such file or folder; "
        "did you mean course/days/day-03-slices-maps.md?\n"
    )


def test_a_configured_course_that_is_no_course_names_the_key(
    course: Path, capsys: Capsys, monkeypatch: Patch
) -> None:
    (course.parent / "pyproject.toml").write_text('[tool.coursecheck]\ncourse = "corse"\n', "utf-8")
    run = run_in(course.parent, [], capsys, monkeypatch)
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        "coursecheck: error: no course here: no corse/course.yaml (the `course` key of "
        "pyproject.toml), and no course.yaml in this folder or the folders above it; "
        "did you mean course = 'course'?\n"
    )
