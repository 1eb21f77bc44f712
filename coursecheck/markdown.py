"""Markdown parsed by mistune 3, with the source position of every block.

mistune 3 tokens carry no positions (lepture/mistune#218). We subclass its block state and
parser: every state knows, for each of its own lines, the document line and column it came
from; a child state (a list item or block quote, whose text mistune has stripped of markers
and indentation) has one line per parent line it spans, from the container's first. Every
block token, list items included, then gets `_line` and `_column` (1-based: where the
block's line starts inside its container; a fence's marker for fenced code), and code blocks
get `_code_origin`: one (line, column offset) per code line, so a position inside a snippet
maps back to the document even when nested.

A token is stamped when it is added to its state, at the start of the match being parsed, or
at the cursor when mistune adds it outside any match (its fast paths for indented code and
plain paragraphs skip parse_method).

Relies on mistune's BlockState/BlockParser internals: the version is pinned in pyproject.toml.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from re import Match
from typing import Any

import mistune
from mistune.block_parser import BlockParser
from mistune.core import BlockState

from coursecheck.admonitions import open_admonitions

Token = dict[str, Any]
# What can start inline markup in text coursecheck writes: code, emphasis, links and images,
# HTML and autolinks, strikethrough, an ATX closing sequence, an entity reference.
MARKUP_RE = re.compile(r"[\\`*_\[\]<>~#]|&(?=#?\w+;)")
LIST_ITEM_RE = re.compile(r" {0,3}(?:[*+-]|\d{1,9}[.)])[ \t]*$")  # a marker with no text
ESCAPE_RE = re.compile(r"\\([!-/:-@\[-`{-~])")  # a backslash before ASCII punctuation
Origin = tuple[int, int]  # (1-based document line, 0-based column offset of the state's text)


class _PositionedState(BlockState):
    def __init__(self, parent: Any | None = None) -> None:
        super().__init__(parent)
        self.origin: list[Origin] = []
        # per line, the first document column offset that belongs to this state's text: where
        # a tab became spaces, the origin's offset lies before it so that the text lands right
        self.floor: list[int] = []
        self.line_starts: list[int] = [0]
        # (offset, rule) of the matches being parsed, innermost last
        self.starts: list[tuple[int, str]] = [(0, "")]
        self.item_lines: dict[int, list[int]] = {}  # list match offset -> each item's marker line
        self.item_cursor: dict[int, int] = {}  # list match offset -> cursor at its last item

    def process(self, src: str) -> None:
        super().process(src)
        lines = src.split("\n")[:-1]
        self.line_starts = list(itertools.accumulate((len(t) + 1 for t in lines), initial=0))
        self.origin = [(i + 1, 0) for i in range(len(self.line_starts))]
        self.floor = [0] * len(self.line_starts)

    def line_index(self, offset: int) -> int:
        return bisect.bisect_right(self.line_starts, offset) - 1

    def line_text(self, index: int) -> str:
        start = self.line_starts[index]
        end = self.src.find("\n", start)
        return self.src[start:] if end < 0 else self.src[start:end]

    def origin_at(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) in the document of an offset into this state's text."""
        index = self.line_index(offset)
        at = min(index, len(self.origin) - 1)
        line, column = self.origin[at]
        return line, max(self.floor[at], column + offset - self.line_starts[index]) + 1

    def stamp(self, token: Token, offset: int) -> None:
        if "_line" in token:
            return
        token["_line"], token["_column"] = self.origin_at(offset)
        if token.get("type") == "block_code" and token.get("style") == "indent":
            first = self.line_index(offset)
            code_lines = str(token["raw"]).split("\n") if token["raw"] else []
            token["_code_origin"] = self.code_origin(first, code_lines)

    def code_origin(self, first: int, code_lines: list[str]) -> list[Origin]:
        """Where each code line's text starts: blank lines at their line's start."""
        last = len(self.origin) - 1
        return [
            self._clamped(first + k, text) if text else self.origin[min(first + k, last)]
            for k, text in enumerate(code_lines)
        ]

    def _clamped(self, index: int, text: str) -> Origin:
        (line, column), floor = self._line_origin(index, text)
        return line, max(column, floor)

    def append_token(self, token: Token) -> None:
        # mistune's fast paths (indented code, plain paragraphs) add tokens without going
        # through parse_method: outside any match, a block starts at the cursor.
        self.stamp(token, self.block_start())
        super().append_token(token)

    def prepend_token(self, token: Token) -> None:
        self.stamp(token, self.block_start())
        super().prepend_token(token)

    def block_start(self) -> int:
        """The offset of the match being parsed; outside any (starts[0] is the text's start),
        the cursor, where mistune's fast paths stand."""
        return self.starts[-1][0] if len(self.starts) > 1 else self.cursor

    def add_paragraph(self, text: str) -> None:
        last = self.last_token()
        super().add_paragraph(text)
        if self.last_token() is not last:
            self.stamp(self.tokens[-1], self.cursor)

    def child_state(self, src: str, lazy_line_starts: set[int] | None = None) -> BlockState:
        child = super().child_state(src, lazy_line_starts)
        assert isinstance(child, _PositionedState)
        first = self._first_child_line()
        placed = [self._line_origin(first + i, text) for i, text in enumerate(src.split("\n"))]
        child.origin = [origin for origin, _ in placed]
        child.floor = [floor for _, floor in placed]
        return child

    def _first_child_line(self) -> int:
        """A quote's or list item's text has one line per line it spans, from its first.

        A quote starts at its match. Item k+1's marker is on the line the list parser stood
        past when it made item k; the text starts there, or below when the marker has none."""
        offset, rule = self.starts[-1]
        if rule != "list":
            return self.line_index(offset)
        before = self.item_cursor.get(offset)
        marker = self.line_index(offset if before is None else before - 1)
        self.item_cursor[offset] = self.cursor
        self.item_lines.setdefault(offset, []).append(marker)
        empty = LIST_ITEM_RE.match(self.line_text(marker))
        return marker + 1 if empty else marker

    def _line_origin(self, index: int, text: str) -> tuple[Origin, int]:
        """The origin of a child's line of text found at the end of line `index`, and its
        floor."""
        if index >= len(self.origin):
            return self.origin[-1], self.floor[-1]
        (line, column), floor = self.origin[index], self.floor[index]
        parent = self.line_text(index)
        if parent.endswith(text):
            start = column + len(parent) - len(text)
            return (line, start), max(floor, start)
        # A tab in the indentation became spaces: the text's first non-blank character lands
        # on the parent's; its leading blanks stand for the blank run before it.
        content = text.lstrip(" \t")
        if content and parent.endswith(content):
            at = len(parent) - len(content)
            blank_run = len(parent[:at].rstrip(" \t"))
            return (line, column + at - len(text) + len(content)), max(floor, column + blank_run)
        start = column + len(parent) - len(parent.lstrip(" \t>"))
        return (line, start), max(floor, start)


class _PositionedBlockParser(BlockParser):
    state_cls = _PositionedState

    def parse_method(self, m: Match[str], state: BlockState) -> int | None:
        # Containers call parse_method again while scanning for their end, so the match
        # offsets form a stack. A token added to the list directly (a list that a following
        # block ended) is stamped once its match returns.
        assert isinstance(state, _PositionedState)
        state.starts.append((m.start(), str(m.lastgroup)))
        count = len(state.tokens)
        try:
            end = super().parse_method(m, state)
        finally:
            state.starts.pop()
        for token in state.tokens[max(0, count - 1) :]:  # prepend_token inserts before the last
            state.stamp(token, m.start())
        if m.lastgroup == "list":
            made = [t for t in state.tokens[count:] if t["type"] == "list"]
            _stamp_items(state, made[0] if made else None, m.start())
        return end

    def parse_fenced_code(self, m: Match[str], state: BlockState) -> int | None:
        assert isinstance(state, _PositionedState)
        count = len(state.tokens)
        end = super().parse_fenced_code(m, state)
        if end is None or len(state.tokens) == count:
            return end
        token = state.tokens[-1]
        state.stamp(token, m.start())
        fence_index = state.line_index(m.start())
        token["_column"] += len(m.group("fenced_1"))
        code_lines = token["raw"].split("\n")[:-1] if token["raw"] else []
        token["_code_origin"] = state.code_origin(fence_index + 1, code_lines)
        closing_index = fence_index + 1 + len(code_lines)
        token["_closed"] = closing_index < len(state.line_starts) and bool(
            state.line_text(closing_index).strip()
        )
        return end


def _stamp_items(state: _PositionedState, token: Token | None, start: int) -> None:
    state.item_cursor.pop(start, None)
    markers = state.item_lines.pop(start, [])
    for item, marker in zip(token["children"] if token else [], markers, strict=False):
        state.stamp(item, state.line_starts[marker])


@dataclass(frozen=True)
class Document:
    """A parsed Markdown document: the token tree with positions, and the source lines."""

    tokens: list[Token]
    lines: list[str]
    error: str | None = None  # set when the text could not be parsed at all

    def walk(self) -> Iterator[Token]:
        stack = list(reversed(self.tokens))
        while stack:
            token = stack.pop()
            yield token
            stack.extend(reversed(token.get("children", [])))

    def blocks(self, kind: str) -> Iterator[Token]:
        return (token for token in self.walk() if token.get("type") == kind)


def parse_markdown(text: str) -> Document:
    normalized = text.replace("\r\n", "\n").replace("\r", "\n")
    markdown = mistune.Markdown(renderer=None, block=_PositionedBlockParser())
    lines = normalized.split("\n")
    try:
        tokens = markdown(normalized)
    except RecursionError:  # mistune recurses on deeply interleaved quotes and lists
        return Document([], lines, "Markdown nests too deeply to parse")
    assert isinstance(tokens, list)
    return Document(open_admonitions(tokens, lines, _parse_body), lines)


def _parse_body(text: str) -> list[Token]:
    return parse_markdown(text).tokens


def plain_text(token: Token) -> str:
    """The text of an inline tree, markup dropped (code spans keep their content)."""
    if "raw" in token and token.get("type") != "block_code":
        return str(token["raw"])
    return "".join(plain_text(child) for child in token.get("children", []))


def escape_inline(text: str) -> str:
    """Plain text as Markdown that renders as that text: no link, HTML or emphasis."""
    return MARKUP_RE.sub(lambda m: "\\" + m[0], text)


def unescape_inline(text: str) -> str:
    """The text a line of Markdown shows, as far as backslash escapes go."""
    return ESCAPE_RE.sub(r"\1", text)
