"""Hypothesis strategies for each part of a course, mostly well-formed so that the fuzzed text
reaches past the parsers into the rules, with what crashed coursecheck before mixed in: deep
nesting, numbers of thousands of digits, lone surrogate escapes, invalid UTF-8, odd Unicode."""

from __future__ import annotations

from hypothesis import strategies as st

LONG_DIGITS = "1" * 5000
NASTY = [
    LONG_DIGITS,
    "\\ud800",
    "\\udfff",
    "\\x00",
    "\u202e",
    "\ufeff",
    "\x85",
    "\u2028",
    "\t",
    "\r",
    "\\",
    "`",
    "*",
    "_",
    "[",
    "]",
    "(",
    ")",
    "<",
    ">",
    "&amp;",
    "#",
    "|",
    "~~",
    "$",
    ":",
    "-",
    "{",
    "}",
    "'",
    '"',
    "&",
    "!",
    "%",
    "@",
    "٣",
    "🚀",
    "ðŸš€",
    "\ud800",  # a lone surrogate: written with surrogatepass, it is invalid UTF-8 (EN002)
]
text = st.one_of(
    st.text(max_size=30),
    st.lists(st.sampled_from([*NASTY, *"ab 0123456789"]), max_size=12).map("".join),
    st.sampled_from(["Basics", "First Steps", "Values & Types", "Slices", "Overview"]),
)
numbers = st.one_of(
    st.integers(-3, 40).map(str),
    st.integers().map(str),
    st.sampled_from([LONG_DIGITS, "0" * 3000 + "1", "٣", "1e400", "0x1F", "1_000", "99999999999"]),
    st.text("0123456789", min_size=1, max_size=25),
)
links = st.one_of(
    st.sampled_from(
        [
            "days/day-01-first-steps.md",
            "days/day-02-values.md",
            "days/day-03-slices.md",
            "days/day-02-values.md#overview",
            "#overview",
            "#",
            "",
            "../README.md",
            "../../../../../../../etc/passwd",
            "/etc/hostname",
            "/README.md#mini-go",
            "https://example.com/x",
            "mailto:a@b",
            "days/",
            "days/day-01-first-steps.md?x=1#exercises",
            "%2e%2e/%2e%2e/x.md",
            "x%00y.md",
            "days%00/x.md#a",
            "days/day-01-first-steps.md#" + LONG_DIGITS,
            "<days/day 01.md>",
        ]
    ),
    text,
)


@st.composite
def yaml_scalar(draw: st.DrawFn) -> str:
    return draw(
        st.one_of(
            numbers,
            st.sampled_from(["true", "no", "null", "~", ".inf", "-.nan", "2026-01-01", "1:2:3"]),
            text.map(lambda s: '"' + s.replace('"', "") + '"'),
            text.map(lambda s: "'" + s.replace("'", "''") + "'"),
            st.sampled_from(['"\\ud800"', '"a\\udc00b"', '"\\x00"', "!!binary aGk=", "&a 1", "*a"]),
            st.sampled_from(
                ["[" * 300 + "]" * 300, "{a: " * 200 + "1" + "}" * 200, "[1, [2, {a: 3}]]"]
            ),
            text,
        )
    )


def _yaml_block(keys: list[str], lines: dict[str, str]) -> st.SearchStrategy[str]:
    """A mapping of the known keys, each kept, dropped, or given another value, plus noise."""

    @st.composite
    def build(draw: st.DrawFn) -> str:
        out = []
        for key in keys:
            choice = draw(st.integers(0, 9))
            if choice < 6:
                out.append(lines[key])
            elif choice < 9:
                out.append(f"{key}: {draw(yaml_scalar())}")
        extra = draw(st.lists(st.one_of(yaml_scalar(), text).map(lambda v: f"{v}"), max_size=3))
        for index, value in enumerate(extra):
            out.insert(draw(st.integers(0, len(out))), f"x{index}: {value}" if index % 2 else value)
        return "\n".join(out)

    return build()


MANIFEST_LINES = {
    "title": "title: Mini Go",
    "days": "days: 3",
    "day_padding": "day_padding: 2",
    "go_version": 'go_version: "1.22"',
    "weeks": "weeks:\n  - {number: 1, title: Basics, first_day: 1, last_day: 2}\n"
    "  - {number: 2, title: Data, first_day: 3, last_day: 3}",
    "required_sections": "required_sections:\n  - Overview\n  - Exercises",
    "hub": "hub: README.md",
    "modules_dir": "modules_dir: days",
}
FRONT_LINES = {
    "day": "day: 1",
    "title": 'title: "First Steps"',
    "week": "week: 1",
    "status": "status: published",
    "summary": "summary: What day 1 teaches.",
    "tags": "tags: [go]",
    "go_version": 'go_version: "1.22"',
    "estimated_minutes": "estimated_minutes: 30",
}
manifest = _yaml_block(list(MANIFEST_LINES), MANIFEST_LINES)
front_matter = _yaml_block(list(FRONT_LINES), FRONT_LINES)

markers = st.sampled_from(
    ["", "", "CURRENT: ", "current - ", "(current) ", "**CURRENT** ", "CURRENT"]
)


@st.composite
def day_item(draw: st.DrawFn) -> str:
    title = draw(text)
    shown = f"[{title}]({draw(links)})" if draw(st.booleans()) else title
    lead = draw(st.sampled_from(["* ", "- ", "  * ", "1. "]))
    return f"{lead}**Day {draw(numbers)}:** {draw(markers)}{shown}"


def hub_line() -> st.SearchStrategy[str]:
    return st.one_of(
        st.builds("### **Week {}: {}**".format, numbers, text),
        numbers.map("### A {}-Day Course".format),
        day_item(),
        day_item(),
        text,
        st.just(""),
        markdown_block(),
    )


@st.composite
def hub(draw: st.DrawFn) -> str:
    base = [
        "# Mini Go",
        "### A 3-Day Course",
        "",
        "## Roadmap",
        "",
        "### **Week 1: Basics**",
        "* **Day 01:** [First Steps](days/day-01-first-steps.md)",
        "* **Day 02:** CURRENT: [Values & Types](days/day-02-values.md)",
        "",
        "### **Week 2: Data**",
        "* **Day 03:** [Slices](days/day-03-slices.md)",
    ]
    for _ in range(draw(st.integers(1, 6))):
        position = draw(st.integers(0, len(base)))
        if draw(st.booleans()) and position < len(base):
            base[position] = draw(hub_line())
        else:
            base.insert(position, draw(hub_line()))
    return "\n".join(base) + "\n"


info_attr = st.one_of(
    st.sampled_from(
        ["ignore", "compile_fail", "no_run", "test", "continue", "timeout", "unordered"]
    ),
    st.builds(
        lambda name, value: f"{name}={value}",
        st.sampled_from(["ignore", "timeout", "test", "x", "continue", ""]),
        st.one_of(
            st.sampled_from(['"reason"', '"', "'", '""', '"a\\"b"', "5s", "0s", "121s", "-1s"]),
            numbers.map(lambda n: n + "s"),
            numbers.map(lambda n: n + "ms"),
            text,
        ),
    ),
    text,
)


@st.composite
def info_string(draw: st.DrawFn) -> str:
    lang = draw(st.sampled_from(["go", "golang", "GO", "output", "text", "", "{.go}", "go=1"]))
    attrs = draw(st.lists(info_attr, max_size=4))
    separators = st.sampled_from([" ", ",", ", ", "\t", "  "])
    return lang + "".join(draw(separators) + attr for attr in attrs)


GO_BODIES = [
    'fmt.Println("hi")',
    "package main\n\nfunc main() {}",
    "func TestX(t *testing.T) {}",
    "x := 1",
    "# hidden line",
    "",
    "}",
]


@st.composite
def fence(draw: st.DrawFn) -> str:
    mark = draw(st.sampled_from(["```", "~~~", "````", "```"]))
    body = draw(st.one_of(st.sampled_from(GO_BODIES), text))
    close = draw(st.sampled_from([mark, mark, "", "``", mark + " x"]))
    indent = draw(st.sampled_from(["", "", "  ", "   ", "> ", "- "]))
    lines = [f"{mark}{draw(info_string())}", *body.split("\n"), close]
    return "\n".join(indent + line for line in lines)


def markdown_block() -> st.SearchStrategy[str]:
    return st.one_of(
        st.builds(lambda level, title: f"{'#' * level} {title}", st.integers(1, 7), text),
        st.builds("See [{}]({}) and ![i]({}).".format, text, links, links),
        st.integers(1, 60).map(lambda depth: "".join("  " * i + "- x\n" for i in range(depth))),
        st.builds(lambda depth, line: ">" * depth + " " + line, st.integers(1, 80), text),
        fence(),
        fence(),
        st.builds(
            "<!-- coursecheck: ignore[{}] {} -->".format,
            st.sampled_from(["LK001", "GO", "", "ZZ999", "LK001,ST001"]),
            text,
        ),
        st.builds("[{}]: {}\n\n[{}][]".format, text, links, text),
        st.builds('<a id="{}"></a>\n| a | b |\n|---|---|\n| {} | x |'.format, text, text),
        text,
    )


@st.composite
def module_body(draw: st.DrawFn) -> str:
    blocks = ["# First Steps", "## Overview", "Text.", "## Exercises", "1. Do it."]
    for _ in range(draw(st.integers(1, 5))):
        blocks.insert(draw(st.integers(0, len(blocks))), draw(markdown_block()))
    return "\n\n".join(blocks) + "\n"


encodings = st.sampled_from(["utf-8", "utf-8", "utf-8", "surrogatepass", "crlf", "bom"])


def encode(text: str, how: str) -> bytes:
    """The file's bytes: UTF-8, or with what EN rules catch (CRLF, a BOM, a lone surrogate)."""
    if how == "crlf":
        text = text.replace("\n", "\r\n")
    if how == "bom":
        text = "\ufeff" + text
    return text.encode("utf-8", "surrogatepass")
