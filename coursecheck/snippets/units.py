"""From a page's code blocks to build units: chains, expectations, and attribute findings."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum

from coursecheck.cache.identity import digest
from coursecheck.diagnostics import Finding
from coursecheck.preconditions import text
from coursecheck.snippets import codes, panics, versions
from coursecheck.snippets.attrs import (
    KNOWN,
    OUTPUT_KNOWN,
    Attr,
    parse_duration,
    unknown_attribute,
)
from coursecheck.snippets.extract import Block

PACKAGE_CLAUSE = re.compile(r"^package\s+\w+", re.MULTILINE)
DEFAULT_TIMEOUT = 3.0
MAX_TIMEOUT = 120.0
Hit = tuple[str, Finding]


class Kind(StrEnum):
    COMPILE = "compile"
    FAIL = "fail"  # compile_fail
    RUN = "run"
    TEST = "test"


@dataclass(frozen=True)
class Member:
    """What the build sees of a block: code only, no positions, so moved text keeps its cache
    entry (Member in gohelper/main.go)."""

    code: str
    setup: str
    test: bool


@dataclass(frozen=True)
class Unit:
    """One package to build: a chain of blocks (the last one is the block being checked)."""

    members: tuple[Block, ...]
    kind: Kind
    expect: str | None = None  # compile_fail text
    output: Block | None = None
    timeout: float = DEFAULT_TIMEOUT
    key: str = field(default="", compare=False)
    go_version: str = ""  # the release the page claims, e.g. go1.22 (snippets/versions.py)
    claimed_by: str = ""
    lenient: bool = False  # built against the page's other blocks (snippets/lenient.py)
    ahead: int = 0  # lenient: members from further on the page, before the last one
    said_after: str = field(default="", compare=False)  # lenient: the page's text after it

    @property
    def last(self) -> Block:
        return self.members[-1]

    @property
    def id(self) -> str:
        return "u" + self.key[:20]

    def spec(self) -> tuple[Member, ...]:
        return tuple(
            Member(b.code, b.setup.code if b.setup else "", b.info.has("test"))
            for b in self.members
        )


# A member's fields are plain strings and flags: read directly, not through asdict's deep
# copies (a lenient unit holds its page's other blocks: thousands of members a run).
_MEMBER_FIELDS = tuple(f.name for f in fields(Member))


def member_json(member: Member) -> dict[str, object]:
    """A member as JSON sees it (the helper's request, a unit's key)."""
    return {name: getattr(member, name) for name in _MEMBER_FIELDS}


def make_unit(members: list[Block], kind: Kind, **extra: object) -> Unit:
    unit = Unit(tuple(members), kind, **extra)  # type: ignore[arg-type]
    # A lenient verdict is another verdict of the same code: never one for the other.
    mode = ("lenient", unit.ahead) if unit.lenient else ()
    key = digest([member_json(m) for m in unit.spec()], kind.value, unit.timeout, *mode)
    return replace(unit, key=key)


def finding(block: Block, line: int, column: int, message: str) -> Finding:
    return Finding(block.path, line, column, message)


def attr_finding(block: Block, attr: Attr, message: str) -> Finding:
    return Finding(block.path, block.line, block.info_column + attr.offset, message)


def validate(block: Block) -> Iterator[Hit]:
    """Attribute and fence problems of one block; they need no toolchain."""
    if block.is_go and not block.closed:
        message = "code fence is never closed; it runs to the end"
        # The rest of the page is read as this snippet: its headings and prose are lost.
        swallowed = (text(block.path, block.line + 1),)
        where = (block.path, block.line, block.column)
        yield codes.UNCLOSED_FENCE, Finding(*where, message, breaks=swallowed)
    if block.fenced and block.info.is_output:
        yield from _validate_output(block)
        return
    if not block.is_go:
        return
    for attr in block.info.attrs:
        if attr.name not in KNOWN:
            message = unknown_attribute(attr.name, KNOWN)
            # The block is not checked as its author meant (`shouldpanic`): what its code and
            # output block then report follows from the slip, and is folded into it.
            # (The code and the output block's lines; the output fence has slips of its own.)
            meant = tuple(
                text(b.path, b.first_line, b.last_line)
                for b in (block, block.output)
                if b is not None
            )
            yield codes.BAD_ATTRIBUTE, replace(attr_finding(block, attr, message), breaks=meant)
    ignore = block.info.get("ignore")
    if ignore is not None and not (ignore.value or "").strip():
        yield (
            codes.IGNORE_REASON,
            attr_finding(
                block, ignore, 'ignore needs a reason: ignore="why this block is not built"'
            ),
        )
    timeout = block.info.get("timeout")
    if timeout is not None and not _valid_timeout(timeout.value):
        yield (
            codes.BAD_ATTRIBUTE,
            attr_finding(
                block, timeout, f"timeout wants a duration up to {MAX_TIMEOUT:.0f}s, such as 5s"
            ),
        )
    yield from versions.validate(block)
    yield from panics.validate(block)
    for name in ("no_run", "test", "continue"):
        flag = block.info.get(name)
        if flag is not None and flag.value is not None:
            yield codes.BAD_ATTRIBUTE, attr_finding(block, flag, f"{name} takes no value")


def _valid_timeout(value: str | None) -> bool:
    seconds = parse_duration(value or "")
    return seconds is not None and 0 < seconds <= MAX_TIMEOUT


def _validate_output(block: Block) -> Iterator[Hit]:
    for attr in block.info.attrs:
        if attr.name not in OUTPUT_KNOWN:
            message = unknown_attribute(attr.name, OUTPUT_KNOWN)
            yield codes.BAD_ATTRIBUTE, attr_finding(block, attr, message)


def _orphans(blocks: list[Block]) -> Iterator[Hit]:
    """Output blocks not directly after a Go snippet, each said in terms of the code before."""
    code: Block | None = None  # the last code block that is not an output block
    for block in blocks:
        if not (block.fenced and block.info.is_output):
            code = block
        elif not block.after_code:
            message = _orphan_message(code)
            yield codes.ORPHAN_OUTPUT, finding(block, block.line, block.column, message)
        elif code is not None and not code.is_go:  # right after a `text` or `sh` block
            message = _after_other_code(code)
            yield codes.ORPHAN_OUTPUT, finding(block, block.line, block.column, message)


def _after_other_code(previous: Block) -> str:
    kind = f"a `{previous.info.lang}` block" if previous.info.lang else "a code block"
    return (
        f"output block follows {kind} (line {previous.line}), not a Go snippet: it is never "
        "compared; put it right after the snippet whose output it shows"
    )


def _orphan_message(previous: Block | None) -> str:
    if previous is None or not previous.is_go:
        return "output block follows no code block"
    if previous.output is not None:
        return (
            f"a second output block: the snippet at line {previous.line} already has its "
            f"output block at line {previous.output.line}"
        )
    return (
        f"output block is not directly after the Go snippet at line {previous.line} (text, or "
        "the end of a list or quote, stands between): put it right after the snippet, only "
        "blank lines between, or it is never compared"
    )


def timeout_of(block: Block) -> float:
    attr = block.info.get("timeout")
    seconds = parse_duration(attr.value or "") if attr else None
    return seconds if seconds and seconds <= MAX_TIMEOUT else DEFAULT_TIMEOUT


def plan(blocks: list[Block]) -> tuple[list[Unit], list[Hit]]:
    """The units of one page, in order, and the findings that need no build."""
    hits = checks(blocks)
    units: list[Unit] = []
    chain: list[Block] = []
    chain_done = True  # whether the chain's last state already has a unit
    for block in blocks:
        if not block.is_go or block.info.has("ignore"):
            continue
        if block.info.has("continue"):
            if not chain:
                cont = block.info.get("continue")
                assert cont is not None
                hits.append(
                    (
                        codes.CONTINUE_ALONE,
                        attr_finding(
                            block, cont, "continue, but no Go snippet comes before it on this page"
                        ),
                    )
                )
        else:
            if chain and not chain_done:
                units.append(_compile(chain))
            chain, chain_done = [], True
        if block.info.has("compile_fail"):
            attr = block.info.get("compile_fail")
            expect = attr.value if attr else None
            units.append(make_unit([*chain, block], Kind.FAIL, expect=expect))
            continue
        chain.append(block)
        chain_done = False
        runnable = block.output is not None and not block.info.has("no_run")
        if any(b.info.has("test") for b in chain):
            if not any(PACKAGE_CLAUSE.search(b.code) for b in chain):
                hits.append(_test_fragment(block))
            else:
                units.append(make_unit(chain, Kind.TEST, timeout=max(map(timeout_of, chain))))
            chain_done = True
        elif runnable:
            units.append(make_unit(chain, Kind.RUN, output=block.output, timeout=timeout_of(block)))
            chain_done = True
    if chain and not chain_done:
        units.append(_compile(chain))
    return units, hits


def checks(blocks: list[Block]) -> list[Hit]:
    """The page's findings that need no build: attributes, fences, output blocks."""
    return [hit for block in blocks for hit in validate(block)] + list(_orphans(blocks))


def _test_fragment(block: Block) -> Hit:
    attr = block.info.get("test") or block.info.get("continue")
    message = (
        "a test block is a _test.go file: start it with a package clause (and import "
        '"testing"), or continue a block that has one'
    )
    where = attr_finding(block, attr, message) if attr else finding(block, block.line, 1, message)
    return codes.TEST_FRAGMENT, where


def _compile(chain: list[Block]) -> Unit:
    return make_unit(chain, Kind.COMPILE)
