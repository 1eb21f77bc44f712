"""Source positions of mistune tokens, also for blocks nested in lists and quotes."""

from __future__ import annotations

import pytest

from coursecheck.markdown import Document, Token, parse_markdown


def fences(doc: Document) -> list[Token]:
    return list(doc.blocks("block_code"))


def test_top_level_blocks_carry_their_line() -> None:
    doc = parse_markdown("# Title\n\nPara\ntext\n\n## Two\n")
    assert [(t["type"], t["_line"]) for t in doc.tokens if t["type"] != "blank_line"] == [
        ("heading", 1),
        ("paragraph", 3),
        ("heading", 6),
    ]


def test_fence_in_list_item_maps_every_code_line() -> None:
    doc = parse_markdown("* one\n* two\n  ```go\n  a := 1\n      b := 2\n  ```\n* three\n")
    (code,) = fences(doc)
    assert (code["_line"], code["_column"]) == (3, 3)
    assert code["_code_origin"] == [(4, 2), (5, 2)]
    assert code["_closed"] is True
    third = list(doc.blocks("block_text"))[2]
    assert third["_line"] == 7


def test_fence_in_block_quote() -> None:
    doc = parse_markdown("> quote\n> ```go\n> a := 1\n> ```\n")
    (code,) = fences(doc)
    assert (code["_line"], code["_column"]) == (2, 3)
    assert code["_code_origin"] == [(3, 2)]


def test_fence_in_quote_in_list_in_ordered_list() -> None:
    src = "1. one\n   > nested\n   > - deep\n   >   ~~~golang attr\n   >   b := 2\n   >   ~~~\n"
    (code,) = fences(parse_markdown(src))
    assert (code["_line"], code["_column"]) == (4, 8)
    assert code["attrs"]["info"] == "golang attr"
    assert code["_code_origin"] == [(5, 7)]


def test_crlf_keeps_line_numbers() -> None:
    (code,) = fences(parse_markdown("a\r\n\r\n```go\r\nx\r\n```\r\n"))
    assert code["_line"] == 3
    assert code["_code_origin"] == [(4, 0)]


def test_unclosed_fence_runs_to_the_end() -> None:
    (code,) = fences(parse_markdown("text\n\n```go\nx\ny\n"))
    assert code["_closed"] is False
    assert code["raw"] == "x\ny\n"


def test_items_after_a_nested_quote_keep_their_lines() -> None:
    doc = parse_markdown("* item one\n* item two\n  ```go\n  x\n  ```\n* three\n\n> quote\n")
    texts = {t["children"][0]["raw"]: t["_line"] for t in doc.blocks("block_text")}
    assert texts == {"item one": 1, "item two": 2, "three": 6}
    (quote,) = doc.blocks("block_quote")
    assert quote["_line"] == 8


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(">" * 5000 + " x\n", id="5000-nested-quotes"),
        pytest.param("".join("  " * i + "- x\n" for i in range(500)), id="500-nested-lists"),
        pytest.param(
            "".join("> " * (i % 10) + "- item\n" for i in range(3000)), id="quote-list-mix"
        ),
        pytest.param("a" * 10_000_000 + "\n", id="10MB-line"),
        pytest.param("```go\n" + "x\n" * 50_000, id="unclosed-fence"),
        pytest.param("\x00\x01 binary-ish\n", id="control-characters"),
    ],
)
def test_pathological_input_does_not_crash(source: str) -> None:
    doc = parse_markdown(source)
    assert doc.error is None or "nests too deeply" in doc.error
    assert len(doc.lines) >= 1
