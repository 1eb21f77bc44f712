"""Lenient mode (`snippets --check --lenient`), for Markdown not written for coursecheck.

Each Go block is built against the page's earlier Go blocks (its context: their declarations,
a later one replacing an earlier one of the same name; gohelper/lenient.go). A block that
`go build` would leave out here is `skipped`; one that elides code (`...`, `…`, `// ...`) and
is otherwise fine is `elided`; one that imports what no offline build resolves, and is
otherwise fine, is `external`. Each such verdict comes with a `Note` saying why."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from coursecheck.snippets import codes
from coursecheck.snippets.constraints import excluded
from coursecheck.snippets.extract import Block
from coursecheck.snippets.findings import DECLARED, NOTE_KINDS, place
from coursecheck.snippets.results import CheckResult
from coursecheck.snippets.units import (
    PACKAGE_CLAUSE,
    Hit,
    Kind,
    Unit,
    checks,
    make_unit,
    timeout_of,
)
from coursecheck.snippets.verdict import OK, SKIPPED, belongs, extent


@dataclass(frozen=True)
class Note:
    """Why a block that does not fail is not plainly `ok`: its verdict and a reason."""

    verdict: str
    path: Path
    line: int  # a line of the block
    reason: str


def plan(blocks: list[Block], lines: list[str]) -> tuple[list[Unit], list[Hit], list[Note]]:
    """The lenient units of one page, the findings that need no build, and the blocks
    `go build` leaves out here. `lines` are the page's: what it says after a block."""
    hits = checks(blocks)
    notes: list[Note] = []
    built: list[Block] = []
    for block in blocks:
        if not block.is_go or block.info.has("ignore"):
            continue
        why = excluded(block)
        if why is not None:
            notes.append(Note(SKIPPED, block.path, block.line, why))
        else:
            built.append(block)
    saids = [_said_after(block, built[k + 1 : k + 3], lines) for k, block in enumerate(built)]
    context = [
        block
        for block, said in zip(built, saids, strict=True)
        if not block.info.has("compile_fail") and not _NOT_COMPILING.search(said[:300])
    ]
    units = []
    for k, block in enumerate(built):
        earlier = [b for b in context if b.line < block.line]
        later = [b for b in context if b.line > block.line]
        units.append(_unit([*earlier, *later, block], len(later), saids[k]))
    return units, hits, notes


# What a page says right after a block that does not compile on purpose: not context.
_NOT_COMPILING = re.compile(
    r"compilation error|compile error|compiler error|(does not|doesn't|won't|will not|fails to)"
    r" compile",
    re.IGNORECASE,
)


def _said_after(block: Block, following: list[Block], lines: list[str]) -> str:
    """The page's text after a block, up to the second Go block after it: a TDD page shows
    the error of a test right after it, or after the stub that makes it compile."""
    spans = [(extent(block)[1], len(lines))]
    for nxt in following:
        first, last = extent(nxt)
        spans[-1] = (spans[-1][0], first - 1)
        spans.append((last, len(lines)))
    spans = spans[: len(following)] if len(following) == 2 else spans
    return "\n".join(line for start, end in spans for line in lines[start:end])


def _unit(members: list[Block], ahead: int, said: str) -> Unit:
    block = members[-1]
    mode: dict[str, object] = {"lenient": True, "ahead": ahead, "said_after": said}
    if block.info.has("compile_fail"):
        attr = block.info.get("compile_fail")
        return make_unit(members, Kind.FAIL, expect=attr.value if attr else None, **mode)
    if block.info.has("test") and PACKAGE_CLAUSE.search(block.code):
        return make_unit(members, Kind.TEST, timeout=timeout_of(block), **mode)
    if block.output is not None and not block.info.has("no_run"):
        return make_unit(members, Kind.RUN, output=block.output, timeout=timeout_of(block), **mode)
    return make_unit(members, Kind.COMPILE, **mode)


def own(unit: Unit, found: Iterable[Hit], notes: list[Note]) -> list[Hit]:
    """The findings of a lenient unit that are its block's: not those of its context (each
    block reports its own), nor build errors the page itself quotes after the block (the
    TDD step "run the test: it fails with `undefined: Add`"), which become a note."""
    mine = [hit for hit in found if belongs(unit.last, hit[1])]
    errors = [hit for hit in mine if hit[0] == codes.BUILD_ERROR]
    said = _normal(unit.said_after)
    if not errors or not all(_quoted(finding.message, said) for _, finding in errors):
        return mine
    block = unit.last
    first = errors[0][1].message.split("\n")[0]
    notes.append(Note(OK, block.path, block.line, f"fails as the page says it does: {first}"))
    return [hit for hit in mine if hit[0] != codes.BUILD_ERROR]


def _normal(text: str) -> str:
    return " ".join(text.replace("`", " ").split()).lower()


def _head(message: str) -> str:
    """A build error's first words, as Go's compiler and go/types both write them."""
    return re.split(r" \(|\n|\t", message, maxsplit=1)[0].strip()


def _quoted(message: str, said: str) -> bool:
    head = _normal(_head(message))
    if len(head) < 8:  # too short to be a quotation
        return False
    if head in said:
        return True
    kind, _, rest = head.partition(": ")
    if rest and len(kind.split()) >= 2 and kind + ":" in said:
        return True
    # Without what is in brackets: the page quotes an earlier run (other arguments) or
    # another compiler's words ("f() used as value", go/types: "f() (no value) used as value").
    shape = _skeleton(_normal(message.split("\n")[0]))
    return len(shape) >= 12 and shape in _skeleton(said)


def _skeleton(text: str) -> str:
    while True:
        shorter = re.sub(r"\([^()]*\)", "", text)
        if shorter == text:
            return " ".join(text.split())
        text = shorter


def notes(unit: Unit, result: CheckResult) -> Iterator[Note]:
    """The elided and external notes the helper gave the unit's last block."""
    # Where the page declares a name the block could not build on: "(line @name)" in a reason.
    declared = {hit.msg: place(unit, hit).line for hit in result.findings if hit.kind == DECLARED}
    for hit in result.findings:
        if hit.kind in NOTE_KINDS and hit.kind != DECLARED:
            where = place(unit, hit)
            reason = _AT_NAMES.sub(lambda m: _lines(m[1], declared), hit.msg)
            yield Note(hit.kind, where.path, where.line, f"line {where.line}: {reason}")


_AT_NAMES = re.compile(r"(?<=\()line (@\w+(?:, @\w+)*)(?=\))")


def _lines(names: str, declared: dict[str, int]) -> str:
    """`@a, @b` as the page's lines that declare them: `line 12` or `lines 12, 40`."""
    found = sorted({declared[name[1:]] for name in names.split(", ") if name[1:] in declared})
    return f"line{'s' if len(found) > 1 else ''} {', '.join(map(str, found))}"


def of_block(block: Block, found: Iterable[Note]) -> list[Note]:
    first, last = block.line, block.last_line + 1
    return [n for n in found if n.path == block.path and first <= n.line <= last]
