"""Hypothesis strategies for Markdown documents as books write them: every block type, nested
in lists and quotes, with lazy continuation lines, tabs, blank lines inside code and CRLF.

A block renders as lines; a line that continues a paragraph may lose its container's prefix
(a lazy continuation line), which the containers decide as they wrap their children.

`plain=True` leaves out what mistune cuts differently from CommonMark (see
test_commonmark_positions.py): tabs in a line's indentation, empty list items, lazy lines
(setext underlines included).
"""

from __future__ import annotations

from hypothesis import strategies as st

Line = tuple[str, bool]  # (text, may be written lazily: it continues a paragraph)
Block = list[Line]

WORDS = st.sampled_from(["go", "fmt", "x := 1", "nil", "a_b", "ok", "Tab\tin", "é"])
INDENT = st.sampled_from(["", " ", "  ", "   "])  # what still starts a block
UNDERLINES = st.sampled_from(["=", "==", "---", "-"])


@st.composite
def text_line(draw: st.DrawFn) -> str:
    return " ".join(draw(st.lists(WORDS, min_size=1, max_size=3)))


@st.composite
def paragraph(draw: st.DrawFn) -> Block:
    first = draw(INDENT) + draw(text_line())
    rest = draw(st.lists(st.tuples(st.sampled_from(["", " ", "     "]), text_line()), max_size=2))
    return [(first, False)] + [(pad + text, True) for pad, text in rest]


@st.composite
def atx_heading(draw: st.DrawFn) -> Block:
    level = draw(st.integers(1, 6))
    closing = draw(st.sampled_from(["", " #", " " + "#" * level]))
    return [(draw(INDENT) + "#" * level + " " + draw(text_line()) + closing, False)]


@st.composite
def setext_heading(draw: st.DrawFn, plain: bool) -> Block:
    text = draw(paragraph())
    # Indented like its text: a paragraph that a list before it takes in (its indent reaches
    # the item's content) takes the underline in too, instead of leaving it a lazy line.
    indent = text[0][0][: len(text[0][0]) - len(text[0][0].lstrip(" "))]
    underline = (indent if plain else draw(INDENT)) + draw(UNDERLINES) * 2
    return [*text, (underline, False)]


@st.composite
def fenced_code(draw: st.DrawFn) -> Block:
    fence = draw(st.sampled_from(["```", "~~~", "````", "~~~~"]))
    info = draw(st.sampled_from(["", "go", " go", "golang title=x", "text"]))
    indent = draw(INDENT)
    body = draw(st.lists(st.sampled_from(["x := 1", "", "\tfmt.Println()", "  // c"]), max_size=3))
    lines = [indent + fence + info, *(indent + line for line in body), indent + fence]
    return [(line, False) for line in lines]


@st.composite
def indented_code(draw: st.DrawFn, plain: bool) -> Block:
    pad = st.sampled_from(["    ", "     "] if plain else ["    ", "\t", "  \t", "     ", "\t\t"])
    body = draw(st.lists(st.one_of(st.just(""), st.builds(str.__add__, pad, text_line()))))
    return [(draw(pad) + draw(text_line()), False), *((line, False) for line in body if line)]


@st.composite
def leaf(draw: st.DrawFn, plain: bool) -> Block:
    kinds = [paragraph(), atx_heading(), setext_heading(plain), fenced_code()]
    kinds.append(indented_code(plain))
    breaks = st.sampled_from(["***", "___", " * * *"]).map(lambda t: [(t, False)])
    html = st.sampled_from(
        [
            [("<div>", False), ("hi", False), ("</div>", False)],
            [("<!-- a", False), ("b -->", False)],
        ]
    )
    return draw(st.one_of(*kinds, breaks, html))


def blocks(children: st.SearchStrategy[Block]) -> st.SearchStrategy[Block]:
    """Blocks one after another, each followed by one or two blank lines."""
    return st.lists(st.tuples(children, st.integers(1, 2)), min_size=1, max_size=4).map(
        lambda parts: [line for block, gap in parts for line in block + [("", False)] * gap]
    )


@st.composite
def quote(draw: st.DrawFn, children: st.SearchStrategy[Block], plain: bool) -> Block:
    body = _trimmed(draw(blocks(children)))
    # ">" takes one following space as its own, so after a bare ">" a text that starts with
    # spaces loses one: only "> " keeps every line's text exactly as the child wrote it
    marker = draw(st.sampled_from(["> ", " > "] if plain else [">", "> ", " > "]))
    lazy = not plain and draw(st.booleans())
    return [(text if lazy and may else (marker + text if text else ">"), may) for text, may in body]


@st.composite
def bullet_list(draw: st.DrawFn, children: st.SearchStrategy[Block], plain: bool) -> Block:
    marker = draw(st.sampled_from(["-", "*", "+", "1.", "1)"]))
    content = blocks(children).map(_trimmed)
    items = draw(st.lists(content if plain else st.one_of(st.just([]), content), min_size=1))
    loose = draw(st.booleans())
    spaces = st.sampled_from([" ", "  "] if plain else [" ", "  ", "\t"])
    lines: Block = []
    for body in items:
        lazy = not plain and draw(st.booleans())
        lines += _item(marker, body, draw(spaces), lazy)
        lines += [("", False)] if loose else []
    return lines


def _item(marker: str, body: Block, space: str, lazy: bool) -> Block:
    if not body:
        return [(marker, False)]
    first = body[0][0]
    if first.startswith(("    ", "\t", " \t", "  \t", "   \t")):  # indented code: one space
        space = " "
    else:  # the item's content column is where its first line's text starts
        first = first.lstrip(" ")
    width = len(marker) + (len(space) if space != "\t" else 4 - len(marker) % 4)
    rest = [(text if lazy and may else _indented(text, width), may) for text, may in body[1:]]
    return [(marker + space + first, False), *rest]


def _indented(text: str, width: int) -> str:
    return " " * width + text if text else ""


def _trimmed(lines: Block) -> Block:
    while lines and not lines[-1][0]:
        lines = lines[:-1]
    return lines


def document(plain: bool = False) -> st.SearchStrategy[str]:
    tree = st.recursive(
        leaf(plain),
        lambda inner: st.one_of(quote(inner, plain), bullet_list(inner, plain)),
        max_leaves=8,
    )
    newline = st.sampled_from(["\n", "\r\n"])
    return st.tuples(blocks(tree), newline).map(
        lambda parts: parts[1].join(text for text, _ in parts[0])
    )
