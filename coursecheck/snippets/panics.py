"""Programs a lesson shows crashing: `should_panic` (a Go panic or fatal error, exit status
2) or `exit=N` on the fence. The exit status is checked, and the output block is compared with
what the program printed, through the panic value and the first frame of its trace: goroutine
numbers and addresses are made constant (chance.steady) and the frames' file lines left out, so
the expected block stays readable and does not change when the page around it does."""

from __future__ import annotations

import re
from collections.abc import Iterator

from coursecheck.diagnostics import Finding
from coursecheck.snippets import codes
from coursecheck.snippets.attrs import Attr
from coursecheck.snippets.chance import steady
from coursecheck.snippets.extract import Block

SHOULD_PANIC = "should_panic"
EXIT = "exit"
ATTRIBUTES = (SHOULD_PANIC, EXIT)
PANIC_STATUS = 2  # what the runtime exits with after a panic or a fatal error
CRASH = re.compile(r"^(?:panic: |fatal error: )", re.MULTILINE)
HEADER = re.compile(r"^goroutine N \[")
EXCLUSIVE = ("no_run", "test", "compile_fail")


def expected_status(block: Block) -> int | None:
    """The exit status the fence promises, or None when the program must exit cleanly."""
    if block.info.has(SHOULD_PANIC):
        return PANIC_STATUS
    attr = block.info.get(EXIT)
    return _status(attr.value) if attr else None


def _status(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and 1 <= int(value) <= 125 else None


def status_hits(block: Block, code: int, printed: str) -> Iterator[tuple[str, Finding]]:
    """GO023 when the run ended otherwise than the fence says."""
    want = expected_status(block)
    attr = block.info.get(SHOULD_PANIC) or block.info.get(EXIT)
    if want is None or attr is None:
        return
    crashed = code == PANIC_STATUS and CRASH.search(printed) is not None
    if attr.name == SHOULD_PANIC and not crashed:
        how = "exits with status 2 without a panic" if code == PANIC_STATUS else _ended(code)
        yield _hit(block, attr, f"the program should panic (should_panic), but it {how}")
    elif attr.name == EXIT and code != want:
        message = f"the program should end with exit status {want} ({EXIT}={want}), but it "
        yield _hit(block, attr, message + _ended(code))


def _ended(code: int) -> str:
    return f"exits with status {code}" if code >= 0 else f"is killed by signal {-code}"


def _hit(block: Block, attr: Attr, message: str) -> tuple[str, Finding]:
    column = block.info_column + attr.offset
    return codes.EXIT_STATUS, Finding(block.path, block.line, column, message)


def hint(code: int, got: list[str]) -> str:
    """For a crash the fence does not promise: how to show it."""
    if code != PANIC_STATUS or CRASH.search("\n".join(got)) is None:
        return ""
    return "; to show the crash, mark the fence should_panic"


def compared(lines: list[str]) -> list[str]:
    """What of a crash's output is compared: what came before the trace, the panic value,
    the goroutine header and the first frame's function, file lines left out."""
    kept = steady("\n".join(lines)).split("\n")
    header = next((i for i, line in enumerate(kept) if HEADER.match(line)), None)
    if header is None:
        return kept
    frame = next((line for line in kept[header + 1 :] if not line.startswith("\t")), None)
    return kept[: header + 1] + ([frame] if frame is not None else [])


def validate(block: Block) -> Iterator[tuple[str, Finding]]:
    """Attribute problems: a value where none is taken, a status out of range, a crash
    nothing would check."""
    flag, status = block.info.get(SHOULD_PANIC), block.info.get(EXIT)
    if flag is not None and flag.value is not None:
        yield _bad(block, flag, "should_panic takes no value")
    if status is not None and _status(status.value) is None:
        yield _bad(block, status, "exit wants a status from 1 to 125, such as exit=1")
    attr = flag or status
    if attr is None:
        return
    if flag is not None and status is not None:
        yield _bad(block, status, "should_panic already means exit status 2; drop exit")
    clash = next((name for name in EXCLUSIVE if block.info.has(name)), None)
    if clash is not None or block.output is None:
        why = f"with {clash}, nothing runs" if clash else "add the output block it prints"
        yield _bad(block, attr, f"{attr.name} is checked against the output block after it: {why}")


def _bad(block: Block, attr: Attr, message: str) -> tuple[str, Finding]:
    column = block.info_column + attr.offset
    return codes.BAD_ATTRIBUTE, Finding(block.path, block.line, column, message)
