"""`advance`, `new-day` and `status`, always on copies: of the bundled course and the fixture."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from coursecheck.cli import main

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "course"
CLEAN = ROOT / "tests" / "fixtures" / "clean"
MARKER_RE = re.compile(r"^\* \*\*Day (\d+):\*\* CURRENT: ", re.MULTILINE)


def _copy(source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    course = tmp_path / "course"
    shutil.copytree(source, course, ignore=shutil.ignore_patterns("expected.toml", ".coursecheck*"))
    return course


def _files(course: Path) -> dict[str, bytes]:
    return {
        p.relative_to(course).as_posix(): p.read_bytes()
        for p in sorted(course.rglob("*"))
        if p.is_file() and ".coursecheck_cache" not in p.parts
    }


def _status(course: Path, day: int) -> str:
    module = next((course / "days").glob(f"day-{day:02d}-*.md"))
    found = re.search(r"^status: (\S+)", module.read_text(), re.MULTILINE)
    assert found is not None
    return found[1]


def _structural_check(course: Path) -> int:
    return main(["check", str(course), "--no-cache", "--ignore", "GO"])


def test_advance_moves_current_and_both_statuses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    course = _copy(BUNDLED, tmp_path, monkeypatch)
    hub = course / "README.md"
    day = int(MARKER_RE.findall(hub.read_text())[0])
    before = _files(course)

    assert main(["advance", str(course), "--skip-go"]) == 0
    assert capsys.readouterr().err == f"CURRENT is now Day {day + 1:02d}.\n"
    assert MARKER_RE.findall(hub.read_text()) == [f"{day + 1:02d}"]
    assert (_status(course, day), _status(course, day + 1)) == ("published", "current")
    changed = {name for name, data in _files(course).items() if before.get(name) != data}
    assert len(changed) == 3 and "README.md" in changed
    assert _structural_check(course) == 0


def test_advance_refuses_a_course_with_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    course = _copy(CLEAN, tmp_path, monkeypatch)
    hub = course / "README.md"
    hub.write_text(hub.read_text().replace("[Slices & Maps]", "[Slices]"))
    before = _files(course)
    assert main(["advance", str(course), "--skip-go"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("course/README.md:16:25: RM008 [*] title 'Slices' differs from the ")
    assert err.endswith(
        "coursecheck advance: refused: the course has errors; fix them first "
        "(`coursecheck check --fix` repairs some)\n"
    )
    assert _files(course) == before


def test_advance_from_the_last_day_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    course = _copy(CLEAN, tmp_path, monkeypatch)
    assert main(["advance", str(course)]) == 0
    before = _files(course)
    assert main(["advance", str(course)]) == 2
    assert capsys.readouterr().err.endswith(
        "coursecheck: error: Day 04 is CURRENT and is the last day: there is no day to advance to\n"
    )
    assert _files(course) == before


def test_new_day_scaffolds_a_clean_module(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    course = _copy(BUNDLED, tmp_path, monkeypatch)
    manifest = course / "course.yaml"
    days = int(re.findall(r"^days: (\d+)", manifest.read_text(), re.MULTILINE)[0])
    weeks = re.findall(r"number: (\d+)", manifest.read_text())
    title = "Bonus: Generics & Iterators in Go 1.23"

    assert main(["new-day", title, "--week", weeks[-1], str(course), "--skip-go"]) == 0
    module = course / "days" / f"day-{days + 1:02d}-bonus-generics-iterators-in-go-1-23.md"
    assert capsys.readouterr().err == f"created {module.relative_to(tmp_path)}\n"
    text = module.read_text()
    assert text.startswith(
        f'---\nday: {days + 1}\ntitle: "{title}"\nweek: {weeks[-1]}\nstatus: upcoming\n'
        "summary: >-\n  To be written: one or two sentences a learner reads on the roadmap.\n"
        "tags: [bonus, generics, iterators]\n---\n\n"
        f"# {title}\n\n## Overview\n\nTo be written.\n\n## Under the Hood\n"
    )
    assert text.endswith("## Further Reading\n\nTo be written.\n")
    manifest_text = manifest.read_text()
    assert manifest_text.startswith("# The manifest of")  # the comments stay
    assert f"days: {days + 1}\n" in manifest_text
    assert f"last_day: {days + 1}}}\n" in manifest_text
    hub = (course / "README.md").read_text()
    assert f"A {days + 1}-Day Masterclass" in hub
    assert f"* **Day {days + 1:02d}:** [{title}](days/{module.name})\n" in hub
    assert _structural_check(course) == 0


def test_new_day_only_in_the_last_week(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    course = _copy(CLEAN, tmp_path, monkeypatch)
    before = _files(course)
    assert main(["new-day", "Closures", "--week", "1", str(course)]) == 2
    assert capsys.readouterr().err == (
        "coursecheck: error: week 1 is not the last week (2): a day added there would renumber "
        "every later day; add it to week 2, or start week 3 with --week-title\n"
    )
    assert _files(course) == before


def test_new_day_starts_the_next_week(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    course = _copy(CLEAN, tmp_path, monkeypatch)
    args = ["new-day", "Goroutines & Channels", "--week", "3", "--week-title", "Concurrency"]
    assert main([*args, str(course), "--skip-go"]) == 0
    assert capsys.readouterr().err == "created course/days/day-05-goroutines-channels.md\n"
    assert (
        "  - {number: 3, title: Concurrency, first_day: 5, last_day: 5}\n"
        in (course / "course.yaml").read_text()
    )
    assert (
        (course / "README.md")
        .read_text()
        .endswith(
            "* **Day 04:** [Errors Are Values](days/day-04-errors-are-values.md)\n\n"
            "### **Week 3: Concurrency**\n"
            "* **Day 05:** [Goroutines & Channels](days/day-05-goroutines-channels.md)\n"
        )
    )
    assert "\nweek: 3\n" in next((course / "days").glob("day-05-*.md")).read_text()
    assert _structural_check(course) == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ["--week", "3"],
            "week 3 would be a new week; give its title with --week-title",
            id="no-title",
        ),
        pytest.param(
            ["--week", "4", "--week-title", "Later"],
            "week 4 does not follow the last week (2); start week 3 with --week-title",
            id="skips-a-week",
        ),
        pytest.param(
            ["--week", "2", "--week-title", "Again"],
            "week 2 already exists; --week-title starts week 3",
            id="title-for-existing-week",
        ),
    ],
)
def test_new_week_refusals(
    args: list[str],
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    course = _copy(CLEAN, tmp_path, monkeypatch)
    before = _files(course)
    assert main(["new-day", "Goroutines", *args, str(course), "--skip-go"]) == 2
    assert capsys.readouterr().err == f"coursecheck: error: {message}\n"
    assert _files(course) == before


def test_new_day_on_the_fixture_then_advance_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    course = _copy(CLEAN, tmp_path, monkeypatch)
    assert main(["new-day", "Closures", "--week", "2", str(course)]) == 0
    assert main(["advance", str(course)]) == 0
    assert main(["advance", str(course)]) == 0
    assert _status(course, 5) == "current"
    assert _structural_check(course) == 0


STATUS_TEXT = """\
Tiny Go: 4 days, CURRENT is Day 3.

Week 1: The Basics
Day  Status     Title                           Snippets
01   published  First Steps: Packages & `main`  go 2 ok, 1 ignored; sh 1
02   published  Values, Types & Zero Values     none

Week 2: Working With Data
Day  Status     Title                           Snippets
03   current    Slices & Maps                   go 1 fail
04   upcoming   Errors Are Values               none

All days: go 2 ok, 1 fail, 1 ignored; sh 1
"""
STATUS_MARKDOWN = """\
## Tiny Go: 4 days, CURRENT is Day 3.

### Week 1: The Basics

| Day | Status | Title | Snippets |
| --- | --- | --- | --- |
| 01 | published | First Steps: Packages & `main` | go 2 ok, 1 ignored; sh 1 |
| 02 | published | Values, Types & Zero Values | none |

### Week 2: Working With Data

| Day | Status | Title | Snippets |
| --- | --- | --- | --- |
| 03 | current | Slices & Maps | go 1 fail |
| 04 | upcoming | Errors Are Values | none |

**All days:** go 2 ok, 1 fail, 1 ignored; sh 1
"""
DAY1_SNIPPETS = (
    '\n```go\nfmt.Println("a")\n```\n\n```output\na\n```\n'
    "\n```Go\nvar x int\n_ = x\n```\n"
    '\n```go ignore="needs a database"\ndb.Ping()\n```\n'
    "\n```sh\ngo run .\n```\n"
)
# Prints 1, promises 2: GO004, the one failing snippet.
DAY3_SNIPPET = "\n```golang\nfmt.Println(1)\n```\n\n```output\n2\n```\n"


def _with_snippets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    course = _copy(CLEAN, tmp_path, monkeypatch)
    day1 = course / "days" / "day-01-first-steps.md"
    day1.write_text(day1.read_text() + DAY1_SNIPPETS)
    day3 = course / "days" / "day-03-slices-maps.md"
    day3.write_text(day3.read_text() + DAY3_SNIPPET)
    return course


def _no_process(*args: object, **kwargs: object) -> None:
    raise AssertionError("a warm status started a process")


@pytest.mark.parametrize(
    ("fmt", "expected"), [("text", STATUS_TEXT), ("markdown", STATUS_MARKDOWN)]
)
def test_status(
    fmt: str,
    expected: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    course = _with_snippets(tmp_path, monkeypatch)
    before = _files(course)
    assert main(["status", str(course), "--format", fmt]) == 0
    assert capsys.readouterr().out == expected
    assert _files(course) == before
    assert main(["status", str(course), "--format", fmt]) == 0  # confirms the passes
    assert capsys.readouterr().out == expected
    # Warm: the same verdicts from the result cache, and not one Go process started.
    monkeypatch.setattr(subprocess, "Popen", _no_process)
    assert main(["status", str(course), "--format", fmt]) == 0
    assert capsys.readouterr().out == expected


def test_status_skip_go_counts_without_building(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    course = _with_snippets(tmp_path, monkeypatch)
    monkeypatch.setattr(subprocess, "Popen", _no_process)
    assert main(["status", str(course), "--skip-go"]) == 0
    out = capsys.readouterr().out
    assert "01   published  First Steps: Packages & `main`  go 3; sh 1\n" in out
    assert "03   current    Slices & Maps                   go 1\n" in out
    assert out.endswith("\nAll days: go 4; sh 1\n")
    assert not (tmp_path / ".coursecheck_cache").exists()


def test_status_verdicts_follow_the_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Status calls a snippet failing exactly when `check` reports it.
    course = _with_snippets(tmp_path, monkeypatch)
    day4 = course / "days" / "day-04-errors-are-values.md"
    day4.write_text(
        day4.read_text() + "\n<!-- coursecheck: ignore[GO001] shows a typo on purpose -->\n"
        "```go\nfmt.Prinln(1)\n```\n"
    )
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        '[tool.coursecheck.per-file-ignores]\n"course/days/day-03-*.md" = ["GO004"]\n'
    )
    assert main(["status", str(course)]) == 0
    out = capsys.readouterr().out
    assert "04   upcoming   Errors Are Values               go 1 ok\n" in out
    assert out.endswith("\nAll days: go 4 ok, 1 ignored; sh 1\n")
    assert main(["check", str(course)]) == 0
    pyproject.write_text('[tool.coursecheck]\nignore = ["GO"]\n')
    monkeypatch.setattr(subprocess, "Popen", _no_process)
    assert main(["status", str(course)]) == 0
    assert capsys.readouterr().out.endswith("\nAll days: go 5; sh 1\n")
