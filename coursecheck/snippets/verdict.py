"""A code block's verdict from the GO findings on its lines, as `snippets --check` and `status`
both show it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coursecheck.diagnostics import Finding, Hit
    from coursecheck.snippets.extract import Block
    from coursecheck.snippets.lenient import Note

OK, FAIL, IGNORED, SKIPPED, OUTPUT = "ok", "fail", "ignored", "skipped", "output"
ELIDED, EXTERNAL = "elided", "external"  # lenient mode only (snippets/lenient.py)


def extent(block: Block) -> tuple[int, int]:
    """First and last line of a block, closing fence included, and of the output block its
    run is compared with: what its verdict, and a suppression above it, cover."""
    last = block.output or block
    return block.line, last.last_line + (1 if last.fenced and last.closed else 0)


def belongs(block: Block, finding: Finding) -> bool:
    """On the block's lines, or on its hidden setup's: a setup that does not build fails the
    block it is prepended to, in `snippets --check` and `status` alike."""
    if finding.path != block.path:
        return False
    first, last = extent(block)
    return first <= finding.line <= last or _in_setup(block, finding.line)


def _in_setup(block: Block, line: int) -> bool:
    origin = block.setup.origin if block.setup else ()
    return bool(origin) and origin[0][0] <= line <= origin[-1][0]


def findings_of(block: Block, hits: Iterable[Hit]) -> list[Hit]:
    return [(code, finding) for code, finding in hits if belongs(block, finding)]


def on_no_block(blocks: Iterable[Block], hits: Iterable[Hit]) -> list[Hit]:
    """The findings no block owns (a setup with no snippet after it, an unclosed fence's
    page): shown apart, so that a failing verdict is never left unexplained."""
    listed = list(blocks)
    return [hit for hit in hits if not any(belongs(block, hit[1]) for block in listed)]


def verdict(block: Block, mine: list[Hit]) -> str:
    if not block.is_go:
        return OUTPUT if block.info.is_output and not mine else (FAIL if mine else SKIPPED)
    if block.info.has("ignore"):
        return FAIL if mine else IGNORED
    return FAIL if mine else OK


def judged(
    block: Block, mine: list[Hit], notes: list[Note], fails: Callable[[str], bool] | None = None
) -> tuple[str, str]:
    """The verdict and its reason in words (none for a plain `ok`). A failing finding fails
    the block whatever the notes say (`fails`: which codes fail it; by default, every one);
    then a skipped block was not built; elided code, then an external import, say why a
    block that builds was not checked in full; an `ok` note says why a block is ok."""
    failing = [hit for hit in mine if fails is None or fails(hit[0])]
    found = verdict(block, failing)
    by = {note.verdict: note.reason for note in notes}
    if found == FAIL:
        return FAIL, _failed(failing)
    warned = _warned(mine) if found == OK and mine else ""
    for kind in (SKIPPED, ELIDED, EXTERNAL, OK):
        if kind in by and found == OK:
            return kind, "; ".join(filter(None, [by[kind], warned if kind == OK else ""]))
    return found, warned or _reason(block, found)


def _warned(kept: list[Hit]) -> str:
    """Why an `ok` block shows findings: they are warnings (lenient mode's gofmt, or as the
    configuration says), which do not fail it."""
    from coursecheck.snippets.codes import GOFMT

    count = f"{len(kept)} warning{'s' if len(kept) != 1 else ''}"
    if all(code == GOFMT for code, _ in kept):
        return f"gofmt would change it: {count}"
    return f"{count}: {', '.join(sorted({code for code, _ in kept}))}"


def _failed(mine: list[Hit]) -> str:
    codes = sorted({code for code, _ in mine})
    return f"{len(mine)} finding{'s' if len(mine) != 1 else ''}: {', '.join(codes)}"


def _reason(block: Block, found: str) -> str:
    if found == IGNORED:
        attr = block.info.get("ignore")
        return f"ignore: {attr.value}" if attr and attr.value else "ignore"
    if found == OUTPUT:
        return "the output block of the Go block above"
    if found == SKIPPED:
        lang = block.info.lang
        return f"a `{lang}` block, not Go" if lang else "a code block with no language"
    return ""
