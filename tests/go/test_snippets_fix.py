"""`snippets --fix`: GO003's gofmt fix on any Markdown, no course needed. Only the code inside Go
fences changes (endings, a BOM, trailing blanks and other languages stay byte for byte); every
page is written at once or none is; a second run changes nothing; the filters of `--check`
decide what is fixed. Real files, the real Go helper's gofmt."""

from __future__ import annotations

from pathlib import Path

import pytest
from faultkit import run_cli, wrapped_go
from progresslines import without_progress

from coursecheck.cli import main

PAGE = (
    "# Title   \n"
    "Text with a trailing tab\t\n\n"
    "```python\nx   =  1\n```\n\n"
    "```go\nx := 1\nfmt.Println(x)\n```\n\n"
    "```go\ny:=2\nfmt.Println( y )\n```\n\n"
    "1. In a list:\n\n"
    "   ```go\n   if y:=3; y>2 {\n       fmt.Println(y)\n   }\n   ```\n\n"
    "> In a quote:\n>\n"
    "> ```go\n> z:=[]int{1,2}\n> fmt.Println(z)\n> ```\n\n"
    "- Twice nested:\n\n"
    "  > ```go\n  > w:=1\n  > fmt.Println(w)\n  > ```\n\n"
    "    indented   :=   code\n"
    "trailing blanks   \n"
)
FIXED = (
    "# Title   \n"
    "Text with a trailing tab\t\n\n"
    "```python\nx   =  1\n```\n\n"
    "```go\nx := 1\nfmt.Println(x)\n```\n\n"
    "```go\ny := 2\nfmt.Println(y)\n```\n\n"
    "1. In a list:\n\n"
    "   ```go\n   if y := 3; y > 2 {\n   \tfmt.Println(y)\n   }\n   ```\n\n"
    "> In a quote:\n>\n"
    "> ```go\n> z := []int{1, 2}\n> fmt.Println(z)\n> ```\n\n"
    "- Twice nested:\n\n"
    "  > ```go\n  > w := 1\n  > fmt.Println(w)\n  > ```\n\n"
    "    indented   :=   code\n"
    "trailing blanks   \n"
)
UNFORMATTED = "```go\nx:=1\nfmt.Println(x)\n```\n"
FORMATTED = "```go\nx := 1\nfmt.Println(x)\n```\n"
SILENCE = "<!-- coursecheck: ignore[GO003] shows unformatted code -->\n"


@pytest.fixture
def book(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder for Markdown, no course.yaml; the working directory is its parent."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COURSECHECK_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "book").mkdir()
    return Path("book")


def _fix(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    code = main(["snippets", *args, "--fix", "--quiet"])
    return code, without_progress(capsys.readouterr().err)


def test_only_go_code_changes_and_a_second_run_changes_nothing(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = book / "page.md"
    page.write_text(PAGE)
    assert _fix(capsys, "book") == (0, ["Fixed 4 findings in 1 file."])
    assert page.read_text() == FIXED
    written = page.stat()
    assert _fix(capsys, "book") == (0, [])
    after = page.stat()  # not even rewritten the same: a write is a rename of a new file
    assert (after.st_ino, after.st_mtime_ns) == (written.st_ino, written.st_mtime_ns)
    assert page.read_text() == FIXED
    assert main(["snippets", "book", "--check", "--quiet"]) == 0  # the check agrees
    assert "GO003" not in capsys.readouterr().out


def test_a_crlf_page_with_a_bom_keeps_both_and_every_other_byte(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = book / "windows.md"
    text = "# Title  \n\n" + UNFORMATTED + "lone LF line follows\nend  \n"
    crlf = "\ufeff" + text.replace("\n", "\r\n").replace("follows\r\n", "follows\n")
    page.write_bytes(crlf.encode())
    assert _fix(capsys, str(page)) == (0, ["Fixed 1 finding in 1 file."])
    fixed = crlf.replace("x:=1", "x := 1")
    assert page.read_bytes() == fixed.encode()
    assert _fix(capsys, str(page)) == (0, [])
    assert page.read_bytes() == fixed.encode()


def test_a_read_only_page_stops_the_fix_and_no_page_is_written(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (book / "a.md").write_text(UNFORMATTED)
    (book / "b.md").write_text(UNFORMATTED)
    (book / "b.md").chmod(0o444)
    assert _fix(capsys, "book") == (
        2,
        ["coursecheck: error: cannot write book/b.md: the file is read-only"],
    )
    assert [(book / name).read_text() for name in ("a.md", "b.md")] == [UNFORMATTED] * 2
    assert sorted(p.name for p in book.iterdir()) == ["a.md", "b.md"]  # no temporary left


def test_a_page_linked_from_outside_the_named_folder_is_not_written(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "real.md").write_text(UNFORMATTED)
    (book / "link.md").symlink_to(tmp_path / "elsewhere" / "real.md")
    code, err = _fix(capsys, "book")
    assert code == 2
    assert err == [
        "coursecheck: error: book/link.md: refusing to write outside the folders named: book: "
        f"through a symlink it is {tmp_path / 'elsewhere' / 'real.md'}"
    ]
    assert (tmp_path / "elsewhere" / "real.md").read_text() == UNFORMATTED


def test_the_filters_of_check_decide_what_is_fixed(
    book: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # An inline suppression, a per-file ignore (relative to the pyproject.toml's folder, and
    # run from another folder) and a severity: only what `--check` reports is fixed, warnings too.
    (book / "drafts").mkdir()
    (book / "page.md").write_text(SILENCE + UNFORMATTED + "\n" + UNFORMATTED)
    (book / "drafts" / "draft.md").write_text(UNFORMATTED)
    (tmp_path / "pyproject.toml").write_text(
        "[tool.coursecheck]\n"
        'per-file-ignores = { "book/drafts/*.md" = ["GO003"] }\n'
        'severity = { GO003 = "warning" }\n'
    )
    (tmp_path / "other").mkdir()
    monkeypatch.chdir(tmp_path / "other")
    assert _fix(capsys, "../book") == (0, ["Fixed 1 finding in 1 file."])
    book = tmp_path / "book"
    assert (book / "page.md").read_text() == SILENCE + UNFORMATTED + "\n" + FORMATTED
    assert (book / "drafts" / "draft.md").read_text() == UNFORMATTED


def test_an_ignored_gofmt_rule_fixes_nothing(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (book / "page.md").write_text(UNFORMATTED)
    (tmp_path / "pyproject.toml").write_text('[tool.coursecheck]\nignore = ["GO003"]\n')
    assert _fix(capsys, "book") == (0, [])
    assert (book / "page.md").read_text() == UNFORMATTED


def test_a_read_only_page_with_nothing_to_fix_is_no_obstacle(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (book / "a.md").write_text(UNFORMATTED)
    (book / "clean.md").write_text(FORMATTED)
    (book / "clean.md").chmod(0o444)
    assert _fix(capsys, "book") == (0, ["Fixed 1 finding in 1 file."])
    assert [(book / name).read_text() for name in ("a.md", "clean.md")] == [FORMATTED] * 2


def test_a_toolchain_fault_writes_nothing(tmp_path: Path) -> None:
    # The helper's `go list` killed (a loaded machine): one line, exit 2, the page untouched.
    go = wrapped_go(tmp_path / "go", 'if [ "$1" = list ]; then kill -KILL $$; fi')
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "page.md").write_text(UNFORMATTED)
    done = run_cli(["snippets", "book", "--fix"], tmp_path, tmp_path / "cache", go)
    assert done.returncode == 2, done.stderr
    (line,) = without_progress(done.stderr)
    assert line.startswith("coursecheck: error: coursecheck's Go helper failed: "), line
    assert (tmp_path / "book" / "page.md").read_text() == UNFORMATTED
    assert [p.name for p in (tmp_path / "book").iterdir()] == ["page.md"]
