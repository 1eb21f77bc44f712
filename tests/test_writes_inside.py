"""Commands that write stay inside the course, write atomically, and escape what they write
into Markdown. Each attack is a real course on disk with a real symlink."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from coursedir import DAY1, HUB, CourseDir
from fixturecourse import Run, run_in

from coursecheck.markdown import parse_markdown

Go = Callable[..., Run]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Go:
    """`coursecheck ARGS` in the course folder."""

    def go(course: CourseDir, *args: str) -> Run:
        return run_in(course.root, list(args), capsys, monkeypatch)

    return go


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture
def days_elsewhere(tmp_path: Path) -> tuple[CourseDir, Path]:
    """A course whose `days/` is a symlink to a folder outside it, CURRENT marker malformed."""
    course = CourseDir(tmp_path / "course")
    elsewhere = tmp_path / "elsewhere"
    (course.root / "days").rename(elsewhere)
    (course.root / "days").symlink_to(elsewhere)
    return course, elsewhere


REFUSED = "refusing to write outside the course folder"


def test_fix_through_a_symlinked_modules_folder_is_refused(
    days_elsewhere: tuple[CourseDir, Path], run: Go
) -> None:
    course, elsewhere = days_elsewhere
    course.replace(HUB, "CURRENT: [Values", "[Values")
    course.replace(HUB, "[Slices]", "CURRENT: [Slices]")  # CU003: two statuses to fix
    before = _snapshot(elsewhere)
    result = run(course, "check", ".", "--ignore", "GO", "--fix")
    assert result.exit_code == 2 and REFUSED in result.stderr
    assert result.stderr.count("\n") == 1
    assert _snapshot(elsewhere) == before


def test_advance_through_a_symlinked_modules_folder_is_refused(
    days_elsewhere: tuple[CourseDir, Path], run: Go
) -> None:
    course, elsewhere = days_elsewhere
    before, hub = _snapshot(elsewhere), course.read(HUB)
    result = run(course, "advance", ".", "--skip-go")
    assert result.exit_code == 2 and REFUSED in result.stderr
    assert _snapshot(elsewhere) == before and course.read(HUB) == hub  # all or nothing


def test_new_day_through_a_symlinked_modules_folder_is_refused(
    days_elsewhere: tuple[CourseDir, Path], run: Go
) -> None:
    course, elsewhere = days_elsewhere
    before = _snapshot(elsewhere)
    result = run(course, "new-day", "Maps", "--week", "2", ".", "--skip-go")
    assert result.exit_code == 2 and REFUSED in result.stderr
    assert _snapshot(elsewhere) == before


def test_fix_of_a_module_symlinked_inside_the_course_keeps_the_symlink(
    course: CourseDir, run: Go
) -> None:
    course.replace(HUB, "CURRENT: [Values", "[Values")
    course.replace(HUB, "[Slices]", "CURRENT: [Slices]")
    shared = course.root / "shared"
    shared.mkdir()
    (course.root / DAY1).rename(shared / "one.md")
    (course.root / DAY1).symlink_to(Path("..") / "shared" / "one.md")
    course.replace(DAY1, "status: published", "status: upcoming")
    result = run(course, "check", ".", "--ignore", "GO", "--fix")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert (course.root / DAY1).is_symlink()
    assert "status: published" in (shared / "one.md").read_text()


def _report_to(course: CourseDir, name: str) -> subprocess.CompletedProcess[str]:
    """The real CLI, as the workflow runs it, writing its SARIF report to `name`."""
    argv = [sys.executable, "-m", "coursecheck", "check", "--ignore", "GO", "--format", "sarif"]
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "GITHUB_ACTIONS")}
    return subprocess.run(
        [*argv, "--output-file", name, "."],
        cwd=course.root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize("inside", [False, True], ids=["victim-outside", "victim-in-the-course"])
def test_output_file_replaces_a_symlink_found_there_instead_of_following_it(
    course: CourseDir, tmp_path: Path, inside: bool
) -> None:
    # A pull request commits `coursecheck.sarif -> victim`, where the workflow writes its report.
    victim = course.root / DAY1 if inside else tmp_path / "victim.txt"
    if not inside:
        victim.write_text("precious\n")
    before = victim.read_bytes()
    link = course.root / "coursecheck.sarif"
    link.symlink_to(victim)
    done = _report_to(course, "coursecheck.sarif")
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    assert victim.read_bytes() == before
    assert not link.is_symlink()
    assert json.loads(link.read_text())["version"] == "2.1.0"
    assert stat.S_IMODE(link.stat().st_mode) & 0o044  # readable like any new file, not 0600
    assert not list(course.root.glob(".coursecheck.sarif.*"))  # no temporary file left


def test_output_file_in_a_folder_that_links_outside_is_refused(
    course: CourseDir, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (course.root / "reports").symlink_to(elsewhere)
    done = _report_to(course, "reports/coursecheck.sarif")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "reports/coursecheck.sarif" in done.stderr
    assert "outside the working directory" in done.stderr, done.stderr
    assert list(elsewhere.iterdir()) == []


def test_output_file_named_outside_the_working_directory_is_written_there(
    course: CourseDir, tmp_path: Path
) -> None:
    # A path the caller names outside is the caller's choice, not the checkout's.
    reports = tmp_path / "reports"
    reports.mkdir()
    done = _report_to(course, str(reports / "out.sarif"))
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    assert json.loads((reports / "out.sarif").read_text())["version"] == "2.1.0"
    assert [p.name for p in reports.iterdir()] == ["out.sarif"]


def test_new_day_title_is_escaped_in_the_roadmap_and_the_module(course: CourseDir, run: Go) -> None:
    title = "Intro](../../secrets.md) <img src=x onerror=alert(1)> *bold* `code` [x"
    result = run(course, "new-day", title, "--week", "2", ".", "--skip-go")
    assert result.exit_code == 0, result.stderr
    hub = parse_markdown(course.read(HUB))
    links = [t["attrs"]["url"] for t in hub.walk() if t.get("type") == "link"]
    assert links[-1].startswith("days/day-04-") and len(links) == 4  # one link per day
    assert not any(t.get("type") in ("inline_html", "emphasis", "codespan") for t in hub.walk())
    module = next((course.root / "days").glob("day-04-*.md"))
    body = parse_markdown(module.read_text().split("---\n", 2)[2])  # after the front matter
    assert not any(t.get("type") in ("inline_html", "link", "emphasis") for t in body.walk())
    check = run(course, "check", ".", "--ignore", "GO", "--no-cache")
    assert check.exit_code == 0, check.stdout  # RM008 and ST003 read the escaped title back


@pytest.mark.parametrize("title", ["See https://evil.example", "www.evil.example now"])
def test_new_day_refuses_a_title_holding_a_url(course: CourseDir, run: Go, title: str) -> None:
    result = run(course, "new-day", title, "--week", "2", ".", "--skip-go")
    assert result.exit_code == 2 and "holds a URL" in result.stderr
    assert not list((course.root / "days").glob("day-04-*"))


def test_fix_escapes_a_front_matter_title_it_copies_to_the_roadmap(
    course: CourseDir, run: Go
) -> None:
    course.replace(DAY1, 'title: "First Steps"', 'title: "First](https://evil.example) [Steps"')
    course.replace(DAY1, "# First Steps", "# First\\](https://evil.example) \\[Steps")
    result = run(course, "check", ".", "--ignore", "GO", "--fix")
    assert result.exit_code == 0, result.stdout
    assert "[First\\](https://evil.example) \\[Steps](days/day-01" in course.read(HUB)
