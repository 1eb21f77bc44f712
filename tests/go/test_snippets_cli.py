"""`coursecheck snippets`: the listing of every code block, and its --check verdicts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

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
    ]


def test_json_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COURSECHECK_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "README.md").write_text(PAGE)
    assert run([str(tmp_path / "README.md"), "--format", "json", "--check"]) == 1
    rows = json.loads(capsys.readouterr().out)
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
