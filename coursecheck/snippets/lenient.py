"""Lenient mode (`snippets --check --lenient`), for Markdown not written for coursecheck.

Each Go block is built against the page's earlier Go blocks (its context: their declarations,
a later one replacing an earlier one of the same name; gohelper/lenient.go). A block that
`go build` would leave out here is `skipped`; one that elides code (`...`, `…`, `// ...`) and
is otherwise fine is `elided`; one that imports what no offline build resolves, and is
otherwise fine, is `external`. Each such verdict comes with a `Note` saying why."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from coursecheck.snippets.constraints import excluded
from coursecheck.snippets.extract import Block
from coursecheck.snippets.findings import NOTE_KINDS, place
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

ELIDED, EXTERNAL, SKIPPED = "elided", "external", "skipped"


@dataclass(frozen=True)
class Note:
    """Why a block that does not fail is not plainly `ok`: its verdict and a reason."""

    verdict: str
    path: Path
    line: int  # a line of the block
    reason: str


def plan(blocks: list[Block]) -> tuple[list[Unit], list[Hit], list[Note]]:
    """The lenient units of one page, the findings that need no build, and the blocks
    `go build` leaves out here."""
    hits = checks(blocks)
    units: list[Unit] = []
    notes: list[Note] = []
    context: list[Block] = []
    for block in blocks:
        if not block.is_go or block.info.has("ignore"):
            continue
        why = excluded(block)
        if why is not None:
            notes.append(Note(SKIPPED, block.path, block.line, why))
            continue
        units.append(_unit([*context, block]))
        if not block.info.has("compile_fail"):
            context.append(block)
    return units, hits, notes


def _unit(members: list[Block]) -> Unit:
    block = members[-1]
    if block.info.has("compile_fail"):
        attr = block.info.get("compile_fail")
        return make_unit(members, Kind.FAIL, expect=attr.value if attr else None, lenient=True)
    if block.info.has("test") and PACKAGE_CLAUSE.search(block.code):
        return make_unit(members, Kind.TEST, timeout=timeout_of(block), lenient=True)
    if block.output is not None and not block.info.has("no_run"):
        return make_unit(
            members, Kind.RUN, output=block.output, timeout=timeout_of(block), lenient=True
        )
    return make_unit(members, Kind.COMPILE, lenient=True)


def notes(unit: Unit, result: CheckResult) -> Iterator[Note]:
    """The elided and external notes the helper gave the unit's last block."""
    for hit in result.findings:
        if hit.kind in NOTE_KINDS:
            where = place(unit, hit)
            yield Note(hit.kind, where.path, where.line, f"{hit.msg} (line {where.line})")


def of_block(block: Block, found: Iterable[Note]) -> list[Note]:
    first, last = block.line, block.last_line + 1
    return [n for n in found if n.path == block.path and first <= n.line <= last]
