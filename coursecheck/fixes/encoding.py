"""EN003, EN004, EN005: a BOM dropped, mojibake repaired line by line, one kind of line ending."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import ftfy

from coursecheck.course import Course
from coursecheck.diagnostics import Diagnostic
from coursecheck.fixes.base import Edits, Fixer, encode_like, replace_lines, source_of
from coursecheck.rules.encoding import LONE_CR_RE
from coursecheck.source import SourceFile


def fix_bom(course: Course, diagnostics: list[Diagnostic]) -> Edits:
    edits: Edits = {}
    for diagnostic in diagnostics:
        source = source_of(course, diagnostic)
        if source is not None and source.text is not None:
            edits[source.path] = source.text.encode("utf-8")
    return edits


def fix_mojibake(course: Course, diagnostics: list[Diagnostic]) -> Edits:
    # Only the flagged lines change, and with the same ftfy call EN004 detects with, so an
    # `ignore[EN004]` line stays exactly as written.
    sources: dict[Path, SourceFile] = {}
    lines: dict[Path, set[int]] = defaultdict(set)
    for diagnostic in diagnostics:
        source = source_of(course, diagnostic)
        if source is not None and source.text is not None:
            sources[source.path] = source
            lines[source.path].add(diagnostic.line)
    edits: Edits = {}
    for path, source in sources.items():
        current = source.lines
        fixed = {n: ftfy.fix_encoding(current[n - 1]) for n in sorted(lines[path])}
        edits[path] = encode_like(source, replace_lines(source.text or "", fixed))
    return edits


def fix_line_endings(course: Course, diagnostics: list[Diagnostic]) -> Edits:
    edits: Edits = {}
    for diagnostic in diagnostics:
        source = source_of(course, diagnostic)
        if source is None or source.text is None:
            continue
        text = LONE_CR_RE.sub("\n", source.text)
        crlf = text.count("\r\n")
        # A tie goes to LF, as EN005 reports it.
        unified = text.replace("\r\n", "\n")
        if crlf > text.count("\n") - crlf:
            unified = unified.replace("\n", "\r\n")
        edits[source.path] = encode_like(source, unified)
    return edits


FIXERS = (
    Fixer("byte-order-mark", ("EN003",), fix_bom),
    Fixer("mojibake", ("EN004",), fix_mojibake),
    Fixer("line-endings", ("EN005",), fix_line_endings),
)
