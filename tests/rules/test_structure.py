"""ST: each rule's failing case with its exact findings, and a passing variant of it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from coursedir import DAY2, HUB, CourseDir

Edit = Callable[[CourseDir], None]
OVERVIEW = "## Overview\n\nText.\n\n"
EXERCISES = "## Exercises\n\n1. Do it.\n"

BAD: dict[str, tuple[Edit, list[str]]] = {
    "ST001-missing": (
        lambda c: c.replace(DAY2, OVERVIEW, ""),
        [
            "days/day-02-values.md:12:1: ST001 missing required section '## Overview' before "
            "'## Exercises'"
        ],
    ),
    "ST001-missing-at-the-end": (
        lambda c: c.replace(DAY2, EXERCISES, "Closing words.\n"),
        [
            "days/day-02-values.md:16:1: ST001 missing required section '## Exercises' "
            "(expected by the end of the module)"
        ],
    ),
    "ST001-wrong-case": (
        lambda c: c.replace(DAY2, "## Overview", "## overview"),
        [
            "days/day-02-values.md:12:4: ST001 missing required section '## Overview': "
            "found '## overview' here"
        ],
    ),
    "ST001-wrong-level": (
        lambda c: c.replace(DAY2, "## Exercises", "# Exercises"),
        [
            "days/day-02-values.md:16:3: ST001 missing required section '## Exercises': "
            "found '# Exercises' here"
        ],
    ),
    "ST002-section-order": (
        lambda c: c.replace(DAY2, OVERVIEW + EXERCISES, EXERCISES + "\n" + OVERVIEW),
        [
            "days/day-02-values.md:16:4: ST002 section '## Overview' is out of order: "
            "it comes first, before '## Exercises'"
        ],
    ),
    "ST003-h1-differs": (
        lambda c: c.replace(DAY2, "# Values & Types", "# Values and Types"),
        [
            "days/day-02-values.md:10:3: ST003 H1 'Values and Types' differs from the title "
            "'Values & Types'"
        ],
    ),
    "ST003-no-h1": (
        lambda c: c.replace(DAY2, "# Values & Types\n", ""),
        [
            "days/day-02-values.md:9:1: ST003 no H1: the module has one H1 with its title, "
            "'# Values & Types'"
        ],
    ),
    "ST003-second-h1": (
        lambda c: c.replace(DAY2, "Text.", "Text.\n\n# Aside"),
        ["days/day-02-values.md:16:3: ST003 a second H1 'Aside': a module has one H1, its title"],
    ),
    "ST004-no-reason": (
        lambda c: c.replace(DAY2, "Text.", "<!-- coursecheck: ignore[LK001] -->\n[x](nowhere.md)"),
        [
            "days/day-02-values.md:14:1: ST004 suppression gives no reason: "
            "say why after the codes",
            # a suppression without a reason silences nothing
            "days/day-02-values.md:15:5: LK001 'nowhere.md' does not exist",
        ],
    ),
    "ST004-no-codes": (
        lambda c: c.replace(HUB, "## Roadmap", "<!-- coursecheck: ignore because -->\n## Roadmap"),
        [
            "README.md:4:1: ST004 suppression names no codes: write ignore[CODE] with the codes to "
            "silence"
        ],
    ),
}


@pytest.mark.parametrize(("edit", "expected"), BAD.values(), ids=BAD.keys())
def test_bad(course: CourseDir, edit: Edit, expected: list[str]) -> None:
    edit(course)
    assert course.findings("ST", "LK") == expected


GOOD: dict[str, Edit] = {
    "other-sections-between": lambda c: c.replace(
        DAY2, "## Exercises", "## Aside\n\nMore.\n\n## Exercises"
    ),
    "h3-inside-sections": lambda c: c.replace(DAY2, "Text.", "Text.\n\n### Details\n\nMore."),
    "setext-h1": lambda c: c.replace(DAY2, "# Values & Types", "Values & Types\n=============="),
    "closed-atx-h1": lambda c: c.replace(DAY2, "# Values & Types", "# Values & Types #"),
    "heading-in-code-block": lambda c: c.replace(DAY2, "Text.", "```sh\n# not a heading\n```"),
    "valid-suppression": lambda c: c.replace(
        DAY2, "Text.", "<!-- coursecheck: ignore[LK001] published later -->\n[x](nowhere.md)"
    ),
}


@pytest.mark.parametrize("edit", GOOD.values(), ids=GOOD.keys())
def test_good(course: CourseDir, edit: Edit) -> None:
    edit(course)
    assert course.findings("ST", "LK") == []


def test_only_the_misplaced_section_is_reported(course: CourseDir) -> None:
    """Further Reading moved to the top: one finding, not one for every section after it."""
    course.replace(
        "course.yaml", "  - Exercises\n", "  - Exercises\n  - Summary\n  - Further Reading\n"
    )
    course.replace(DAY2, "## Overview", "## Further Reading\n\nLinks.\n\n## Overview")
    course.write(DAY2, course.read(DAY2) + "\n## Summary\n\nDone.\n")
    assert [f for f in course.findings("ST") if f.startswith(DAY2)] == [
        "days/day-02-values.md:12:4: ST002 section '## Further Reading' is out of order: "
        "it comes after '## Summary'"
    ]


def test_no_required_sections_in_manifest(course: CourseDir) -> None:
    course.replace("course.yaml", "required_sections:\n  - Overview\n  - Exercises\n", "")
    course.replace(DAY2, OVERVIEW, "")
    assert course.findings("ST") == []
