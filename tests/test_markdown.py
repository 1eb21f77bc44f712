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


BLOCKS = {"paragraph", "block_text", "heading", "block_code", "block_quote", "list"}
BLOCKS |= {"block_html", "thematic_break"}


def positions(source: str) -> list[tuple[str, int, int]]:
    doc = parse_markdown(source)
    return [(t["type"], t["_line"], t["_column"]) for t in doc.walk() if t["type"] in BLOCKS]


P, CODE, H, Q, L, T = "paragraph", "block_code", "heading", "block_quote", "list", "block_text"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("text\n\n    code\n    more\n\n# H\n", [(P, 1, 1), (CODE, 3, 1), (H, 6, 1)]),
        ("text\n\n    code\n", [(P, 1, 1), (CODE, 3, 1)]),
        ("* a\n\n      code\n\n* b\n", [(L, 1, 1), (P, 1, 3), (CODE, 3, 3), (P, 5, 3)]),
        ("> a\n>\n>     x := 1\n", [(Q, 1, 1), (P, 1, 3), (CODE, 3, 3)]),
        ("x\n\n\tcode\n\n-\tone\n", [(P, 1, 1), (CODE, 3, 1), (L, 5, 1), (T, 5, 3)]),
        ("a\r\n\r\n    code\r\n# h\r\n", [(P, 1, 1), (CODE, 3, 1), (H, 4, 1)]),
        ("a\n\n***\n    b\n", [(P, 1, 1), ("thematic_break", 3, 1), (CODE, 4, 1)]),
        ("Title\nmore\n=====\n\nx\n", [(H, 1, 1), (P, 5, 1)]),
        ("para\n\nTitle\n---\n", [(P, 1, 1), (H, 3, 1)]),
        ("<div>\nhi\n</div>\n\npara\n", [("block_html", 1, 1), (P, 5, 1)]),
        ("x\n\n<!-- a\nb -->\n  # h\n", [(P, 1, 1), ("block_html", 3, 1), (H, 5, 1)]),
        ("> a\nlazy\n\n> b\n", [(Q, 1, 1), (P, 1, 3), (Q, 4, 1), (P, 4, 3)]),
        ("- a\nlazy\n- b\n", [(L, 1, 1), (T, 1, 3), (T, 3, 3)]),
    ],
    ids=[
        "indented-code-before-heading",
        "indented-code-ends-file",
        "indented-code-in-list",
        "indented-code-in-quote",
        "tab-indented-code",
        "crlf-indented-code",
        "indented-code-after-break",
        "setext-h1",
        "setext-h2",
        "html-block",
        "html-comment",
        "lazy-quote",
        "lazy-list-item",
    ],
)
def test_block_positions(source: str, expected: list[tuple[str, int, int]]) -> None:
    assert positions(source) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("- a\n- b\n\n-\n  c\n\n1. x\n\n   y\n2. z\n", [(1, 1), (2, 1), (4, 1), (7, 1), (10, 1)]),
        ("> - a\n>   - b\n>\n>     c\n> - d\n", [(1, 3), (2, 5), (5, 3)]),
    ],
    ids=["loose-tight-empty-ordered", "nested-in-quote"],
)
def test_list_items_carry_their_marker_line(source: str, expected: list[tuple[int, int]]) -> None:
    items = parse_markdown(source).blocks("list_item")
    assert [(t["_line"], t["_column"]) for t in items] == expected


def test_indented_code_maps_every_line_past_its_indent() -> None:
    (code,) = fences(parse_markdown("text\n\n    x := 1\n\n\tb\n"))
    assert code["_code_origin"] == [(3, 4), (4, 0), (5, 1)]


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
