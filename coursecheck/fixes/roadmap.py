"""RM008 and LK003: the roadmap's titles and links, rewritten from the modules' front matter."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from coursecheck.course import Course, Module
from coursecheck.diagnostics import Diagnostic
from coursecheck.fixes.base import Edits, Fixer, encode_like, is_about, line_text, replace_lines
from coursecheck.markdown import escape_inline
from coursecheck.roadmap import DAY_RE, WELL_FORMED_MARKER
from coursecheck.roadmapindex import Match

# Given a roadmap day and its module, the (title, link) it should show, or None to leave it.
Wanted = Callable[[Course, Match], tuple[str, str | None] | None]


def match_for(course: Course, diagnostic: Diagnostic) -> Match | None:
    """The roadmap day a finding is about: the one on its hub line, or its module's."""
    index = course.index
    if index is None:
        return None
    if is_about(diagnostic, index.hub.path):
        return next((m for m in index.matches if m.entry.line == diagnostic.line), None)
    found = [m for m in index.matches if m.module and is_about(diagnostic, m.module.path)]
    return found[0] if len(found) == 1 else None


def render_entry(line: str, title: str, link: str | None, marked: bool) -> str | None:
    """The roadmap line with its title part rebuilt in the canonical form."""
    m = DAY_RE.match(line)
    if m is None:
        return None
    shown = f"[{title}]({link})" if link else title
    return line[: m.start("rest")] + (WELL_FORMED_MARKER if marked else "") + shown


def rewrite_entries(course: Course, diagnostics: list[Diagnostic], wanted: Wanted) -> Edits:
    hub = course.hub.source if course.hub else None
    if hub is None or hub.text is None:
        return {}
    replacements: dict[int, str] = {}
    for diagnostic in diagnostics:
        match = match_for(course, diagnostic)
        target = wanted(course, match) if match is not None else None
        if match is None or target is None:
            continue
        entry = match.entry
        line = line_text(hub.text, entry.line)
        new = render_entry(line, target[0], target[1], entry.marker is not None)
        if new is not None and new != line:
            replacements[entry.line] = new
    if not replacements:
        return {}
    return {hub.path: encode_like(hub, replace_lines(hub.text, replacements))}


def module_link(course: Course, module: Module) -> str | None:
    if course.hub is None:
        return None
    return Path(os.path.relpath(module.path, course.hub.path.parent)).as_posix()


def _module_title(course: Course, match: Match) -> tuple[str, str | None] | None:
    front = match.module.front_matter if match.module else None
    return (escape_inline(front.title), match.entry.link) if front is not None else None


def _module_link(course: Course, match: Match) -> tuple[str, str | None] | None:
    link = module_link(course, match.module) if match.module else None
    # A title that still holds link syntax was not parsed as one link: which part is the title
    # would be a guess, so it is left to the author.
    if link is None or "](" in match.entry.title:
        return None
    return match.entry.title, link


def fix_titles(course: Course, diagnostics: list[Diagnostic]) -> Edits:
    return rewrite_entries(course, diagnostics, _module_title)


def fix_links(course: Course, diagnostics: list[Diagnostic]) -> Edits:
    return rewrite_entries(course, diagnostics, _module_link)


FIXERS = (
    Fixer("roadmap-title", ("RM008",), fix_titles),
    Fixer("roadmap-link", ("LK003",), fix_links),
)
