"""GO003: Go snippets rewritten as the check's own gofmt (the Go helper's go/format) prints
them, fence and indentation kept."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from coursecheck.course import Course, Page
from coursecheck.diagnostics import Diagnostic
from coursecheck.fixes.base import Edits, Fixer, encode_like, splice_lines
from coursecheck.snippets.codes import GOFMT
from coursecheck.snippets.extract import Block, extract
from coursecheck.snippets.helper import gofmt_texts
from coursecheck.source import SourceFile


def fix_gofmt(course: Course, diagnostics: list[Diagnostic]) -> Edits:
    return gofmt_edits(course.pages(), [(d.path, d.line) for d in diagnostics])


def gofmt_edits(pages: Iterable[Page], places: Iterable[tuple[Path, int]]) -> Edits:
    """The new bytes of each page whose snippets at these (path, line) places gofmt rewrites:
    a course's pages for `check --fix`, any Markdown for `snippets --fix`."""
    flagged = list(_flagged_blocks(pages, places))
    codes = [block.code for _, blocks in flagged for block in blocks]
    formatted = iter(gofmt_texts(codes) if codes else [])  # one helper call for every page
    edits: Edits = {}
    for source, blocks in flagged:
        text = _reformat(source, [(b, next(formatted)) for b in blocks])
        if text is not None:
            edits[source.path] = encode_like(source, text)
    return edits


def _flagged_blocks(
    pages: Iterable[Page], places: Iterable[tuple[Path, int]]
) -> Iterator[tuple[SourceFile, list[Block]]]:
    """Each page with GO003 findings, and the snippets they are on."""
    lines: dict[Path, set[int]] = defaultdict(set)
    for path, line in places:
        lines[path].add(line)
    for page in pages:
        source, doc = page.source, page.doc
        if doc is None or source.text is None:
            continue
        blocks = [b for b in extract(source.path, doc) if _flagged(b, lines[source.path])]
        if blocks:
            yield source, blocks


def _flagged(block: Block, lines: set[int]) -> bool:
    return (
        block.is_go
        and block.closed
        and bool(block.origin)
        and any(block.line <= n <= block.last_line for n in lines)
    )


def _reformat(source: SourceFile, blocks: list[tuple[Block, str | None]]) -> str | None:
    text, changed = source.text or "", False
    # Bottom up, so a block that grows or shrinks leaves the lines above it where they were.
    for block, formatted in sorted(blocks, key=lambda pair: pair[0].line, reverse=True):
        if formatted is None or formatted == block.code.rstrip("\n") + "\n":
            continue
        prefix = _prefix(text, block)
        new_lines = [prefix + line if line else prefix.rstrip() for line in formatted.split("\n")]
        text = splice_lines(text, block.first_line, block.last_line, new_lines[:-1])
        changed = True
    return text if changed else None


def _prefix(text: str, block: Block) -> str:
    """What stands before the code on each line: a list item's indentation, a quote's `> `."""
    line, offset = next(((n, c) for n, c in block.origin if c), block.origin[0])
    return text.split("\n")[line - 1][:offset]


FIXERS = (Fixer("gofmt", (GOFMT,), fix_gofmt),)
