from __future__ import annotations

from pathlib import Path

import pytest

from coursecheck.markdown import parse_markdown
from coursecheck.snippets.attrs import parse_info
from coursecheck.snippets.extract import Block, extract
from coursecheck.snippets.units import plan


def blocks(text: str) -> list[Block]:
    return extract(Path("p.md"), parse_markdown(text))


@pytest.mark.parametrize(
    "tag", ["go", "Go", "golang", "GO", "Golang", " go", "{.go}", "{go}", "{.golang title=x}"]
)
def test_language_tags(tag: str) -> None:
    assert blocks(f"```{tag}\nx\n```\n")[0].is_go


@pytest.mark.parametrize(
    ("text", "position"),
    [
        pytest.param("```go\nab\n```\n", (2, 2), id="top"),
        pytest.param("- item\n\n  ```go\n  ab\n  ```\n", (4, 4), id="list"),
        pytest.param("> ```go\n> ab\n> ```\n", (2, 4), id="quote"),
        pytest.param("```go\r\nab\r\n```\r\n", (2, 2), id="crlf"),
        pytest.param("~~~go\nab\n~~~~\n", (2, 2), id="tilde"),
    ],
)
def test_code_positions(text: str, position: tuple[int, int]) -> None:
    assert blocks(text)[0].position(1, 2) == position


def test_unclosed_fence_runs_to_end() -> None:
    (block,) = blocks("```go\na\n\n## b\n")
    assert not block.closed and "## b" in block.code


def test_output_and_setup_pairing() -> None:
    text = (
        "<!-- coursecheck: setup\nvar x = 1\n-->\n```go\nfmt.Println(x)\n```\n\n```output\n1\n```\n"
    )
    go = blocks(text)[0]
    assert go.setup is not None and go.setup.code == "var x = 1"
    assert go.setup.origin == ((2, 0),)
    assert go.output is not None and go.output.line == 8


@pytest.mark.parametrize(
    ("info", "attrs"),
    [
        ("go", {}),
        ('go ignore="needs a db"', {"ignore": "needs a db"}),
        ("go,no_run", {"no_run": None}),
        ('go compile_fail="a \\"b\\""  timeout=5s', {"compile_fail": 'a "b"', "timeout": "5s"}),
    ],
)
def test_info_string(info: str, attrs: dict[str, str | None]) -> None:
    assert {a.name: a.value for a in parse_info(info).attrs} == attrs


Parsed = tuple[str, dict[str, str | None], list[str]]  # language, ours, other tools' names


@pytest.mark.parametrize(
    ("info", "parsed"),
    [
        ('go hl_lines="2 3"', ("go", {}, ["hl_lines"])),
        ('go title="main.go"', ("go", {}, ["title"])),
        ('go linenums="1"', ("go", {}, ["linenums"])),
        ('golang {hl_lines="2"}', ("golang", {}, ["hl_lines"])),
        ('{.go title="main.go"}', ("go", {}, ["title"])),
        ('{.go .numberLines startFrom="10"}', ("go", {}, [".numberLines", "startFrom"])),
        ("go showLineNumbers {1,3-4}", ("go", {}, ["showLineNumbers", "1", "3-4"])),
        ("go{1,3}", ("go", {}, ["1", "3"])),
        ("go {linenos=table,hl_lines=[8]}", ("go", {}, ["linenos", "hl_lines"])),
        ('go {hl_lines="2"', ("go", {}, ["hl_lines"])),
        ('go title="a" no_run', ("go", {"no_run": None}, ["title"])),
        ('go ignore="a {b}"', ("go", {"ignore": "a {b}"}, [])),
        ("go {no_run}", ("go", {}, ["no_run"])),
        ("go norun", ("go", {"norun": None}, [])),
        ("go compile-fail", ("go", {"compile-fail": None}, [])),
        ("go wibble", ("go", {}, ["wibble"])),
        ("output title=Output unordered", ("output", {"unordered": None}, ["title"])),
        ("python title=x foo", ("python", {"foo": None}, ["title"])),
        ("go=1", ("", {"go": "1"}, [])),
    ],
)
def test_other_tools_attributes(info: str, parsed: Parsed) -> None:
    got = parse_info(info)
    assert (got.lang, {a.name: a.value for a in got.attrs}, [a.name for a in got.foreign]) == parsed


@pytest.mark.parametrize(
    ("info", "found"),
    [
        ('golang {hl_lines="2"}', []),
        ('go title="main.go"', []),
        ('go hl_lines="2 3" linenums="1"', []),
        ("GO showLineNumbers {1,3-4}", []),
        (
            '{.go title="x"} no-run',
            [("GO010", "unknown attribute 'no-run'; did you mean 'no_run'?")],
        ),
        ("go no-run", [("GO010", "unknown attribute 'no-run'; did you mean 'no_run'?")]),
        (
            "go compile-fail",
            [("GO010", "unknown attribute 'compile-fail'; did you mean 'compile_fail'?")],
        ),
        (
            "output hl_lines=1 unorderd",
            [("GO010", "unknown attribute 'unorderd'; did you mean 'unordered'?")],
        ),
    ],
)
def test_other_tools_attributes_are_no_finding(info: str, found: list[tuple[str, str]]) -> None:
    _, hits = plan(blocks(f"```go\nx\n```\n\n```{info}\nx\n```\n"))
    assert [(code, f.message) for code, f in hits] == found


@pytest.mark.parametrize(
    ("text", "code", "column"),
    [
        ("```go ignore\nx\n```\n", "GO009", 7),
        ("```go norun\nx\n```\n", "GO010", 7),
        ("```go timeout=forever\nx\n```\n", "GO010", 7),
        ("```go\nx\n", "GO011", 1),
        ("text\n\n```output\n1\n```\n", "GO014", 1),
        ("```go continue\nx\n```\n", "GO015", 7),
    ],
)
def test_findings_without_toolchain(text: str, code: str, column: int) -> None:
    _, hits = plan(blocks(text))
    assert [(c, f.column) for c, f in hits] == [(code, column)]


def test_one_line_setup() -> None:
    go = blocks("<!-- coursecheck: setup x := 1 -->\n```go\nfmt.Println(x)\n```\n")[0]
    assert go.setup is not None and go.setup.code.strip() == "x := 1"
    assert go.setup.origin == ((1, 24),)


def test_deep_nesting_does_not_recurse() -> None:
    text = "".join("  " * i + "- item\n" for i in range(400)) + "\n```go\nx\n```\n"
    assert [b.is_go for b in blocks(text)] == [True]


@pytest.mark.parametrize(
    ("text", "code", "position"),
    [
        pytest.param(
            "1. x\n\n   ```go\n   {\n   \ty\n   }\n   ```\n", "{\n\ty\n}\n", (5, 5), id="list"
        ),
        pytest.param("> ```go\n> {\n> \ty\n> }\n> ```\n", "{\n\ty\n}\n", (3, 4), id="quote"),
        pytest.param("```go\n{\n\ty\n}\n```\n", "{\n\ty\n}\n", (3, 2), id="top"),
    ],
)
def test_nested_tabs_are_kept(text: str, code: str, position: tuple[int, int]) -> None:
    # mistune turns a list item's or quote's leading tabs into spaces; gofmt indents with tabs.
    (block,) = blocks(text)
    assert (block.code, block.position(2, 2)) == (code, position)


def test_a_half_consumed_tab_stays_spaces() -> None:
    # The quote marker takes one column of the tab; CommonMark, too, leaves two spaces.
    assert blocks(">```go\n>{\n>\ty\n>}\n>```\n")[0].code == "{\n  y\n}\n"


@pytest.mark.parametrize(
    ("a", "b", "n"),
    [
        ("outptu", "output", 1),
        ("ouput", "output", 1),
        ("outpt", "output", 1),
        ("text", "output", 4),
    ],
)
def test_fence_language_edits(a: str, b: str, n: int) -> None:
    from coursecheck.hints import edits

    assert edits(a, b) == n
