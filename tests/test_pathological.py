"""Hostile and pathological courses: a finding or a one-line error, never a crash or a hang."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixturecourse import materialize, run_in

MODULE = "days/day-02-values-types.md"


def _course_with(tmp_path: Path, text: str | bytes) -> Path:
    root = materialize(None, tmp_path / "course")
    original = (root / MODULE).read_text(encoding="utf-8")
    data = text if isinstance(text, bytes) else original.replace("## Overview", text, 1).encode()
    (root / MODULE).write_bytes(data)
    return root


ALIAS_BOMB = "---\n" + "".join(
    f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9) if i else '1'}]\n" for i in range(9)
)


NESTED_LISTS = "".join("  " * i + "- x\n" for i in range(400))


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(">" * 5000 + " deep\n\n## Overview", id="5000-nested-quotes"),
        pytest.param(NESTED_LISTS + "\n## Overview", id="400-nested-lists"),
        pytest.param("a" * 10_000_000 + "\n\n## Overview", id="10MB-line"),
    ],
)
def test_deep_or_huge_markdown_still_checks_clean(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    body: str,
) -> None:
    root = _course_with(tmp_path, body)
    run = run_in(root, ["check", ".", "--ignore", "GO"], capsys, monkeypatch)
    assert run.stderr == "" and "Traceback" not in run.stdout
    assert run.exit_code == 0, run.stdout


def test_yaml_alias_bomb_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _course_with(tmp_path, (ALIAS_BOMB + "---\n# Values\n").encode())
    run = run_in(root, ["check", ".", "--select", "FM"], capsys, monkeypatch)
    assert run.exit_code == 1 and run.stderr == ""
    assert run.stdout == (
        f"{MODULE}:2:1: FM002 front matter: expands to more than 10000 values\n\n"
        "Found 1 error in 1 file.\n"
    )


def test_nul_bytes_are_a_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _course_with(tmp_path, b"---\nday: 2\x00\n---\n")
    run = run_in(root, ["check", ".", "--select", "EN"], capsys, monkeypatch)
    assert run.stdout.startswith(
        f"{MODULE}:1:1: EN001 cannot be read: binary file (contains NUL bytes)"
    )
    assert run.exit_code == 1 and run.stderr == ""


def test_unclosed_fence_to_the_end_of_a_module(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _course_with(tmp_path, "```go\nfmt.Println(1)\n\n## Overview")
    run = run_in(root, ["check", ".", "--select", "GO011"], capsys, monkeypatch)
    assert run.exit_code == 1 and run.stderr == ""
    assert " GO011 code fence is never closed; it runs to the end" in run.stdout
