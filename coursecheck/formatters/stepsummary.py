"""The report as GitHub-flavoured Markdown for the job summary, cut cleanly to a byte budget."""

from __future__ import annotations

import html
import re

from coursecheck.diagnostics import Diagnostic
from coursecheck.formatters.paths import location
from coursecheck.formatters.report import Report, plural
from coursecheck.formatters.text import summary_line

# A step's summary file may hold at most 1 MiB; a larger one is rejected whole.
SUMMARY_LIMIT = 1024 * 1024
_HEADER = "| Location | Code | Severity | Message |\n| --- | --- | --- | --- |\n"
# Backslash-escaping these keeps course text literal: no emphasis, links, images or cell breaks.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~#!])")
# The note's own length is reserved up front; this bounds it (a count has at most 20 digits).
_NOTE_RESERVE = 200


def escape_markdown(text: str) -> str:
    text = html.escape(text, quote=False)
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return text.replace("\r\n", "<br>").replace("\n", "<br>").replace("\r", "<br>")


def summary_markdown(report: Report, budget: int) -> str:
    """The whole report if it fits in `budget` UTF-8 bytes, else a prefix and a note; or ""."""
    head = f"## coursecheck\n\n{escape_markdown(summary_line(report))}\n\n"
    if not report.diagnostics:
        return head if _size(head) <= budget else ""
    rows = [_row(d) for d in report.diagnostics]
    full = head + _HEADER + "".join(rows)
    if _size(full) <= budget:
        return full
    kept = [head, _HEADER]
    used = _size(head) + _size(_HEADER) + _NOTE_RESERVE
    if used > budget:
        return ""
    for row in rows:
        used += _size(row)
        if used > budget:
            break
        kept.append(row)
    shown = len(kept) - 2
    left = len(rows) - shown
    return "".join(kept) + (
        f"\n{plural(left, 'more finding')} not shown: a job summary holds at most 1 MiB. "
        "Run `coursecheck` locally for the full report.\n"
    )


def _row(d: Diagnostic) -> str:
    cells = (
        location(d),
        f"{d.code} ({d.name})",
        d.severity.value,
        d.message,
    )
    return "| " + " | ".join(escape_markdown(cell) for cell in cells) + " |\n"


def _size(text: str) -> int:
    return len(text.encode("utf-8"))
