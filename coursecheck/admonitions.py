"""MkDocs admonitions (`!!! note`, `??? tip`, `???+ warning`): a marker line, then a body
indented four columns, which the site renders as Markdown.

CommonMark has no such block, so the body parses as one indented code block and a fence in it
(a Go snippet in a note, as real Go books write them) would never be found. Where a paragraph
is a marker line alone and an indented code block follows it, the code block becomes an
`admonition` container whose children are its body parsed as Markdown, with positions in the
document (each body line placed where the code block's own line map puts it).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

Token = dict[str, Any]
Parse = Callable[[str], list[Token]]
MARKER_RE = re.compile(
    r" {0,3}(?:!!!|\?\?\?\+?)[ \t]*[\w-]+(?:[ \t]+[\w-]+)*(?:[ \t]+\"[^\"]*\")?[ \t]*"
)


def open_admonitions(tokens: list[Token], lines: list[str], parse: Parse) -> list[Token]:
    """`tokens` with each admonition's body parsed; nested containers are opened too."""
    opened: list[Token] = []
    for token in tokens:
        children = token.get("children")
        if isinstance(children, list) and token.get("type") != "paragraph":
            token["children"] = open_admonitions(children, lines, parse)
        before = _last_content(opened)
        if before is not None and _is_marker(before, lines) and _is_body(token):
            token = _container(token, parse)
        opened.append(token)
    return opened


def _last_content(tokens: list[Token]) -> Token | None:
    return next((t for t in reversed(tokens) if t.get("type") != "blank_line"), None)


def _is_marker(token: Token, lines: list[str]) -> bool:
    """A paragraph of one line, a marker (read from the paragraph's column: in a list item or
    a quote the line starts with the container's own indentation or `>`)."""
    line, column = int(token.get("_line", 0)), int(token.get("_column", 1))
    if token.get("type") != "paragraph" or not 0 < line <= len(lines):
        return False
    one_line = all(c.get("type") not in ("softbreak", "linebreak") for c in token["children"])
    return one_line and MARKER_RE.fullmatch(lines[line - 1][column - 1 :]) is not None


def _is_body(token: Token) -> bool:
    return token.get("type") == "block_code" and token.get("style") == "indent"


def _container(token: Token, parse: Parse) -> Token:
    """The body is the code block's text: its container's indentation and the four columns
    are gone already, and `_code_origin` says where each of its lines sits in the document."""
    origin: list[tuple[int, int]] = list(token.get("_code_origin") or [])
    children = parse(str(token.get("raw", "")))
    for child in _walk(children):
        _shift(child, origin)
    return {
        "type": "admonition",
        "_line": token.get("_line", origin[0][0] if origin else 1),
        "_column": token.get("_column", 1),
        "children": children,
    }


def _shift(token: Token, origin: list[tuple[int, int]]) -> None:
    def place(line: int) -> tuple[int, int]:
        return origin[min(max(line, 1), len(origin)) - 1] if origin else (line, 0)

    if "_line" in token:
        line, offset = place(int(token["_line"]))
        token["_line"], token["_column"] = line, int(token.get("_column", 1)) + offset
    if "_code_origin" in token:
        token["_code_origin"] = [
            (place(line)[0], column + place(line)[1]) for line, column in token["_code_origin"]
        ]


def _walk(tokens: list[Token]) -> list[Token]:
    found: list[Token] = []
    stack = list(tokens)
    while stack:
        token = stack.pop()
        found.append(token)
        stack.extend(token.get("children", []) if isinstance(token.get("children"), list) else [])
    return found
