"""MkDocs admonitions: the body is read as Markdown, with document positions (one line per case:
the page, then each code block as (fenced?, language, line, first code line, column offset))."""

from __future__ import annotations

from pathlib import Path

import pytest

from coursecheck.markdown import parse_markdown
from coursecheck.snippets.extract import extract

GO = "```go\nx := 1\n```"
BODY = "    ```go\n    x := 1\n    ```\n"

CASES = [
    ("note", f"!!! note\n\n{BODY}", [(True, "go", 3, 4, 4)]),
    ("titled", f'!!! note "Zero values"\n\n{BODY}', [(True, "go", 3, 4, 4)]),
    ("collapsible", f"??? tip\n\n{BODY}", [(True, "go", 3, 4, 4)]),
    ("open-collapsible", f'???+ warning "Careful"\n\n{BODY}', [(True, "go", 3, 4, 4)]),
    ("modifiers", f"!!! danger inline end\n\n{BODY}", [(True, "go", 3, 4, 4)]),
    ("after-prose", f"Text.\n\n!!! note\n\n    Body text.\n\n{BODY}", [(True, "go", 7, 8, 4)]),
    ("tab-body", "!!! note\n\n\t```go\n\tx := 1\n\t```\n", [(True, "go", 3, 4, 1)]),
    ("no-marker", f"Text.\n\n{BODY}", [(False, "", 3, 3, 4)]),
    ("marker-mid-paragraph", f"Text\n!!! note\n\n{BODY}", [(False, "", 4, 4, 4)]),
    ("marker-with-text-after", f"!!! note\nmore text\n\n{BODY}", [(False, "", 4, 4, 4)]),
    ("not-a-marker", f"!!!\n\n{BODY}", [(False, "", 3, 3, 4)]),
    (
        "nested",
        "!!! note\n\n    !!! tip\n\n        ```go\n        x := 1\n        ```\n",
        [(True, "go", 5, 6, 8)],
    ),
    (
        "in-list",
        "- item\n\n    !!! note\n\n        ```go\n        x := 1\n        ```\n",
        [(True, "go", 5, 6, 8)],
    ),
    ("in-quote", "> !!! note\n>\n>     ```go\n>     x := 1\n>     ```\n", [(True, "go", 3, 4, 6)]),
    ("plain-fence-untouched", f"!!! note\n\n{GO}\n", [(True, "go", 3, 4, 0)]),
]


@pytest.mark.parametrize(("text", "blocks"), [pytest.param(t, b, id=i) for i, t, b in CASES])
def test_blocks(text: str, blocks: list[tuple[bool, str, int, int, int]]) -> None:
    found = extract(Path("page.md"), parse_markdown(text))
    assert [(b.fenced, b.info.lang, b.line, *b.origin[0]) for b in found] == blocks


def test_a_position_in_the_body_maps_to_the_document() -> None:
    page = "# T\n\n!!! note\n\n    ```go\n    \tfmt.Println(y)\n    ```\n"
    (block,) = extract(Path("page.md"), parse_markdown(page))
    assert block.position(1, 6) == (6, 10)  # `y`: 4 spaces and a tab, then `fmt.Println(`
