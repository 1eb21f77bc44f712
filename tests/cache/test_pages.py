"""The per-page cache gives the verdict a cold check gives: the bundled course, edited in ways
that reach across pages (a title the hub lists, an anchor another page links to, the manifest,
a page added or deleted), checked warm (unchanged pages' models and findings from their
entries) and cold (an empty page cache), the complete reports compared byte for byte. Real
courses on disk, the real toolchain, real processes."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO_COURSE = Path(__file__).resolve().parents[2] / "course"
AMBIENT = ("COURSECHECK_CACHE_DIR", "CI", "GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "PRE_COMMIT")
RUNNABLE = re.compile(r"^```go\n(?:(?!```).*\n)*?```\n\n```output\n", re.MULTILINE)


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str

    def codes(self) -> set[str]:
        return {d["code"] for d in json.loads(self.stdout)["diagnostics"]}


class Bundled:
    """A copy of this repository's course beside its own cache folder."""

    def __init__(self, top: Path) -> None:
        self.top = top
        self.course = top / "course"
        self.cache = top / "cache"

    def restore(self) -> None:
        """The course as committed, and its pages' entries made for it again (the whole-run
        entry of the course as committed would otherwise answer without them)."""
        shutil.rmtree(self.course, ignore_errors=True)
        shutil.copytree(REPO_COURSE, self.course)
        shutil.rmtree(self.cache / "results", ignore_errors=True)
        self.run(self.cache)

    def run(self, cache: Path) -> Run:
        env = {k: v for k, v in os.environ.items() if k not in AMBIENT}
        done = subprocess.run(
            [sys.executable, "-m", "coursecheck", "check", "course", "--format", "json", "--quiet"],
            cwd=self.top,
            env={**env, "COURSECHECK_CACHE_DIR": str(cache)},
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        assert done.returncode in (0, 1), done.stderr
        return Run(done.returncode, done.stdout, done.stderr)

    def entries(self) -> dict[str, tuple[int, int]]:
        """Each page entry, by its identity on disk: a rewritten entry is a new file."""
        found = (self.cache / "pages").glob("*.pickle")
        return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in found}


def _page(course: Path, pattern: str) -> Path:
    (page,) = course.glob(pattern)
    return page


def _edit(pattern: str, change: Callable[[str], str]) -> Callable[[Path], None]:
    def edit(course: Path) -> None:
        page = _page(course, pattern)
        page.write_text(change(page.read_text(encoding="utf-8")), encoding="utf-8")

    return edit


def _once(old: str, new: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        assert text.count(old) == 1, old
        return text.replace(old, new)

    return change


def _comment_first_program(text: str) -> str:
    match = RUNNABLE.search(text)
    assert match is not None
    first = match.start() + len("```go\n")
    return text[:first] + "// an edit\n" + text[first:]


def _add_page(course: Path) -> None:
    (course / "glossary.md").write_text(
        "# Glossary\n\nSee [leaks](days/day-12-testing.md#no-such-heading).\n\n"
        "```go\nvar s string = 1\n_ = s\n```\n",
        encoding="utf-8",
    )


def _delete_page(course: Path) -> None:
    _page(course, "days/day-20-*.md").unlink()


def _moved_current(hub: str) -> str:
    hub = _once("* **Day 13:** CURRENT: [", "* **Day 13:** [")(hub)
    return _once("* **Day 14:** [", "* **Day 14:** CURRENT: [")(hub)


BROKEN = "\n```go\nvar s string = 1\n_ = s\n```\n"


@dataclass(frozen=True)
class Variant:
    name: str
    edit: Callable[[Path], None]
    found: frozenset[str]  # codes the cold report must hold: the edit took effect
    rewritten: int  # page entries the warm run writes: every other page was a hit


VARIANTS = [
    Variant(
        "prose", _edit("days/day-13-*.md", lambda t: t + "\nOne more sentence.\n"), frozenset(), 1
    ),
    Variant("snippet", _edit("days/day-13-*.md", _comment_first_program), frozenset(), 1),
    Variant(
        "broken-snippet", _edit("days/day-05-*.md", lambda t: t + BROKEN), frozenset({"GO001"}), 1
    ),
    Variant(
        "title-the-hub-lists",
        _edit("days/day-07-*.md", _once('title: "Struct Design', 'title: "Struct Layout')),
        frozenset({"RM008", "ST003"}),
        1,
    ),
    Variant(
        "anchor-another-page-links-to",
        _edit("days/day-12-testing.md", _once("### Leak checks", "### Leak tests")),
        frozenset({"LK002"}),
        1,
    ),
    Variant(
        "manifest",
        _edit("course.yaml", _once("  - Exercises\n", "  - Exercises\n  - Summary\n")),
        frozenset({"ST001"}),
        32,  # every page's findings are keyed on the manifest: all found again
    ),
    Variant(
        "unclosed-front-matter",
        _edit(
            "days/day-10-*.md", _once("estimated_minutes: 75\n---\n", "estimated_minutes: 75\n\n")
        ),
        frozenset({"FM002"}),
        1,
    ),
    Variant("new-page", _add_page, frozenset({"LK002", "GO001"}), 1),
    Variant("deleted-page", _delete_page, frozenset({"LK001"}), 0),
    Variant(
        "status",
        _edit("days/day-12-testing.md", _once("status: published", "status: upcoming")),
        frozenset({"CU003"}),
        1,
    ),
    Variant(
        "current-moved-on-the-hub",
        _edit("README.md", _moved_current),
        frozenset({"CU003"}),  # on days 13 and 14, pages the edit did not touch
        1,
    ),
    Variant(
        "suppressed-snippet",
        _edit(
            "days/day-05-*.md",
            lambda t: t + "\n<!-- coursecheck: ignore[GO001] on purpose -->" + BROKEN,
        ),
        frozenset(),
        1,
    ),
]


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Bundled:
    course = Bundled(tmp_path_factory.mktemp("bundled"))
    course.restore()  # every snippet built and run
    course.run(course.cache)  # and every pass confirmed: the run is settled, its pages kept
    return course


@pytest.mark.parametrize("variant", VARIANTS, ids=[v.name for v in VARIANTS])
def test_a_warm_check_after_an_edit_reports_what_a_cold_one_does(
    bundled: Bundled, variant: Variant, tmp_path: Path
) -> None:
    bundled.restore()
    before = bundled.entries()
    assert len(before) >= 32  # the hub and 31 modules (and a page an earlier variant added)
    variant.edit(bundled.course)
    warm = bundled.run(bundled.cache)
    after = bundled.entries()
    rewritten = {name for name in after if before.get(name) != after[name]}
    assert len(rewritten) == variant.rewritten, "the unchanged pages were not served from the cache"
    cold_cache = tmp_path / "cold"  # no page entries; the snippets' verdicts as warm
    shutil.copytree(bundled.cache / "go", cold_cache / "go")
    cold = bundled.run(cold_cache)
    assert variant.found <= cold.codes(), cold.stdout
    assert warm == cold
