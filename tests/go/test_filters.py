"""One set of filters for every command: `check`, `status` and `snippets --check` keep and drop
the same GO findings (configuration, per-file ignores, inline suppressions), so one block gets
one verdict whichever command asks."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from progresslines import without_progress

from coursecheck.cli import main

CLEAN = Path(__file__).resolve().parent.parent / "fixtures" / "clean"
TYPO = "```go\nfmt.Prinln(1)\n```\n"
WRONG_OUTPUT = "```go\nfmt.Println(1 + 1)\n```\n\n```output\n3\n```\n"
SILENCE_GO001 = "<!-- coursecheck: ignore[GO001] shows a typo on purpose -->\n"
SILENCE_GO004 = "<!-- coursecheck: ignore[GO004] the output is wrong on purpose -->\n"


def _book(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, page: str) -> Path:
    """A Markdown book without course.yaml: one page, the working directory its folder."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COURSECHECK_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "page.md").write_text(f"# Page\n\n{page}")
    return tmp_path / "book"


def _verdicts(capsys: pytest.CaptureFixture[str]) -> list[tuple[str, str]]:
    rows = json.loads(capsys.readouterr().out)["blocks"]
    return [(row["language"], row["verdict"]) for row in rows]


def test_snippets_check_honours_an_inline_suppression(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    book = _book(tmp_path, monkeypatch, SILENCE_GO001 + TYPO)
    assert main(["snippets", str(book), "--check", "--format", "json"]) == 0
    assert _verdicts(capsys) == [("go", "ok")]


def test_snippets_check_honours_an_inline_suppression_above_the_code_of_an_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    book = _book(tmp_path, monkeypatch, SILENCE_GO004 + WRONG_OUTPUT)
    assert main(["snippets", str(book), "--check", "--format", "json"]) == 0
    assert _verdicts(capsys) == [("go", "ok"), ("output", "output")]


@pytest.mark.parametrize(
    "table",
    [
        '[tool.coursecheck]\nignore = ["GO004"]\n',
        '[tool.coursecheck]\nselect = ["GO001"]\n',
        '[tool.coursecheck.per-file-ignores]\n"book/*.md" = ["GO"]\n',
    ],
    ids=["ignore", "select", "per-file-ignores"],
)
def test_snippets_check_reads_the_configuration_of_a_book_without_course_yaml(
    table: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    book = _book(tmp_path, monkeypatch, WRONG_OUTPUT)
    assert main(["snippets", str(book), "--check", "--format", "json"]) == 1
    assert _verdicts(capsys) == [("go", "fail"), ("output", "fail")]
    (tmp_path / "pyproject.toml").write_text(table)
    assert main(["snippets", str(book), "--check", "--format", "json"]) == 0
    assert _verdicts(capsys) == [("go", "ok"), ("output", "output")]


def test_snippets_check_uses_the_configured_go(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    book = _book(tmp_path, monkeypatch, TYPO)
    monkeypatch.setenv("COURSECHECK_GO", "")  # recorded: the configured go is undone after
    monkeypatch.delenv("CI", raising=False)  # under CI a `go` inside the checkout is refused
    (tmp_path / "pyproject.toml").write_text('[tool.coursecheck]\ngo = "no/such/go"\n')
    assert main(["snippets", str(book), "--check"]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"coursecheck: error: {tmp_path / 'pyproject.toml'}: [tool.coursecheck] "
        "go = 'no/such/go' is not a go binary inside a GOROOT\n"
    )


def _course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, snippet: str) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COURSECHECK_CACHE_DIR", str(tmp_path / "cache"))
    course = tmp_path / "course"
    shutil.copytree(CLEAN, course, ignore=shutil.ignore_patterns("expected.toml"))
    day4 = course / "days" / "day-04-errors-are-values.md"
    day4.write_text(day4.read_text() + "\n" + snippet)
    return course


def test_a_suppression_above_a_snippet_covers_its_output_block_in_every_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    course = _course(tmp_path, monkeypatch, SILENCE_GO004 + WRONG_OUTPUT)
    assert main(["check", str(course), "--no-cache"]) == 0
    assert capsys.readouterr().out == "All checks passed! (7 files checked)\n"
    assert main(["status", str(course)]) == 0
    assert "04   upcoming   Errors Are Values               go 1 ok\n" in capsys.readouterr().out
    page = course / "days" / "day-04-errors-are-values.md"
    assert main(["snippets", str(page), "--check", "--format", "json"]) == 0
    assert _verdicts(capsys) == [("go", "ok"), ("output", "output")]


def test_without_the_suppression_every_command_fails_the_block(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    course = _course(tmp_path, monkeypatch, WRONG_OUTPUT)
    assert main(["check", str(course), "--no-cache"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("course/days/day-04-errors-are-values.md:")
    assert " GO004 " in out
    assert main(["status", str(course)]) == 0
    assert "04   upcoming   Errors Are Values               go 1 fail\n" in capsys.readouterr().out
    page = course / "days" / "day-04-errors-are-values.md"
    assert main(["snippets", str(page), "--check", "--format", "json"]) == 1
    assert _verdicts(capsys) == [("go", "fail"), ("output", "fail")]


def test_a_warning_severity_shows_the_failing_block_and_exits_zero(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    book = _book(tmp_path, monkeypatch, WRONG_OUTPUT)
    (tmp_path / "pyproject.toml").write_text('[tool.coursecheck.severity]\nGO004 = "warning"\n')
    assert main(["snippets", str(book), "--check", "--format", "json"]) == 0
    assert _verdicts(capsys) == [("go", "fail"), ("output", "fail")]


def test_an_unknown_prefix_in_the_configuration_stops_snippets_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    book = _book(tmp_path, monkeypatch, TYPO)
    (tmp_path / "pyproject.toml").write_text('[tool.coursecheck]\nignore = ["GO999"]\n')
    assert main(["snippets", str(book), "--check"]) == 2
    assert capsys.readouterr().err.startswith(
        "coursecheck: error: unknown rule code, prefix or name 'GO999' in "
    )


def test_fix_leaves_the_suppressed_snippet_and_formats_the_other(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    unformatted = "```go\nx:=1\nfmt.Println(x)\n```\n"
    silence = "<!-- coursecheck: ignore[GO003] shows unformatted code -->\n"
    course = _course(tmp_path, monkeypatch, silence + unformatted + "\n" + unformatted)
    assert main(["check", str(course), "--no-cache", "--fix"]) == 0
    page = (course / "days" / "day-04-errors-are-values.md").read_text()
    assert page.endswith(silence + unformatted + "\n```go\nx := 1\nfmt.Println(x)\n```\n")
    assert without_progress(capsys.readouterr().err) == ["Fixed 1 finding in 1 file."]
