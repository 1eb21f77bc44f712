"""`coursecheck snippets`: the listing of every code block, and its --check verdicts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from progresslines import without_progress

from coursecheck.cli import main
from coursecheck.snippets.toolchain import go_version

PAGE = "# Doc\n\n```sh\ngo run .\n```\n\n```go\nfmt.Println(1)\n```\n\n```output\n2\n```\n"


def run(argv: list[str]) -> int:
    return main(["snippets", *argv])


def test_text_listing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "README.md").write_text(PAGE)
    monkeypatch.chdir(tmp_path)  # paths are reported relative to the working directory
    assert run([str(tmp_path / "docs")]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "docs/README.md:3: sh lines 4-4",
        "docs/README.md:7: go lines 8-8",
        "docs/README.md:11: output lines 12-12",
        "",
        "3 blocks in 1 file",
    ]


def test_json_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COURSECHECK_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "README.md").write_text(PAGE)
    assert run([str(tmp_path / "README.md"), "--format", "json", "--check"]) == 1
    rows = json.loads(capsys.readouterr().out)["blocks"]
    assert [(r["language"], r["verdict"]) for r in rows] == [
        ("sh", "skipped"),
        ("go", "fail"),
        ("output", "fail"),
    ]
    assert rows[1]["findings"][0]["code"] == "GO004"


def test_go_version() -> None:
    assert (go_version() or "").startswith("go1.")


def test_an_unreadable_page_is_reported_and_the_others_listed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.md").write_bytes(b"caf\xe9\n")
    (tmp_path / "b.md").write_text(PAGE)
    monkeypatch.chdir(tmp_path.parent)
    assert run([str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines()[0] == f"{tmp_path.name}/b.md:3: sh lines 4-4"
    assert captured.err.startswith(f"{tmp_path.name}/a.md: cannot be read: ")


def test_the_pipeline_prints_nothing_its_events_go_to_the_listener(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # check.py and timing.py printed to stderr themselves: only the command line may print.
    from coursecheck.markdown import parse_markdown
    from coursecheck.snippets import events
    from coursecheck.snippets.check import check_pages

    monkeypatch.setenv("COURSECHECK_TIMING", "1")
    monkeypatch.setenv("COURSECHECK_CACHE_DIR", str(tmp_path / "cache"))
    page = tmp_path / "page.md"
    page.write_text(PAGE)
    heard: list[events.Event] = []
    with events.listening(heard.append):
        hits = list(check_pages([(page, parse_markdown(PAGE))], lambda _: True, use_cache=False))
    assert [code for code, _ in hits] == ["GO004"]
    assert capfd.readouterr() == ("", "")
    assert heard[0] == events.Building(1)
    stages = [e.stage for e in heard if isinstance(e, events.StageTimed)]
    assert stages == ["helper build", "helper", "go vet", "go build", "runs", "go test"]


def test_the_command_line_shows_stage_timings(tmp_path: Path) -> None:
    (tmp_path / "page.md").write_text(PAGE)
    env = {
        **os.environ,
        "COURSECHECK_TIMING": "1",
        "COURSECHECK_CACHE_DIR": str(tmp_path / "cache"),
        "PYTHONPATH": str(Path(__file__).parents[2]),
    }
    done = subprocess.run(
        [sys.executable, "-m", "coursecheck", "snippets", "--check", "--no-cache", "page.md"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1, done.stderr
    shown = [line.rsplit(" ", 1)[0] for line in without_progress(done.stderr)]
    stages = ("helper build", "helper", "go vet", "go build", "runs", "go test")
    assert shown == [f"timing: {stage}" for stage in stages]


# The summary: counts by verdict and by rule at the end of the text and the JSON -----------

BOOK_PAGE = """# Page

```go
fmt.Println("hi")
```

```output
hi
```

```go
x:=1
fmt.Println(x)
```

```go ignore="pseudo-code"
this is not Go
```

```go
fmt.Prinln(1)
```

```sh
go run .
```
"""
GOFMT_AS_WARNING = '[tool.coursecheck]\nseverity = { GO003 = "warning" }\n'
SCHEMA = Path(__file__).parents[2] / "schemas" / "snippets.schema.json"


def _book(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pyproject: str) -> None:
    """A folder of Markdown with no course.yaml, its pyproject.toml, the working directory."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COURSECHECK_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "page.md").write_text(BOOK_PAGE)
    (tmp_path / "pyproject.toml").write_text(pyproject)


def test_the_text_listing_ends_with_counts_by_verdict_and_by_rule(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _book(tmp_path, monkeypatch, GOFMT_AS_WARNING)
    assert run(["book", "--check"]) == 1
    assert capsys.readouterr().out == (
        "book/page.md:3: go lines 4-4: ok\n"
        "book/page.md:7: output lines 8-8: output (the output block of the Go block above)\n"
        "book/page.md:11: go lines 12-13: fail (1 finding: GO003)\n"
        '    book/page.md:12:1: GO003 not gofmt-clean: gofmt writes "x := 1"\n'
        'book/page.md:16: go lines 17-17 ignore="pseudo-code": ignored (ignore: pseudo-code)\n'
        "book/page.md:20: go lines 21-21: fail (1 finding: GO001)\n"
        "    book/page.md:21:5: GO001 undefined: fmt.Prinln\n"
        "book/page.md:24: sh lines 25-25: skipped (a `sh` block, not Go)\n"
        "\n"
        "6 blocks in 1 file: 1 ok, 1 ignored, 1 output, 1 skipped, 2 fail\n"
        "rules: 1 GO001 build-error, 1 GO003 gofmt (warning)\n"
    )


def test_the_json_report_keeps_every_row_key_and_adds_the_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import jsonschema

    _book(tmp_path, monkeypatch, GOFMT_AS_WARNING)
    assert run(["book", "--check", "--format", "json"]) == 1
    document = json.loads(capsys.readouterr().out)
    jsonschema.Draft202012Validator.check_schema(json.loads(SCHEMA.read_text()))
    jsonschema.validate(document, json.loads(SCHEMA.read_text()))
    assert document["version"] == 1
    old_keys = ["path", "line", "first_line", "last_line", "language", "attributes", "verdict"]
    assert [list(block) for block in document["blocks"]] == [
        [*old_keys, *(["reason"] if verdict != "ok" else []), "findings"]
        for verdict in ("ok", "output", "fail", "ignored", "fail", "skipped")
    ]
    assert document["blocks"][2] == {
        "path": "book/page.md",
        "line": 11,
        "first_line": 12,
        "last_line": 13,
        "language": "go",
        "attributes": {},
        "verdict": "fail",
        "reason": "1 finding: GO003",
        "findings": [
            {
                "code": "GO003",
                "line": 12,
                "column": 1,
                "message": 'not gofmt-clean: gofmt writes "x := 1"',
            }
        ],
    }
    assert document["summary"] == {
        "files": 1,
        "blocks": 6,
        "verdicts": {"ok": 1, "ignored": 1, "output": 1, "skipped": 1, "fail": 2},
        "rules": {"GO001": 1, "GO003": 1},
        "errors": 1,
        "warnings": 1,
    }


def test_without_check_the_counts_are_blocks_and_files_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import jsonschema

    _book(tmp_path, monkeypatch, "")
    (tmp_path / "book" / "empty.md").write_text("# No code here\n")
    assert run(["book"]) == 0
    last = "book/page.md:24: sh lines 25-25\n\n6 blocks in 2 files\n"
    assert capsys.readouterr().out.endswith(last)
    assert run(["book", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    jsonschema.validate(document, json.loads(SCHEMA.read_text()))
    assert document["summary"] == {"files": 2, "blocks": 6}
    assert "verdict" not in document["blocks"][0]


def test_a_finding_on_a_program_and_its_output_block_counts_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COURSECHECK_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "README.md").write_text(PAGE)
    assert run(["README.md", "--check"]) == 1
    assert capsys.readouterr().out.endswith(
        "\n3 blocks in 1 file: 1 skipped, 2 fail\nrules: 1 GO004 output-mismatch\n"
    )


def test_verdict_counts_take_any_verdict_name_ok_first_fail_last() -> None:
    from coursecheck.snippets.summary import verdict_counts

    verdicts = ["fail", "external", "ok", None, "elided", "ok", "skipped", "fail", "elided"]
    assert list(verdict_counts(verdicts).items()) == [
        ("ok", 2),
        ("elided", 2),
        ("external", 1),
        ("skipped", 1),
        ("fail", 2),
    ]


def test_a_reason_follows_the_verdict_in_text_and_is_a_key_in_json(tmp_path: Path) -> None:
    from coursecheck.formatters.snippets import render_json, render_text
    from coursecheck.markdown import parse_markdown
    from coursecheck.snippets.extract import extract
    from coursecheck.snippets.listing import Listing, Row
    from coursecheck.snippets.summary import Summary

    page = tmp_path / "page.md"
    text = "```go\n//go:build windows\n\npackage main\n```\n"
    page.write_text(text)
    (block,) = extract(page, parse_markdown(text))
    row = Row(block, "skipped", [], "//go:build windows")
    listing = Listing([row], [], summary=Summary(1, 1, {"skipped": 1}))
    assert (
        render_text(listing)
        .splitlines()[0]
        .endswith(": go lines 2-4: skipped (//go:build windows)")
    )
    (shown,) = json.loads(render_json(listing))["blocks"]
    assert (shown["verdict"], shown["reason"]) == ("skipped", "//go:build windows")


# Configuration without a course: [tool.coursecheck] and inline suppressions, from any folder --

TYPO_BLOCK = "```go\nfmt.Prinln(1)\n```\n"
PROJECT_TOML = (
    "[tool.coursecheck]\n"
    'per-file-ignores = { "book/drafts/*.md" = ["GO001"] }\n'
    'severity = { GO003 = "warning" }\n'
)


def _project(tmp_path: Path) -> Path:
    """A book without course.yaml: a suppressed typo and an unformatted block on one page, a
    typo on a draft its pyproject.toml ignores GO001 in, gofmt a warning."""
    project = tmp_path / "project"
    (project / "book" / "drafts").mkdir(parents=True)
    (project / "pyproject.toml").write_text(PROJECT_TOML)
    (project / "book" / "page.md").write_text(
        "<!-- coursecheck: ignore[GO001] a typo on purpose -->\n"
        + TYPO_BLOCK
        + "\n```go\nx:=1\nfmt.Println(x)\n```\n"
    )
    (project / "book" / "drafts" / "draft.md").write_text(TYPO_BLOCK)
    return project


def test_a_book_s_configuration_applies_to_snippets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _project(tmp_path)
    monkeypatch.setenv("COURSECHECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(project)
    assert run(["book", "--check"]) == 0  # gofmt is a warning: the exit is 0
    assert capsys.readouterr().out == (
        "book/drafts/draft.md:1: go lines 2-2: ok\n"
        "book/page.md:2: go lines 3-3: ok\n"
        "book/page.md:6: go lines 7-8: fail (1 finding: GO003)\n"
        '    book/page.md:7:1: GO003 not gofmt-clean: gofmt writes "x := 1"\n'
        "\n"
        "3 blocks in 2 files: 2 ok, 1 fail\n"
        "rules: 1 GO003 gofmt (warning)\n"
    )


def test_per_file_ignores_match_from_the_pyproject_folder_whatever_the_working_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Matched against the working directory, `book/drafts/*.md` matched only from project/:
    # from inside the book or from another project the draft's typo failed it.
    project = _project(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "pyproject.toml").write_text('[tool.coursecheck]\nignore = ["GO"]\n')
    monkeypatch.setenv("COURSECHECK_CACHE_DIR", str(tmp_path / "cache"))
    seen = []
    for cwd in (project, project / "book" / "drafts", elsewhere):
        monkeypatch.chdir(cwd)
        code = run([os.path.relpath(project / "book"), "--check", "--format", "json"])
        document = json.loads(capsys.readouterr().out)
        for block in document["blocks"]:  # the one thing that differs: paths are shown from cwd
            block["path"] = Path(os.path.relpath(cwd / block["path"], project)).as_posix()
        seen.append((code, document))
    assert seen[0] == seen[1] == seen[2]
    code, document = seen[0]
    assert (code, document["summary"]["verdicts"]) == (0, {"ok": 2, "fail": 1})


LENIENT_PAGE = """# Chapter

```go
func Add(a, b int) int {
\treturn a + b
}
```

```go
fmt.Println(Add(1, 2))
```

```go
func Handle() {
\t// ...
\t...
}
```

```go
package main

import "github.com/pkg/errors"

func main() {
\t_ = errors.New("x")
}
```

```go
fmt.Prinln(Add(1, 2))
```
"""


def test_the_summary_counts_the_lenient_verdicts_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COURSECHECK_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "page.md").write_text(LENIENT_PAGE)
    assert run(["page.md", "--check", "--lenient"]) == 1
    assert capsys.readouterr().out.endswith(
        "\n5 blocks in 1 file: 2 ok, 1 elided, 1 external, 1 fail\nrules: 1 GO001 build-error\n"
    )
    assert run(["page.md", "--check", "--lenient", "--format", "json"]) == 1
    summary = json.loads(capsys.readouterr().out)["summary"]
    assert summary["verdicts"] == {"ok": 2, "elided": 1, "external": 1, "fail": 1}
    assert run(["page.md", "--check"]) == 1  # strict: the same blocks, other verdicts
    assert capsys.readouterr().out.endswith(
        "\n5 blocks in 1 file: 1 ok, 4 fail\nrules: 4 GO001 build-error, 1 GO013 sandbox\n"
    )


def test_a_checked_run_without_blocks_still_says_it_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.md").write_text("# Notes\n\nNo code.\n")
    assert run(["notes.md", "--check", "--format", "json"]) == 0
    summary = json.loads(capsys.readouterr().out)["summary"]
    assert summary == {
        "files": 1,
        "blocks": 0,
        "verdicts": {},
        "rules": {},
        "errors": 0,
        "warnings": 0,
    }
    assert run(["notes.md", "--check"]) == 0
    assert capsys.readouterr().out == "0 blocks in 1 file\n"
