"""`coursecheck snippets`: the listing of every code block, and its --check verdicts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
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
    shown = [line.rsplit(" ", 1)[0] for line in done.stderr.splitlines()]
    stages = ("helper build", "helper", "go vet", "go build", "runs", "go test")
    assert shown == [f"timing: {stage}" for stage in stages]
