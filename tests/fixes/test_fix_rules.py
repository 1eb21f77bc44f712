"""Every fixable rule: a defect laid on the clean fixture course, fixed by `check --fix`.

Fixed once equals fixed twice, the re-check has no fixable finding, and (where the defect has a
single correct repair) the course is byte for byte the clean one again.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from coursecheck.cli import main
from coursecheck.config import Config
from coursecheck.course import load_course
from coursecheck.diagnostics import Diagnostic, Severity
from coursecheck.fixes import fixable_codes
from coursecheck.fixes.gofmt import fix_gofmt
from coursecheck.fixes.plan import plan_fixes
from coursecheck.rules import FAMILIES, all_rules
from coursecheck.rules import go as go_rules

CLEAN = Path(__file__).resolve().parent.parent / "fixtures" / "clean"
HUB, DAY2, DAY3, DAY1 = (
    "README.md",
    "days/day-02-values-types.md",
    "days/day-03-slices-maps.md",
    "days/day-01-first-steps.md",
)


def _edit(name: str, old: str, new: str) -> Callable[[Path], None]:
    def apply(course: Path) -> None:
        path = course / name
        text = path.read_bytes().decode()
        assert old in text, f"{old!r} not in {name}"
        path.write_bytes(text.replace(old, new, 1).encode())

    return apply


def _bom(course: Path) -> None:
    path = course / HUB
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())


def _crlf_head(course: Path) -> None:
    path = course / DAY2
    lines = path.read_bytes().split(b"\n")
    path.write_bytes(b"\r\n".join(lines[:3]) + b"\n" + b"\n".join(lines[3:]))


# code -> (defect, the file that differs from the clean course after --fix, and how)
DEFECTS: dict[str, Callable[[Path], None]] = {
    "EN003": _bom,
    "EN004": _edit(HUB, "# 🚀 Tiny Go", "# ðŸš€ Tiny Go"),
    "EN005": _crlf_head,
    "CU002": _edit(
        HUB,
        "CURRENT: [Slices & Maps](days/day-03-slices-maps.md)",
        "[Slices & Maps](days/day-03-slices-maps.md) (CURRENT)",
    ),
    "CU003": _edit(DAY2, "status: published", "status: upcoming"),
    "RM008": _edit(HUB, "[Values, Types & Zero Values]", "[Values & Types]"),
    "LK003": _edit(
        HUB, "[Errors Are Values](days/day-04-errors-are-values.md)", "Errors Are Values"
    ),
}
GO_DEFECT = _edit(
    DAY1,
    "1. Build a program that prints its own name.\n",
    '1. Build a program that prints its own name:\n\n   ```go\n   name:="tiny"\n'
    "   fmt.Println( name)\n   ```\n",
)


GO_FIXED = '   ```go\n   name := "tiny"\n   fmt.Println(name)\n   ```\n'


def _copy(tmp_path: Path) -> Path:
    course = tmp_path / "course"
    shutil.copytree(CLEAN, course, ignore=shutil.ignore_patterns("expected.toml"))
    return course


def _snapshot(course: Path) -> dict[str, bytes]:
    return {
        p.relative_to(course).as_posix(): p.read_bytes()
        for p in sorted(course.rglob("*"))
        if p.is_file() and ".coursecheck_cache" not in p.parts
    }


def _codes(course: Path) -> set[str]:
    plan = plan_fixes(course, Config(), FAMILIES, use_cache=False)
    return {d.code for d in plan.found}


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return _copy(tmp_path)


def test_every_fixable_rule_has_a_fixer_and_a_fix_test() -> None:
    rules = {**all_rules(), **{r.code: r for r in go_rules.FAMILY.rules}}
    fixable = {code for code, rule in rules.items() if rule.fixable}
    assert fixable == fixable_codes()
    assert fixable == set(DEFECTS) | {"GO003"}


@pytest.mark.parametrize("code", sorted(DEFECTS))
def test_fix_repairs_the_defect(
    code: str, course: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clean = _snapshot(course)
    DEFECTS[code](course)
    assert code in _codes(course)

    assert main(["check", str(course), "--fix", "--no-cache"]) == 0
    once = _snapshot(course)
    assert main(["check", str(course), "--fix", "--no-cache"]) == 0
    assert _snapshot(course) == once
    assert _codes(course) == set()
    assert once == clean
    err = capsys.readouterr().err
    assert err.startswith("Fixed 1 finding in 1 file.\n")


def test_status_fix_keeps_yaml_comments_and_layout(course: Path) -> None:
    _edit(DAY2, "status: published", "status: upcoming  # set by hand\n# a comment line")(course)
    assert main(["check", str(course), "--fix", "--no-cache"]) == 0
    text = (course / DAY2).read_text()
    assert "status: published # set by hand\n# a comment line\nsummary: Every type" in text
    once = _snapshot(course)
    assert main(["check", str(course), "--fix", "--no-cache"]) == 0
    assert _snapshot(course) == once


def test_gofmt_fix_keeps_the_fence_and_list_indentation(course: Path) -> None:
    # The fixer is driven by GO003 findings; building the GO family's helper here would cost
    # forty seconds, so the finding is made by hand where GO003 reports it (the code's line).
    GO_DEFECT(course)
    loaded = load_course(course)
    finding = Diagnostic(course / DAY1, 22, 4, 22, 4, "GO003", "gofmt", Severity.ERROR, "")
    edits = fix_gofmt(loaded, [finding])
    fixed = edits[course / DAY1].decode()
    assert GO_FIXED in fixed
    assert fixed.replace(GO_FIXED, "") == (CLEAN / DAY1).read_text().replace(
        "1. Build a program that prints its own name.\n",
        "1. Build a program that prints its own name:\n\n",
    )
    (course / DAY1).write_text(fixed)
    assert fix_gofmt(load_course(course), [finding]) == {}


def test_gofmt_leaves_code_gofmt_rejects(course: Path) -> None:
    GO_DEFECT(course)
    _edit(DAY1, "   fmt.Println( name)\n", "   fmt.Println( name\n")(course)
    finding = Diagnostic(course / DAY1, 22, 4, 22, 4, "GO003", "gofmt", Severity.ERROR, "")
    assert fix_gofmt(load_course(course), [finding]) == {}


def test_diff_shows_the_fix_and_writes_nothing(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    DEFECTS["RM008"](course)
    before = _snapshot(course)
    assert main(["check", str(course), "--diff", "--no-cache"]) == 1
    out, err = capsys.readouterr()
    assert out == (
        "--- a/course/README.md\n"
        "+++ b/course/README.md\n"
        "@@ -10,7 +10,7 @@\n"
        " \n"
        " ### **Week 1: The Basics**\n"
        " * **Day 01:** [First Steps: Packages & `main`](days/day-01-first-steps.md)\n"
        "-* **Day 02:** [Values & Types](days/day-02-values-types.md)\n"
        "+* **Day 02:** [Values, Types & Zero Values](days/day-02-values-types.md)\n"
        " \n"
        " ### **Week 2: Working With Data**\n"
        " * **Day 03:** CURRENT: [Slices & Maps](days/day-03-slices-maps.md)\n"
    )
    assert err == "Would fix 1 finding in 1 file.\n"
    assert _snapshot(course) == before


def test_diff_on_a_clean_course_exits_0(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(course), "--diff", "--no-cache"]) == 0
    assert capsys.readouterr() == ("", "No fixes to apply.\n")


def test_plain_check_never_touches_a_file(course: Path) -> None:
    for defect in DEFECTS.values():
        defect(course)
    files = sorted(p for p in course.rglob("*") if p.is_file())
    before = {p: (p.stat().st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest()) for p in files}
    assert main(["check", str(course)]) == 1
    assert main(["check", str(course), "--format", "json", "--no-cache"]) == 1
    after = {p: (p.stat().st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest()) for p in files}
    assert after == before
    new = {p for p in course.rglob("*") if p.is_file()} - set(files)
    assert {p for p in new if ".coursecheck_cache" not in p.parts} == set()


def test_fix_only_touches_the_selected_rules(course: Path) -> None:
    DEFECTS["EN004"](course)
    DEFECTS["RM008"](course)
    assert main(["check", str(course), "--fix", "--no-cache", "--select", "RM"]) == 0
    text = (course / HUB).read_text()
    assert "[Values, Types & Zero Values]" in text
    assert "# ðŸš€ Tiny Go" in text


@pytest.mark.parametrize("word", ["CURENT", "CURRNET", "Curent"])
def test_fix_spells_a_misspelt_current_marker(word: str, course: Path) -> None:
    clean = _snapshot(course)
    _edit(HUB, "CURRENT: [Slices", f"{word}: [Slices")(course)
    assert _codes(course) == {"CU002"}
    assert main(["check", str(course), "--fix", "--no-cache"]) == 0
    assert _snapshot(course) == clean


def test_a_title_word_near_current_is_no_marker(course: Path) -> None:
    _edit(HUB, "[Values, Types & Zero Values]", "Currency: [Values, Types & Zero Values]")(course)
    assert "CU002" not in _codes(course)
