"""Inline suppression: `<!-- coursecheck: ignore[CODE, ...] reason -->` before a block.

A suppression covers the next block of the parsed page, as far as the Markdown model says that
block extends; a Go snippet extends over its output block, as its verdict does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from coursecheck.markdown import Document, Token
from coursecheck.snippets.extract import extract
from coursecheck.snippets.verdict import extent

COMMENT_RE = re.compile(r"<!--\s*coursecheck:\s*ignore(?P<codes>\[[^\]]*\])?(?P<reason>.*?)-->")
CODE_RE = re.compile(r"^[A-Z]{2}\d{0,3}$")


@dataclass(frozen=True)
class Comment:
    """A suppression comment as written; ST004 reports those with a `problem`."""

    line: int
    column: int
    codes: tuple[str, ...]
    reason: str

    @property
    def problem(self) -> str | None:
        if not self.codes:
            return "names no codes: write ignore[CODE] with the codes to silence"
        bad = [c for c in self.codes if not CODE_RE.match(c)]
        if bad:
            return f"{bad[0]!r} is not a rule code or family prefix"
        if not self.reason:
            return "gives no reason: say why after the codes"
        return None


@dataclass(frozen=True)
class Suppression:
    comment: Comment
    first: int  # the lines it covers, inclusive
    last: int

    def covers(self, code: str, line: int) -> bool:
        codes = self.comment.codes
        return self.first <= line <= self.last and any(code.startswith(c) for c in codes)


def find_suppressions(lines: list[str]) -> list[Comment]:
    found = []
    for index, text in enumerate(lines):
        m = COMMENT_RE.search(text)
        if m is not None:
            codes = tuple(c.strip() for c in (m["codes"] or "[]")[1:-1].split(",") if c.strip())
            found.append(Comment(index + 1, m.start() + 1, codes, m["reason"].strip()))
    return found


def active_suppressions(path: Path, doc: Document) -> list[Suppression]:
    """The suppressions that silence (codes and a reason given), each with the lines it covers."""
    comments = [c for c in find_suppressions(doc.lines) if c.problem is None]
    if not comments:
        return []
    spans = block_spans(doc)
    snippet_ends = {block.line: extent(block)[1] for block in extract(path, doc)}
    found = []
    for comment in comments:
        first, last = next(((f, e) for f, e in spans if f > comment.line), (0, 0))
        if first:
            found.append(Suppression(comment, first, max(last, snippet_ends.get(first, last))))
    return found


def block_spans(doc: Document) -> list[tuple[int, int]]:
    """(first, last line) of every positioned block, nested ones too, in document order.

    A block ends where the next block at its depth or shallower begins, less blank lines."""
    positioned = [(token["_line"], depth) for token, depth in _walk(doc.tokens, 0)]
    spans = []
    for index, (first, depth) in enumerate(positioned):
        after = (line for line, d in positioned[index + 1 :] if d <= depth and line > first)
        last = next(after, len(doc.lines) + 1) - 1
        while last > first and not doc.lines[last - 1].strip():
            last -= 1
        spans.append((first, last))
    return spans


def _walk(tokens: list[Token], depth: int) -> Iterator[tuple[Token, int]]:
    for token in tokens:
        if "_line" in token and token.get("type") != "blank_line":
            yield token, depth
        yield from _walk(token.get("children", []), depth + 1)
