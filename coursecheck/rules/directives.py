"""ST005: an HTML comment that is almost a coursecheck directive. Such a comment does nothing,
silently: a setup never prepended, a suppression that silences no rule."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from coursecheck.course import Course
from coursecheck.diagnostics import Finding
from coursecheck.hints import closest, did_you_mean
from coursecheck.preconditions import text
from coursecheck.rules.base import Rule
from coursecheck.snippets.attrs import parse_info
from coursecheck.snippets.extract import SETUP_OPEN, SUPPRESSION_RE
from coursecheck.suppress import find_suppressions

TOOL = "coursecheck"
DIRECTIVES = ("ignore", "setup")
TOOL_CUTOFF = 0.85  # `coursechek`, `course-check`; not `course` in an ordinary comment
HEADING_RE = re.compile(r"^ {0,3}#{1,6}(\s|$)")
# A fence opening a line, inside quotes and list items too (its content is no comment).
FENCE_RE = re.compile(r"^\s*(?:>\s*)*(?:[-*+]\s+|\d+[.)]\s+)?(?P<fence>`{3,}|~{3,})")
HEAD_RE = re.compile(r"<!--\s*(?P<tool>[\w-]+)(?P<colon>\s*:)?\s*(?P<word>[\w-]*)")

ST005 = Rule(
    "ST005",
    "directive-near-miss",
    "An HTML comment is nearly a coursecheck directive, and so does nothing.",
    """\
`<!-- coursecheck: setup ... -->` before a Go snippet and `<!-- coursecheck: ignore[CODE]
reason -->` are read only as written. A comment that nearly reads so (a misspelt tool or
directive, a missing colon or space, a code that names no rule, a setup with no Go snippet
after it) would otherwise do nothing without a word. A directive missing its `-->` is worse:
Markdown hides the rest of the page inside it, so its snippets are never built; that is reported
once, at the comment, and what follows from the hidden text is folded into it.

**Bad:**

````markdown
<!-- coursecheck:setup
var primes = []int{2, 3, 5}
-->
<!-- coursecheck: ignore[LK01] the page is published later -->
````

**Good:**

````markdown
<!-- coursecheck: setup
var primes = []int{2, 3, 5}
-->
```go
fmt.Println(primes[0])
```
<!-- coursecheck: ignore[LK001] the page is published later -->
````
""",
)


def check(course: Course) -> Iterator[tuple[str, Finding]]:
    for source in (page.source for page in course.pages()):
        lines = source.lines
        for index in _comment_lines(lines):
            yield from _comment(source.path, lines, index)
        yield from _codes(source.path, lines)


def _comment(path: Path, lines: list[str], index: int) -> Iterator[tuple[str, Finding]]:
    for head in HEAD_RE.finditer(lines[index]):
        unclosed = _unclosed(head, lines, index)
        if unclosed is not None:
            # What Markdown hides inside the comment is not read as written: fold what follows.
            swallowed, last = unclosed
            hidden = (text(path, index + 2, last),)
            yield "ST005", Finding(path, index + 1, head.start() + 1, swallowed, breaks=hidden)
            continue
        slip = _slip(head, lines, index)
        if slip is not None:
            yield "ST005", Finding(path, index + 1, head.start() + 1, slip)


def _slip(head: re.Match[str], lines: list[str], index: int) -> str | None:
    tool, word = head["tool"], head["word"]
    if closest(tool, [TOOL], cutoff=TOOL_CUTOFF) is None:
        return None  # an ordinary comment
    written = head[0].removeprefix("<!--").strip()
    if tool != TOOL:
        return f"{written!r} is not read as a directive; did you mean '{TOOL}'?"
    if not head["colon"]:
        return f"{written!r} is not read as a directive: write '{TOOL}: {word}'"
    if word not in DIRECTIVES:
        hint = did_you_mean(word, DIRECTIVES) or f"; the directives are {', '.join(DIRECTIVES)}"
        return f"unknown directive {word!r}{hint}"
    if word == "setup":
        return _setup_slip(head, lines, index)
    return None


def _setup_slip(head: re.Match[str], lines: list[str], index: int) -> str | None:
    written = lines[index][head.start() :]
    if not written.startswith(SETUP_OPEN):
        return f"a setup is read only when written '{SETUP_OPEN}' ({_spaces(head)})"
    if written.removeprefix(SETUP_OPEN).startswith(":"):
        return f"'setup:' is read as a setup with a stray ':'; write '{SETUP_OPEN}' and no colon"
    following = _after_comment(lines, index)
    fence = FENCE_RE.match(following) if following is not None else None
    if following is None or fence is None or not _is_go(following[fence.end() :]):
        return "setup, but no Go snippet follows it directly: it is prepended to none"
    return None


def _spaces(head: re.Match[str]) -> str:
    """Which of the directive's two spaces is missing or doubled."""
    opening = head[0][len("<!--") :]
    if opening[:1] != " " or opening[1:2].isspace():
        return "one space after '<!--'"
    return "one space after the colon"


def _codes(path: Path, lines: list[str]) -> Iterator[tuple[str, Finding]]:
    """Codes of a well-formed suppression that match no rule (`ignore[LK01]`)."""
    from coursecheck.rules import all_rules  # the registry imports this module

    codes = list(all_rules())
    for suppression in find_suppressions(lines):
        if suppression.problem is not None:
            continue  # ST004's
        for code in suppression.codes:
            if not any(known.startswith(code) for known in codes):
                hint = did_you_mean(code, codes)
                message = f"{code!r} names no rule, so the suppression silences nothing{hint}"
                yield "ST005", Finding(path, suppression.line, suppression.column, message)


def _comment_lines(lines: list[str]) -> Iterator[int]:
    """Indexes of lines that open an HTML comment outside fenced code."""
    fence: str | None = None
    for index, line in enumerate(lines):
        m = FENCE_RE.match(line)
        if fence is None and m is not None:
            fence = m["fence"]
        elif fence is not None and m is not None and _closes(fence, m, line):
            fence = None
        elif fence is None and "<!--" in line:
            yield index


def _closes(fence: str, m: re.Match[str], text: str) -> bool:
    marker = m["fence"]
    return marker[0] == fence[0] and len(marker) >= len(fence) and not text[m.end() :].strip()


def _unclosed(head: re.Match[str], lines: list[str], index: int) -> tuple[str, int | None] | None:
    """A directive comment whose `-->` is missing, so that Markdown hides the page after it
    (up to the next `-->` anywhere): the message and the last hidden line (None: the end)."""
    if closest(head["tool"], [TOOL], cutoff=TOOL_CUTOFF) is None:
        return None
    rest = [lines[index][head.end() :], *lines[index + 1 :]]
    end = next((i for i, line in enumerate(rest) if "-->" in line), None)
    hidden = rest[1:] if end is None else rest[1:end]
    snippets, headings = _hidden_parts(hidden)
    if end is not None and not snippets and not headings:
        return None  # a setup's own lines, closed further down
    what = f"{_count(snippets, 'Go snippet')}, {_count(headings, 'heading')}"
    if end is None:
        where = f"the rest of the page ({what}) is hidden inside it"
        return f"this comment is never closed with '-->': {where}", None
    last = index + 1 + end
    message = f"this comment has no '-->' of its own: lines {index + 2}-{last} ({what})"
    return f"{message}, up to another comment's '-->', are hidden inside it", last


def _hidden_parts(hidden: list[str]) -> tuple[int, int]:
    """How many Go snippets and headings lines that a comment swallowed would have held."""
    snippets = headings = 0
    fence: str | None = None
    for line in hidden:
        m = FENCE_RE.match(line)
        if fence is None and m is not None:
            fence = m["fence"]
            snippets += _is_go(line[m.end() :])
        elif fence is not None and m is not None and _closes(fence, m, line):
            fence = None
        elif fence is None and HEADING_RE.match(line):
            headings += 1
    return snippets, headings


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _after_comment(lines: list[str], index: int) -> str | None:
    """The first non-blank line after the comment that opens at `index` closes."""
    end = next((i for i in range(index, len(lines)) if "-->" in lines[i]), None)
    if end is None:
        return None
    # Suppression comments stack between a setup and its snippet (snippets/extract.py).
    after = (line for line in lines[end + 1 :] if line.strip())
    return next((line for line in after if not SUPPRESSION_RE.match(line)), None)


def _is_go(info: str) -> bool:
    return parse_info(info.strip()).is_go
