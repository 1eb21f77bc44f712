"""A hijacked `continue` chain, told as one finding.

A Go block put between a snippet and its `continue` block takes the chain over: the
continuation now builds with the new block, and every name it uses from the snippet before is
`undefined`. Those GO001 findings are true but say nothing of the cause. This finds the chains
whose undefined names are declared in an earlier Go block outside the chain, reports one GO001
at the first `continue` block that says so (a root: it breaks the chain's precondition), and
marks the undefined findings as needing that chain, so cascade.py folds them into it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from coursecheck.diagnostics import Finding
from coursecheck.markdown import Document
from coursecheck.preconditions import chain
from coursecheck.snippets import codes
from coursecheck.snippets.extract import Block, extract

Hit = tuple[str, Finding]
UNDEFINED_RE = re.compile(r"^undefined: (?P<name>\w+)$")
# Top-level declarations as a fragment writes them at the start of a line.
DECLARATION_RES = (
    re.compile(r"^func\s+(?P<names>\w+)\s*[\[(]", re.MULTILINE),
    re.compile(r"^(?:type|var|const)\s+(?P<names>\w+)", re.MULTILINE),
    re.compile(r"^(?P<names>\w+(?:\s*,\s*\w+)*)\s*:=", re.MULTILINE),
)


@dataclass(frozen=True)
class Chain:
    members: tuple[Block, ...]  # the block that starts it, then its `continue` blocks
    before: tuple[Block, ...]  # the Go blocks earlier on the page, outside it


def explain(pages: Iterable[tuple[Path, Document]], hits: list[Hit]) -> list[Hit]:
    """`hits` with a root finding for each hijacked chain, its undefined names depending on it."""
    undefined = [i for i, (code, f) in enumerate(hits) if _undefined(code, f) is not None]
    paths = {hits[i][1].path for i in undefined}
    result = list(hits)
    for path, doc in pages:
        if path in paths:
            for found in _chains(extract(path, doc)):
                result += _hijack(found, undefined, result)
    return result


def _chains(blocks: list[Block]) -> Iterator[Chain]:
    """The page's `continue` chains as coursecheck/snippets/units.py builds them."""
    earlier: list[Block] = []
    members: list[Block] = []
    for block in blocks:
        if not block.is_go or block.info.has("ignore") or block.info.has("compile_fail"):
            continue
        if block.info.has("continue") and members:
            members.append(block)
            continue
        if len(members) > 1:
            yield Chain(tuple(members), tuple(earlier))
        earlier += members
        members = [block]
    if len(members) > 1:
        yield Chain(tuple(members), tuple(earlier))


def _hijack(found: Chain, undefined: list[int], hits: list[Hit]) -> list[Hit]:
    """The root finding of a hijacked chain (rewriting `hits` in place to depend on it)."""
    head, first = found.members[0], found.members[1]
    spans = [(b.path, b.line, b.last_line) for b in found.members[1:]]
    declared = {name: block for block in found.before for name in _declared(block)}
    taken: list[tuple[int, str]] = []
    for i in undefined:
        code, finding = hits[i]
        name = _undefined(code, finding)
        inside = any(p == finding.path and a <= finding.line <= z for p, a, z in spans)
        if name is not None and inside and name in declared:
            taken.append((i, name))
    if not taken:
        return []
    names = list(dict.fromkeys(name for _, name in taken))
    source = declared[names[0]]
    precondition = chain(first.path, first.line)
    for i, _ in taken:
        code, finding = hits[i]
        hits[i] = code, replace(finding, needs=(*finding.needs, precondition))
    message = (
        f"this `continue` block continues the Go block at line {head.line}, not the one at line "
        f"{source.line} that declares {_listed(names)}: the block at line {head.line} came "
        "between them and took the chain over; move it after the chain"
    )
    root = Finding(first.path, first.line, first.column, message, breaks=(precondition,))
    return [(codes.BUILD_ERROR, root)]


def _undefined(code: str, finding: Finding) -> str | None:
    m = UNDEFINED_RE.match(finding.message) if code == codes.BUILD_ERROR else None
    return m["name"] if m else None


def _declared(block: Block) -> set[str]:
    return {
        name.strip()
        for pattern in DECLARATION_RES
        for m in pattern.finditer(block.code)
        for name in m["names"].split(",")
    }


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
