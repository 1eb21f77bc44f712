"""`coursecheck advance`: CURRENT moves to the next day, with both modules' statuses, at once.

Refused (exit 1) when the course has errors: the statuses could not be trusted to follow the
marker; FatalError (exit 2) when there is no next day (a request that cannot be carried out).
"""

from __future__ import annotations

from coursecheck.course import Course
from coursecheck.errors import FatalError
from coursecheck.fixes.base import Edits, encode_like, line_text, replace_lines
from coursecheck.fixes.current import set_front_matter
from coursecheck.fixes.roadmap import render_entry
from coursecheck.fixes.write import write_atomically
from coursecheck.models import Status
from coursecheck.roadmapindex import Match
from coursecheck.workflow.gate import clean_course, course_root


def advance(path: str | None, skip_go: bool = False) -> str:
    """Moves CURRENT on and returns the new CURRENT day as the roadmap writes it."""
    root, config = course_root(path)
    course = clean_course(root, config, skip_go, "advance")
    edits, day = advance_edits(course)
    write_atomically(edits, root)
    return day


def advance_edits(course: Course) -> tuple[Edits, str]:
    """Every file's new contents (the hub and two modules), computed before any is written."""
    index = course.index
    hub = index.hub.source if index else None
    if index is None or hub is None or hub.text is None:
        raise FatalError("the course has no roadmap to advance")
    if index.current is None:
        raise FatalError("the roadmap must mark exactly one day CURRENT to advance from")
    position = next(i for i, m in enumerate(index.matches) if m is index.current)
    if position + 1 == len(index.matches):
        last = index.matches[position].entry.number_text
        raise FatalError(
            f"Day {last} is CURRENT and is the last day: there is no day to advance to"
        )
    now, after = index.matches[position], index.matches[position + 1]
    lines = {
        now.entry.line: _entry(hub.text, now, marked=False),
        after.entry.line: _entry(hub.text, after, marked=True),
    }
    edits: Edits = {hub.path: encode_like(hub, replace_lines(hub.text, lines))}
    for match, status in ((now, Status.PUBLISHED), (after, Status.CURRENT)):
        module = match.module
        text = set_front_matter(module, {"status": status.value}) if module else None
        if module is None or text is None:
            raise FatalError(f"cannot set the status of Day {match.entry.number_text}'s module")
        edits[module.path] = encode_like(module.source, text)
    return edits, after.entry.number_text


def _entry(text: str, match: Match, marked: bool) -> str:
    line = line_text(text, match.entry.line)
    new = render_entry(line, match.entry.title, match.entry.link, marked)
    if new is None:
        raise FatalError(f"cannot rewrite the roadmap line of Day {match.entry.number_text}")
    return new
