"""A code block's verdict from the GO findings on its lines, as `snippets --check` and `status`
both show it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coursecheck.diagnostics import Finding, Hit
    from coursecheck.snippets.extract import Block

OK, FAIL, IGNORED, SKIPPED, OUTPUT = "ok", "fail", "ignored", "skipped", "output"


def extent(block: Block) -> tuple[int, int]:
    """First and last line of a block, closing fence included, and of the output block its
    run is compared with: what its verdict, and a suppression above it, cover."""
    last = block.output or block
    return block.line, last.last_line + (1 if last.fenced and last.closed else 0)


def belongs(block: Block, finding: Finding) -> bool:
    first, last = extent(block)
    return finding.path == block.path and first <= finding.line <= last


def findings_of(block: Block, hits: Iterable[Hit]) -> list[Hit]:
    return [(code, finding) for code, finding in hits if belongs(block, finding)]


def verdict(block: Block, mine: list[Hit]) -> str:
    if not block.is_go:
        return OUTPUT if block.info.is_output and not mine else (FAIL if mine else SKIPPED)
    if block.info.has("ignore"):
        return FAIL if mine else IGNORED
    return FAIL if mine else OK
