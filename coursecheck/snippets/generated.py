"""Errors that fall in the code coursecheck writes around a fragment (`func main() {` ... `}`),
said in the author's terms and at the author's lines, never at the fence in the compiler's."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from coursecheck.snippets.braces import extra_close
from coursecheck.snippets.results import VirtualHit
from coursecheck.snippets.units import PACKAGE_CLAUSE

GENERATED = "g"
UNCLOSED = (
    "the snippet ends inside a block it opened: a '{' (or '(' or '[') is never closed; "
    "close it before the end of the snippet"
)
EXTRA_CLOSE = (
    "this '}' closes no '{' of the snippet: there is one '}' too many here or above it; remove it"
)
MAIN_RETURNS = (
    "return with a value among a fragment's statements: they run inside func main, which "
    "returns nothing; print the value, or put the code in a function"
)
MEMBER_RE = re.compile(r"m(\d+)")
FUNC_RE = re.compile(r"\bfunc\b")


def in_author_terms(findings: Iterable[VirtualHit], codes: Sequence[str]) -> list[VirtualHit]:
    """The findings, with those about the generated wrapper said as the author's mistake.

    A syntax error in the wrapper means the fragment left a bracket open: it is dropped when
    the author's own lines already have a syntax error (the cause); alone, it is said as that
    on the fragment's last line. `codes` are the unit's members' code, m0 first."""
    hits = [_one_line(_blank_line(hit)) for hit in findings]
    extra = _extra_close(hits, codes)
    if extra is not None:
        return extra
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


def _extra_close(hits: list[VirtualHit], codes: Sequence[str]) -> list[VirtualHit] | None:
    """With a fragment that closes one '}' too many (it closes the generated main), the syntax
    errors from there on follow from it: said once, at that '}'."""
    syntax = [hit for hit in hits if hit.kind == "syntax"]
    if not syntax:
        return None
    for k, code in enumerate(codes):
        at = None if PACKAGE_CLAUSE.search(code) else extra_close(code)
        if at is not None:
            after = [hit for hit in syntax if _at_or_after(hit, k, at[0])]
            root = replace(after[0], file=f"m{k}", line=at[0], col=at[1], msg=EXTRA_CLOSE)
            return [root if hit is after[0] else hit for hit in hits if hit not in after[1:]]
    return None


def _at_or_after(hit: VirtualHit, member: int, line: int) -> bool:
    if hit.file == GENERATED:
        return True
    found = MEMBER_RE.fullmatch(hit.file)
    return found is not None and (int(found[1]), hit.line) >= (member, line)


def _blank_line(hit: VirtualHit) -> VirtualHit:
    """gofmt's `""` is a blank line it puts where the snippet has none."""
    if hit.kind == "gofmt" and hit.msg.endswith(' writes ""'):
        return replace(hit, msg="not gofmt-clean: gofmt puts a blank line here")
    return hit


def _one_line(hit: VirtualHit) -> VirtualHit:
    """go/types explains on indented lines (`\n\thave (number)`): one finding, one line."""
    first, *more = hit.msg.split("\n")
    details = [part.strip() for part in more if part.strip()]
    return replace(hit, msg=f"{first} ({', '.join(details)})") if details else hit


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
    # No func written above it: the return is main's, not a function's of the author's.
    in_main = 0 < line <= len(lines) and not FUNC_RE.search("\n".join(lines[:line]))
    return replace(hit, msg=MAIN_RETURNS) if in_main else hit
