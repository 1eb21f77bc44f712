"""ST: module structure — one H1 equal to the title, the manifest's sections in order."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from coursecheck.course import Course, Module
from coursecheck.diagnostics import Finding
from coursecheck.hints import closest
from coursecheck.markdown import Document, Token, unescape_inline
from coursecheck.ordering import longest_increasing
from coursecheck.preconditions import text
from coursecheck.rules import directives, modulesdir
from coursecheck.rules.base import Context, Family, Rule
from coursecheck.suppress import find_suppressions

ATX_RE = re.compile(r"(?P<hashes>#{1,6})(?:[ \t]+(?P<text>.*?))?(?:[ \t]+#+)?[ \t]*$")

ST001 = Rule(
    "ST001",
    "missing-section",
    "A module lacks a section the manifest requires.",
    """\
Every module has the H2 sections listed in `required_sections` of `course.yaml`, spelled
exactly, so that each lesson covers the same ground and readers know where to look. The finding
points where the section belongs (before the next required section), or at a heading that
nearly matches (`## overview`, `### Overview`).

**Bad:** a module with `## Overview` and `## Exercises` but no `## Under the Hood`.

**Good:**

```markdown
## Overview
## Under the Hood
...
```
""",
)
ST002 = Rule(
    "ST002",
    "section-order",
    "A module's required sections are not in the manifest's order.",
    """\
The required sections follow the order of `required_sections`. Other H2 sections may stand
between them. The finding points at each section out of place.

**Bad:**

```markdown
## Exercises
## Production Resilience
```

**Good:**

```markdown
## Production Resilience
## Exercises
```
""",
)
ST003 = Rule(
    "ST003",
    "h1-title",
    "A module does not have exactly one H1 equal to its front matter title.",
    """\
A module has one H1, and it reads exactly as the front matter `title` (backticks included):
the page title on GitHub and the roadmap agree.

**Bad:**

```markdown
---
title: "Defer LIFO & Panic/Recovery Middleware"
---
# Defer and Panics
```

**Good:** `# Defer LIFO & Panic/Recovery Middleware`
""",
)
ST004 = Rule(
    "ST004",
    "invalid-suppression",
    "An inline `coursecheck: ignore` comment names no codes or gives no reason.",
    """\
A suppression names the codes it silences and says why, so a reviewer can judge it and it
never hides more than meant. A comment without codes or without a reason silences nothing.

**Bad:**

```markdown
<!-- coursecheck: ignore -->
<!-- coursecheck: ignore[LK001] -->
```

**Good:**

```markdown
<!-- coursecheck: ignore[LK001] the page is published later -->
```
""",
)


@dataclass(frozen=True)
class Heading:
    level: int
    text: str  # as written in the source, markup kept: titles are compared character for character
    line: int
    column: int  # of the text
    nested: bool


def check(course: Course, ctx: Context) -> Iterator[tuple[str, Finding]]:
    manifest = course.manifest.model
    for module in course.modules:
        if module.doc is None or module.doc.error is not None:
            continue
        headings = list(_headings(module.doc))
        required = manifest.required_sections if manifest is not None else []
        yield from _h1(module, headings, required)
        if required:
            yield from _sections(module, headings, required)
    yield from _suppressions(course)
    yield from directives.check(course)
    yield from modulesdir.check(course)


def _headings(doc: Document) -> Iterator[Heading]:
    top = {id(token) for token in doc.tokens}
    for token in doc.blocks("heading"):
        if "_line" in token:
            yield _heading(doc, token, id(token) not in top)


def _heading(doc: Document, token: Token, nested: bool) -> Heading:
    line, column = token["_line"], token["_column"]
    level = int(token.get("attrs", {}).get("level", 1))
    source = doc.lines[line - 1][column - 1 :]
    m = ATX_RE.match(source) if token.get("style") == "atx" else None
    if m is not None:
        start = m.start("text") if m["text"] is not None else len(source)
        return Heading(level, m["text"] or "", line, column + start, nested)
    stripped = source.lstrip()
    return Heading(level, stripped.rstrip(), line, column + len(source) - len(stripped), nested)


def _h1(
    module: Module, headings: list[Heading], required: list[str]
) -> Iterator[tuple[str, Finding]]:
    front = module.front_matter
    titles = [h for h in headings if h.level == 1]
    if not titles:
        line = module.split.body_first_line if module.split else 1
        # Unclosed front matter, or none after it: the body starts past the last line.
        line = max(1, min(line, len(module.source.lines)))
        wanted = f"'# {front.title}'" if front else "'# Title'"
        message = f"no H1: the module has one H1 with its title, {wanted}"
        yield "ST003", Finding(module.path, line, 1, message, needs=(text(module.path),))
        return
    if front is not None and unescape_inline(titles[0].text) != front.title:
        first = titles[0]
        message = f"H1 {first.text!r} differs from the title {front.title!r}"
        yield "ST003", Finding(module.path, first.line, first.column, message)
    sections = {name.casefold() for name in required}
    for extra in titles[1:]:
        if extra.text.strip().casefold() in sections:
            continue  # `# Exercises`: a section at the wrong level, ST001's
        message = f"a second H1 {extra.text!r}: a module has one H1, its title"
        yield "ST003", Finding(module.path, extra.line, extra.column, message)


def _sections(
    module: Module, headings: list[Heading], required: list[str]
) -> Iterator[tuple[str, Finding]]:
    h2 = [h for h in headings if h.level == 2 and not h.nested]
    found: dict[str, Heading] = {}
    for heading in h2:
        if heading.text in required:
            found.setdefault(heading.text, heading)
    present = [h.text for h in h2 if found.get(h.text) is h]
    misplaced = _out_of_order(present, required)
    for name in present:
        if name in misplaced:
            heading = found[name]
            message = f"section '## {name}' is out of order: {_order_hint(name, required)}"
            yield "ST002", Finding(module.path, heading.line, heading.column, message)
    for position, name in enumerate(required):
        if name not in found:
            line, column, hint = _where_missing(module, headings, required, position, found)
            message = f"missing required section '## {name}'{hint}"
            yield "ST001", Finding(module.path, line, column, message, needs=(text(module.path),))


def _out_of_order(present: list[str], required: list[str]) -> set[str]:
    """Sections outside the longest run that follows the manifest's order."""
    rank = {name: i for i, name in reversed(list(enumerate(required)))}
    keep = longest_increasing([rank[name] for name in present])
    return {name for i, name in enumerate(present) if i not in keep}


def _order_hint(name: str, required: list[str]) -> str:
    position = required.index(name)
    if position == 0:
        return f"it comes first, before '## {required[1]}'"
    return f"it comes after '## {required[position - 1]}'"


def _where_missing(
    module: Module,
    headings: list[Heading],
    required: list[str],
    position: int,
    found: dict[str, Heading],
) -> tuple[int, int, str]:
    name = required[position]
    near = next((h for h in headings if h.text.strip().casefold() == name.casefold()), None)
    near = near or _misspelt(headings, required, name)
    if near is not None:
        return near.line, near.column, f": found '{'#' * near.level} {near.text}' here"
    after = next((found[n] for n in required[position + 1 :] if n in found), None)
    if after is not None:
        return after.line, 1, f" before '## {after.text}'"
    assert module.doc is not None
    lines = module.doc.lines
    last = max((i + 1 for i, text in enumerate(lines) if text.strip()), default=1)
    return last, 1, " (expected by the end of the module)"


def _misspelt(headings: list[Heading], required: list[str], name: str) -> Heading | None:
    """`## Excercises` for `## Exercises`: a heading that is no required section but nearly
    spells this one."""
    others = {h.text.strip(): h for h in headings if h.level > 1 and h.text.strip() not in required}
    match = closest(name, others)
    return others[match] if match is not None else None


def _suppressions(course: Course) -> Iterator[tuple[str, Finding]]:
    for source in (page.source for page in course.pages()):
        for suppression in find_suppressions(source.lines):
            if suppression.problem is not None:
                message = f"suppression {suppression.problem}"
                yield "ST004", Finding(source.path, suppression.line, suppression.column, message)


FAMILY = Family(
    "ST",
    "Module structure",
    (ST001, ST002, ST003, ST004, directives.ST005, modulesdir.ST010),
    check,
)
