"""WK: each rule's failing case with its exact findings, and a passing variant of it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from coursedir import DAY3, HUB, CourseDir

Edit = Callable[[CourseDir], None]
ENTRY3 = "* **Day 03:** [Slices](days/day-03-slices.md)\n"
ENTRY2 = "* **Day 02:** CURRENT: [Values & Types](days/day-02-values.md)\n"


def day_3_in_week_1(c: CourseDir) -> None:
    c.replace(HUB, ENTRY3, "")
    c.replace(HUB, ENTRY2, ENTRY2 + ENTRY3)


BAD: dict[str, tuple[Edit, list[str]]] = {
    "WK001-skipped-week": (
        lambda c: c.replace(HUB, "Week 2: Data", "Week 3: Data"),
        ["README.md:10:12: WK001 Week 3 follows Week 1; expected Week 2"],
    ),
    "WK001-missing-last-week": (
        lambda c: c.replace(HUB, "### **Week 2: Data**\n", ""),
        ["README.md:6:12: WK001 the roadmap ends at Week 1; the manifest has 2"],
    ),
    "WK001-no-headings": (
        lambda c: c.write(
            HUB,
            c.read(HUB)
            .replace("### **Week 1: Basics**\n", "")
            .replace("### **Week 2: Data**\n", ""),
        ),
        ["README.md:6:1: WK001 the roadmap has no `### **Week N: Title**` headings"],
    ),
    "WK002-day-in-wrong-week": (
        day_3_in_week_1,
        ["README.md:9:9: WK002 Day 03 is listed under Week 1, but week 2 holds days 3 to 3"],
    ),
    "WK003-week-title-mismatch": (
        lambda c: c.replace(HUB, "Week 2: Data", "Week 2: Datas"),
        ["README.md:10:15: WK003 title 'Datas' differs from the manifest's 'Data'"],
    ),
    "WK004-gap-between-weeks": (
        lambda c: c.replace(
            "course.yaml", "first_day: 1, last_day: 2", "first_day: 1, last_day: 1"
        ),
        [
            "course.yaml:7:30: WK004 week 2 starts at day 3; it must start at day 2, "
            "the day after the previous week"
        ],
    ),
    "WK004-past-the-last-day": (
        lambda c: c.replace(
            "course.yaml", "first_day: 3, last_day: 3", "first_day: 3, last_day: 4"
        ),
        ["course.yaml:7:44: WK004 the last week ends at day 4, not at the last day (3)"],
    ),
    "WK004-misnumbered": (
        lambda c: c.replace("course.yaml", "{number: 2", "{number: 3"),
        ["course.yaml:7:6: WK004 weeks[1] is week 3; weeks are numbered 1, 2, ... in order"],
    ),
    "WK005-module-week-mismatch": (
        lambda c: c.replace(DAY3, "week: 2", "week: 1"),
        ["days/day-03-slices.md:4:7: WK005 week: 1 but day 3 is in week 2 (days 3 to 3)"],
    ),
}


@pytest.mark.parametrize(("edit", "expected"), BAD.values(), ids=BAD.keys())
def test_bad(course: CourseDir, edit: Edit, expected: list[str]) -> None:
    edit(course)
    assert course.findings("WK") == expected


def test_good_plain_heading(course: CourseDir) -> None:
    """A heading without bold, or at another level, is still a week heading."""
    course.replace(HUB, "### **Week 2: Data**", "## Week 2: Data")
    assert course.findings("WK") == []


def test_good_moved_day_is_rm003_not_wk002(course: CourseDir) -> None:
    course.replace(HUB, ENTRY3, "")
    course.replace(HUB, "* **Day 01:**", ENTRY3 + "* **Day 01:**")
    assert [f.split(" ")[1] for f in course.findings("RM", "WK")] == ["RM003"]


def test_good_with_the_manifest_broken(course: CourseDir) -> None:
    course.replace("course.yaml", "weeks:", "wekes:")
    assert course.findings("WK") == []
