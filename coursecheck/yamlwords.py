"""A YAML parser error in plain words, at the line that causes it.

The parser reports where it gave up, often a line late and in its own terms ("could not find
expected ':'" on the line after the one missing its colon). The common slips are recognised
from the parser's problem and marks and explained where the author has to look."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ruamel.yaml.error import MarkedYAMLError

KEY_VALUE_RE = re.compile(r"^\s*(?:-\s+)?[^\s#'\"][^:#]*:(?:\s|$)")


@dataclass(frozen=True)
class Explained:
    message: str
    line: int  # 0-based, as the parser's marks
    column: int


def explain(exc: MarkedYAMLError, text: str) -> Explained | None:
    """The slip in plain words, or None when it is not one of the known ones."""
    lines = text.split("\n")
    problem, context = str(exc.problem or ""), str(exc.context or "")
    at, opened = exc.problem_mark, exc.context_mark
    if at is None:
        return None
    if "quoted scalar" in context and "end of stream" in problem and opened is not None:
        quote = _char(lines, opened.line, opened.column)
        return Explained(
            f"the quote {quote} opened here is never closed; end the value with {quote} "
            "on the same line",
            opened.line,
            opened.column,
        )
    if "cannot start any token" in problem:
        return _bad_start(lines, at.line, at.column)
    if "simple key" in context and "expected ':'" in problem and opened is not None:
        written = lines[opened.line].strip()
        return Explained(
            f"{written!r} is not 'key: value': {_why(written)}", opened.line, opened.column
        )
    if "mapping values are not allowed" in problem:
        return _stray_colon(lines, at.line, at.column)
    if "flow" in context and "expected ','" in problem and opened is not None:
        bracket = _char(lines, opened.line, opened.column)
        closing = {"[": "]", "{": "}"}.get(bracket, "]")
        return Explained(
            f"the {bracket} opened here is never closed; end it with {closing} on the same line",
            opened.line,
            opened.column,
        )
    if "expected <block end>" in problem:
        return _block_end(lines, at.line, at.column, problem)
    if "expected the node content" in problem and _char(lines, at.line, at.column) == ",":
        return Explained(
            "two commas in a row: an item is missing between them; remove one comma",
            at.line,
            at.column,
        )
    if "chomping or indentation indicators" in problem:
        return Explained(
            "only '-', '+' or an indentation digit may follow '>' or '|' on its line; the text "
            "goes on the lines below, indented",
            at.line,
            at.column,
        )
    return None


def _bad_start(lines: list[str], line: int, column: int) -> Explained:
    char = _char(lines, line, column)
    if char == "\t":
        return Explained("a tab indents this line; YAML indents with spaces only", line, column)
    return Explained(f"a value cannot start with {char}; put the value in quotes", line, column)


def _stray_colon(lines: list[str], line: int, column: int) -> Explained:
    before = lines[line][:column] if line < len(lines) else ""
    value = lines[line][before.find(": ") + 2 :].strip() if ": " in before else ""
    if value.endswith(":") and ":" not in value[:-1]:
        return Explained(
            f"the value {value!r} ends with a stray ':'; remove it", line, before.index(": ") + 2
        )
    if ": " in before.strip():
        start = before.index(": ") + 2
        return Explained(
            "a value that holds ': ' must be quoted: "
            f'{before[:start].strip()} "{lines[line][start:].strip()}"',
            line,
            start,
        )
    previous = _previous(lines, line)
    if previous is None:
        return _indented(lines, line)
    written, indent = lines[previous].strip(), _indent(lines[previous])
    if not KEY_VALUE_RE.match(lines[previous]):
        return Explained(f"{written!r} is not 'key: value': {_why(written)}", previous, indent)
    if _indent(lines[line]) > indent and not written.endswith(":"):
        return Explained(
            f"this line is indented under {written!r}, which already has a value; keys of one "
            "mapping start in the same column",
            line,
            _indent(lines[line]),
        )
    return _indented(lines, line)


def _block_end(lines: list[str], line: int, column: int, problem: str) -> Explained | None:
    before = lines[line][:column] if line < len(lines) else ""
    if "<scalar>" in problem and before.rstrip()[-1:] in ("'", '"'):
        quote = before.rstrip()[-1]
        opened = _opened_above(lines, line, quote) if before.count(quote) % 2 else None
        if opened is not None:  # the value's quote was left open lines above: blame that line
            return Explained(
                f"the quote {quote} opened here is never closed; end the value with {quote} "
                "on the same line",
                *opened,
            )
        if (
            quote == "'"
            and before.rstrip()[-2:-1].isalpha()
            and _char(lines, line, column).isalpha()
        ):
            return Explained(
                "an apostrophe ends a '...' value: write it twice ('') or put the value in "
                "double quotes",
                line,
                len(before.rstrip()) - 1,
            )
        return Explained(
            "text follows the closing quote; put the whole value inside the quotes", line, column
        )
    if "<block mapping start>" in problem or "<block sequence start>" in problem:
        return _indented(lines, line)
    return None


def _opened_above(lines: list[str], line: int, quote: str) -> tuple[int, int] | None:
    """Where a value opened the quote that a later line's quote closes: the nearest line above
    with an odd number of them."""
    for above in range(line - 1, -1, -1):
        if lines[above].count(quote) % 2:
            return above, lines[above].rindex(quote)
    return None


def _why(written: str) -> str:
    if ":" in written:
        return "a key needs ': ' (a colon, then a space) after it"
    return "the ':' after the key is missing"


def _indented(lines: list[str], line: int) -> Explained:
    return Explained(
        "this line's indentation matches no key above it; keys of one mapping start in the "
        "same column",
        line,
        _indent(lines[line]),
    )


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip())


def _previous(lines: list[str], line: int) -> int | None:
    """The last line before `line` that holds YAML (not blank, not a comment)."""
    written = (i for i in range(line - 1, -1, -1) if lines[i].strip())
    return next((i for i in written if not lines[i].lstrip().startswith("#")), None)


def _char(lines: list[str], line: int, column: int) -> str:
    text = lines[line] if line < len(lines) else ""
    return text[column] if column < len(text) else "?"
