"""Where a Go fragment closes a '{' it never opened, counted in the author's own text.

Go's parser cannot say it: the fragment runs inside a generated `func main() {`, so the extra
'}' closes main and the error lands on whatever follows, in the wrapper's terms."""

from __future__ import annotations

Position = tuple[int, int]  # 1-based line and character column in the fragment


def extra_close(code: str) -> Position | None:
    """The first '}' that closes no '{' of `code`, outside strings, runes and comments."""
    depth, line, column, i = 0, 1, 1, 0
    while i < len(code):
        ch = code[i]
        skip = _literal_end(code, i)
        if skip > i:
            line += code.count("\n", i, skip)
            column = skip - code.rfind("\n", 0, skip) if "\n" in code[i:skip] else column + skip - i
            i = skip
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth < 0:
                return line, column
        line, column = (line + 1, 1) if ch == "\n" else (line, column + 1)
        i += 1
    return None


def _literal_end(code: str, i: int) -> int:
    """The index just past a string, rune or comment starting at `i`, or `i` if none does."""
    if code.startswith("//", i):
        end = code.find("\n", i)
        return len(code) if end < 0 else end
    if code.startswith("/*", i):
        end = code.find("*/", i + 2)
        return len(code) if end < 0 else end + 2
    quote = code[i]
    if quote == "`":
        end = code.find("`", i + 1)
        return len(code) if end < 0 else end + 1
    if quote in "\"'":
        j = i + 1
        while j < len(code) and code[j] not in (quote, "\n"):
            j += 2 if code[j] == "\\" else 1
        return min(j + 1, len(code))
    return i
