"""Every code block of a Markdown document, with the positions a finding needs."""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from coursecheck.markdown import Document, Token
from coursecheck.snippets.attrs import Info, parse_info
from coursecheck.snippets.tabs import restore_tabs

SETUP_OPEN = "<!-- coursecheck: setup"
SUPPRESSION_RE = re.compile(r"\s*<!--\s*coursecheck:\s*ignore\b[^\n]*-->\s*$")
Origin = tuple[int, int]


@dataclass(frozen=True)
class Setup:
    code: str
    origin: tuple[Origin, ...]


@dataclass(frozen=True)
class Block:
    """A code block. Code line k, column c (1-based) is document (origin[k][0], origin[k][1]+c)."""

    path: Path
    line: int  # the opening fence (first code line for an indented block)
    column: int
    info_text: str
    info: Info
    info_column: int  # document column where the info string starts
    code: str
    origin: tuple[Origin, ...]
    closed: bool
    fenced: bool = True
    setup: Setup | None = None
    output: Block | None = None
    after_code: bool = False  # a fenced block that directly follows another code block

    @property
    def first_line(self) -> int:
        return self.origin[0][0] if self.origin else self.line + 1

    @property
    def last_line(self) -> int:
        return self.origin[-1][0] if self.origin else self.line

    @property
    def is_go(self) -> bool:
        return self.fenced and self.info.is_go

    def position(self, line: int, column: int) -> tuple[int, int]:
        """Document position of 1-based (line, byte column, as Go counts) in the code."""
        if not self.origin:
            return self.line, self.column
        k = min(max(line, 1), len(self.origin)) - 1
        doc_line, offset = self.origin[k]
        return doc_line, offset + char_column(self.code.split("\n")[k], column)


def char_column(text: str, byte_column: int) -> int:
    """Go counts columns in bytes, editors in characters."""
    head = text.encode()[: max(byte_column, 1) - 1]
    return len(head.decode("utf-8", "ignore")) + 1


# The blocks of each parsed page, found once: the GO rules, the fence-language check and
# `snippets`' listing all ask for the same page's. Keyed by the (frozen) document's identity,
# dropped when the document is.
_FOUND: dict[int, tuple[Path, tuple[Block, ...]]] = {}


def extract(path: Path, doc: Document) -> list[Block]:
    known = _FOUND.get(id(doc))
    if known is not None and known[0] == path:
        return list(known[1])
    found = _extract(path, doc)
    _FOUND[id(doc)] = (path, tuple(found))
    weakref.finalize(doc, _FOUND.pop, id(doc), None)
    return found


def _extract(path: Path, doc: Document) -> list[Block]:
    # An explicit stack, not recursion: a page of a thousand nested lists must not overflow.
    found: list[Block] = []
    stack: list[Iterator[Neighbours]] = [_content(doc.tokens)]
    while stack:
        item = next(stack[-1], None)
        if item is None:
            stack.pop()
        elif item[1].get("type") == "block_code":
            found.append(_paired(path, doc, *item))
        else:
            stack.append(_content(item[1].get("children", [])))
    return found


# The sibling before, the token, the sibling after, and the sibling before any suppression
# comments directly above the token (where its setup is).
Neighbours = tuple[Token | None, Token, Token | None, Token | None]


def _content(tokens: list[Token]) -> Iterator[Neighbours]:
    """Each token with the siblings before and after it, blank lines left out."""
    content = [t for t in tokens if t.get("type") != "blank_line"]
    for i, token in enumerate(content):
        before = content[i - 1] if i > 0 else None
        above = i - 1
        while above >= 0 and _is_suppression(content[above]):
            above -= 1  # a setup and an ignore comment stack above one snippet
        setup = content[above] if above >= 0 else None
        yield before, token, content[i + 1] if i + 1 < len(content) else None, setup


def _is_suppression(token: Token) -> bool:
    raw = str(token.get("raw", ""))
    return token.get("type") == "block_html" and SUPPRESSION_RE.match(raw) is not None


def _paired(
    path: Path,
    doc: Document,
    before: Token | None,
    token: Token,
    after: Token | None,
    setup: Token | None,
) -> Block:
    block = _block(path, doc, token)
    if block.fenced and before is not None:
        block = _replace(block, after_code=before.get("type") == "block_code")
    if block.is_go:
        block = _replace(block, setup=_setup(setup), output=_output(path, doc, after))
    return block


def _replace(block: Block, **changes: object) -> Block:
    return replace(block, **changes)  # type: ignore[arg-type]


def _block(path: Path, doc: Document, token: Token) -> Block:
    raw = str(token.get("raw", ""))
    line, column = int(token.get("_line", 1)), int(token.get("_column", 1))
    fenced = token.get("style") == "fenced"
    origin = tuple(token.get("_code_origin", ()))
    if fenced:
        raw, origin = restore_tabs(doc.lines, raw, origin)
    info_text = str(token.get("attrs", {}).get("info", "") or "") if fenced else ""
    return Block(
        path=path,
        line=line,
        column=column,
        info_text=info_text,
        info=parse_info(info_text),
        info_column=_info_column(doc, line, column, info_text),
        code=raw,
        origin=origin,
        closed=bool(token.get("_closed", True)),
        fenced=fenced,
    )


def _info_column(doc: Document, line: int, column: int, info: str) -> int:
    text = doc.lines[line - 1] if 0 < line <= len(doc.lines) else ""
    at = text.find(info, column - 1) if info else -1
    return at + 1 if at >= 0 else column


def _setup(token: Token | None) -> Setup | None:
    if token is None or token.get("type") != "block_html":
        return None
    raw = str(token.get("raw", ""))
    if not raw.lstrip().startswith(SETUP_OPEN):
        return None
    lines = raw.rstrip("\n").split("\n")
    line, column = int(token.get("_line", 1)), int(token.get("_column", 1))
    # `setup:` is ST005's slip; its colon is no Go code.
    first = lines[0].split(SETUP_OPEN, 1)[1].removeprefix(":")
    indent = len(lines[0]) - len(first.lstrip())
    body, origin = lines[1:], [(line + 1 + k, column - 1) for k in range(len(lines) - 1)]
    if first.strip():  # <!-- coursecheck: setup x := 1 --> on one line
        body, origin = [first.lstrip(), *body], [(line, column - 1 + indent), *origin]
    if body and body[-1].strip() == "-->":
        body, origin = body[:-1], origin[:-1]
    elif body:
        body[-1] = body[-1].rsplit("-->", 1)[0]
    return Setup("\n".join(body), tuple(origin))


def _output(path: Path, doc: Document, token: Token | None) -> Block | None:
    if token is None or token.get("type") != "block_code" or token.get("style") != "fenced":
        return None
    block = _block(path, doc, token)
    return block if block.info.is_output else None
