"""CU: each rule's failing case with its exact findings, and a passing variant of it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from coursedir import DAY1, DAY2, DAY3, HUB, CourseDir

Edit = Callable[[CourseDir], None]
MARKED = "CURRENT: [Values & Types](days/day-02-values.md)"

BAD: dict[str, tuple[Edit, list[str]]] = {
    "CU001-none": (
        lambda c: c.replace(HUB, "CURRENT: ", ""),
        ["README.md:7:16: CU001 no day is marked CURRENT: write 'CURRENT: ' before one title"],
    ),
    "CU001-two": (
        lambda c: c.replace(HUB, "[Slices]", "CURRENT: [Slices]"),
        ["README.md:11:15: CU001 Day 03 is marked CURRENT too (Day 02 is)"],
    ),
    "CU002-after-the-title": (
        lambda c: c.replace(HUB, MARKED, "[Values & Types](days/day-02-values.md) (CURRENT)"),
        [
            "README.md:8:55: CU002 CURRENT marker written '(CURRENT)': "
            "write 'CURRENT: ' before the title"
        ],
    ),
    "CU002-lowercase": (
        lambda c: c.replace(HUB, "CURRENT: [Values", "current: [Values"),
        [
            "README.md:8:15: CU002 CURRENT marker written 'current:': "
            "write 'CURRENT: ' before the title"
        ],
    ),
    "CU002-bold": (
        lambda c: c.replace(HUB, "CURRENT: [Values", "**CURRENT** [Values"),
        [
            "README.md:8:15: CU002 CURRENT marker written '**CURRENT**': "
            "write 'CURRENT: ' before the title"
        ],
    ),
    "CU003-later-day-published": (
        lambda c: c.replace(DAY3, "upcoming", "published"),
        [
            "days/day-03-slices.md:5:9: CU003 status is 'published'; day 3 should be 'upcoming' "
            "(CURRENT is day 2)"
        ],
    ),
    "CU003-current-day-not-current": (
        lambda c: c.replace(DAY2, "status: current", "status: upcoming"),
        [
            "days/day-02-values.md:5:9: CU003 status is 'upcoming'; day 2 should be 'current' "
            "(CURRENT is day 2)"
        ],
    ),
}


@pytest.mark.parametrize(("edit", "expected"), BAD.values(), ids=BAD.keys())
def test_bad(course: CourseDir, edit: Edit, expected: list[str]) -> None:
    edit(course)
    assert course.findings("CU") == expected


def move_current_to_day_1(c: CourseDir) -> None:
    c.replace(HUB, "CURRENT: ", "")
    c.replace(HUB, "[First Steps]", "CURRENT: [First Steps]")
    c.replace(DAY1, "published", "current")
    c.replace(DAY2, "current", "upcoming")


def title_starting_with_current(c: CourseDir) -> None:
    """The word Current opening a title is no marker."""
    c.replace(HUB, "[Slices]", "[Current Slices]")
    c.replace_all(DAY3, "Slices", "Current Slices")


GOOD: dict[str, Edit] = {
    "current-on-day-1": move_current_to_day_1,
    "title-starting-with-current": title_starting_with_current,
}


@pytest.mark.parametrize("edit", GOOD.values(), ids=GOOD.keys())
def test_good(course: CourseDir, edit: Edit) -> None:
    edit(course)
    assert course.findings("CU", "RM") == []


def test_several_markers_leave_statuses_alone(course: CourseDir) -> None:
    course.replace(HUB, "[Slices]", "CURRENT: [Slices]")
    assert [f.split(" ")[1] for f in course.findings("CU")] == ["CU001"]
