"""Fragment wrapping as exact as Go (issue 13): a fragment and the same code written as a
complete file (package main, its imports, func main around the statements) get the same
verdict and the same errors at the same lines, and `go build` agrees on the verdict.

Each case is a list of pieces, each a declaration ("d") or statements ("s") as Go reads them;
the fragment is the pieces as written, the complete file puts the declarations at the top
level and the statements in func main. One coursecheck run checks every block of both pages
(LF and CRLF), and one `go build ./...` builds every complete file."""

from __future__ import annotations

import contextlib
import json
import random
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from coursecheck.cache.peruser import toolchain_cache
from coursecheck.cli import main
from coursecheck.snippets.toolchain import hermetic_env, require_go

UNCLOSED = "the snippet ends inside a block it opened"
EXTRA_CLOSE = "this '}' closes no '{' of the snippet"
MAIN_RETURNS = "return with a value among a fragment's statements"
NOT_COMPARED = {"GO003"}
AT_LINE = re.compile(r"\bat line \d+")  # gofmt: the complete file's layout is not the author's
Piece = tuple[str, str]  # ("d" declaration | "s" statements, code ending in a newline)


@dataclass(frozen=True)
class Case:
    name: str
    pieces: tuple[Piece, ...]
    imports: tuple[str, ...] = ()
    fails: bool = False
    # The fragment's first error said in the author's terms (0-based code line, message
    # start), where the complete file's words name code the author never wrote.
    said: tuple[int, str] | None = None

    @property
    def fragment(self) -> str:
        return "".join(code for _, code in self.pieces)

    def complete(self) -> tuple[str, dict[int, int]]:
        """The complete file, and for each of its lines the fragment line it holds."""
        head = ["package main", ""]
        head += [f'import "{path}"' for path in self.imports]
        lines, where = [*head, ""], {}
        starts, at = [], 0
        for _, code in self.pieces:
            starts.append(at)
            at += code.count("\n")

        def put(kind: str) -> None:
            for (k, code), start in zip(self.pieces, starts, strict=True):
                if k == kind:
                    for i, line in enumerate(code.rstrip("\n").split("\n")):
                        where[len(lines)] = start + i
                        lines.append(line)

        put("d")
        if not self.declares_main:
            lines.append("func main() {")
            put("s")
            lines.append("}")
        return "\n".join(lines) + "\n", where

    @property
    def declares_main(self) -> bool:
        return any(k == "d" and re.match(r"\s*func main\(", c) for k, c in self.pieces)


def d(code: str) -> Piece:
    return ("d", code)


def s(code: str) -> Piece:
    return ("s", code)


HELLO = s('fmt.Println("hi")\n')
CASES = [
    # The cases issue 13 names.
    Case("main-brace-next-line", (d('func main()\n{\n\tfmt.Println("hi")\n}\n'),), ("fmt",), True),
    Case("main-brace-after-comment", (d("func main()\n// the body\n{\n}\n"),), (), True),
    Case("function-without-body", (d("func Sum(numbers []int) int\n"),), (), True),
    Case("signature-then-use", (d("func Sum(n []int) int\n"), s("_ = Sum\n")), (), True),
    Case(
        "indented-main",
        (d('  func main() {\n  \tfmt.Println("hi")\n  }\n'),),
        ("fmt",),
    ),
    Case("tab-indented-main", (d("\tfunc main() {\n\t}\n"),)),
    Case(
        "generated-part-unclosed",
        (s("for i := 0; i < 3; i++ {\n\tfmt.Println(i)\n"),),
        ("fmt",),
        True,
        (1, UNCLOSED),
    ),
    Case(
        "generated-part-extra-brace",
        (s("x := 1\nfmt.Println(x)\n}\n"),),
        ("fmt",),
        True,
        (2, EXTRA_CLOSE),
    ),
    Case("own-error-before-unclosed", (s('fmt.Println("a"\nfor {\n'),), ("fmt",), True),
    Case(
        "return-value-in-main",
        (s("for i := range 3 {\n\tif i == 2 {\n\t\treturn 1\n\t}\n}\n"),),
        (),
        True,
        (2, MAIN_RETURNS),
    ),
    Case("return-value-in-literal", (s("f := func() {\n\treturn 1\n}\nf()\n"),), (), True),
    Case(
        "linkname-without-body",
        (
            d(
                'import _ "unsafe"\n\n'
                "//go:linkname nanotime runtime.nanotime\nfunc nanotime() int64\n"
            ),
            s("fmt.Println(nanotime() > 0)\n"),
        ),
        ("fmt",),
    ),
    Case("unclosed-call", (s('fmt.Println("a",\n'),), ("fmt",), True, (0, UNCLOSED)),
    Case("unclosed-block-comment", (s("fmt.Println()\n/* to be continued\n"),), ("fmt",), True),
    Case("unclosed-string", (s('fmt.Println("a)\n'),), ("fmt",), True),
    Case(
        "unclosed-in-declaration",
        (d("func f() {\n\tfmt.Println()\n"),),
        ("fmt",),
        True,
        (1, UNCLOSED),
    ),
    # Semicolon insertion: a newline after `)` ends the line, in a fragment as in a file.
    Case(
        "func-brace-next-line",
        (d("func add(a, b int) int\n{\n\treturn a + b\n}\n"), s("fmt.Println(add(1, 2))\n")),
        ("fmt",),
        True,
    ),
    Case(
        "method-brace-next-line",
        (
            d("type C int\n\nfunc (c C) Inc() C\n{\n\treturn c + 1\n}\n"),
            s("fmt.Println(C(1).Inc())\n"),
        ),
        ("fmt",),
        True,
    ),
    Case(
        "generic-brace-next-line",
        (
            d("func Max[T int | float64](a, b T) T\n{\n\treturn a\n}\n"),
            s("fmt.Println(Max(1, 2))\n"),
        ),
        ("fmt",),
        True,
    ),
    Case("if-brace-next-line", (s("x := 1\nif x > 0\n{\n\tfmt.Println(x)\n}\n"),), ("fmt",), True),
    Case("for-brace-next-line", (s("for i := 0; i < 3; i++\n{\n}\n"),), (), True),
    Case(
        "literal-missing-comma",
        (s("xs := []int{\n\t1,\n\t2\n}\nfmt.Println(xs)\n"),),
        ("fmt",),
        True,
    ),
    Case("call-split-after-comma", (s('fmt.Println("a",\n\t"b")\n'),), ("fmt",)),
    Case("block-statement-after-func", (d("func f() {}\n"), s("{\n\tf()\n}\n"))),
    Case("func-literal-statement", (s('func() {\n\tfmt.Println("lit")\n}()\n'),), ("fmt",)),
    Case("deferred-literal", (s('defer func() {\n\tfmt.Println("late")\n}()\n'),), ("fmt",)),
    # Labels and goto.
    Case(
        "label-continue",
        (
            s(
                "outer:\n\tfor i := 0; i < 2; i++ {\n\t\tfor j := 0; j < 2; j++ {\n"
                "\t\t\tif j == 1 {\n\t\t\t\tcontinue outer\n\t\t\t}\n"
                "\t\t\tfmt.Println(i, j)\n\t\t}\n\t}\n"
            ),
        ),
        ("fmt",),
    ),
    Case("label-unused", (s("unused:\n\tfmt.Println()\n"),), ("fmt",), True),
    Case(
        "goto-loop",
        (s("i := 0\nloop:\n\tif i < 3 {\n\t\ti++\n\t\tgoto loop\n\t}\nfmt.Println(i)\n"),),
        ("fmt",),
    ),
    Case("goto-over-declaration", (s("goto end\nx := 1\nfmt.Println(x)\nend:\n"),), ("fmt",), True),
    # Generics and methods.
    Case(
        "generic-func",
        (
            d(
                "func Map[T, U any](s []T, f func(T) U) []U {\n\tvar out []U\n"
                "\tfor _, v := range s {\n\t\tout = append(out, f(v))\n\t}\n"
                "\treturn out\n}\n"
            ),
            s('fmt.Println(Map([]int{1}, func(i int) string { return "x" }))\n'),
        ),
        ("fmt",),
    ),
    Case(
        "generic-type-method",
        (
            d(
                "type Stack[T any] struct {\n\titems []T\n}\n\n"
                "func (s *Stack[T]) Push(v T) {\n\ts.items = append(s.items, v)\n"
                "}\n"
            ),
            s("var st Stack[int]\nst.Push(1)\nfmt.Println(st)\n"),
        ),
        ("fmt",),
    ),
    Case(
        "method-after-statements",
        (
            s("p := P{1}\nfmt.Println(p)\n"),
            d('type P struct{ X int }\n\nfunc (p P) String() string {\n\treturn "p"\n}\n'),
        ),
        ("fmt",),
    ),
    Case(
        "generic-bad-instance",
        (d("func Id[T int](v T) T { return v }\n"), s('fmt.Println(Id("s"))\n')),
        ("fmt",),
        True,
    ),
    # Braces and `func main` in comments, strings, runes and raw strings.
    Case("braces-in-strings", (s("s := \"}\"\nr := '{'\nfmt.Println(s, r) // }\n"),), ("fmt",)),
    Case("brace-in-block-comment", (s("/* } */\nfmt.Println()\n"),), ("fmt",)),
    Case("main-in-comment", (s("// func main() {\nfmt.Println()\n"),), ("fmt",)),
    Case(
        "main-in-raw-string", (s("var src = `\nfunc main() {\n}\n`\nfmt.Println(src)\n"),), ("fmt",)
    ),
    Case("raw-string-braces", (d("const t = `\n}\n}`\n"), s("fmt.Println(t)\n")), ("fmt",)),
    Case("unterminated-raw-string", (s("x := `abc\nfmt.Println(x)\n"),), ("fmt",), True),
    # Declarations and statements together.
    Case("var-after-statements", (s("x := 2\nvar y = x * 2\nfmt.Println(y)\n"),), ("fmt",)),
    Case("const-block", (d("const (\n\tA = iota\n\tB\n)\n"), s("fmt.Println(A, B)\n")), ("fmt",)),
    Case("unused-variable", (s("x := 1\n"),), (), True),
    Case("main-returns-nothing", (d("func main() {\n\treturn\n}\n"),)),
    Case("type-error", (s('var n int = "a"\nfmt.Println(n)\n'),), ("fmt",), True),
]


def generated(count: int, seed: int = 13) -> list[Case]:
    """Valid declarations and statements put together at random, some with Go's traps laid:
    a body's brace moved to the next line, a body dropped."""
    decls = [
        ("func double(x int) int {\n\treturn 2 * x\n}\n", "double(2)", ()),
        (
            "type Pair struct {\n\tA, B int\n}\n\n"
            "func (p Pair) Sum() int {\n\treturn p.A + p.B\n}\n",
            "Pair{1, 2}.Sum()",
            (),
        ),
        (
            'func join(xs ...string) string {\n\treturn strings.Join(xs, ",")\n}\n',
            'join("a", "b")',
            ("strings",),
        ),
        ("func First[T any](xs []T) T {\n\treturn xs[0]\n}\n", "First([]int{3})", ()),
    ]
    rng = random.Random(seed)
    cases = []
    for n in range(count):
        chosen = rng.sample(decls, rng.randint(1, 2))
        trap = rng.choice(["none", "none", "brace", "nobody"])
        pieces: list[Piece] = []
        imports = {"fmt"}
        for code, use, needs in chosen:
            if trap == "brace":
                code = code.replace(") int {\n", ") int\n{\n", 1).replace(") T {\n", ") T\n{\n", 1)
                code = code.replace(") string {\n", ") string\n{\n", 1)
            pieces.append(d(code))
            pieces.append(s(f"fmt.Println({use})\n"))
            imports |= set(needs)
        if trap == "nobody":
            pieces.append(d("func missing() int\n"))
        if rng.random() < 0.5:  # declarations after the statements that use them
            pieces.sort(key=lambda piece: piece[0] == "d")
        fails = trap != "none"
        cases.append(Case(f"generated-{n}-{trap}", tuple(pieces), tuple(sorted(imports)), fails))
    return cases


ALL = CASES + generated(16)


def page(cases: list[Case], newline: str) -> str:
    parts = ["# Wrapping\n\n"]
    for case in cases:
        complete, _ = case.complete()
        parts.append(f"## {case.name}\n\n```go\n{case.fragment}```\n\n```go\n{complete}```\n\n")
    return "".join(parts).replace("\n", newline)


@dataclass(frozen=True)
class Seen:
    fails: bool
    errors: list[tuple[str, int | None, int, str]]  # code, fragment line, column, message


def seen(block: dict[str, Any], where: dict[int, int] | None = None) -> Seen:
    """The block's findings at its code lines (mapped to the fragment's by `where`), but for
    those in a complete file's own package clause, imports or func main."""
    found = [f for f in block["findings"] if f["code"] not in NOT_COMPARED]
    errors = []
    for f in found:
        line = f["line"] - block["first_line"]
        if where is not None and line not in where:
            continue
        message = AT_LINE.sub("at line N", f["message"])  # a page line: the blocks differ
        errors.append((f["code"], where[line] if where is not None else line, f["column"], message))
    return Seen(bool(found), errors)


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, Any]]]:
    root = tmp_path_factory.mktemp("wrapping")
    (root / "lf.md").write_bytes(page(ALL, "\n").encode())
    (root / "crlf.md").write_bytes(page(CASES, "\r\n").encode())
    out = root / "out.json"
    code = _cli(
        ["snippets", str(root / "lf.md"), str(root / "crlf.md"), "--check", "--format", "json"], out
    )
    assert code in (0, 1), out.read_text()
    blocks = json.loads(out.read_text())["blocks"]
    return {name: [b for b in blocks if b["path"].endswith(name)] for name in ("lf.md", "crlf.md")}


def _cli(argv: list[str], out: Path) -> int:
    with out.open("w") as stream, contextlib.redirect_stdout(stream):
        return main(argv)


@pytest.fixture(scope="module")
def go_builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """What `go build` says of each complete file ("" when it builds), in one call."""
    go = require_go()  # fails with what to install when the toolchain is missing
    root = tmp_path_factory.mktemp("oracle")
    (root / "go.mod").write_text(f"module oracle\n\ngo {go.language}\n")
    for n, case in enumerate(ALL):
        (root / f"c{n:03d}").mkdir()
        (root / f"c{n:03d}" / "main.go").write_text(case.complete()[0])
    scratch = tmp_path_factory.mktemp("oracle-tmp")  # go ignores a go.mod in TMPDIR itself
    env = hermetic_env(go, toolchain_cache(), scratch)
    done = subprocess.run(
        [str(go.binary), "build", "./..."],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0 or "# oracle/" in done.stderr, done.stderr
    first_error: dict[str, str] = {case.name: "" for case in ALL}
    for line in done.stderr.splitlines():
        m = re.match(r"c(\d{3})/main\.go:\d+:\d+: (.*)", line)
        if m and not first_error[ALL[int(m[1])].name]:
            first_error[ALL[int(m[1])].name] = m[2]
    return first_error


@pytest.mark.parametrize("case", ALL, ids=lambda case: case.name)
def test_fragment_as_complete_file(
    case: Case, verdicts: dict[str, list[dict[str, Any]]], go_builds: dict[str, str]
) -> None:
    n = ALL.index(case)
    fragment, complete = verdicts["lf.md"][2 * n : 2 * n + 2]
    _, where = case.complete()
    mine, theirs = seen(fragment), seen(complete, where)
    assert (mine.fails, theirs.fails, bool(go_builds[case.name])) == (case.fails,) * 3, (
        mine,
        theirs,
        go_builds[case.name],
    )
    if case.said is not None:
        line, message = case.said
        assert mine.errors[0][1] == line and mine.errors[0][3].startswith(message), mine
    else:
        assert mine.errors == theirs.errors


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_crlf_page_gets_the_same_findings(
    case: Case, verdicts: dict[str, list[dict[str, Any]]]
) -> None:
    n = ALL.index(case)
    lf = verdicts["lf.md"][2 * n : 2 * n + 2]
    crlf = verdicts["crlf.md"][2 * n : 2 * n + 2]
    assert [seen(b) for b in crlf] == [seen(b) for b in lf]


def test_a_line_named_in_a_message_is_the_page_line(
    verdicts: dict[str, list[dict[str, Any]]],
) -> None:
    n = ALL.index(next(case for case in ALL if case.name == "goto-over-declaration"))
    fragment = verdicts["lf.md"][2 * n]
    declared = fragment["first_line"] + 1  # `x := 1`, the fragment's second line
    (finding,) = fragment["findings"]
    assert finding["message"] == f"goto end jumps over variable declaration at line {declared}"
