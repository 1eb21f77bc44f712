"""CU: the CURRENT marker — exactly one, written `CURRENT: `, and the statuses that follow."""

from __future__ import annotations

from collections.abc import Iterator

from coursecheck.course import Course
from coursecheck.diagnostics import Finding
from coursecheck.roadmap import WELL_FORMED_MARKER
from coursecheck.roadmapindex import RoadmapIndex
from coursecheck.rules.base import Context, Family, Rule
from coursecheck.yamlpositions import front_position

CU001 = Rule(
    "CU001",
    "current-count",
    "The roadmap marks no day, or several days, as CURRENT.",
    """\
Exactly one roadmap day carries the `CURRENT: ` marker: the day learners are on. It decides
every module's `status` (CU003) and is what `coursecheck advance` moves.

**Bad:** no `CURRENT: ` on the roadmap, or on two days.

**Good:**

```markdown
* **Day 13:** CURRENT: [Defer LIFO & Panic/Recovery Middleware](days/day-13-defer-panic-recovery.md)
```
""",
)
CU002 = Rule(
    "CU002",
    "malformed-current-marker",
    "The CURRENT marker is not written `CURRENT: ` before the title.",
    """\
The marker is the exact text `CURRENT: ` (capitals, a colon, one space) right before the title,
so tools and readers find it. Variants drift in by hand: `current:`, `(CURRENT)` after the
title, `**CURRENT**`, `[CURRENT]`. `--fix` rewrites them.

**Bad:** `* **Day 13:** [Defer LIFO & Panic/Recovery Middleware](...) (CURRENT)`

**Good:** `* **Day 13:** CURRENT: [Defer LIFO & Panic/Recovery Middleware](...)`
""",
    fixable=True,
)
CU003 = Rule(
    "CU003",
    "status-mismatch",
    "A module's `status` does not follow from the CURRENT day.",
    """\
The CURRENT day's module has `status: current`; every earlier day is `published`, every later
day `upcoming`. `--fix` sets the statuses from the marker.

**Bad:** CURRENT on Day 13, and `status: published` in day 14's front matter.

**Good:** `status: upcoming` in day 14's front matter.
""",
    fixable=True,
)


def check(course: Course, ctx: Context) -> Iterator[tuple[str, Finding]]:
    if course.index is None:
        return
    yield from _markers(course.index)
    yield from _statuses(course)


def _markers(index: RoadmapIndex) -> Iterator[tuple[str, Finding]]:
    hub = index.hub.source
    marked = [match.entry for match in index.marked]
    if not marked:
        first = index.matches[0].entry
        message = f"no day is marked CURRENT: write {WELL_FORMED_MARKER!r} before one title"
        yield "CU001", Finding(hub.path, first.line, first.title_column, message)
    for entry in marked[1:]:
        message = f"Day {entry.number_text} is marked CURRENT too (Day {marked[0].number_text} is)"
        yield "CU001", Finding(hub.path, entry.line, entry.marker_column, message)
    for entry in marked:
        if not entry.marker_well_formed and entry.marker is not None:
            written = entry.marker.strip()
            # The parser's column of a trailing marker includes the space before it.
            text = hub.lines[entry.line - 1]
            column = text.find(written, entry.marker_column - 1) + 1 or entry.marker_column
            end = column + len(written)
            message = f"CURRENT marker written {written!r}: write 'CURRENT: ' before the title"
            yield "CU002", Finding(hub.path, entry.line, column, message, entry.line, end)


def _statuses(course: Course) -> Iterator[tuple[str, Finding]]:
    for module in course.modules:
        front = module.front_matter
        if front is None or not module.consistent:  # RM005 reports the disagreement
            continue
        expected = course.status_of(front.day)
        if expected is not None and front.status != expected:
            line, column = front_position(module, "status")
            message = (
                f"status is {front.status!r}; day {front.day} should be {expected.value!r} "
                f"(CURRENT is day {course.current_day})"
            )
            yield "CU003", Finding(module.path, line, column, message)


FAMILY = Family("CU", "The CURRENT marker", (CU001, CU002, CU003), check)
