"""`coursecheck snippets --check --lenient`: Markdown nobody wrote for coursecheck.

One case per line of CASES: a page, then each Go block's verdict and a word of its reason.
Every lenient rule has a case it lets through and one that still fails. All pages are
checked by ONE real `coursecheck` process (one Go batch); each case then reads its page."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).parents[2]
F = "```"


def go(code: str, info: str = "go") -> str:
    return f"{F}{info}\n{code}\n{F}\n"


def page(*parts: str) -> str:
    return "# Page\n\n" + "\n".join(parts)


TEST_ADD = 'package integers\n\nimport "testing"\n\nfunc TestAdd(t *testing.T) {\n\tif Add(2, 2) != 4 {\n\t\tt.Error("sum")\n\t}\n}'  # noqa: E501
ADD = "package integers\n\nfunc Add(x, y int) int {\n\treturn x + y\n}"
MAIN = 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("hi")\n}'

HELLO_TEST = 'func TestHello(t *testing.T) {\n\tif Hello("x") != "Hello, x" {\n\t\tt.Fail()\n\t}\n}'
UUID_MAIN = 'package main\n\nimport "github.com/google/uuid"\n\nfunc main() {\n\t_ = uuid.New()\n}'
CALLOUTS = "func keys(m map[string]int) []string { <1>\n\tvar out []string <2>\n\treturn out\n}"
LOCK_COPY = (  # a value copy of a lock-bearing type: vet's copylocks
    'package main\n\nimport (\n\t"fmt"\n\t"sync"\n)\n\ntype C struct {\n\tmu sync.Mutex\n}\n\n'
    "func show(c C) {\n\tfmt.Println(&c.mu)\n}\n\nfunc main() {\n\tshow(C{})\n}"
)

TABLE_TEST = 'if got != tt.want {\n\tt.Errorf("%d", got)\n}'
UNFIT_T = "it uses t, declared in another block (line 4) that does not fit this one"
KIND = (  # a type switch whose last case is {}: only a comment, or code
    'func kind(m any) (string, error) {{\n\tswitch m.(type) {{\n\tcase int:\n\t\treturn "int", nil'
    "\n\tcase string:\n\t\t{}\n\t}}\n}}"
)
UNUSED_RESULT_MAIN = (
    'package main\n\nimport "bytes"\n\nfunc main() {\n\tvar b bytes.Buffer\n\tb.String()\n}'
)

# name: (page, [(verdict, a word of its reason), ...]) for its Go blocks, in order.
CASES: dict[str, tuple[str, list[tuple[str, str]]]] = {
    # A later declaration replaces an earlier one of the same name (TDD iterations).
    "replaced": (
        page(
            go('func Repeat(c string) string {\n\treturn ""\n}'),
            go("func Repeat(c string) string {\n\treturn c + c\n}"),
            go('func main() {\n\tfmt.Println(Repeat("a"))\n}'),
        ),
        [("ok", ""), ("ok", ""), ("ok", "")],
    ),
    "replaced-bad": (
        page(
            go('func Repeat(c string) string {\n\treturn ""\n}'),
            go("func Repeat(c string) string {\n\treturn 1\n}"),
        ),
        [("ok", ""), ("fail", "GO001")],
    ),
    "method-replaced": (
        page(
            go(
                "type D map[string]string\n\nfunc (d D) Search(w string) string {\n\treturn d[w]\n}"
            ),
            go("func (d D) Search(w string) (string, bool) {\n\tv, ok := d[w]\n\treturn v, ok\n}"),
        ),
        [("ok", ""), ("ok", "")],
    ),
    # Variables an earlier fragment declares are context too (statements that declare none
    # are not, nor statements further down the page); a later `x :=` replaces an earlier one.
    "statements": (
        page(
            go("xs := []int{3, 1, 2}\nsort.Ints(xs)"),
            go("fmt.Println(len(xs), xs[0])"),
            go('xs := []string{"a"}\nfmt.Println(xs[0] + "b")'),
        ),
        [("ok", ""), ("ok", ""), ("ok", "")],
    ),
    "statements-bad": (
        page(go("xs := []int{3, 1, 2}"), go("var s string = xs[0]\nfmt.Println(s)")),
        [("ok", ""), ("fail", "GO001")],
    ),
    # A declaration of the context that is broken does not silence vet on the block.
    "broken-context": (
        page(
            go("type Config struct {\n\tPort int\n}"),
            go("func (c Config) Validate() error {\n\treturn c.Check()\n}"),
            go('func report(c Config) {\n\tfmt.Printf("on %d (%s)\\n", c.Port)\n}'),
        ),
        [("ok", ""), ("fail", "GO001"), ("fail", "GO002")],
    ),
    # A block that shows two versions: the later one replaces the earlier, as on a page.
    "alternatives": (
        page(
            go(
                "var limit = 10\n\n// or, better:\nvar limit = defaultLimit()\n\n"
                "func defaultLimit() int { return 10 }"
            )
        ),
        [("ok", "")],
    ),
    "alternatives-bad": (
        page(go("package main\n\nvar limit = 10\nvar limit = 20\n\nfunc main() {}")),
        [("fail", "GO001")],
    ),
    # A test written before the code it tests builds on what the page declares further on.
    "test-first": (page(go(TEST_ADD), go(ADD)), [("ok", ""), ("ok", "")]),
    "test-first-bad": (
        page(go(TEST_ADD), go('package integers\n\nfunc Add(x, y int) string {\n\treturn ""\n}')),
        [("fail", "GO001"), ("ok", "")],
    ),
    # An error the page quotes right after the block is the step it shows, not a defect.
    "quoted": (
        page(
            go('func Hello() string {\n\treturn "Hello"\n}'),
            go(HELLO_TEST),
            "Run it: `./hello_test.go:6:14: too many arguments in call to Hello`\n",
        ),
        [("ok", ""), ("ok", "fails as the page says it does: too many arguments")],
    ),
    # The page may quote an earlier run, or another compiler's words: the shape matches.
    "quoted-shape": (
        page(
            go("func Update(d map[string]string) {}"),
            go("err := Update(map[string]string{})\n_ = err"),
            f"{F}\n./dict_test.go:53:16: Update(dict, word) used as value\n{F}\n",
        ),
        [("ok", ""), ("ok", "fails as the page says it does: Update(map[string]string{})")],
    ),
    "quoted-bad": (
        page(
            go('func Hello() string {\n\treturn "Hello"\n}'),
            go(HELLO_TEST),
            "Run it: it passes.\n",
        ),
        [("ok", ""), ("fail", "GO001")],
    ),
    # Unused names are not findings in a fragment; in a complete program they still are.
    "unused": (page(go('x := 1\nimport_ := "os"')), [("ok", "")]),
    "unused-bad": (
        page(go("package main\n\nfunc main() {\n\tx := 1\n}")),
        [("fail", "GO001")],
    ),
    # Elided code: `...`, `…`, `// ...`; a real error in the rest still fails.
    "elided": (
        page(
            go("func load() int {\n\t...\n}"),
            go("func save(n int) error {\n\t// ...\n}"),
            go("total := compute(…)"),
            go("trips := ...\nfmt.Println(trips)"),
        ),
        [
            ("elided", "line 5: code is elided"),
            ("elided", "elided"),
            ("elided", "elided"),
            ("elided", "elided"),
        ],
    ),
    "elided-bad": (
        page(go('func load() int {\n\tvar n int = "one"\n\t...\n}')),
        [("fail", "GO001")],
    ),
    # What a fragment uses that the page never declares is taken as shown elsewhere...
    "free-names": (
        page(go("a = append(a[:i], a[i+1:]...)")),
        [("elided", "it uses a, i, declared nowhere on the page")],
    ),
    # ... unless it is a slip of a name that is declared.
    "free-names-bad": (
        page(go('name := "gopher"\nfmt.Println(nmae)')),
        [("fail", "GO001")],
    ),
    "return-in-fragment-bad": (
        page(go("func show() {\n\treturn 1\n}")),
        [("fail", "GO001")],
    ),
    # A test's `t` is a variable the fragment does not show, not a package.
    "test-variable": (
        page(go('t.Run("x", func(t *testing.T) {\n\tt.Log("x")\n})')),
        [("elided", "it uses t, declared nowhere")],
    ),
    "return-in-fragment": (
        page(
            go('s, err := open()\nif err != nil {\n\treturn fmt.Errorf("open: %w", err)\n}\n_ = s')
        ),
        [("elided", "returns from a function the page does not show")],
    ),
    # An import no offline build resolves: `external`, and the rest of the block checks.
    "external": (
        page(
            go(UUID_MAIN),
            go('logger := zap.NewNop()\nlogger.Info("hi")'),
        ),
        [("external", 'import "github.com/google/uuid"'), ("external", "package zap")],
    ),
    "external-bad": (
        page(
            go(
                'package main\n\nimport "github.com/google/uuid"\n\n'
                'func main() {\n\tvar n int = "one"\n\t_ = uuid.New()\n}'
            )
        ),
        [("fail", "GO001")],
    ),
    # Build constraints and GOOS-specific file names, as `go build` on this machine.
    "constraints": (
        page(
            go('//go:build windows\n\npackage main\n\nfunc main() {\n\tvar n int = "x"\n}'),
            go("package main\n\nfunc main() {}", 'go title="main_windows.go"'),
            go(f"//go:build linux || darwin\n\n{MAIN}"),
        ),
        [
            ("skipped", "//go:build windows: not built on linux/amd64"),
            ("skipped", "GOOS-specific file name main_windows.go"),
            ("ok", ""),
        ],
    ),
    # Code for another platform without its constraint: what this machine's syscall lacks.
    "platform-code": (
        page(go("h, err := syscall.GetStdHandle(syscall.STD_OUTPUT_HANDLE)\n_, _ = h, err")),
        [("skipped", "it uses syscall.GetStdHandle, syscall.STD_OUTPUT_HANDLE, which linux/amd64")],
    ),
    "constraints-bad": (
        page(go('//go:build linux\n\npackage main\n\nfunc main() {\n\tvar n int = "x"\n}')),
        [("fail", "GO001")],
    ),
    # A complete program is checked as written: context never hides its defects.
    "program": (
        page(
            go("func helper() {}"),
            go("package main\n\nfunc main() {\n\thelper()\n}"),
            go('package main\n\nfunc main() {\n\tfmt.Println("x")\n}'),
            go('package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("%d", 1)\n}'),
            go(LOCK_COPY),
            go(MAIN),
        ),
        [
            ("ok", ""),
            ("fail", "GO001"),
            ("fail", "GO001"),
            ("fail", "GO002"),
            ("fail", "GO002"),
            ("ok", ""),
        ],
    ),
    # Layout is not a defect of a book's code: gofmt is a warning (the finding is shown).
    "gofmt": (page(go("x :=  1\n_ = x")), [("ok", "")]),
    # A signature alone shows an API, a body of comments stands for code: elided; but a
    # complete program is what Go says it is.
    "signatures": (
        page(
            go("// Lookup returns the value for key.\nfunc Lookup(key string) string"),
            go("func keys(m map[string]int) []string {\n\t// Same implementation\n}"),
        ),
        [("elided", "code is elided"), ("elided", "code is elided")],
    ),
    "signatures-bad": (
        page(go("package main\n\nfunc helper() int\n\nfunc main() {\n\t_ = helper()\n}")),
        [("fail", "GO001")],
    ),
    # Two unknown names one letter apart are not a slip of each other.
    "unknown-pair": (
        page(go("a := createMatrix512(8)\nb := createMatrix513(8)\n_, _ = a, b")),
        [("elided", "createMatrix512, createMatrix513")],
    ),
    # A block the page says does not compile is no context for the blocks after it.
    "not-compiling": (
        page(
            go("var m map[[]byte]int"),
            "This code leads to a compilation error: `invalid map key type []byte`.\n",
            go('m = map[string]int{"one": 1}\nfmt.Println(len(m))'),
        ),
        [("ok", "fails as the page says"), ("elided", "it uses m")],
    ),
    # A name from an unrelated earlier block does not fail a block that also uses names
    # declared nowhere (a test's `tt` beside its `t`): it is code from elsewhere, elided.
    "context-unfit": (
        page(go("var t []string"), go(TABLE_TEST)),
        [("ok", ""), ("elided", "got, tt, declared nowhere on the page; " + UNFIT_T)],
    ),
    "context-unfit-two": (
        page(go("var t []string\nvar n int"), go('if n != tt.want {\n\tt.Errorf("%d", n)\n}')),
        [
            ("ok", ""),
            ("elided", "it uses n, t, declared in another block (lines 4, 5) that does not"),
        ],
    ),
    # ... but a function the page declares is no coincidence: the TDD step stands.
    "context-fits-function": (
        page(
            go('func Hello() string {\n\treturn "Hello"\n}'),
            go('got := Hello("Chris")\nif got != want {\n\tt.Errorf("got %q", got)\n}'),
            "Run it: `too many arguments in call to Hello`\n",
        ),
        [("ok", ""), ("ok", "fails as the page says it does: too many arguments")],
    ),
    "context-unfit-bad": (
        page(go("var t []string"), go('t.Errorf("x")')),
        [("ok", ""), ("fail", "GO001")],
    ),
    # A case holding only a comment stands for code: the missing return is not the author's.
    "comment-branch": (
        page(go(KIND.format("// Same as for int"))),
        [("elided", "line 9: code is elided (a comment stands for it)")],
    ),
    "comment-branch-bad": (page(go(KIND.format('fmt.Println("s")'))), [("fail", "GO001")]),
    # A call shown for itself (`b.String() // ok`) is no unused result in a fragment.
    "unused-result": (page(go("var b bytes.Buffer\nb.String() // ok")), [("ok", "")]),
    "unused-result-bad": (page(go(UNUSED_RESULT_MAIN)), [("fail", "GO002")]),
    # A reason is true: a name declared only in a block that does not build is not "nowhere".
    "declared-broken": (
        page(
            go("func Printf(f string) {\n\tFprintf(f)\n}"),
            go("func Fprintf(f string) {\n\tp := newPrinter()\n\tp.do(f)\n}"),
        ),
        [
            ("elided", "it uses Fprintf, declared only in a block that does not build (line 10)"),
            ("elided", "it uses newPrinter, declared nowhere"),
        ],
    ),
    # AsciiDoc callouts are markup.
    "callouts": (
        page(go(CALLOUTS)),
        [("ok", "")],
    ),
}


@pytest.fixture(scope="module")
def rows(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, Any]]]:
    """One `coursecheck snippets --check --lenient` over every case's page."""
    folder = tmp_path_factory.mktemp("lenient")
    for name, (text, _) in CASES.items():
        (folder / f"{name}.md").write_text(text, encoding="utf-8")
    done = _snippets(folder, "--lenient", "--format", "json")
    assert done.returncode in (0, 1), done.stderr
    by_page: dict[str, list[dict[str, Any]]] = {}
    for row in json.loads(done.stdout)["blocks"]:
        if row["language"] == "go":
            by_page.setdefault(Path(row["path"]).stem, []).append(row)
    return by_page


def _snippets(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "COURSECHECK_CACHE_DIR": str(folder / ".cache"),
        "PYTHONPATH": str(ROOT),
    }
    return subprocess.run(
        [sys.executable, "-m", "coursecheck", "snippets", ".", "--check", *args],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.mark.parametrize("name", CASES)
def test_case(rows: dict[str, list[dict[str, Any]]], name: str) -> None:
    expected = CASES[name][1]
    got = rows[name]
    assert [r["verdict"] for r in got] == [verdict for verdict, _ in expected], got
    for row, (verdict, word) in zip(got, expected, strict=True):
        if verdict != "ok" or word:
            assert word in row.get("reason", ""), row
        if verdict == "fail":
            assert any(f["code"] in row["reason"] for f in row["findings"]), row


def test_gofmt_is_a_warning_that_is_still_shown(rows: dict[str, list[dict[str, Any]]]) -> None:
    assert [f["code"] for f in rows["gofmt"][0]["findings"]] == ["GO003"]
    assert rows["gofmt"][0]["reason"] == "gofmt would change it: 1 warning"


ACCEPTANCE = page(
    go(MAIN),
    go("func load() int {\n\t...\n}"),
    go(UUID_MAIN),
    go("package main\n\nfunc main() {}", 'go title="main_windows.go"'),
    go('package main\n\nfunc main() {\n\tfmt.Println("x")\n}'),
    go("x :=  1\n_ = x"),
)


def test_text_listing_gives_each_verdict_its_reason(tmp_path: Path) -> None:
    (tmp_path / "page.md").write_text(ACCEPTANCE, encoding="utf-8")
    done = _snippets(tmp_path, "--lenient")
    assert done.returncode == 1, done.stderr
    listing = [line for line in done.stdout.splitlines() if line.lstrip().startswith("page.md:")]
    assert listing == [
        "page.md:3: go lines 4-10: ok",
        "page.md:13: go lines 14-16: elided (line 15: code is elided; the rest was checked)",
        'page.md:19: go lines 20-26: external (line 22: import "github.com/google/uuid" is'
        " outside the standard library: it cannot be resolved offline)",
        "page.md:29: go lines 30-32: skipped (GOOS-specific file name main_windows.go: not built"
        " on linux/amd64)",
        "page.md:35: go lines 36-40: fail (1 finding: GO001)",
        "    page.md:39:2: GO001 undefined: fmt",
        "page.md:43: go lines 44-45: ok (gofmt would change it: 1 warning)",
        '    page.md:44:1: GO003 not gofmt-clean: gofmt writes "x := 1"',
    ]


def test_json_gives_the_reason_and_strict_mode_none_of_this(tmp_path: Path) -> None:
    (tmp_path / "page.md").write_text(ACCEPTANCE, encoding="utf-8")
    lenient = json.loads(_snippets(tmp_path, "--lenient", "--format", "json").stdout)["blocks"]
    assert [(r["verdict"], r.get("reason", "")[:8]) for r in lenient] == [
        ("ok", ""),
        ("elided", "line 15:"),
        ("external", "line 22:"),
        ("skipped", "GOOS-spe"),
        ("fail", "1 findin"),
        ("ok", "gofmt wo"),
    ]
    # The same blocks, the same cache: strict verdicts are never taken for lenient ones.
    strict = json.loads(_snippets(tmp_path, "--format", "json").stdout)["blocks"]
    assert [r["verdict"] for r in strict] == ["ok", "fail", "fail", "ok", "fail", "fail"]
    again = json.loads(_snippets(tmp_path, "--lenient", "--format", "json").stdout)["blocks"]
    assert again == lenient


def test_lenient_in_the_configuration(tmp_path: Path) -> None:
    (tmp_path / "page.md").write_text(page(go("func load() int {\n\t...\n}")), encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text("[tool.coursecheck]\nlenient = true\n")
    done = _snippets(tmp_path, "--format", "json")
    assert [r["verdict"] for r in json.loads(done.stdout)["blocks"]] == ["elided"]
    # gofmt is a warning in lenient mode unless the configuration says otherwise.
    (tmp_path / "page.md").write_text(page(go("x :=  1\n_ = x")), encoding="utf-8")
    assert [
        r["verdict"] for r in json.loads(_snippets(tmp_path, "--format", "json").stdout)["blocks"]
    ] == ["ok"]
    (tmp_path / "pyproject.toml").write_text(
        '[tool.coursecheck]\nlenient = true\nseverity = { GO003 = "error" }\n'
    )
    done = _snippets(tmp_path, "--format", "json")
    assert done.returncode == 1
    assert [r["verdict"] for r in json.loads(done.stdout)["blocks"]] == ["fail"]
    (tmp_path / "pyproject.toml").write_text('[tool.coursecheck]\nlenient = "yes"\n')
    done = _snippets(tmp_path)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        f"coursecheck: error: {tmp_path / 'pyproject.toml'}: [tool.coursecheck] lenient must be"
        " true or false\n"
    )
