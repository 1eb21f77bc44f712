"""The tabs of a snippet nested in a list item or block quote, as the document has them.

mistune expands every leading tab of a list item's or quote's lines into spaces, so a
gofmt-clean body (indented with tabs) would read as indented with spaces: GO003 on correct
code, and a --fix that never converges. CommonMark, like GitHub, keeps a tab that lies wholly
past the container's markers; such code lines are read back from the document.
"""

from __future__ import annotations

Origin = tuple[int, int]
TAB = 4


def restore_tabs(
    lines: list[str], code: str, origin: tuple[Origin, ...]
) -> tuple[str, tuple[Origin, ...]]:
    parts = code.split("\n")
    if len(parts) != len(origin) + 1:  # the code ends with a newline; no origin for after it
        return code, origin
    fixed = [_restore(lines, text, where) for text, where in zip(parts, origin, strict=False)]
    if all(new == (text, where) for new, text, where in zip(fixed, parts, origin, strict=False)):
        return code, origin
    return "\n".join([t for t, _ in fixed] + [parts[-1]]), tuple(o for _, o in fixed)


def _restore(lines: list[str], text: str, where: Origin) -> tuple[str, Origin]:
    line, _ = where
    document = lines[line - 1] if 0 < line <= len(lines) else ""
    body = text.lstrip(" ")
    if "\t" not in document or body.startswith("\t") or not document.endswith(body):
        return text, where
    content = len(document) - len(body)  # where the text's first non-space stands
    head = document[:content]
    if not body or "\t" not in head[len(head.rstrip(" \t")) :]:
        return text, where
    start = _column(head) - (len(text) - len(body))  # the container's width
    cut = _index_at(document, start)
    if cut is None or document[cut:content].strip(" \t"):
        return text, where
    return document[cut:], (line, cut)


def _column(text: str) -> int:
    column = 0
    for char in text:
        column = column + TAB - column % TAB if char == "\t" else column + 1
    return column


def _index_at(text: str, column: int) -> int | None:
    """The index where `column` begins, or None when it falls inside a tab."""
    if column < 0:
        return None
    at = 0
    for index, char in enumerate(text):
        if at == column:
            return index
        at = at + TAB - at % TAB if char == "\t" else at + 1
        if at > column:
            return None
    return len(text) if at == column else None
