"""The expected verdicts written next to each block of the book-like corpus in this folder.

Each code block of a page is preceded by one comment that says what `coursecheck snippets
--check` must answer for it, without and with `--lenient`:

    <!-- expect strict=fail:GO001 lenient=elided -->
    <!-- expect strict=fail:GO010,GO001 lenient=skipped~windows -->

A verdict is a name (`ok`, `fail`, `elided`, ...) or `missing` (the block must not be listed);
`fail` names the exact set of rule codes found; `~text` (or `~"some text"`) asks for that text
in the reason.

Where the answer the issue asks for is another branch's work still to land, the comment also
says what is answered until then, and who delivers the rest; the test accepts either answer,
and nothing else, and names the pending blocks:

    <!-- expect strict=fail:GO010 lenient=ok lenient.now=fail:GO010 by=wrapping -->

The comment may sit inside the list item, quote or admonition that holds the block; between
it and the block's first line stand only blank lines and those containers' markers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MODES = ("strict", "lenient")
MISSING = "missing"
_COMMENT = re.compile(r"<!--\s*expect\s+(?P<body>.*?)\s*-->")
_ITEM = re.compile(
    r"(?P<key>[\w.]+)=(?P<verdict>[\w-]+)(?::(?P<codes>[A-Z0-9,]+))?"
    r'(?:~(?:"(?P<quoted>[^"]*)"|(?P<reason>[^\s"]+)))?'
)
_MARKERS = re.compile(r"^[\s>]*(?:[-*+]|\d+[.)])?\s*(?:(?:!!!|\?\?\?\+?)\s.*)?$")

Row = dict[str, Any]


@dataclass(frozen=True)
class Expected:
    """One answer for one block in one mode."""

    verdict: str
    codes: frozenset[str] = frozenset()
    reason: str = ""

    def problem(self, row: Row | None) -> str | None:
        """How the block's actual answer (None: not listed) differs from this one, or None."""
        if row is None:
            return None if self.verdict == MISSING else f"expected {self}, the block is not listed"
        codes = {f["code"] for f in row["findings"]}
        reason = row.get("reason") or ""
        if row["verdict"] != self.verdict:
            return f"expected {self}, got {answer(row)}"
        if self.verdict == "fail" and codes != self.codes:
            return f"expected {self}, got {answer(row)}"
        if self.reason and self.reason.lower() not in reason.lower():
            return f"expected a reason mentioning {self.reason!r}, got {reason!r}"
        return None

    def __str__(self) -> str:
        codes = f":{','.join(sorted(self.codes))}" if self.codes else ""
        return f"{self.verdict}{codes}" + (f"~{self.reason}" if self.reason else "")


def answer(row: Row) -> str:
    codes = sorted({f["code"] for f in row["findings"]})
    reason = row.get("reason") or ""
    return f"{row['verdict']}{':' + ','.join(codes) if codes else ''} ({reason})".replace(" ()", "")


@dataclass(frozen=True)
class Comment:
    """An expect comment: its line (1-based), the answer per mode, and the answer given until
    the branch `by` lands (for the modes it is pending in)."""

    line: int
    modes: dict[str, Expected]
    now: dict[str, Expected] = field(default_factory=dict)
    by: str = ""

    def may_be_missing(self) -> bool:
        return any(e.verdict == MISSING for e in [*self.modes.values(), *self.now.values()])


def comments(page: Path) -> list[Comment]:
    """Every expect comment of a page, in order; a malformed one is an error naming its line."""
    found = []
    for number, line in enumerate(page.read_bytes().decode("utf-8").splitlines(), 1):
        m = _COMMENT.search(line)
        if m is not None:
            found.append(_parse(m["body"], f"{page.name}:{number}", number))
    return found


def _parse(body: str, where: str, number: int) -> Comment:
    modes: dict[str, Expected] = {}
    now: dict[str, Expected] = {}
    by = ""
    for item in _ITEM.finditer(body):
        key, verdict = item["key"], item["verdict"]
        if key == "by":
            by = verdict
            continue
        codes = frozenset(item["codes"].split(",")) if item["codes"] else frozenset()
        expected = Expected(verdict, codes, item["quoted"] or item["reason"] or "")
        mode, _, suffix = key.partition(".")
        if mode not in MODES or suffix not in ("", "now"):
            raise ValueError(f"{where}: unknown key {key!r} in an expect comment")
        (now if suffix else modes)[mode] = expected
    if sorted(modes) != sorted(MODES) or _ITEM.sub("", body).strip():
        raise ValueError(f"{where}: an expect comment needs strict=... lenient=...: {body!r}")
    if bool(now) != bool(by):
        raise ValueError(f"{where}: a pending answer (mode.now=...) needs by=BRANCH, and back")
    return Comment(number, modes, now, by)


def owner(block_line: int, page_lines: list[str], found: list[Comment]) -> Comment | None:
    """The expect comment that belongs to the block starting at `block_line`: the nearest one
    above it, with only blank lines and container markers in between."""
    above = [c for c in found if c.line < block_line]
    if not above:
        return None
    nearest = above[-1]
    between = page_lines[nearest.line : block_line - 1]
    return nearest if all(_MARKERS.match(line) for line in between) else None
