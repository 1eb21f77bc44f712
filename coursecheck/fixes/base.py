"""What a fixer is, and the text helpers every fixer shares.

A fixer is data: the codes it repairs and a pure function of (course, diagnostics) that returns
the new contents of the files it changes. It never writes; `coursecheck.fixes.plan` chains the
fixers over pending edits and `coursecheck.fixes.write` writes the result atomically.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from coursecheck.course import Course
from coursecheck.diagnostics import Diagnostic
from coursecheck.source import SourceFile

BOM = b"\xef\xbb\xbf"
Edits = dict[Path, bytes]
FixFunction = Callable[[Course, list[Diagnostic]], Edits]


@dataclass(frozen=True)
class Fixer:
    name: str
    codes: tuple[str, ...]
    fix: FixFunction


def is_about(diagnostic: Diagnostic, path: Path) -> bool:
    """Whether a finding is about the file at `path`: the one place fixers match the two."""
    return diagnostic.path == path


def source_of(course: Course, diagnostic: Diagnostic) -> SourceFile | None:
    return next((s for s in course.sources() if is_about(diagnostic, s.path)), None)


def encode_like(source: SourceFile, text: str) -> bytes:
    """`text` encoded as the file was: a BOM stays unless EN003's fixer drops it on purpose."""
    return (BOM if source.raw.startswith(BOM) else b"") + text.encode("utf-8")


def replace_lines(text: str, replacements: dict[int, str]) -> str:
    """Replaces whole lines (1-based), keeping each line's own ending (LF or CRLF)."""
    lines = text.split("\n")
    for number, new in replacements.items():
        old = lines[number - 1]
        lines[number - 1] = new + ("\r" if old.endswith("\r") else "")
    return "\n".join(lines)


def splice_lines(text: str, first: int, last: int, new_lines: list[str]) -> str:
    """Replaces lines first..last (1-based, inclusive) with `new_lines`, in the first's ending."""
    lines = text.split("\n")
    ending = "\r" if lines[first - 1].endswith("\r") else ""
    lines[first - 1 : last] = [line + ending for line in new_lines]
    return "\n".join(lines)


def line_text(text: str, number: int) -> str:
    return text.split("\n")[number - 1].rstrip("\r")
