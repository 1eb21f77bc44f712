"""The helper's findings as one-line messages in the author's terms. What falls in the code
coursecheck writes around a fragment is said at the author's lines by the helper itself
(gohelper/wrapping.go), which counts the fragment's brackets with go/scanner."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace

from coursecheck.snippets.results import VirtualHit

AT_LINE = re.compile(r"\bat line (\d+)\b")
PageLine = Callable[[VirtualHit], int]  # the page line of a virtual position


def in_author_terms(findings: Iterable[VirtualHit], page_line: PageLine) -> list[VirtualHit]:
    return [_page_lines(_one_line(_blank_line(hit)), page_line) for hit in findings]


def _page_lines(hit: VirtualHit, page_line: PageLine) -> VirtualHit:
    """go/types names another line of the snippet (`jumps over variable declaration at line
    2`) in the virtual file's count: say the page's line the author sees."""
    if hit.file == "g" or not AT_LINE.search(hit.msg):
        return hit

    def page(found: re.Match[str]) -> str:
        return f"at line {page_line(replace(hit, line=int(found[1]), col=1))}"

    return replace(hit, msg=AT_LINE.sub(page, hit.msg))


def _blank_line(hit: VirtualHit) -> VirtualHit:
    """gofmt's `""` is a blank line it puts where the snippet has none."""
    if hit.kind == "gofmt" and hit.msg.endswith(' writes ""'):
        return replace(hit, msg="not gofmt-clean: gofmt puts a blank line here")
    return hit


def _one_line(hit: VirtualHit) -> VirtualHit:
    """go/types explains on indented lines (`\n\thave (number)`): one finding, one line."""
    first, *more = hit.msg.split("\n")
    details = [part.strip() for part in more if part.strip()]
    return replace(hit, msg=f"{first} ({', '.join(details)})") if details else hit
