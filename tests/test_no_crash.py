"""Inputs that stopped coursecheck with `internal error`: each now gets findings at its line,
or a one-line exit-2 message. The fuzz harness (tests/fuzz/) found the classes; these are the
regression tests, one real course on disk each."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from coursedir import DAY1, HUB, CourseDir
from fixturecourse import run_in

DIGITS = "1" * 5000
LONE = "is a lone surrogate escape, not a character"


def _check(course: CourseDir, *args: str) -> tuple[int, str, str]:
    done = subprocess.run(
        [sys.executable, "-m", "coursecheck", "check", ".", "--ignore", "GO", *args],
        cwd=course.root,
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8:strict", "COURSECHECK_CACHE_DIR": ""},
        check=False,
    )
    # The output must be UTF-8 (strict): a lone surrogate can neither be printed nor decoded.
    return done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8")


@pytest.mark.parametrize(
    ("name", "old", "new", "expected"),
    [
        pytest.param(
            DAY1,
            "tags: [go]",
            "tags: " + "[" * 5000 + "]" * 5000,
            f"{DAY1}:7:70: FM002 front matter: nests deeper than 64 levels",
            id="front-matter-nested-5000-deep",
        ),
        pytest.param(
            DAY1,
            "tags: [go]",
            "tags: " + "{a: " * 3000 + "1" + "}" * 3000,
            f"{DAY1}:7:259: FM002 front matter: nests deeper than 64 levels",
            id="front-matter-mappings-nested",
        ),
        pytest.param(
            "course.yaml",
            "required_sections:",
            "x: " + "[" * 5000 + "]" * 5000 + "\nrequired_sections:",
            "course.yaml:8:67: FM002 manifest: nests deeper than 64 levels",
            id="manifest-nested-5000-deep",
        ),
        pytest.param(
            DAY1,
            "day: 1\n",
            f"day: {DIGITS}\n",
            f"{DAY1}:2:6: FM005 front matter: a number of 5000 digits is longer than 4300",
            id="front-matter-5000-digits",
        ),
        pytest.param(
            "course.yaml",
            "days: 3",
            f"days: {DIGITS}",
            "course.yaml:2:7: FM005 manifest: a number of 5000 digits is longer than 4300",
            id="manifest-5000-digits",
        ),
        pytest.param(
            DAY1,
            'title: "First Steps"',
            'title: "First\\ud800Steps"',
            f'{DAY1}:3:8: FM002 front matter: "\\ud800" {LONE}',
            id="front-matter-lone-surrogate",
        ),
        pytest.param(
            DAY1,
            "tags: [go]",
            'tags: [go]\n"\\udc00x": 1',
            f'{DAY1}:8:1: FM002 front matter: "\\udc00" {LONE}',
            id="front-matter-key-lone-surrogate",
        ),
        pytest.param(
            "course.yaml",
            "title: Mini Go",
            'title: "Mini\\ud800Go"',
            f'course.yaml:1:8: FM002 manifest: "\\ud800" {LONE}',
            id="manifest-lone-surrogate",
        ),
        pytest.param(
            "course.yaml",
            "days: 3",
            "days: 300000000000",
            "course.yaml:2:7: FM005 manifest: days: Input should be less than or equal to 9999",
            id="manifest-days-beyond-9999",
        ),
    ],
)
@pytest.mark.parametrize("output", ["text", "json", "sarif", "junit", "github"])
def test_yaml_beyond_what_the_loader_builds_is_a_finding_at_its_line(
    course: CourseDir,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    old: str,
    new: str,
    expected: str,
    output: str,
) -> None:
    course.replace(name, old, new)
    args = ["check", ".", "--ignore", "GO", "--no-cache", "--format", output]
    run = run_in(course.root, args, capsys, monkeypatch)
    assert (run.exit_code, run.stderr) == (1, ""), run.stderr
    run.stdout.encode("utf-8")  # strict: no lone surrogate reaches the output
    if output == "text":
        assert run.stdout.splitlines()[0].startswith(expected), run.stdout


@pytest.mark.parametrize(
    ("old", "new"),
    [
        pytest.param("Day 01:", f"Day {DIGITS}:", id="day-number"),
        pytest.param("Week 1:", f"Week {DIGITS}:", id="week-number"),
        pytest.param("3-Day", f"{DIGITS}-Day", id="day-count-claim"),
    ],
)
def test_roadmap_numbers_of_5000_digits_are_not_read_as_numbers(
    course: CourseDir,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    old: str,
    new: str,
) -> None:
    course.replace(HUB, old, new)
    run = run_in(course.root, ["check", ".", "--ignore", "GO", "--no-cache"], capsys, monkeypatch)
    assert run.stderr == "" and run.exit_code in (0, 1), run.stderr


def test_a_file_name_that_is_not_utf8_is_reported_in_every_format(course: CourseDir) -> None:
    (course.root / "days" / os.fsdecode(b"day-04-\xff.md")).write_text("# x\n")
    (course.root / os.fsdecode(b"notes-\xfe.md")).write_text("# Notes\n")
    for output in ("text", "json", "sarif", "junit", "github"):
        for cache in ((), ("--no-cache",)):
            code, stdout, stderr = _check(course, "--format", output, *cache)
            assert (code, stderr) == (1, ""), (output, stderr)
            assert "xff.md" in stdout  # the byte, escaped (JSON and XML escape it again)


def test_status_of_a_manifest_with_a_huge_week_refuses_instead_of_looping(
    course: CourseDir,
) -> None:
    course.replace(
        "course.yaml", "first_day: 3, last_day: 3", "first_day: 3, last_day: 300000000000"
    )
    done = subprocess.run(
        [sys.executable, "-m", "coursecheck", "status", ".", "--skip-go"],
        cwd=course.root,
        capture_output=True,
        text=True,
        timeout=120,  # a guard against the old endless loop, not a measurement
        check=False,
    )
    assert done.returncode == 2
    assert (
        done.stderr == "coursecheck: error: course.yaml: not a valid manifest; run `coursecheck`\n"
    )


def test_an_anchor_defined_twice_prints_no_warning(course: CourseDir) -> None:
    """Found by the fuzz harness: ruamel.yaml's ReusedAnchorWarning reached stderr."""
    course.replace(DAY1, "tags: [go]", "tags: [&a go]\nestimated_minutes: &a 30")
    assert _check(course, "--no-cache") == (0, "All checks passed! (5 files checked)\n", "")


def test_a_link_with_an_encoded_nul_is_a_broken_link(
    course: CourseDir, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found by the fuzz harness: `%00` in a link made realpath raise ValueError."""
    course.replace(DAY1, "Text.", "Text. [a](x%00y.md) [b](days%00/x.md#a)")
    course.replace(HUB, "(days/day-03-slices.md)", "(days/day-03-slices.md%00)")
    for cache in (["--no-cache"], [], []):  # cold, then stored and served warm
        run = run_in(course.root, ["check", ".", "--ignore", "GO", *cache], capsys, monkeypatch)
        assert (run.exit_code, run.stderr) == (1, "")
        assert f"{DAY1}:14:11: LK001 'x\\x00y.md' does not exist" in run.stdout
        assert "LK003 [*] Day 03's title links to 'days/day-03-slices.md%00'" in run.stdout


def test_a_lone_carriage_return_is_en005_and_the_workflow_refuses(
    course: CourseDir, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found by the fuzz harness: a lone CR is a line break to Markdown but not to the lines
    `new-day` rewrites, and new-day stopped on an assertion (advance refused, misleadingly)."""
    course.write(HUB, "\r0\n" + course.read(HUB))
    check = run_in(course.root, ["check", ".", "--ignore", "GO", "--no-cache"], capsys, monkeypatch)
    assert check.exit_code == 1
    assert check.stdout.startswith(f"{HUB}:1:1: EN005 [*] a lone CR (carriage return) ends a line")
    for command in (["advance"], ["new-day", "Maps", "--week", "2"]):
        run = run_in(course.root, [*command, ".", "--skip-go"], capsys, monkeypatch)
        assert run.exit_code == 1 and "internal error" not in run.stderr, run.stderr
    fixed = run_in(course.root, ["check", ".", "--ignore", "GO", "--fix"], capsys, monkeypatch)
    assert fixed.exit_code == 0 and course.read(HUB).startswith("\n0\n# Mini Go")
    run = run_in(
        course.root, ["new-day", "Maps", "--week", "2", ".", "--skip-go"], capsys, monkeypatch
    )
    assert run.exit_code == 0, run.stderr
