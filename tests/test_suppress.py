"""How far an inline suppression reaches: the next block, as the parsed Markdown extends it.

One case per line: the page (the comment on line 1) and the lines (first, last) it covers."""

from __future__ import annotations

from pathlib import Path

import pytest

from coursecheck.markdown import parse_markdown
from coursecheck.suppress import active_suppressions, find_suppressions

C = "<!-- coursecheck: ignore[GO] a reason -->\n"
CASES = {
    "paragraph": (C + "one\ntwo\n\nthree\n", (2, 3)),
    "after-blank-lines": (C + "\n\none\n", (4, 4)),
    "heading-then-text": (C + "# Title\ntext\n", (2, 2)),
    "fence-with-a-blank-line": (C + "```go\na\n\nb\n```\nafter\n", (2, 6)),
    "fence-holding-a-shorter-fence": (C + "````md\n```go\nx\n```\n````\n\nz\n", (2, 6)),
    "tilde-fence-holding-backticks": (C + "~~~go\ns := `\n```\n`\n~~~\n", (2, 6)),
    "indented-code-with-a-blank-line": (C + "\n    a\n\n    b\n\nafter\n", (3, 5)),
    "unclosed-fence": (C + "```go\nx\n\n# Not a heading\n", (2, 5)),
    "snippet-with-its-output": (C + "```go\nx\n```\n\n```output\n1\n```\n", (2, 8)),
    "whole-list": (C + "- a\n- b\n\n  more\n\nafter\n", (2, 5)),
    "lazy-continuation": (C + "> quote\nlazy line\n\nafter\n", (2, 3)),
    "inside-a-list-item": ("- item\n  " + C + "  ```go\n  x\n  ```\n- next\n", (3, 5)),
    "crlf": ((C + "```go\nx\n```\n\nafter\n").replace("\n", "\r\n"), (2, 4)),
}


@pytest.mark.parametrize(("text", "covered"), list(CASES.values()), ids=list(CASES))
def test_covers_the_next_block(text: str, covered: tuple[int, int]) -> None:
    [found] = active_suppressions(Path("page.md"), parse_markdown(text))
    assert (found.first, found.last) == covered


def test_a_comment_at_the_end_covers_nothing() -> None:
    assert active_suppressions(Path("page.md"), parse_markdown("text\n\n" + C)) == []


@pytest.mark.parametrize(
    ("comment", "problem"),
    [
        ("<!-- coursecheck: ignore -->", "names no codes"),
        ("<!-- coursecheck: ignore[go1] why -->", "'go1' is not a rule code"),
        ("<!-- coursecheck: ignore[GO001] -->", "gives no reason"),
    ],
)
def test_an_invalid_comment_silences_nothing(comment: str, problem: str) -> None:
    [found] = find_suppressions([comment])
    assert (found.problem or "").startswith(problem)
    assert active_suppressions(Path("page.md"), parse_markdown(f"{comment}\ntext\n")) == []
