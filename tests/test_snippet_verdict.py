"""Which block a GO finding belongs to (snippets/verdict.py): the same answer for `snippets
--check` and `status`, one line per case; a finding no block owns is shown apart."""

from __future__ import annotations

from pathlib import Path

import pytest

from coursecheck.course import load_page
from coursecheck.diagnostics import Finding
from coursecheck.formatters.snippets import render_loose
from coursecheck.snippets.extract import Block, extract
from coursecheck.snippets.verdict import belongs, on_no_block

PAGE = """# Day

<!-- coursecheck: setup
var nums = []int{1}
-->
```go
fmt.Println(nums)
```

Prose on line 10.

```go
fmt.Println(2)
```
"""


@pytest.fixture
def blocks(tmp_path: Path) -> list[Block]:
    path = tmp_path / "day.md"
    path.write_text(PAGE, encoding="utf-8")
    doc = load_page(path).doc
    assert doc is not None
    return extract(path, doc)


@pytest.mark.parametrize(
    ("line", "owner"),
    [(4, 0), (6, 0), (7, 0), (8, 0), (10, None), (12, 1), (14, 1), (2, None)],
)
def test_belongs(blocks: list[Block], line: int, owner: int | None) -> None:
    finding = Finding(blocks[0].path, line, 1, "undefined: x")
    assert [i for i, b in enumerate(blocks) if belongs(b, finding)] == (
        [] if owner is None else [owner]
    )


def test_a_finding_on_no_block_is_rendered_apart(blocks: list[Block]) -> None:
    hit = ("GO001", Finding(blocks[0].path, 10, 3, "undefined: x"))
    loose = on_no_block(blocks, [hit, ("GO001", Finding(blocks[0].path, 4, 1, "y"))])
    assert loose == [hit]
    assert render_loose(loose).endswith(":10:3: GO001 undefined: x\n")
    assert render_loose(loose).startswith("not on any block:\n    ")
