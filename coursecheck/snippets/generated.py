"""Errors that fall in the code coursecheck writes around a fragment (`func main() {` ... `}`),
said in the author's terms and at the author's lines, never at the fence in the compiler's."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

GENERATED = "g"
UNCLOSED = (
    "the snippet ends inside a block it opened: a '{' (or '(' or '[') is never closed; "
    "close it before the end of the snippet"
)


def in_author_terms(
    findings: Iterable[dict[str, Any]], last_file: str, last_line: int
) -> list[dict[str, Any]]:
    """A syntax error in the generated wrapper means the fragment left a bracket open. It is
    dropped when the author's own lines already have a syntax error (the cause); alone, it is
    said as that, on the fragment's last line (`last_file`, a virtual m<i>, line `last_line`)."""
    hits = list(findings)
    own = any(h.get("kind") == "syntax" and h.get("file") != GENERATED for h in hits)
    kept: list[dict[str, Any]] = []
    said = False
    for hit in hits:
        if not _in_wrapper(hit):
            kept.append(hit)
        elif not own and not said:
            kept.append({**hit, "file": last_file, "line": last_line, "col": 1, "msg": UNCLOSED})
            said = True
    return kept


def _in_wrapper(hit: dict[str, Any]) -> bool:
    wrapper = hit.get("file") == GENERATED and int(hit.get("line", 0)) > 0
    return wrapper and hit.get("kind") == "syntax"
