"""Errors that fall in the code coursecheck writes around a fragment (`func main() {` ... `}`),
said in the author's terms and at the author's lines, never at the fence in the compiler's."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from coursecheck.snippets.results import VirtualHit
from coursecheck.snippets.units import PACKAGE_CLAUSE

GENERATED = "g"
UNCLOSED = (
    "the snippet ends inside a block it opened: a '{' (or '(' or '[') is never closed; "
    "close it before the end of the snippet"
)
MAIN_RETURNS = (
    "return with a value among a fragment's statements: they run inside func main, which "
    "returns nothing; print the value, or put the code in a function"
)
MEMBER_RE = re.compile(r"m(\d+)")


def in_author_terms(findings: Iterable[VirtualHit], codes: Sequence[str]) -> list[VirtualHit]:
    """The findings, with those about the generated wrapper said as the author's mistake.

    A syntax error in the wrapper means the fragment left a bracket open: it is dropped when
    the author's own lines already have a syntax error (the cause); alone, it is said as that
    on the fragment's last line. `codes` are the unit's members' code, m0 first."""
    hits = list(findings)
    own = any(h.kind == "syntax" and h.file != GENERATED for h in hits)
    last = f"m{len(codes) - 1}", max(len(codes[-1].rstrip("\n").split("\n")), 1) if codes else 1
    kept: list[VirtualHit] = []
    for hit in hits:
        if not _in_wrapper(hit):
            kept.append(_main_returns(hit, codes))
        elif not own:
            kept.append(replace(hit, file=last[0], line=last[1], col=1, msg=UNCLOSED))
            own = True  # said once
    return kept


def _in_wrapper(hit: VirtualHit) -> bool:
    return hit.file == GENERATED and hit.line > 0 and hit.kind == "syntax"


def _main_returns(hit: VirtualHit, codes: Sequence[str]) -> VirtualHit:
    """`return x` written at the top of a fragment: Go's "want ()" names the wrapper's main."""
    message = hit.msg
    member = MEMBER_RE.fullmatch(hit.file)
    if not message.startswith("too many return values") or "want ()" not in message:
        return hit
    if (
        member is None
        or int(member[1]) >= len(codes)
        or PACKAGE_CLAUSE.search(codes[int(member[1])])
    ):
        return hit
    lines = codes[int(member[1])].split("\n")
    line = hit.line
    top_level = 0 < line <= len(lines) and lines[line - 1].startswith("return")
    return replace(hit, msg=MAIN_RETURNS) if top_level else hit
