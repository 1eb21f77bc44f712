"""One parser of rule-code lists (coursecheck/codelists.py) for --select/--ignore, the
configuration and inline ignore[...]: any case, rule names, a did-you-mean, and where it was
written. One line per case; the end-to-end runs use the fixture course on disk."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixturecourse import CASES, materialize, run_in

from coursecheck.codelists import canonical
from coursecheck.suppress import find_suppressions

Capsys = pytest.CaptureFixture[str]
Patch = pytest.MonkeyPatch


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("GO001", "GO001"),
        ("go001", "GO001"),
        ("lk", "LK"),
        ("Go01", "GO01"),
        ("build-error", "GO001"),
        ("Build_Error", "GO001"),
        ("output-mismatch", "GO004"),
        ("lnk", None),
        ("GO0011", None),
        ("LK01", None),
    ],
)
def test_canonical(word: str, code: str | None) -> None:
    assert canonical(word) == code


@pytest.mark.parametrize(
    ("comment", "problem"),
    [
        ("<!-- coursecheck: ignore[go001] demo -->", None),
        ("<!-- coursecheck: ignore[build-error] demo -->", None),
        (
            "<!-- coursecheck: ignore[GO0011] demo -->",
            "'GO0011' is not a rule code, family prefix or rule name; did you mean 'GO011'?",
        ),
        (
            "<!-- coursecheck: ignore[outptu-mismatch] demo -->",
            "'outptu-mismatch' is not a rule code, family prefix or rule name; "
            "did you mean 'output-mismatch'?",
        ),
    ],
)
def test_inline_codes(comment: str, problem: str | None) -> None:
    assert find_suppressions([comment])[0].problem == problem


@pytest.mark.parametrize(
    ("pyproject", "args", "stderr"),
    [
        (
            "",
            ["--select", "lnk"],
            "unknown rule code, prefix or name 'lnk' in --select; "
            "`coursecheck rules` lists them; did you mean 'LK'?",
        ),
        (
            "",
            ["--ignore", "outptu-mismatch"],
            "unknown rule code, prefix or name "
            "'outptu-mismatch' in --ignore; `coursecheck rules` lists them; did you mean "
            "'output-mismatch'?",
        ),
        (
            'select = ["lnk"]\n',
            [],
            "unknown rule code, prefix or name 'lnk' in "
            "pyproject.toml [tool.coursecheck] select; `coursecheck rules` lists them; "
            "did you mean 'LK'?",
        ),
    ],
)
def test_unknown_words_say_where(
    tmp_path: Path,
    capsys: Capsys,
    monkeypatch: Patch,
    pyproject: str,
    args: list[str],
    stderr: str,
) -> None:
    course = materialize(CASES / "cli-one-file-argument", tmp_path / "course")
    if pyproject:
        (course / "pyproject.toml").write_text(f"[tool.coursecheck]\n{pyproject}", "utf-8")
    run = run_in(course, ["check", ".", *args], capsys, monkeypatch)
    assert (run.exit_code, run.stdout, run.stderr) == (2, "", f"coursecheck: error: {stderr}\n")


@pytest.mark.parametrize(
    ("pyproject", "args"),
    [('select = ["lk"]\n', []), ("", ["--select", "broken-link"]), ('ignore = ["st"]\n', [])],
)
def test_config_and_cli_read_words_alike(
    tmp_path: Path, capsys: Capsys, monkeypatch: Patch, pyproject: str, args: list[str]
) -> None:
    course = materialize(CASES / "cli-one-file-argument", tmp_path / "course")
    if pyproject:
        (course / "pyproject.toml").write_text(f"[tool.coursecheck]\n{pyproject}", "utf-8")
    run = run_in(course, ["check", ".", *args], capsys, monkeypatch)
    assert (run.exit_code, run.stderr) == (1, "")
    assert "LK001" in run.stdout
