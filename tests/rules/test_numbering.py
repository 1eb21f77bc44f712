"""RM: each rule's failing case with its exact findings, and a passing variant of it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from coursedir import DAY1, DAY2, DAY3, HUB, CourseDir

Edit = Callable[[CourseDir], None]
ENTRY1 = "* **Day 01:** [First Steps](days/day-01-first-steps.md)\n"
ENTRY2 = "* **Day 02:** CURRENT: [Values & Types](days/day-02-values.md)\n"


def gap(c: CourseDir) -> None:
    c.delete(DAY2)
    c.replace(HUB, ENTRY2, "")
    c.replace(HUB, "[Slices]", "CURRENT: [Slices]")
    c.replace(DAY3, "upcoming", "current")


def duplicate(c: CourseDir) -> None:
    c.replace(HUB, "[Slices](days/day-03-slices.md)", "[Slices](days/day-03-slices.md)\n" + ENTRY2)


def swapped(c: CourseDir) -> None:
    c.replace(HUB, ENTRY1 + ENTRY2, ENTRY2 + ENTRY1)


def last_day_first(c: CourseDir) -> None:
    # The days outside the longest ascending run are reported: Day 03, not Days 01 and 02.
    c.replace(HUB, "* **Day 03:** [Slices](days/day-03-slices.md)\n", "")
    c.replace(HUB, ENTRY1, "* **Day 03:** [Slices](days/day-03-slices.md)\n" + ENTRY1)


def unpadded_file(c: CourseDir) -> None:
    c.rename(DAY1, "days/day-1-first-steps.md")
    c.replace(HUB, "day-01-first-steps", "day-1-first-steps")


def roadmap_number(c: CourseDir) -> None:
    c.replace(HUB, "* **Day 02:**", "* **Day 04:**")


def unlisted(c: CourseDir) -> None:
    text = c.read(DAY3).replace("day: 3", "day: 4").replace("Slices", "Maps")
    c.write("days/day-04-maps.md", text)


BAD: dict[str, tuple[Edit, list[str]]] = {
    "RM001-gap": (gap, ["README.md:10:9: RM001 Day 02 missing from the roadmap before Day 03"]),
    "RM002-duplicate": (duplicate, ["README.md:12:9: RM002 Day 02 is listed twice"]),
    "RM003-swapped": (
        swapped,
        ["README.md:8:9: RM003 Day 01 is out of order: days are listed ascending"],
    ),
    "RM003-moved-to-top": (
        last_day_first,
        ["README.md:7:9: RM003 Day 03 is out of order: days are listed ascending"],
    ),
    "RM004-roadmap": (
        lambda c: c.replace(HUB, "Day 01", "Day 1"),
        ["README.md:7:9: RM004 Day 1 should be written Day 01"],
    ),
    "RM004-file-name": (
        unpadded_file,
        [
            "days/day-1-first-steps.md:1:1: RM004 file name 'day-1-first-steps.md' should be "
            "'day-01-first-steps.md'"
        ],
    ),
    "RM005-front-matter": (
        lambda c: c.replace(DAY2, "day: 2", "day: 3"),
        ["days/day-02-values.md:2:6: RM005 front matter says day 3 but the file name says day 02"],
    ),
    "RM005-roadmap": (
        roadmap_number,
        ["README.md:8:9: RM005 Day 04 lists day-02-values.md, which is day 2"],
    ),
    "RM006-missing-module": (
        lambda c: c.delete(DAY3),
        ["README.md:11:9: RM006 Day 03 has no module day-03-<slug>.md"],
    ),
    "RM007-unlisted-module": (
        unlisted,
        ["days/day-04-maps.md:2:6: RM007 day-04-maps.md (day 4) is not on the roadmap"],
    ),
    "RM008-title-mismatch": (
        lambda c: c.replace(HUB, "[Slices]", "[Slices!]"),
        ["README.md:11:16: RM008 title 'Slices!' differs from the module's title 'Slices'"],
    ),
    "RM009-day-count-claim": (
        lambda c: c.replace(HUB, "A 3-Day", "A 4-Day"),
        ["README.md:2:7: RM009 the hub claims 4 days but the roadmap has 3"],
    ),
    "RM010-manifest-day-count": (
        lambda c: c.replace("course.yaml", "days: 3", "days: 4"),
        ["course.yaml:2:7: RM010 days: 4 but the roadmap has 3 days"],
    ),
    "RM011-bad-module-name": (
        lambda c: c.write("days/notes.md", "# Notes\n"),
        ["days/notes.md:1:1: RM011 'notes.md' is not named day-NN-<slug>.md"],
    ),
    "RM012-no-hub": (
        lambda c: c.delete(HUB),
        ["course.yaml:1:1: RM012 the hub page README.md does not exist"],
    ),
    "RM012-no-roadmap": (
        lambda c: c.write(HUB, "# Mini Go\n"),
        ["README.md:1:1: RM012 no roadmap here: no `* **Day NN:** Title` items"],
    ),
}


@pytest.mark.parametrize(("edit", "expected"), BAD.values(), ids=BAD.keys())
def test_bad(course: CourseDir, edit: Edit, expected: list[str]) -> None:
    edit(course)
    assert course.findings("RM") == expected


def three_digit_padding(c: CourseDir) -> None:
    c.replace("course.yaml", "day_padding: 2", "day_padding: 3")
    c.replace_all(HUB, "* **Day 0", "* **Day 00")
    for name in (DAY1, DAY2, DAY3):
        new = name.replace("day-0", "day-00")
        c.rename(name, new)
        c.replace(HUB, name, new)


def title_with_markup(c: CourseDir) -> None:
    c.replace(HUB, "[Slices]", "[Slices & `append`]")
    c.replace_all(DAY3, "Slices", "Slices & `append`")


GOOD: dict[str, Edit] = {
    "no-claim-is-fine": lambda c: c.replace(HUB, "### A 3-Day Course\n", ""),
    "three-digit-padding": three_digit_padding,
    "title-with-markup": title_with_markup,
    "explicit-hub": lambda c: c.replace("course.yaml", "days: 3\n", "days: 3\nhub: README.md\n"),
}


@pytest.mark.parametrize("edit", GOOD.values(), ids=GOOD.keys())
def test_good(course: CourseDir, edit: Edit) -> None:
    edit(course)
    assert course.findings("RM") == []


def test_a_broken_front_matter_is_left_to_fm(course: CourseDir) -> None:
    course.replace(DAY2, "day: 2", "day: two")
    assert [f.split(" ", 2)[1] for f in course.findings()] == ["FM005"]
