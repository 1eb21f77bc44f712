"""Inline suppression: `<!-- coursecheck: ignore[CODE, ...] reason -->` before a line or block."""

from __future__ import annotations

import re
from dataclasses import dataclass

COMMENT_RE = re.compile(r"<!--\s*coursecheck:\s*ignore(?P<codes>\[[^\]]*\])?(?P<reason>.*?)-->")
CODE_RE = re.compile(r"^[A-Z]{2}\d{0,3}$")
FENCE_RE = re.compile(r"^\s*(?:>\s*)*(?:[-*+]\s+|\d+[.)]\s+)?(?P<fence>`{3,}|~{3,})")


@dataclass(frozen=True)
class Suppression:
    line: int  # the comment's own line
    column: int
    codes: tuple[str, ...]
    reason: str
    first: int  # the lines it covers, inclusive
    last: int

    def covers(self, code: str, line: int) -> bool:
        return self.first <= line <= self.last and any(code.startswith(c) for c in self.codes)

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


def find_suppressions(lines: list[str]) -> list[Suppression]:
    found = []
    for index, text in enumerate(lines):
        m = COMMENT_RE.search(text)
        if m is None:
            continue
        codes = tuple(c.strip() for c in (m["codes"] or "[]")[1:-1].split(",") if c.strip())
        first, last = _target(lines, index + 1)
        found.append(Suppression(index + 1, m.start() + 1, codes, m["reason"].strip(), first, last))
    return found


def active_suppressions(lines: list[str]) -> list[Suppression]:
    """The suppressions that silence: codes and a reason given (ST004 reports the others)."""
    return [found for found in find_suppressions(lines) if found.problem is None]


def _target(lines: list[str], start: int) -> tuple[int, int]:
    """The next line, and with it the rest of its block: a whole fence, or up to a blank line."""
    index = start
    while index < len(lines) and not lines[index].strip():
        index += 1
    if index >= len(lines):
        return start + 1, start + 1
    fence = FENCE_RE.match(lines[index])
    end = index + 1
    if fence is not None:
        marker = fence["fence"]
        while end < len(lines) and marker not in lines[end]:
            end += 1
        return index + 1, min(end + 1, len(lines))
    while end < len(lines) and lines[end].strip():
        end += 1
    return index + 1, end
