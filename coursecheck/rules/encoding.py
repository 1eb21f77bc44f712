"""EN: the text itself — readable, UTF-8, no BOM, no mojibake, one kind of line ending."""

from __future__ import annotations

import re
from collections.abc import Iterator

import ftfy

from coursecheck.course import Course
from coursecheck.diagnostics import Finding
from coursecheck.rules.base import Context, Family, Rule
from coursecheck.source import SourceFile

EN001 = Rule(
    "EN001",
    "unreadable-file",
    "A course file cannot be read, or is binary.",
    """\
Every course file must be a readable text file. A file that cannot be opened, that holds NUL
bytes (an image or archive saved under a `.md` name), or whose Markdown nests too deeply to
parse, stops every other check of it.

**Bad:** `course/days/day-03-strings.md` is a PNG renamed by mistake.

**Good:** the module is Markdown text; images live next to it and are linked.
""",
)
EN002 = Rule(
    "EN002",
    "invalid-utf8",
    "A course file is not valid UTF-8.",
    """\
Course files are UTF-8. A byte sequence that is not UTF-8 (a file saved as Latin-1 or
Windows-1252) shows as replacement characters on GitHub and breaks every tool downstream.
The finding points at the first bad byte.

**Bad:** `caf\\xe9` (Latin-1 `é`).

**Good:** `café` saved as UTF-8 (`caf\\xc3\\xa9`).
""",
)
EN003 = Rule(
    "EN003",
    "byte-order-mark",
    "A file starts with a UTF-8 byte order mark.",
    """\
A UTF-8 BOM (`EF BB BF`) at the start of a file hides the front matter's opening `---` from
most Markdown tools and shows up in diffs as an invisible change. `--fix` removes it.

**Bad:** `\\ufeff---` as the first line.

**Good:** `---` as the first line.
""",
    fixable=True,
)
EN004 = Rule(
    "EN004",
    "mojibake",
    "Text that is UTF-8 read as another encoding (`ðŸš€` for 🚀).",
    """\
Mojibake is text that was UTF-8, decoded as Windows-1252 or Latin-1 and saved again: `ðŸš€`
where the author wrote 🚀, `â€”` for —. It is detected and repaired with ftfy, which only
changes text it can decode back unambiguously. `--fix` writes the repaired text.

**Bad:**

```markdown
# ðŸš€ From Go Build To Go Run
```

**Good:**

```markdown
# 🚀 From Go Build To Go Run
```
""",
    fixable=True,
)
EN005 = Rule(
    "EN005",
    "mixed-line-endings",
    "A file mixes CRLF and LF line endings.",
    """\
A file whose lines end partly in CRLF and partly in LF gives noisy diffs and confuses tools that
split on one of them. The finding points at the first line whose ending differs from the
file's majority; `--fix` converts the file to its majority ending. A lone CR (`\\r` with no
`\\n` after it) is reported too: Markdown takes it for a line break that `git diff` and every
tool splitting on LF do not see.

**Bad:** lines 1 to 10 end in `\\r\\n`, line 11 in `\\n`; or `Day 1\\rDay 2`.

**Good:** every line ends in `\\n` (or every line in `\\r\\n`).
""",
    fixable=True,
)


def check(course: Course, ctx: Context) -> Iterator[tuple[str, Finding]]:
    for source in course.sources():
        yield from check_source(source)
    for page in course.pages():
        if page.doc is not None and page.doc.error is not None:
            yield "EN001", Finding(page.path, 1, 1, f"cannot be read: {page.doc.error}")


def check_source(source: SourceFile) -> Iterator[tuple[str, Finding]]:
    if source.read_error is not None:
        yield "EN001", Finding(source.path, 1, 1, f"cannot be read: {source.read_error}")
        return
    if source.decode_error is not None:
        line, column = _byte_position(source.raw, source.decode_error.start)
        bad = source.raw[source.decode_error.start : source.decode_error.start + 1].hex()
        yield "EN002", Finding(source.path, line, column, f"invalid UTF-8 byte 0x{bad}")
        return
    if source.raw.startswith(b"\xef\xbb\xbf"):
        yield "EN003", Finding(source.path, 1, 1, "file starts with a UTF-8 byte order mark")
    yield from _mojibake(source)
    yield from _line_endings(source)


def _byte_position(raw: bytes, offset: int) -> tuple[int, int]:
    line_start = raw.rfind(b"\n", 0, offset) + 1
    column = len(raw[line_start:offset].decode("utf-8", errors="replace")) + 1
    return raw.count(b"\n", 0, offset) + 1, column


def _mojibake(source: SourceFile) -> Iterator[tuple[str, Finding]]:
    for index, line in enumerate(source.lines):
        fixed = ftfy.fix_encoding(line)
        if fixed == line:
            continue
        start, end, fixed_end = _changed_span(line, fixed)
        bad, good = line[start:end], fixed[start:fixed_end]
        message = f"mojibake {bad!r} should read {good!r} (UTF-8 decoded as Windows-1252)"
        yield "EN004", Finding(source.path, index + 1, start + 1, message, index + 1, end + 1)


def _changed_span(old: str, new: str) -> tuple[int, int, int]:
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    tail = 0
    while tail < min(len(old), len(new)) - start and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    return start, len(old) - tail, len(new) - tail


def _line_endings(source: SourceFile) -> Iterator[tuple[str, Finding]]:
    text = source.text or ""
    lone = LONE_CR_RE.search(text)
    if lone is not None:
        start = text.rfind("\n", 0, lone.start()) + 1
        row, column = text.count("\n", 0, start) + 1, lone.start() - start + 1
        message = "a lone CR (carriage return) ends a line here; lines end in LF or CRLF"
        yield "EN005", Finding(source.path, row, column, message)
        return
    crlf = text.count("\r\n")
    lf = text.count("\n") - crlf
    if not crlf or not lf:
        return
    minority, majority = ("\r\n", "LF") if lf >= crlf else ("\n", "CRLF")
    for index, line in enumerate(text.split("\n")[:-1]):
        if (line.endswith("\r") and minority == "\r\n") or (
            not line.endswith("\r") and minority == "\n"
        ):
            shown = "CRLF" if minority == "\r\n" else "LF"
            message = (
                f"line ends in {shown} but most of the file ({max(lf, crlf)} lines) uses {majority}"
            )
            yield "EN005", Finding(source.path, index + 1, len(line.rstrip("\r")) + 1, message)
            return


LONE_CR_RE = re.compile(r"\r(?!\n)")
FAMILY = Family("EN", "Encoding", (EN001, EN002, EN003, EN004, EN005), check)
