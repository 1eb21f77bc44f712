"""GO003: Go snippets rewritten as the pinned gofmt prints them, fence and indentation kept."""

from __future__ import annotations

import subprocess
from pathlib import Path

from coursecheck.course import Course
from coursecheck.diagnostics import Diagnostic
from coursecheck.engine import display_path
from coursecheck.fixes.base import Edits, Fixer, encode_like, splice_lines
from coursecheck.snippets.codes import GOFMT
from coursecheck.snippets.extract import Block, extract
from coursecheck.snippets.toolchain import find_go
from coursecheck.source import SourceFile

GOFMT_TIMEOUT = 30.0


def gofmt_binary() -> Path | None:
    go = find_go()
    binary = go.binary.parent / "gofmt" if go else None
    return binary if binary is not None and binary.is_file() else None


def gofmt(code: str, binary: Path) -> str | None:
    """gofmt's output for a complete file or a declaration or statement list; None if rejected."""
    try:
        done = subprocess.run(
            [str(binary)], input=code.encode(), capture_output=True, timeout=GOFMT_TIMEOUT
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.decode() if done.returncode == 0 else None


def fix_gofmt(course: Course, diagnostics: list[Diagnostic]) -> Edits:
    binary = gofmt_binary()
    if binary is None:
        return {}
    edits: Edits = {}
    for page in course.pages():
        source, doc = page.source, page.doc
        if doc is None or source.text is None:
            continue
        lines = {d.line for d in diagnostics if d.path == display_path(source.path)}
        blocks = [b for b in extract(source.path, doc) if _flagged(b, lines)]
        text = _reformat(source, blocks, binary)
        if text is not None:
            edits[source.path] = encode_like(source, text)
    return edits


def _flagged(block: Block, lines: set[int]) -> bool:
    return block.is_go and block.closed and any(block.line <= n <= block.last_line for n in lines)


def _reformat(source: SourceFile, blocks: list[Block], binary: Path) -> str | None:
    text, changed = source.text or "", False
    # Bottom up, so a block that grows or shrinks leaves the lines above it where they were.
    for block in sorted(blocks, key=lambda b: b.line, reverse=True):
        formatted = gofmt(block.code, binary) if block.origin else None
        if formatted is None or formatted == block.code:
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
