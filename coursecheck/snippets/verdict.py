"""A code block's verdict from the GO findings on its lines, as `snippets --check` and `status`
both show it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coursecheck.diagnostics import Finding
    from coursecheck.snippets.extract import Block

Hit = tuple[str, "Finding"]
OK, FAIL, IGNORED, SKIPPED, OUTPUT = "ok", "fail", "ignored", "skipped", "output"


def belongs(block: Block, finding: Finding) -> bool:
    """On the block's lines, or on those of the output block its run is compared with."""
    end = (block.output.last_line + 1) if block.output else block.last_line + 1
    return finding.path == block.path and block.line <= finding.line <= end


def findings_of(block: Block, hits: Iterable[Hit]) -> list[Hit]:
    return [(code, finding) for code, finding in hits if belongs(block, finding)]


def verdict(block: Block, mine: list[Hit]) -> str:
    if not block.is_go:
        return OUTPUT if block.info.is_output and not mine else (FAIL if mine else SKIPPED)
    if block.info.has("ignore"):
        return FAIL if mine else IGNORED
    return FAIL if mine else OK
