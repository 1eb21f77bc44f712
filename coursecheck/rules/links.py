"""LK: relative links and #anchors on every page of the course resolve."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from coursecheck.anchors import anchors
from coursecheck.course import MARKDOWN_SUFFIXES, Course, load_page
from coursecheck.diagnostics import Finding
from coursecheck.hints import did_you_mean
from coursecheck.linkpaths import link_target
from coursecheck.markdown import Document
from coursecheck.preconditions import text
from coursecheck.reads import within
from coursecheck.rules.base import Context, Family, Rule

ABSOLUTE_RE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.\-]*:|//)")
URL_PREFIXES = ("](<", "](", "]: <", "]: ", "<")
SCAN_LINES = 2000  # how far a reference definition may follow its use; bounds the work

LK001 = Rule(
    "LK001",
    "broken-link",
    "A relative link or image points at a file that does not exist.",
    """\
Relative links and images (`[text](../README.md)`, `![diagram](img/gc.png)`) resolve from the
folder of the file that holds them, as on GitHub (a path starting with `/` from the top of the
repository). Absolute URLs and `mailto:` are not checked.

Links are checked only inside the repository that holds the course: the nearest folder, from
the course folder up, with a `.git`, else the nearest with a `pyproject.toml`, else the course
folder itself. A link that leaves it (`../../../etc/shadow`, or through a symlink) is reported
as leaving, whether or not its target exists: a course in a pull request cannot learn what
exists on the machine that checks it, and no heading of a page outside is ever quoted.

**Bad:** `[Day 11](day-11-errors.md)` when the file is `day-11-error-philosophy.md`, or
`[notes](../../../notes.md)` above the repository.

**Good:** `[Day 11](day-11-error-philosophy.md)`
""",
)
LK002 = Rule(
    "LK002",
    "broken-anchor",
    "A link's #anchor matches no heading of its target page.",
    """\
An anchor names a heading the way GitHub does: lowercased, punctuation other than `-` and `_`
dropped, spaces turned into `-`, repeats numbered `-1`, `-2`. Explicit `<a id="...">` anchors
count too.

**Bad:** `[recovery](day-13-defer-panic-recovery.md#Production-Resilience)` (capitals), or
`[exercises](#exercise)` on a page whose heading is `## Exercises`.

**Good:** `[recovery](day-13-defer-panic-recovery.md#production-resilience)` and
`[exercises](#exercises)`; `## Decoupling vs. Complexity` is `#decoupling-vs-complexity`.
""",
)
LK003 = Rule(
    "LK003",
    "roadmap-link",
    "A roadmap day's title does not link to its own module.",
    """\
On the roadmap every day's title is a link to that day's module, so the hub is the course's
table of contents. `--fix` writes the link from the module's file name.

**Bad:** `* **Day 05:** Maps: O(1) Theory, Hashing & Random Iteration` (no link), or a link to
another day's module.

**Good:** `* **Day 05:** [Maps: O(1) Theory, Hashing & Random Iteration](days/day-05-maps.md)`
""",
    fixable=True,
)


@dataclass(frozen=True)
class Link:
    url: str
    line: int
    column: int  # of the URL
    image: bool


def check(course: Course, ctx: Context) -> Iterator[tuple[str, Finding]]:
    pages = _Pages(course)
    skip: set[tuple[int, int]] = set()
    if course.index is not None:
        matches = course.index.matches
        skip = {(m.entry.line, m.entry.link_column) for m in matches if m.entry.link}
        yield from _roadmap(course, pages)
    for page in course.pages():
        if page.doc is None or page.doc.error is not None:
            continue
        for link in find_links(page.doc):
            if page is course.hub and (link.line, link.column) in skip:
                continue  # a roadmap title link: LK003's
            yield from _check_link(course, page.path, link, pages)


def find_links(doc: Document) -> Iterator[Link]:
    """Inline links and images with the position of their URL in the source."""
    block: dict[str, object] = {}
    cursor = (0, 0)
    for token in doc.walk():
        if "_line" in token:
            block = token
            cursor = (token["_line"] - 1, token["_column"] - 1)
        elif token.get("type") in ("link", "image") and block:
            url = str(token.get("attrs", {}).get("url", ""))
            line, column = _locate(doc.lines, cursor, url) or (cursor[0], cursor[1])
            cursor = (line, column + 1)
            yield Link(url, line + 1, column + 1, token["type"] == "image")


def _locate(lines: list[str], cursor: tuple[int, int], url: str) -> tuple[int, int] | None:
    """0-based (line, column) of the URL at or after the cursor (mistune re-encodes URLs)."""
    variants = dict.fromkeys([url, unquote(url)])
    needles = [(prefix + v, len(prefix)) for v in variants for prefix in URL_PREFIXES]
    for index in range(cursor[0], min(len(lines), cursor[0] + SCAN_LINES)):
        start = cursor[1] if index == cursor[0] else 0
        hits = [
            (found + offset)
            for needle, offset in needles
            if (found := lines[index].find(needle, start)) >= 0
        ]
        if hits:
            return index, min(hits)
    return None


def _check_link(
    course: Course, path: Path, link: Link, pages: _Pages
) -> Iterator[tuple[str, Finding]]:
    if not link.url.strip():
        yield "LK001", Finding(path, link.line, link.column, "empty link target")
        return
    if ABSOLUTE_RE.match(link.url):
        return
    target, fragment = link_target(course.repository, path.parent, link.url)
    written = unquote(link.url.partition("#")[0])
    target = target if written else path  # `#anchor` alone: this page
    end = link.column + len(link.url)
    if written and _leaves(course, target):
        message = f"{written!r} leaves the repository; links are checked only inside it"
        yield "LK001", Finding(path, link.line, link.column, message, link.line, end)
        return
    if written and not course.files.exists(target):
        message = f"{written!r} does not exist"
        yield "LK001", Finding(path, link.line, link.column, message, link.line, end)
        return
    if fragment and not link.image:
        yield from _anchor(path, link, target, fragment, pages)


def _leaves(course: Course, target: Path) -> bool:
    """Outside the repository as written (no look at the disk), or once symlinks resolve."""
    if not within(course.repository, os.path.normpath(target.absolute())):
        return True
    return not within(course.files.real(course.repository), course.files.real(target))


def _anchor(
    path: Path, link: Link, target: Path, fragment: str, pages: _Pages
) -> Iterator[tuple[str, Finding]]:
    known = pages.anchors(target)
    if known is None or fragment in known:
        return
    hint = did_you_mean(fragment, sorted(known), quote="'#{}'")
    page = "this page" if target == path else repr(target.name)
    message = f"no heading in {page} has the anchor '#{fragment}'{hint}"
    column = link.column + link.url.index("#")
    end = link.column + len(link.url)
    # Headings the target lost to an unclosed fence or front matter are that finding's.
    yield "LK002", Finding(path, link.line, column, message, link.line, end, needs=(text(target),))


def _roadmap(course: Course, pages: _Pages) -> Iterator[tuple[str, Finding]]:
    assert course.index is not None
    hub = course.index.hub
    for match in course.index.matches:
        entry, module = match.entry, match.module
        if module is None:
            continue  # RM006: no module to link to
        expected = Path(os.path.relpath(module.path, hub.path.parent)).as_posix()
        if entry.link is None:
            message = f"Day {entry.number_text}'s title does not link to its module {expected!r}"
            yield "LK003", Finding(hub.path, entry.line, entry.title_column, message)
            continue
        target, fragment = link_target(course.repository, hub.path.parent, entry.link)
        files = course.files
        if ABSOLUTE_RE.match(entry.link) or files.real(target) != files.real(module.path):
            message = (
                f"Day {entry.number_text}'s title links to {entry.link!r}, "
                f"not to its module {expected!r}"
            )
            yield "LK003", Finding(hub.path, entry.line, entry.link_column, message)
        elif fragment:
            link = Link(entry.link, entry.line, entry.link_column, False)
            yield from _anchor(hub.path, link, target, fragment, pages)


class _Pages:
    """The anchors of each linked page, parsed once; the course's own pages are parsed already."""

    def __init__(self, course: Course) -> None:
        self.files = course.files
        self._docs = {self.files.real(page.path): page.doc for page in course.pages()}
        self._anchors: dict[str, list[str] | None] = {}

    def anchors(self, target: Path) -> list[str] | None:
        """None when the target is not a Markdown page whose headings can be read."""
        if self.files.is_dir(target):
            target = target / "README.md"
        key = self.files.real(target)
        if key not in self._anchors:
            doc = self._docs[key] if key in self._docs else self._parse(target)
            self._anchors[key] = anchors(doc) if doc is not None and doc.error is None else None
        return self._anchors[key]

    def _parse(self, target: Path) -> Document | None:
        if target.suffix.lower() not in MARKDOWN_SUFFIXES or not self.files.is_file(target):
            return None
        return load_page(target, self.files.read).doc


FAMILY = Family("LK", "Links", (LK001, LK002, LK003), check)
