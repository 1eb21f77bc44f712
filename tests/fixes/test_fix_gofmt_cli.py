"""GO003 through the command line: `check --fix` runs the real GO family, then gofmt."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fixturecourse import CASES, Run, materialize, run_in

from coursecheck.markdown import parse_markdown
from coursecheck.snippets.extract import extract
from coursecheck.snippets.helper import gofmt_texts

DAY1, DAY3 = "days/day-01-first-steps.md", "days/day-03-slices-maps.md"
FIXED_MAIN = (
    'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println(cap(make([]int, 0, 4)))\n}\n'
)
# Nested snippets, each with a body gofmt indents with a tab: a list item, a block quote, and a
# quote inside a list item. Their markers and indentation must survive the fix.
NESTED = (
    "1. Build a program that prints its own name:\n\n"
    '   ```go\n   name:="tiny"\n   if name!="" {\n       fmt.Println( name)\n   }\n   ```\n\n'
    "> A quoted snippet:\n>\n"
    "> ```go\n> if len(os.Args)>1 {\n>   fmt.Println(os.Args[1])\n> }\n> ```\n\n"
    "- Nested twice:\n\n"
    "  > ```go\n  > x:=[]int{1,2}\n  > fmt.Println(x)\n  > ```\n"
)
NESTED_FIXED = (
    "1. Build a program that prints its own name:\n\n"
    '   ```go\n   name := "tiny"\n   if name != "" {\n   \tfmt.Println(name)\n   }\n   ```\n\n'
    "> A quoted snippet:\n>\n"
    "> ```go\n> if len(os.Args) > 1 {\n> \tfmt.Println(os.Args[1])\n> }\n> ```\n\n"
    "- Nested twice:\n\n"
    "  > ```go\n  > x := []int{1, 2}\n  > fmt.Println(x)\n  > ```\n"
)


def _snapshot(course: Path) -> dict[str, bytes]:
    return {
        p.relative_to(course).as_posix(): p.read_bytes()
        for p in sorted(course.rglob("*"))
        if p.is_file() and ".coursecheck_cache" not in p.parts
    }


def _fixable(run: Run) -> list[str]:
    return [d["code"] for d in json.loads(run.stdout)["diagnostics"] if d["fixable"]]


def _fix_twice_then_recheck(
    course: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, count: int
) -> None:
    first = run_in(course, ["check", "--fix", "."], capsys, monkeypatch)
    noun = "finding" if count == 1 else "findings"
    assert first == Run(
        0, "All checks passed! (7 files checked)\n", f"Fixed {count} {noun} in 1 file.\n"
    )
    once = _snapshot(course)
    second = run_in(course, ["check", "--fix", "."], capsys, monkeypatch)
    assert second == Run(0, "All checks passed! (7 files checked)\n", "")
    assert _snapshot(course) == once
    recheck = run_in(course, ["check", "--no-cache", "--format", "json", "."], capsys, monkeypatch)
    assert (recheck.exit_code, _fixable(recheck)) == (0, [])


def test_fix_repairs_the_gofmt_fixture_case(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    course = materialize(CASES / "GO003-gofmt", tmp_path / "course")
    before = run_in(course, ["check", "--format", "json", "."], capsys, monkeypatch)
    assert (before.exit_code, _fixable(before)) == (1, ["GO003"])

    _fix_twice_then_recheck(course, capsys, monkeypatch, count=1)
    page = course / DAY3
    (block,) = [b for b in extract(page, parse_markdown(page.read_text())) if b.is_go]
    assert [block.code] == [FIXED_MAIN] == gofmt_texts([block.code])
    # Only the snippet changed: the page is the clean course's plus the fixed snippet.
    clean = (CASES.parent / "clean" / DAY3).read_text()
    assert page.read_text() == clean.replace(
        "## Exercises", "```go\n" + FIXED_MAIN + "```\n\n## Exercises"
    )


def test_fix_keeps_list_and_quote_prefixes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    course = materialize(None, tmp_path / "course")
    page = course / DAY1
    item = "1. Build a program that prints its own name.\n"
    page.write_text(page.read_text().replace(item, NESTED))
    before = run_in(course, ["check", "--format", "json", "."], capsys, monkeypatch)
    assert (before.exit_code, _fixable(before)) == (1, ["GO003"] * 3)

    _fix_twice_then_recheck(course, capsys, monkeypatch, count=3)
    assert page.read_text() == (CASES.parent / "clean" / DAY1).read_text().replace(
        item, NESTED_FIXED
    )


def test_check_fix_refuses_a_read_only_page_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A rename over the page would succeed (the folder is writable; root may anyway): the
    # page's own permission is what says not to. One line naming it, exit 2, no traceback.
    course = materialize(CASES / "GO003-gofmt", tmp_path / "course")
    (course / DAY3).chmod(0o444)
    before = _snapshot(course)
    run = run_in(course, ["check", "--fix", "."], capsys, monkeypatch)
    assert run == Run(2, "", f"coursecheck: error: cannot write {DAY3}: the file is read-only\n")
    assert _snapshot(course) == before
