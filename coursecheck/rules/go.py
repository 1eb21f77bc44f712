"""GO: every Go snippet builds, is vetted and gofmt-clean, runs and prints what the text says."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from itertools import chain
from pathlib import Path

from coursecheck.course import Course
from coursecheck.diagnostics import Finding
from coursecheck.markdown import Document
from coursecheck.preconditions import text
from coursecheck.rules import chains, crashes, goversions
from coursecheck.rules.base import Context, Family, Rule
from coursecheck.snippets import codes
from coursecheck.snippets.check import check_pages
from coursecheck.snippets.fencelang import misspelt_outputs
from coursecheck.snippets.lenient import Note
from coursecheck.snippets.versions import Claim

FENCE = "```"
TEST_SRC = (
    'package m\n\nimport "testing"\n\n'
    'func TestAdd(t *testing.T) {{\n\tif 1+1 != {} {{\n\t\tt.Fatal("sum")\n\t}}\n}}'
)
MAP_RANGE = (
    'ages := map[string]int{"ann": 1, "bob": 2}\nfor name, age := range ages {\n'
    "\tfmt.Println(name, age)\n}"
)
UUID_SRC = 'package main\n\nimport "github.com/google/uuid"\n\nfunc main() { _ = uuid.New() }'


def _doc(what: str, bad: str, good: str) -> str:
    example = "````markdown\n{}\n````\n"
    return f"{what}\n\n**Bad:**\n\n{example.format(bad)}\n**Good:**\n\n{example.format(good)}"


def _go(info: str, code: str, output: str | None = None) -> str:
    block = f"{FENCE}{info}\n{code}\n{FENCE}"
    return block if output is None else f"{block}\n\n{FENCE}output\n{output}\n{FENCE}"


RULES = (
    Rule(
        codes.BUILD_ERROR,
        "build-error",
        "A Go snippet does not build.",
        _doc(
            "A snippet without `compile_fail` must parse and type-check. The error is reported at "
            "the snippet's own line and column in the Markdown file.",
            _go("go", "fmt.Println(undefinedName)"),
            _go("go", 'name := "gopher"\nfmt.Println(name)'),
        ),
    ),
    Rule(
        codes.VET,
        "vet",
        "go vet reports a problem in a snippet.",
        _doc(
            "`go vet`'s analyzers run on every snippet that builds (only when it changed).",
            _go("go", 'fmt.Printf("%d\\n", "five")'),
            _go("go", 'fmt.Printf("%s\\n", "five")'),
        ),
    ),
    Rule(
        codes.GOFMT,
        "gofmt",
        "A snippet is not gofmt-clean.",
        _doc(
            "Readers copy snippets: they should look like the code `gofmt` writes.",
            _go("go", "x:=1\nfmt.Println(x)"),
            _go("go", "x := 1\nfmt.Println(x)"),
        ),
        fixable=True,
    ),
    Rule(
        codes.OUTPUT_MISMATCH,
        "output-mismatch",
        "A program prints something else than its output block.",
        _doc(
            "A snippet followed by an `output` block is run; its output (standard output and "
            "error, "
            "trimmed as Go example tests do) must equal the block. A diff is shown at the block.",
            _go("go", "fmt.Println(1 + 1)", "3"),
            _go("go", "fmt.Println(1 + 1)", "2"),
        ),
    ),
    Rule(
        codes.COMPILE_FAIL_BUILT,
        "compile-fail-builds",
        "A compile_fail snippet builds.",
        _doc(
            "`compile_fail` promises the reader an error; a snippet that builds breaks the "
            "promise.",
            _go("go compile_fail", "var x int = 1\n_ = x"),
            _go("go compile_fail", 'var x int = "one"\n_ = x'),
        ),
    ),
    Rule(
        codes.COMPILE_FAIL_TEXT,
        "compile-fail-text",
        "A compile_fail snippet fails with another error.",
        _doc(
            '`compile_fail="text"` must find `text` in one of the build\'s error messages.',
            _go('go compile_fail="undefined: y"', 'var x int = "one"\n_ = x'),
            _go('go compile_fail="cannot use \\"one\\""', 'var x int = "one"\n_ = x'),
        ),
    ),
    Rule(
        codes.TEST_FAILURE,
        "test-failure",
        "A test snippet's tests fail.",
        _doc(
            "A `test` snippet is a `_test.go` file: its tests, examples, benchmarks "
            "(one iteration) "
            "and fuzz seeds run with `go test` and must pass.",
            _go(
                "go test",
                TEST_SRC.format(3),
            ),
            _go(
                "go test",
                TEST_SRC.format(2),
            ),
        ),
    ),
    Rule(
        codes.TIMEOUT,
        "timeout",
        "A snippet's run or tests exceed the time limit.",
        _doc(
            "Runs are stopped after 3s (tests too), or after the block's `timeout=` "
            "(at most 120s).",
            _go("go", 'time.Sleep(10 * time.Second)\nfmt.Println("done")', "done"),
            _go("go timeout=15s", 'time.Sleep(10 * time.Second)\nfmt.Println("done")', "done"),
        ),
    ),
    Rule(
        codes.IGNORE_REASON,
        "ignore-without-reason",
        "ignore has no reason.",
        _doc(
            "A skipped block must say why, so the next author knows whether it may be "
            "checked again.",
            _go("go ignore", "db.Ping()"),
            _go('go ignore="needs a Postgres server"', "db.Ping()"),
        ),
    ),
    Rule(
        codes.BAD_ATTRIBUTE,
        "bad-attribute",
        "Unknown attribute or invalid value on a fence.",
        _doc(
            "Attributes are `ignore`, `compile_fail`, `no_run`, `test`, `continue`, `timeout`, "
            "`go_version`, `should_panic`, `exit` (and `unordered` on `output`). A typo would "
            "silently turn a check off. Other tools' attributes (`hl_lines`, `title`, "
            "`linenums`, anything in a brace group) are accepted and ignored.",
            _go("go norun", "serve()"),
            _go("go no_run", "serve()"),
        ),
    ),
    Rule(
        codes.UNCLOSED_FENCE,
        "unclosed-fence",
        "A Go code fence is never closed.",
        _doc(
            "An unclosed fence swallows the rest of the page into the snippet.",
            f"{FENCE}go\nfmt.Println(1)\n\n## Next section",
            _go("go", "fmt.Println(1)"),
        ),
    ),
    Rule(
        codes.MISSING_MAIN,
        "missing-main",
        "package main has no func main.",
        _doc(
            "`go vet` alone misses it; `go build` fails with it.",
            _go("go", "package main\n\nfunc helper() {}"),
            _go("go", "package main\n\nfunc main() {}"),
        ),
    ),
    Rule(
        codes.SANDBOX,
        "sandbox",
        "A snippet does what snippets may not.",
        _doc(
            'Snippets build offline with the standard library only: cgo (`import "C"`), '
            "third-party imports, `//go:generate`, `//go:embed` and `toolchain` lines fail closed. "
            'Mark such a block `ignore="reason"`.',
            _go(
                "go",
                UUID_SRC,
            ),
            _go(
                'go ignore="needs github.com/google/uuid"',
                UUID_SRC,
            ),
        ),
    ),
    Rule(
        codes.ORPHAN_OUTPUT,
        "orphan-output",
        "An output block follows no code block.",
        _doc(
            "An `output` block is checked against the snippet directly before it (only blank "
            "lines between); after prose, or after another output block, it is never checked. "
            "The finding names the snippet it seems to belong to.",
            "```go\nfmt.Println(42)\n```\n\nThis prints:\n\n```output\n42\n```",
            _go("go", "fmt.Println(42)", "42"),
        ),
    ),
    Rule(
        codes.CONTINUE_ALONE,
        "continue-without-snippet",
        "continue with no earlier Go snippet on the page.",
        _doc(
            "`continue` joins a block to the previous Go snippet on the same page.",
            _go("go continue", "fmt.Println(s)"),
            _go("go", 's := "gopher"') + "\n\n" + _go("go continue", "fmt.Println(s)"),
        ),
    ),
    Rule(
        codes.NONDETERMINISTIC,
        "nondeterministic-output",
        "What a snippet prints, or whether its tests pass, is left to chance.",
        _doc(
            "Go randomises map order, and goroutines, time and random numbers differ from run "
            "to run: a program printing them can match an exact `output` block by chance and "
            "fail later. Printing inside a `range` over a map, or building a slice, a string, "
            "a Builder's text or a channel's values in map order and using them unsorted, is "
            "found in the code; besides, every output-checked program and every `test` block "
            "runs three times at once (six when it uses time, random numbers or goroutines), "
            "a pass is cached only once a second check agrees, and runs that print "
            "differently (or tests that pass in one run only) are reported and never cached. "
            "Sort the keys, or mark the block `output unordered` when only the order of the "
            "lines may change.",
            _go("go", MAP_RANGE, "ann 1\nbob 2"),
            _go("go", MAP_RANGE) + f"\n\n{FENCE}output unordered\nann 1\nbob 2\n{FENCE}",
        ),
    ),
    Rule(
        codes.RESOURCE_LIMIT,
        "resource-limit",
        "A snippet's run or tests hit a sandbox limit (memory, processes, CPU, file size).",
        _doc(
            "Snippets run in a sandbox as one process (starting another is denied) with "
            "limits: 512 MiB of data (heap and global variables), 128 threads, 4 MiB per "
            "file, 64 MiB of scratch space, and CPU time equal to the time limit. The finding "
            "names the limit that ended the run.",
            _go("go", "b := make([]byte, 1<<30)\nb[0] = 1\nfmt.Println(len(b))", "1073741824"),
            _go("go", "b := make([]byte, 1<<20)\nb[0] = 1\nfmt.Println(len(b))", "1048576"),
        ),
    ),
    Rule(
        codes.TEST_FRAGMENT,
        "test-without-package",
        "A `test` block has no package clause, in itself or in the chain it continues.",
        _doc(
            "A `test` block is a `_test.go` file, built with `go test`: it starts with a "
            "package clause and imports `testing`, or it `continue`s a block that has the "
            "package clause. A fragment alone has no package to test.",
            _go(
                "go test",
                'func TestAdd(t *testing.T) {\n\tif 1+1 != 2 {\n\t\tt.Fatal("sum")\n\t}\n}',
            ),
            _go("go test", TEST_SRC.format(2)),
        ),
    ),
)


def pages(course: Course) -> Iterator[tuple[Path, Document]]:
    return ((page.path, page.doc) for page in course.pages() if page.doc is not None)


def check(course: Course, ctx: Context) -> Iterator[tuple[str, Finding]]:
    if not any(ctx.selected(rule.code) for rule in ALL_RULES):
        return
    checked = list(pages(course))
    yield from goversions.check(course, checked, ctx)
    yield from page_findings(
        checked,
        ctx.selected,
        ctx.use_cache,
        lambda: course.files.unsettled("an unconfirmed pass of a Go snippet"),
        goversions.page_claims(course),
    )


def page_findings(
    checked: list[tuple[Path, Document]],
    selected: Callable[[str], bool],
    use_cache: bool,
    unconfirmed: Callable[[], None] | None = None,
    claims: Mapping[Path, Claim] | None = None,
    notes: list[Note] | None = None,
) -> Iterator[tuple[str, Finding]]:
    """The snippets' findings on these pages, with what each depends on: `check` and
    `snippets --check` (any Markdown, no course) both take them from here. With `notes`,
    lenient mode (`snippets --lenient`): see snippets/lenient.py."""
    found = check_pages(checked, selected, use_cache, unconfirmed, claims, notes)
    if selected(codes.BAD_ATTRIBUTE):
        found = chain(found, (hit for page in checked for hit in misspelt_outputs(*page)))
    for code, finding in chains.explain(checked, list(found)):
        # A snippet's finding reads its lines as code: if they are not (an unclosed fence above
        # swallowed them), it follows from that.
        here = text(finding.path, finding.line, finding.end_line or finding.line)
        yield code, replace(finding, needs=(*finding.needs, here))


ALL_RULES = tuple(sorted(RULES + goversions.RULES + crashes.RULES, key=lambda rule: rule.code))
FAMILY = Family("GO", "Go snippets", ALL_RULES, check)
