"""LK: each rule's failing case with its exact findings, a passing variant, and GitHub slugs."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from coursedir import DAY2, HUB, CourseDir

from coursecheck.anchors import anchors, slugify
from coursecheck.markdown import parse_markdown

Edit = Callable[[CourseDir], None]
LINK3 = "[Slices](days/day-03-slices.md)"


def text(c: CourseDir, markdown: str) -> None:
    c.replace(DAY2, "Text.", markdown)


BAD: dict[str, tuple[Edit, list[str]]] = {
    "LK001-missing-file": (
        lambda c: text(c, "See [day one](day-01-first.md)."),
        ["days/day-02-values.md:14:15: LK001 'day-01-first.md' does not exist"],
    ),
    "LK001-missing-image": (
        lambda c: text(c, "A ![diagram](img/gc.png) here."),
        ["days/day-02-values.md:14:14: LK001 'img/gc.png' does not exist"],
    ),
    "LK001-encoded-space": (
        lambda c: text(c, "[notes](<my notes.md>)"),
        ["days/day-02-values.md:14:10: LK001 'my notes.md' does not exist"],
    ),
    "LK001-empty": (
        lambda c: text(c, "[nothing]()"),
        ["days/day-02-values.md:14:11: LK001 empty link target"],
    ),
    "LK001-in-the-hub": (
        lambda c: c.replace(HUB, "## Roadmap", "[Glossary](glossary.md)\n\n## Roadmap"),
        ["README.md:4:12: LK001 'glossary.md' does not exist"],
    ),
    "LK002-other-page": (
        lambda c: text(c, "[day one](day-01-first-steps.md#overveiw)"),
        [
            "days/day-02-values.md:14:32: LK002 no heading in 'day-01-first-steps.md' has the "
            "anchor '#overveiw'; did you mean '#overview'?"
        ],
    ),
    "LK002-same-page": (
        lambda c: text(c, "[below](#exercise)"),
        [
            "days/day-02-values.md:14:9: LK002 no heading in this page has the anchor "
            "'#exercise'; did you mean '#exercises'?"
        ],
    ),
    "LK002-case-matters": (
        lambda c: text(c, "[below](#Exercises)"),
        [
            "days/day-02-values.md:14:9: LK002 no heading in this page has the anchor "
            "'#Exercises'; did you mean '#exercises'?"
        ],
    ),
    "LK002-roadmap-link": (
        lambda c: c.replace(HUB, LINK3, "[Slices](days/day-03-slices.md#nah)"),
        ["README.md:11:45: LK002 no heading in 'day-03-slices.md' has the anchor '#nah'"],
    ),
    "LK003-other-module": (
        lambda c: c.replace(HUB, LINK3, "[Slices](days/day-02-values.md)"),
        [
            "README.md:11:24: LK003 Day 03's title links to 'days/day-02-values.md', "
            "not to its module 'days/day-03-slices.md'"
        ],
    ),
    "LK003-no-link": (
        lambda c: c.replace(HUB, LINK3, "Slices"),
        [
            "README.md:11:15: LK003 Day 03's title does not link to its module "
            "'days/day-03-slices.md'"
        ],
    ),
    "LK003-missing-file": (
        lambda c: c.replace(HUB, LINK3, "[Slices](days/day-03-slice.md)"),
        [
            "README.md:11:24: LK003 Day 03's title links to 'days/day-03-slice.md', "
            "not to its module 'days/day-03-slices.md'"
        ],
    ),
}


@pytest.mark.parametrize(("edit", "expected"), BAD.values(), ids=BAD.keys())
def test_bad(course: CourseDir, edit: Edit, expected: list[str]) -> None:
    edit(course)
    assert course.findings("LK") == expected


GOOD: dict[str, Edit] = {
    "absolute-and-mailto": lambda c: text(c, "[Go](https://go.dev/x.md#nope), [me](mailto:a@b.c)"),
    "anchor-on-the-hub": lambda c: text(c, "[week](../README.md#week-1-basics)"),
    "anchor-on-a-module": lambda c: text(c, "[exercises](day-01-first-steps.md#exercises)"),
    "explicit-html-anchor": lambda c: text(c, '<a id="deep"></a>\n[jump](#deep)'),
    "repeated-heading": lambda c: text(c, "### Note\n\n### Note\n\n[second](#note-1)"),
    "folder-link": lambda c: text(c, "[all days](./)"),
    "reference-link": lambda c: text(c, "[day one][one]\n\n[one]: day-01-first-steps.md"),
}


@pytest.mark.parametrize("edit", GOOD.values(), ids=GOOD.keys())
def test_good(course: CourseDir, edit: Edit) -> None:
    edit(course)
    assert course.findings("LK") == []


def test_a_missing_module_is_rm006_only(course: CourseDir) -> None:
    course.delete("days/day-03-slices.md")
    assert [f.split(" ")[1] for f in course.findings("RM", "LK")] == ["RM006"]


@pytest.mark.parametrize(
    ("heading", "slug"),
    [
        ("Under the Hood", "under-the-hood"),
        ("Decoupling vs. Complexity", "decoupling-vs-complexity"),
        ("🛠 Project Philosophy", "-project-philosophy"),
        ("Packages & `go mod`: Versioning", "packages--go-mod-versioning"),
        ("snake_case and kebab-case", "snake_case-and-kebab-case"),
        ("Ünïcode Straße", "ünïcode-straße"),
    ],
)
def test_github_slugs(heading: str, slug: str) -> None:
    assert slugify(heading) == slug


def test_repeated_headings_are_numbered() -> None:
    doc = parse_markdown("# A\n\n## Note\n\n## Note\n\n## Note-1\n\n## Note\n")
    assert anchors(doc) == ["a", "note", "note-1", "note-1-1", "note-2"]
