"""Golden output for every `--format`, and the escaping of hostile course text in each.

The goldens live in tests/formats/. Refresh them deliberately, then read the diff:

    COURSECHECK_UPDATE_GOLDEN=1 pytest tests/test_formats.py
"""

from __future__ import annotations

import json
import os
import shutil
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import jsonschema
import pytest

from coursecheck import __version__
from coursecheck.cli import append_step_summary, main
from coursecheck.diagnostics import Diagnostic, Severity
from coursecheck.formatters import FORMATTERS, github
from coursecheck.formatters.junit import xml_safe
from coursecheck.formatters.report import Report
from coursecheck.formatters.stepsummary import SUMMARY_LIMIT, escape_markdown, summary_markdown
from coursecheck.rules.base import Rule

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "formats"
CLEAN = HERE / "fixtures" / "clean"

RULES = {
    "EN004": Rule(
        "EN004",
        "mojibake",
        "Text that is UTF-8 read as another encoding.",
        "Mojibake is UTF-8 decoded as Windows-1252.\n\n**Bad:** `ðŸš€`\n\n**Good:** `🚀`\n",
        fixable=True,
    ),
    "FM006": Rule(
        "FM006",
        "missing-key",
        "The front matter lacks a required key.",
        "Every module names its `day`.\n\n**Bad:** no `day:`\n\n**Good:** `day: 2`\n",
    ),
    "ST002": Rule(
        "ST002",
        "empty-section",
        "A required section has no text.",
        "A heading alone teaches nothing.\n\n**Bad:** `## Exercises` then EOF\n\n**Good:** text\n",
        severity=Severity.WARNING,
    ),
}


@dataclass(frozen=True)
class FixedReport(Report):
    """A report whose rule table is fixed here, so goldens do not move when rules are added."""

    table: dict[str, Rule] = field(default_factory=lambda: RULES)

    @property
    def rules(self) -> dict[str, Rule]:
        return self.table


def diag(
    path: str,
    line: int,
    column: int,
    code: str,
    message: str,
    end: tuple[int, int] | None = None,
) -> Diagnostic:
    rule = RULES[code]
    end_line, end_column = end or (line, column)
    return Diagnostic(
        Path(path), line, column, end_line, end_column, code, rule.name, rule.severity, message,
        rule.fixable,
    )  # fmt: skip


SAMPLE = FixedReport(
    [
        diag("course/README.md", 1, 3, "EN004", "mojibake 'ðŸš€' should read '🚀'", (1, 7)),
        diag("course/days/day-02-types.md", 1, 1, "FM006", "front matter lacks 'day'", (4, 4)),
        diag("course/days/day-02-types.md", 30, 1, "ST002", "section 'Exercises' is empty"),
    ],
    files_checked=7,
)
CLEAN_REPORT = FixedReport([], files_checked=7)
HOSTILE = "x\n::error file=evil.md::pwned\r\n##[error]legacy %0A 100% a,b:c"


def golden(name: str, actual: str) -> str:
    """The recorded output, with the running version written as @VERSION@ on disk."""
    path = GOLDEN / name
    if os.environ.get("COURSECHECK_UPDATE_GOLDEN"):
        path.write_text(actual.replace(__version__, "@VERSION@"), encoding="utf-8")
    return path.read_text(encoding="utf-8").replace("@VERSION@", __version__)


@pytest.mark.parametrize("name", sorted(FORMATTERS))
@pytest.mark.parametrize(("report", "case"), [(SAMPLE, "sample"), (CLEAN_REPORT, "clean")])
def test_golden_output(name: str, report: Report, case: str) -> None:
    suffix = {"json": "json", "sarif": "json", "junit": "xml"}.get(name, "txt")
    actual = FORMATTERS[name](report)
    assert actual == golden(f"{case}-{name}.{suffix}", actual)


@pytest.mark.parametrize(("report", "case"), [(SAMPLE, "sample"), (CLEAN_REPORT, "clean")])
def test_golden_step_summary(report: Report, case: str) -> None:
    actual = summary_markdown(report, SUMMARY_LIMIT)
    assert actual == golden(f"{case}-summary.md", actual)


# --- github: escaping, and a model of how the Actions runner reads the log -------------------


def runner_commands(log: str) -> list[tuple[str, str]]:
    """(command, rest) for each line the runner would execute, honouring stop-commands.

    The runner trims leading whitespace, takes `::name ...::data` lines, also accepts the
    legacy `##[name]data` anywhere in a line, and between `::stop-commands::TOKEN` and
    `::TOKEN::` executes nothing.
    """
    commands: list[tuple[str, str]] = []
    stopped: str | None = None
    for raw in log.split("\n"):
        line = raw.lstrip()
        if stopped is not None:
            stopped = None if line == f"::{stopped}::" else stopped
            continue
        if line.startswith("::stop-commands::"):
            stopped = line.removeprefix("::stop-commands::")
        elif line.startswith("::"):
            name, _, rest = line[2:].partition(" ")
            commands.append((name.split("::")[0], rest))
        elif "##[" in line:
            commands.append(("legacy", line))
    return commands


def test_escape_data_and_properties() -> None:
    assert github.escape_data("50% done\r\nnext:a,b") == "50%25 done%0D%0Anext:a,b"
    assert github.escape_property("a%b\rc\nd:e,f") == "a%25b%0Dc%0Ad%3Ae%2Cf"


def test_hostile_message_and_path_stay_inside_one_annotation() -> None:
    d = diag("course/a,b:c.md", 2, 1, "FM006", HOSTILE)
    report = FixedReport([d], 1)
    log = github.render(report)
    assert log == (
        "::error file=course/a%2Cb%3Ac.md,line=2,endLine=2,col=1,title=FM006 (missing-key)"
        "::x%0A::error file=evil.md::pwned%0D%0A##[error]legacy %250A 100%25 a,b:c\n"
        "Found 1 error in 1 file.\n"
    )
    assert [name for name, _ in runner_commands(log)] == ["error"]


def test_only_ten_of_each_kind_are_annotated_and_the_rest_is_inert() -> None:
    errors = [diag(f"course/e{i:02}.md", 1, 1, "FM006", f"e{i} {HOSTILE}") for i in range(12)]
    warnings = [diag(f"course/w{i:02}.md", 1, 1, "ST002", f"w{i}") for i in range(11)]
    log = github.render(FixedReport(errors + warnings, 23))
    commands = runner_commands(log)
    assert [name for name, _ in commands] == ["error"] * 10 + ["warning"] * 10
    assert "3 more findings not annotated (GitHub shows 10 of each kind per step):" in log
    assert "course/e11.md:1:1: FM006 e11 x%0A::error file=evil.md::pwned" in log
    assert "course/w10.md:1:1: ST002 w10" in log
    assert log.endswith("Found 12 errors and 11 warnings in 23 files.\n")


def test_a_path_that_looks_like_a_command_is_inert_too() -> None:
    findings = [diag(f"::error::{i}.md", 1, 1, "FM006", "m") for i in range(11)]
    commands = runner_commands(github.render(FixedReport(findings, 11)))
    assert len(commands) == 10
    assert all(rest.startswith("file=%3A%3Aerror%3A%3A") for _, rest in commands)


def test_step_summary_escapes_markdown_and_html() -> None:
    assert escape_markdown("<b>|**x**|</b> [l](u) `c`\nnext") == (
        "&lt;b&gt;\\|\\*\\*x\\*\\*\\|&lt;/b&gt; \\[l\\](u) \\`c\\`<br>next"
    )


def test_step_summary_truncates_cleanly_within_budget() -> None:
    findings = [diag("course/x.md", i, 1, "FM006", "m" * 100) for i in range(1, 1001)]
    report = FixedReport(findings, 1)
    text = summary_markdown(report, 4096)
    assert len(text.encode()) <= 4096
    rows = [line for line in text.splitlines() if line.startswith("| course/x.md:")]
    assert rows and rows[-1].endswith(" |")
    assert text.endswith(
        f"\n{1000 - len(rows)} more findings not shown: a job summary holds at most 1 MiB. "
        "Run `coursecheck` locally for the full report.\n"
    )
    assert summary_markdown(report, 100) == ""


def test_append_step_summary_respects_what_the_step_already_wrote(tmp_path: Path) -> None:
    target = tmp_path / "summary.md"
    target.write_text("x" * (SUMMARY_LIMIT - 1000), encoding="utf-8")
    findings = [diag("course/x.md", i, 1, "FM006", "m" * 100) for i in range(1, 101)]
    append_step_summary(FixedReport(findings, 1), {"GITHUB_STEP_SUMMARY": str(target)})
    assert target.stat().st_size <= SUMMARY_LIMIT
    assert target.read_text(encoding="utf-8").endswith("for the full report.\n")
    append_step_summary(FixedReport(findings, 1), {})  # no summary file: nothing to do


def test_an_unwritable_step_summary_is_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "missing-folder" / "summary.md"
    append_step_summary(SAMPLE, {"GITHUB_STEP_SUMMARY": str(target)})
    warning = "coursecheck: warning: cannot write the job summary: "
    assert capsys.readouterr().err.startswith(warning)
    assert not target.exists()


# --- sarif -----------------------------------------------------------------------------------


def sarif_schema() -> dict[str, object]:
    schema: dict[str, object] = json.loads(
        (GOLDEN / "sarif-2.1.0-subset.schema.json").read_text(encoding="utf-8")
    )
    return schema


@pytest.mark.parametrize("report", [SAMPLE, CLEAN_REPORT], ids=["sample", "clean"])
def test_sarif_is_valid(report: Report) -> None:
    document = json.loads(FORMATTERS["sarif"](report))
    jsonschema.Draft7Validator.check_schema(sarif_schema())
    jsonschema.validate(document, sarif_schema(), cls=jsonschema.Draft7Validator)


def test_the_subset_schema_rejects_what_the_official_one_rejects() -> None:
    document = json.loads(FORMATTERS["sarif"](SAMPLE))
    broken = [
        {**document, "version": "2.0.0"},
        {**document, "runs": [{"results": []}]},
        _with_result(document, {"level": "fatal"}),
        _with_result(document, {"message": {}}),
        _with_region(document, {"startLine": 0}),
    ]
    for doc in broken:
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(doc, sarif_schema(), cls=jsonschema.Draft7Validator)


def _with_result(document: dict[str, object], change: dict[str, object]) -> dict[str, object]:
    doc = json.loads(json.dumps(document))
    doc["runs"][0]["results"][0].update(change)
    return doc  # type: ignore[no-any-return]


def _with_region(document: dict[str, object], change: dict[str, object]) -> dict[str, object]:
    doc = json.loads(json.dumps(document))
    doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"].update(change)
    return doc  # type: ignore[no-any-return]


def test_sarif_carries_hostile_text_and_odd_paths_exactly() -> None:
    report = FixedReport([diag("course/da y#1%.md", 3, 2, "FM006", HOSTILE)], 1)
    document = json.loads(FORMATTERS["sarif"](report))
    jsonschema.validate(document, sarif_schema(), cls=jsonschema.Draft7Validator)
    result = document["runs"][0]["results"][0]
    assert result["message"]["text"] == HOSTILE
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "course/da%20y%231%25.md"
    assert location["region"] == {"startLine": 3, "startColumn": 2}


# --- junit -----------------------------------------------------------------------------------


def test_junit_is_well_formed_with_hostile_text() -> None:
    message = 'a </failure><x> & "q" \x00\x1b]0;title\x07 \ud800 ok'
    report = FixedReport([diag("course/<&>.md", 1, 1, "FM006", message)], 1)
    root = ET.fromstring(FORMATTERS["junit"](report).encode())
    (suite,) = root
    assert suite.get("name") == "course/<&>.md"
    failure = suite.find("testcase/failure")
    assert failure is not None
    safe = 'a </failure><x> & "q" \\u0000\\u001b]0;title\\u0007 \\ud800 ok'
    assert failure.get("message") == safe
    assert failure.text == f"course/<&>.md:1:1: FM006 {safe}"


def test_xml_safe_keeps_tabs_newlines_and_emoji() -> None:
    assert xml_safe("a\tb\nc\r🚀\x0b") == "a\tb\nc\r🚀\\u000b"


# --- the command line ------------------------------------------------------------------------


@pytest.fixture
def broken_course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The clean fixture course with one mojibake, checked from the folder above it."""
    course = tmp_path / "course"
    shutil.copytree(CLEAN, course)
    readme = course / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8").replace("🚀", "ðŸš€"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for name in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "NO_COLOR", "FORCE_COLOR", "PRE_COMMIT"):
        monkeypatch.delenv(name, raising=False)
    return course


MOJIBAKE = "mojibake 'ðŸš€' should read '🚀' (UTF-8 decoded as Windows-1252)"


def test_github_is_the_default_inside_github_actions(
    broken_course: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = broken_course.parent / "step-summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert main(["check", "course", "--no-cache"]) == 1
    assert capsys.readouterr().out == (
        "::error file=course/README.md,line=1,endLine=1,col=3,endColumn=7,"
        f"title=EN004 (mojibake)::{MOJIBAKE}\n"
        "Found 1 error in 1 file. (1 fixable with --fix)\n"
    )
    assert summary.read_text(encoding="utf-8") == (
        "## coursecheck\n\nFound 1 error in 1 file. (1 fixable with --fix)\n\n"
        "| Location | Code | Severity | Message |\n| --- | --- | --- | --- |\n"
        f"| course/README.md:1:3 | EN004 (mojibake) | error | {MOJIBAKE} |\n"
    )
    assert main(["check", "course", "--no-cache", "--format", "text"]) == 1
    assert capsys.readouterr().out.startswith(f"course/README.md:1:3: EN004 [*] {MOJIBAKE}\n")


@pytest.mark.parametrize("name", ["sarif", "junit"])
def test_machine_formats_from_the_command_line(
    name: str, broken_course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "course", "--no-cache", "--format", name]) == 1
    out = capsys.readouterr().out
    if name == "sarif":
        document = json.loads(out)
        jsonschema.validate(document, sarif_schema(), cls=jsonschema.Draft7Validator)
        assert [r["ruleId"] for r in document["runs"][0]["results"]] == ["EN004"]
        rules = document["runs"][0]["tool"]["driver"]["rules"]
        assert all(r["help"]["markdown"] and r["shortDescription"]["text"] for r in rules)
    else:
        failures = ET.fromstring(out.encode()).findall("testsuite/testcase/failure")
        assert [f.get("message") for f in failures] == [MOJIBAKE]


def test_the_readme_lists_every_format() -> None:
    readme = (HERE.parent / "README.md").read_text(encoding="utf-8")
    assert f"`--format {'|'.join(FORMATTERS)}`" in readme
