"""Meta-tests that keep the rules, their fixtures, their docs, the README and schemas/ honest."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from coursedir import CourseDir
from fixturecourse import (
    BASES,
    CASES,
    EXPECTED,
    FIXTURES,
    MINI,
    Expected,
    case_code,
    case_dirs,
    run_in,
)

from coursecheck.docs import BEGIN, END, rules_table, with_table
from coursecheck.rules import FAMILIES, all_rules
from coursecheck.rules.base import Rule

ROOT = Path(__file__).resolve().parent.parent
RULES = all_rules()
CODE_RE = re.compile(r"^[A-Z]{2}\d{3}$")
NAME_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
GOOD_RE = re.compile(r"^good-(?P<family>[a-z]{2})-[a-z0-9-]+$")


def _cases_of(code: str) -> list[Path]:
    return [case for case in case_dirs() if case_code(case) == code]


@pytest.mark.parametrize("code", sorted(RULES))
def test_every_rule_has_a_fixture_case(code: str) -> None:
    assert _cases_of(code), f"no tests/fixtures/cases/{code}-{RULES[code].name}/"


@pytest.mark.parametrize("case", case_dirs(), ids=lambda case: case.name)
def test_case_reports_its_own_code(case: Path) -> None:
    """A rule's case shows its code, and any other code only when `also` owns up to it."""
    expected = Expected.load(case / EXPECTED)
    code = case_code(case)
    if code is None:
        return  # a case about the CLI or a format, not one rule
    assert code in RULES, f"{case.name} names no registered rule"
    assert code in expected.codes
    assert expected.codes - {code} == set(expected.also)
    assert expected.exit_code in (0, 1)


@pytest.mark.parametrize("case", case_dirs(), ids=lambda case: case.name)
def test_good_case_passes_its_family(case: Path) -> None:
    """`good-<family>-<what>`: a variant the family must accept, so it reports no finding."""
    match = GOOD_RE.match(case.name)
    if match is None:
        return
    expected = Expected.load(case / EXPECTED)
    assert any(code.startswith(match["family"].upper()) for code in RULES), case.name
    assert (expected.exit_code, expected.codes, expected.also) == (0, set(), [])


@pytest.mark.parametrize("case", case_dirs(), ids=lambda case: case.name)
def test_case_changes_its_base_course(case: Path) -> None:
    expected = Expected.load(case / EXPECTED)
    assert expected.base in BASES, f"base must be one of {sorted(BASES)}"
    base = BASES[expected.base]
    overlay = [p for p in case.rglob("*") if p.is_file() and p.name != EXPECTED]
    if case_code(case) or GOOD_RE.match(case.name):  # a CLI case may run the base as it is
        assert overlay or expected.delete or expected.layers, "a case must change its base"
    assert all((CASES / layer / EXPECTED).is_file() for layer in expected.layers)
    if base is None:
        return
    for path in overlay:
        original = _in_base(base, expected.at, path.relative_to(case))
        assert not original.is_file() or original.read_bytes() != path.read_bytes(), path
    for name in expected.delete:
        assert _in_base(base, expected.at, Path(name)).exists() or any(
            (CASES / layer / name).exists() for layer in expected.layers
        ), f"{name} is not in the base course"


def _in_base(base: Path, at: str, relative: Path) -> Path:
    """Where a path of the run folder comes from in the base course (`at` is where it sits)."""
    return base / relative.relative_to(at) if relative.is_relative_to(at) else base / "-none-"


def test_the_mini_course_is_the_one_coursedir_writes(tmp_path: Path) -> None:
    """fixtures/mini/ is CourseDir's course on disk: the two must not drift apart."""
    CourseDir(tmp_path)
    written = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    on_disk = {
        p.relative_to(MINI): p.read_bytes()
        for p in MINI.rglob("*")
        if p.is_file() and p.name != EXPECTED
    }
    assert on_disk == written


def test_pending_cases_wait_only_for_unregistered_rules() -> None:
    """fixtures/pending/ holds cases for rules not yet registered; once one is, move its case."""
    pending = FIXTURES / "pending"
    folders = sorted(p.name for p in pending.iterdir() if p.is_dir()) if pending.is_dir() else []
    registered = [name for name in folders if name[:5] in RULES]
    assert registered == [], "move these to tests/fixtures/cases/ and refresh them"


def test_every_case_folder_has_expected_output() -> None:
    folders = {p.name for p in CASES.iterdir() if p.is_dir()}
    assert folders == {case.name for case in case_dirs()}


@pytest.mark.parametrize("rule", RULES.values(), ids=lambda rule: rule.code)
def test_rule_is_documented(rule: Rule) -> None:
    assert CODE_RE.match(rule.code)
    assert NAME_RE.match(rule.name)
    assert rule.summary.strip() and rule.summary.rstrip().endswith((".", ")"))
    assert "**Bad:**" in rule.doc
    assert "**Good:**" in rule.doc
    assert rule.doc.index("**Bad:**") < rule.doc.index("**Good:**")


def test_codes_and_names_are_unique_and_in_their_family() -> None:
    rules = [rule for family in FAMILIES for rule in family.rules]
    assert len({r.code for r in rules}) == len({r.name for r in rules}) == len(rules)
    for family in FAMILIES:
        assert all(rule.code.startswith(family.prefix) for rule in family.rules)


@pytest.mark.parametrize("code", sorted(RULES))
def test_readme_has_a_row_for_every_rule(code: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index(BEGIN) : readme.index(END)]
    assert f"| `{code}` | `{RULES[code].name}` |" in table


def test_readme_rules_table_is_current() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert with_table(readme, rules_table()) == readme, "run `python -m coursecheck.docs`"


def test_docs_generator_fills_and_refreshes_the_table(tmp_path: Path) -> None:
    from coursecheck.docs_cli import main

    readme = tmp_path / "README.md"
    readme.write_text(f"# Tool\n\n{BEGIN}\n\n| stale |\n\n{END}\n\nMore.\n", encoding="utf-8")
    assert main([str(readme), "--check"]) == 1
    assert main([str(readme)]) == 0
    assert readme.read_text(encoding="utf-8") == (
        f"# Tool\n\n{BEGIN}\n\n{rules_table()}\n{END}\n\nMore.\n"
    )
    assert main([str(readme), "--check"]) == 0
    readme.write_text("# No markers\n", encoding="utf-8")
    assert main([str(readme)]) == 2


def test_committed_schemas_match_the_models(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    run = run_in(ROOT, ["schema", "--check"], capsys, monkeypatch)
    assert (run.exit_code, run.stdout, run.stderr) == (0, "", "")


def test_schema_check_reports_a_drifted_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(ROOT / "schemas", tmp_path / "schemas")
    (tmp_path / "schemas" / "course.schema.json").write_text("{}\n", encoding="utf-8")
    run = run_in(tmp_path, ["schema", "--check"], capsys, monkeypatch)
    assert (run.exit_code, run.stdout) == (1, "")
    assert run.stderr == "schemas/course.schema.json: out of date; run `coursecheck schema`\n"


SEED_MANIFEST = """\
title: From Go Build To Go Run
days: 31
go_version: "1.22"
weeks:
  - {number: 1, title: The Foundations, first_day: 1, last_day: 31}
"""


def test_the_seed_page_gives_mojibake_findings_at_its_three_emoji(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The roadmap seed as it was, read as the hub of a course: EN004 on lines 1, 10 and 20."""
    seed = FIXTURES / "seed" / "roadmap-seed.md"
    assert seed.read_bytes().startswith("# \u00f0\u0178\u0161\u20ac".encode())
    shutil.copyfile(seed, tmp_path / "README.md")
    (tmp_path / "course.yaml").write_text(SEED_MANIFEST, encoding="utf-8")
    run = run_in(tmp_path, ["check", ".", "--select", "EN"], capsys, monkeypatch)
    assert (run.exit_code, run.stderr) == (1, "")
    assert run.stdout == (
        "README.md:1:3: EN004 [*] mojibake '\u00f0\u0178\u0161\u20ac' should read '\U0001f680'"
        " (UTF-8 decoded as Windows-1252)\n"
        "README.md:10:4: EN004 [*] mojibake '\u00f0\u0178\u203a\\xa0' should read '\U0001f6e0'"
        " (UTF-8 decoded as Windows-1252)\n"
        "README.md:20:4: EN004 [*] mojibake '\u00f0\u0178\u2014\u00ba' should read '\U0001f5fa'"
        " (UTF-8 decoded as Windows-1252)\n"
        "\n"
        "Found 3 errors in 1 file. (3 fixable with --fix)\n"
    )
