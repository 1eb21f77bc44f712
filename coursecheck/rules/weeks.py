"""WK: week grouping — roadmap week headings, the manifest's week ranges and modules' `week`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from coursecheck.course import Course
from coursecheck.diagnostics import Finding
from coursecheck.models import Manifest, Week
from coursecheck.roadmap import WeekHeading
from coursecheck.roadmapindex import RoadmapIndex
from coursecheck.rules.base import Context, Family, Rule
from coursecheck.yamlpositions import front_position, manifest_position

WK001 = Rule(
    "WK001",
    "week-numbering",
    "Roadmap week headings are not numbered 1..W in order.",
    """\
The roadmap's week headings count up from `Week 1` with no gap or repeat, and there is one for
every week of the manifest.

**Bad:**

```markdown
### **Week 1: The Foundations**
...
### **Week 3: Data & Concurrency**
```

**Good:** `### **Week 2: Core Mechanics & Deep Dives**` between them.
""",
)
WK002 = Rule(
    "WK002",
    "day-in-wrong-week",
    "A day is listed under a week whose range does not hold it.",
    """\
Each day is listed under the week whose range in `course.yaml` (`first_day`..`last_day`)
holds it.

**Bad:** Day 08 under `### **Week 1: The Foundations**` when week 1 is days 1 to 7.

**Good:** Day 08 under `### **Week 2: Core Mechanics & Deep Dives**`.
""",
)
WK003 = Rule(
    "WK003",
    "week-title-mismatch",
    "A roadmap week heading's title differs from the manifest's.",
    """\
The title in `### **Week N: Title**` equals the `title` of week N in `course.yaml`, and every
week on the roadmap is in the manifest.

**Bad:** `### **Week 2: Core Mechanics**` with `title: Core Mechanics & Deep Dives`.

**Good:** `### **Week 2: Core Mechanics & Deep Dives**`.
""",
)
WK004 = Rule(
    "WK004",
    "week-ranges",
    "The manifest's weeks are not numbered 1..W or their day ranges do not tile the course.",
    """\
The manifest's weeks are numbered 1, 2, 3, ... and their ranges are contiguous: week 1 starts
at day 1, each week starts the day after the previous one ends, and the last ends on the
course's last day, so every day belongs to exactly one week.

**Bad:**

```yaml
weeks:
  - {number: 1, title: The Foundations, first_day: 1, last_day: 7}
  - {number: 2, title: Core Mechanics & Deep Dives, first_day: 9, last_day: 14}
```

**Good:** week 2 has `first_day: 8`.
""",
)
WK005 = Rule(
    "WK005",
    "module-week-mismatch",
    "A module's front matter `week` differs from the week whose range holds its day.",
    """\
A module's `week` is the manifest week whose range holds its `day`.

**Bad:** `day: 8` with `week: 1` when week 2 is days 8 to 14.

**Good:** `day: 8` with `week: 2`.
""",
)


def check(course: Course, ctx: Context) -> Iterator[tuple[str, Finding]]:
    manifest, index = course.manifest.model, course.index
    if index is not None:
        yield from _headings(index, manifest)
    if manifest is not None:
        yield from _ranges(course, manifest, index)
        if _numbered(manifest):  # else weeks compare against wrong numbers: WK004 says why
            yield from _module_weeks(course, manifest)
    if index is not None and manifest is not None:
        yield from _days(index, manifest)


def _numbered(manifest: Manifest) -> bool:
    return all(week.number == i + 1 for i, week in enumerate(manifest.weeks))


def week_of(manifest: Manifest, day: int) -> Week | None:
    return next((w for w in manifest.weeks if w.first_day <= day <= w.last_day), None)


def _misnumbered(headings: list[WeekHeading]) -> set[int]:
    found, previous = set(), 0
    for i, heading in enumerate(headings):
        if heading.number != previous + 1:
            found.add(i)
        previous = heading.number
    return found


def _headings(index: RoadmapIndex, manifest: Manifest | None) -> Iterator[tuple[str, Finding]]:
    roadmap, hub = index.roadmap, index.hub
    headings = roadmap.weeks
    if not headings:
        entry = roadmap.days[0]
        message = "the roadmap has no `### **Week N: Title**` headings"
        yield "WK001", Finding(hub.path, entry.line, 1, message)
        return
    misnumbered = _misnumbered(headings)
    previous = 0
    for i, heading in enumerate(headings):
        if i in misnumbered:
            message = f"Week {heading.number} follows Week {previous}; expected Week {previous + 1}"
            yield "WK001", Finding(hub.path, heading.line, heading.column, message)
        elif manifest is not None and _numbered(manifest):
            yield from _heading_title(hub.path, heading, manifest)
        previous = heading.number
    if manifest is not None and headings[-1].number < len(manifest.weeks):
        last = headings[-1]
        message = f"the roadmap ends at Week {last.number}; the manifest has {len(manifest.weeks)}"
        yield "WK001", Finding(hub.path, last.line, last.column, message)


def _heading_title(
    path: Path, heading: WeekHeading, manifest: Manifest
) -> Iterator[tuple[str, Finding]]:
    week = next((w for w in manifest.weeks if w.number == heading.number), None)
    if week is None:
        message = f"Week {heading.number} is not in the manifest"
        yield "WK003", Finding(path, heading.line, heading.column, message)
    elif week.title != heading.title:
        message = f"title {heading.title!r} differs from the manifest's {week.title!r}"
        yield "WK003", Finding(path, heading.line, heading.title_column, message)


def _days(index: RoadmapIndex, manifest: Manifest) -> Iterator[tuple[str, Finding]]:
    hub = index.hub
    on_roadmap = {heading.number for heading in index.roadmap.weeks}
    disorder = index.out_of_order  # a day out of order is RM003's, wherever it landed
    for i, match in enumerate(index.matches):
        entry, week = match.entry, week_of(manifest, match.number)
        listed = entry.week.number if entry.week else None
        # A day whose week has no heading shows a missing heading (WK001), not a misfiled day.
        if week is None or week.number == listed or week.number not in on_roadmap or i in disorder:
            continue
        under = f"under Week {listed}" if listed is not None else "before any week heading"
        message = (
            f"Day {entry.number_text} is listed {under}, but week {week.number} holds days "
            f"{week.first_day} to {week.last_day}"
        )
        yield "WK002", Finding(hub.path, entry.line, entry.number_column, message)


def _ranges(
    course: Course, manifest: Manifest, index: RoadmapIndex | None
) -> Iterator[tuple[str, Finding]]:
    path = course.manifest_source.path
    previous_last = 0
    for i, week in enumerate(manifest.weeks):
        if week.number != i + 1:
            line, column = manifest_position(course, "weeks", i, "number")
            message = f"weeks[{i}] is week {week.number}; weeks are numbered 1, 2, ... in order"
            yield "WK004", Finding(path, line, column, message)
        if week.first_day != previous_last + 1:
            line, column = manifest_position(course, "weeks", i, "first_day")
            message = (
                f"week {week.number} starts at day {week.first_day}; "
                f"it must start at day {previous_last + 1}, the day after the previous week"
            )
            yield "WK004", Finding(path, line, column, message)
        previous_last = week.last_day
    # Only when the roadmap and `days` agree on the count: otherwise RM010 already says so.
    count = manifest.days if index is None or index.count == manifest.days else None
    if count is not None and previous_last != count:
        i = len(manifest.weeks) - 1
        line, column = manifest_position(course, "weeks", i, "last_day")
        message = f"the last week ends at day {previous_last}, not at the last day ({count})"
        yield "WK004", Finding(path, line, column, message)


def _module_weeks(course: Course, manifest: Manifest) -> Iterator[tuple[str, Finding]]:
    for module in course.modules:
        front = module.front_matter
        if front is None or not module.consistent:
            continue
        week = week_of(manifest, front.day)
        if week is not None and front.week != week.number:
            line, column = front_position(module, "week")
            message = (
                f"week: {front.week} but day {front.day} is in week {week.number} "
                f"(days {week.first_day} to {week.last_day})"
            )
            yield "WK005", Finding(module.path, line, column, message)


FAMILY = Family("WK", "Weeks", (WK001, WK002, WK003, WK004, WK005), check)
