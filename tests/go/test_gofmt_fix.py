"""One gofmt: GO003's fix writes what GO003's check wants, through the Go helper's go/format
(the check's own), never a `gofmt` found beside `go` and run with the user's environment."""

from __future__ import annotations

from pathlib import Path

from coursedir import DAY1
from faultkit import full_course, run_cli, wrapped_go
from progresslines import without_progress

PAGE = "# Fmt\n\n```go\nx:=1\nfmt.Println(x)\n```\n"
FIXED = "```go\nx := 1\nfmt.Println(x)\n```\n"


def test_fix_writes_what_the_check_wants_whatever_gofmt_is_beside_go(tmp_path: Path) -> None:
    # A `gofmt` beside `go` that disagrees with the check (here: it rejects everything, and
    # leaves a mark): --fix used it, so it reported GO003 and left the snippet as it was.
    mark = tmp_path / "gofmt-ran"
    go = wrapped_go(tmp_path / "go", "", gofmt=f'touch "{mark}"\nexit 2')
    root, cache = full_course(tmp_path / "course", PAGE), tmp_path / "cache"
    before = run_cli(["check", "."], root, cache, go)
    assert before.returncode == 1 and "GO003" in before.stdout, before.stdout + before.stderr
    fixed = run_cli(["check", "--fix", "."], root, cache, go)
    assert (fixed.returncode, fixed.stdout) == (0, "All checks passed! (5 files checked)\n")
    assert without_progress(fixed.stderr) == ["Fixed 1 finding in 1 file."]
    assert FIXED in (root / DAY1).read_text()
    assert not mark.exists()


def test_fix_leaves_a_snippet_gofmt_cannot_parse(tmp_path: Path) -> None:
    broken = PAGE.replace("fmt.Println(x)", "fmt.Println( x")
    root, cache = full_course(tmp_path / "course", broken), tmp_path / "cache"
    before = (root / DAY1).read_text()
    done = run_cli(["check", "--fix", "."], root, cache)
    assert done.returncode == 1
    assert (root / DAY1).read_text() == before
