"""CU002 and CU003: the CURRENT marker in its one form, and the statuses that follow from it."""

from __future__ import annotations

from typing import Any

from coursecheck.course import Course, Module
from coursecheck.diagnostics import Diagnostic
from coursecheck.fixes.base import Edits, Fixer, encode_like, is_about, splice_lines
from coursecheck.fixes.roadmap import rewrite_entries
from coursecheck.fixes.yamledit import edit_yaml
from coursecheck.roadmapindex import Match


def fix_marker(course: Course, diagnostics: list[Diagnostic]) -> Edits:
    def keep(_: Course, match: Match) -> tuple[str, str | None] | None:
        entry = match.entry
        return (entry.title, entry.link) if entry.marker is not None else None

    return rewrite_entries(course, diagnostics, keep)


def fix_statuses(course: Course, diagnostics: list[Diagnostic]) -> Edits:
    edits: Edits = {}
    for module in course.modules:
        front = module.front_matter
        status = course.status_of(front.day) if front is not None else None
        if status is not None and any(is_about(d, module.path) for d in diagnostics):
            text = set_front_matter(module, {"status": status.value})
            if text is not None:
                edits[module.path] = encode_like(module.source, text)
    return edits


def set_front_matter(module: Module, values: dict[str, Any]) -> str | None:
    """The module's text with front-matter keys set by a round-trip edit; None if unsafe."""
    split, text = module.split, module.source.text
    if split is None or split.yaml is None or split.unclosed or text is None:
        return None
    yaml_lines = [line.rstrip("\r") for line in split.yaml.split("\n")]
    edited = edit_yaml("\n".join(yaml_lines), lambda data: data.update(values))
    if edited is None:
        return None
    first, last = split.yaml_first_line, split.body_first_line - 2
    return splice_lines(text, first, last, edited.split("\n"))


FIXERS = (
    Fixer("current-marker", ("CU002",), fix_marker),
    Fixer("status-follows-marker", ("CU003",), fix_statuses),
)
