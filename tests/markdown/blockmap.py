"""The block outline of a Markdown text as mistune (with our positions) and as markdown-it-py,
the CommonMark reference port, see it: one (kind, depth, size, line) per block, in document
order. The size (lines of a paragraph's or heading's text, of a code block's code) is part of
the shape so that two parsers that cut the same blocks at different lines do not pass for
agreeing."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

try:
    from markdown_it import MarkdownIt
except ModuleNotFoundError as missing:  # a test that cannot compare must say so, not skip
    raise ModuleNotFoundError(
        "the CommonMark position tests need markdown-it-py: pip install -e '.[test]'"
    ) from missing

from coursecheck.markdown import Token, parse_markdown

# mistune token type (and code style) -> the CommonMark name both outlines use
MISTUNE_KINDS = {
    "paragraph": "paragraph",
    "block_text": "paragraph",  # a tight list item's paragraph
    "heading": "heading",
    "block_quote": "quote",
    "list": "list",
    "list_item": "item",
    "block_html": "html",
    "thematic_break": "hr",
    "block_code/fenced": "fence",
    "block_code/indent": "indented",
}
# markdown-it-py token type -> the same names
COMMONMARK_KINDS = {
    "paragraph_open": "paragraph",
    "heading_open": "heading",
    "blockquote_open": "quote",
    "bullet_list_open": "list",
    "ordered_list_open": "list",
    "list_item_open": "item",
    "html_block": "html",
    "hr": "hr",
    "fence": "fence",
    "code_block": "indented",
}
_COMMONMARK = MarkdownIt("commonmark")


@dataclass(frozen=True)
class Outline:
    shape: tuple[tuple[str, int, int], ...]  # (kind, depth, size) of each block
    lines: tuple[int | None, ...]  # its 1-based start line; None if it has none

    def mismatches(self, other: Outline) -> list[str]:
        """Blocks of the same shape whose lines differ, as readable lines."""
        return [
            f"{kind} (depth {depth}): line {mine}, CommonMark says {theirs}"
            for (kind, depth, _), mine, theirs in zip(
                self.shape, self.lines, other.lines, strict=True
            )
            if mine != theirs
        ]


def mistune_outline(text: str) -> Outline:
    return _outline(_mistune_rows(parse_markdown(text).tokens, 0))


Row = tuple[str, int, int, int | None]


def _outline(rows: Iterator[Row]) -> Outline:
    listed = list(rows)
    return Outline(tuple(row[:3] for row in listed), tuple(row[3] for row in listed))


def _mistune_rows(tokens: list[Token], depth: int) -> Iterator[Row]:
    for token in tokens:
        kind = MISTUNE_KINDS.get(_mistune_type(token))
        if kind is None:
            continue
        yield kind, depth, _mistune_size(token), token.get("_line")
        if kind in ("quote", "list", "item"):
            yield from _mistune_rows(token.get("children", []), depth + 1)


def _mistune_size(token: Token) -> int:
    if token["type"] == "block_code":
        return _lines(str(token["raw"]))
    if token["type"] in ("paragraph", "block_text", "heading"):
        return 1 + sum(t["type"] in ("softbreak", "linebreak") for t in _inline(token))
    return 0


def _inline(token: Token) -> Iterator[Token]:
    for child in token.get("children", []):
        yield child
        yield from _inline(child)


def _lines(code: str) -> int:
    return len(code.split("\n")) - code.endswith("\n") if code else 0


def _mistune_type(token: Token) -> str:
    kind = str(token["type"])
    return f"{kind}/{token.get('style')}" if kind == "block_code" else kind


def commonmark_outline(text: str) -> Outline:
    rows: list[Row] = []
    depth = 0
    tokens = _COMMONMARK.parse(text)
    for index, token in enumerate(tokens):
        kind = COMMONMARK_KINDS.get(token.type)
        if kind is not None:
            size = _commonmark_size(token, tokens[index + 1] if index + 1 < len(tokens) else None)
            rows.append((kind, depth, size, _first_line(token.map)))
        if kind in ("quote", "list", "item") and token.nesting == 1:
            depth += 1
        elif token.nesting == -1 and token.type.replace("_close", "_open") in _CONTAINERS:
            depth -= 1
    return _outline(iter(rows))


def _commonmark_size(token: Any, following: Any) -> int:
    if token.type in ("fence", "code_block"):
        return _lines(token.content)
    if token.type in ("paragraph_open", "heading_open") and following is not None:
        return 1 + sum(t.type in ("softbreak", "hardbreak") for t in following.children or [])
    return 0


_CONTAINERS = {t for t, kind in COMMONMARK_KINDS.items() if kind in ("quote", "list", "item")}


def _first_line(where: Any) -> int | None:
    return int(where[0]) + 1 if where else None


def misplaced(text: str) -> list[str]:
    """Blocks whose (line, column) does not point at their own start in the source: the
    text from that column, spaces skipped, must begin with the block's marker or text."""
    doc = parse_markdown(text)
    wrong = []
    for token in doc.walk():
        start = _start_text(token)
        if start is None:
            continue
        line, column = token["_line"], token["_column"]
        found = doc.lines[line - 1][column - 1 :].lstrip(" \t") if line <= len(doc.lines) else ""
        if not found.startswith(start):
            wrong.append(f"{token['type']} at {line}:{column} should start {start!r}: {found!r}")
    return wrong


def _start_text(token: Token) -> str | None:
    kind = _mistune_type(token)
    if kind in ("paragraph", "block_text") or token.get("style") == "setext":
        return next((str(t["raw"]) for t in _inline(token) if t["type"] == "text"), None)
    starts = {
        "heading": "#",
        "block_quote": ">",
        "list": _list_marker(token),
        "list_item": None,
        "block_html": str(token.get("raw", "")).lstrip(" ")[:2],
        "thematic_break": None,
        "block_code/fenced": token.get("marker"),
        "block_code/indent": str(token.get("raw", "")).split("\n")[0].lstrip(" \t")[:4],
    }
    return starts.get(kind)


def _list_marker(token: Token) -> str:
    attrs = token.get("attrs", {})
    return str(attrs.get("start", 1)) if attrs.get("ordered") else str(token.get("bullet"))
