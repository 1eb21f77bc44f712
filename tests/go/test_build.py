"""Real builds: every attribute, and error positions mapped into the Markdown file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

CheckText = Callable[..., list[tuple[str, int, int]]]

PAGE = """\
# Page

```go
fmt.Println(strings.ToUpper("gopher"))
```

```output
GOPHER
```

- a list item

  ```go
  x := 1
  fmt.Println(undefinedY)
  ```

> ```Go compile_fail="mismatched types"
> var a int = 1
> var b float64 = 2
> fmt.Println(a + b)
> ```

```go
fmt.Printf("%d\\n", "s")
```

```go
type Stack[T any] struct{ items []T }

func (s *Stack[T]) Push(v T) { s.items = append(s.items, v) }
```

```go continue
s := &Stack[int]{}
s.Push(1)
fmt.Println(len(s.items))
```

```output
2
```

```go test
package kv

import "testing"

func TestX(t *testing.T) {
	t.Errorf("bad %d", 1)
}
```

```golang compile_fail="undefined: nope"
var a int = "s"
_ = a
```

```go compile_fail
x := 1
_ = x
```

```go ignore="needs a server"
this is not Go
```

<!-- coursecheck: setup
var users = map[string]int{"ana": 1}
-->
```go
fmt.Println(users["ana"])
```

```output
1
```

```go no_run
for {
}
```

```go
for i := range 3 {
	go fmt.Println(i)
}
time.Sleep(100 * time.Millisecond)
```

```output unordered
2
0
1
```

```go
package main

func helper() {}
```

```go
x:=1
fmt.Println(x)
```

```go timeout=1s
time.Sleep(5 * time.Second)
```

```output
```

```go test
package ex

import "fmt"

func ExampleHello() {
	fmt.Println("hello")
	// Output: hello
}

func FuzzNothing(f *testing.F) {
	f.Add("x")
	f.Fuzz(func(t *testing.T, s string) {})
}

func BenchmarkLoop(b *testing.B) {
	for b.Loop() {
	}
}
```
"""

EXPECTED = [
    ("GO001", 14, 3),  # declared and not used: x (inside a list item)
    ("GO001", 15, 15),  # undefined: undefinedY
    ("GO001", 125, 21),  # testing is not imported by the file snippet
    ("GO001", 127, 17),
    ("GO001", 130, 23),
    ("GO002", 25, 13),  # printf verb
    ("GO003", 104, 1),  # gofmt
    ("GO004", 41, 1),  # 2 expected, 1 printed: the differing line of the output block
    ("GO005", 59, 7),  # compile_fail that builds
    ("GO006", 54, 11),  # wrong compile_fail text
    ("GO007", 50, 1),  # failing test, at the t.Errorf line
    ("GO008", 108, 1),  # timeout
    ("GO012", 98, 9),  # package main without func main
]


@pytest.fixture(scope="module")
def page_hits(
    check_text: CheckText, tmp_path_factory: pytest.TempPathFactory
) -> list[tuple[str, int, int]]:
    return check_text(tmp_path_factory.mktemp("page"), PAGE)


def test_page(page_hits: list[tuple[str, int, int]]) -> None:
    assert page_hits == EXPECTED


def test_crlf_positions(check_text: CheckText, tmp_path: Path) -> None:
    text = "- item\r\n\r\n  ```go\r\n  fmt.Println(nope)\r\n  ```\r\n"
    assert check_text(tmp_path, text) == [("GO001", 4, 15)]


def test_quote_positions(check_text: CheckText, tmp_path: Path) -> None:
    text = "> quoted\n>\n> ```go\n> var s string = 1\n> _ = s\n> ```\n"
    assert check_text(tmp_path, text) == [("GO001", 4, 18)]


def test_output_mismatch_points_at_the_first_differing_line(
    check_text: CheckText, tmp_path: Path
) -> None:
    text = (
        "1. A list:\n\n"
        "   ```go\n   for i := range 3 {\n   \tfmt.Println(i)\n   }\n   ```\n\n"
        "   ```output\n\n   0\n   9\n   2\n   ```\n"
    )
    assert check_text(tmp_path, text) == [("GO004", 12, 4)]  # "9", after a blank line


def test_setup_error_maps_into_the_comment(check_text: CheckText, tmp_path: Path) -> None:
    text = '<!-- coursecheck: setup\nvar x int = "s"\n-->\n```go\nfmt.Println(x)\n```\n'
    assert check_text(tmp_path, text) == [("GO001", 2, 13)]


def test_clean_snippets(check_text: CheckText, tmp_path: Path) -> None:
    text = (
        "```go\ntype T struct{ n int }\n\nfunc (t T) N() int { return t.n }\n```\n\n"
        "```go continue\nfmt.Println(T{3}.N())\n```\n\n```output\n3\n```\n\n"
        '```go\nfunc() { fmt.Println("lit") }()\n```\n\n```output\nlit\n```\n'
    )
    assert check_text(tmp_path, text) == []


TESTS = """\
```go test
package ex

import (
	"fmt"
	"testing"
)

func Example_good() {
	fmt.Println("hello")
	// Output: hello
}

func Example_bad() {
	fmt.Println("hello")
	// Output: bye
}

func FuzzSeeds(f *testing.F) {
	f.Add(3)
	f.Fuzz(func(t *testing.T, n int) {
		if n == 3 {
			t.Fatal("seed 3 fails")
		}
	})
}

func BenchmarkLoop(b *testing.B) {
	for b.Loop() {
	}
}
```

```go test
package withmain

import (
	"os"
	"testing"
)

func TestMain(m *testing.M) { os.Exit(m.Run()) }

func TestOK(t *testing.T) {}
```

```go test
package ext_test

import "testing"

func TestFails(t *testing.T) {
	t.Fatal("external")
}
```
"""


def test_examples_fuzz_seeds_and_go_test_fallbacks(check_text: CheckText, tmp_path: Path) -> None:
    assert check_text(tmp_path, TESTS) == [("GO007", 23, 1), ("GO007", 53, 1)]


LINKNAME = """\
```go
package main

import "fmt"

//go:linkname x runtime.x
var x int

func main() { fmt.Println(x) }
```

```output
0
```

```go
fmt.Println("fine")
```

```output
fine
```
"""


def test_a_unit_the_compiler_rejects_does_not_fail_the_others(
    check_text: CheckText, tmp_path: Path
) -> None:
    hits = check_text(tmp_path, LINKNAME)
    assert [code for code, _, _ in hits] == ["GO001"]
    assert hits[0][1] == 6


def test_empty_and_comment_only_blocks(check_text: CheckText, tmp_path: Path) -> None:
    text = "```go\n```\n\n```go\n// Just a comment.\n```\n\n```output\n```\n"
    assert check_text(tmp_path, text) == []


def test_go_debug_needs_its_own_binary(check_text: CheckText, tmp_path: Path) -> None:
    code = (
        '//go:debug panicnil=1\npackage main\n\nimport "fmt"\n\nfunc main() {\n'
        "\tdefer func() { fmt.Println(recover() == nil) }()\n\tpanic(nil)\n}"
    )
    assert check_text(tmp_path, f"```go\n{code}\n```\n\n```output\ntrue\n```\n") == []


def test_a_var_after_statements_of_an_earlier_block_stays_in_main(
    check_text: CheckText, tmp_path: Path
) -> None:
    second = "var y = x * 2\nfmt.Println(y)"
    text = f"```go\nx := 2\n```\n\n```go continue\n{second}\n```\n\n```output\n4\n```\n"
    assert check_text(tmp_path, text) == []


VET = """\
```go
package main

import (
	"context"
	"errors"
	"log"
	"time"
)

func work() error { return errors.New("x") }

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	if err := work(); err != nil {
		log.Fatal(err)
	}
	defer cancel()
	<-ctx.Done()
}
```

```go
package main

import (
	"fmt"
	"os"
)

func die(format string, args ...any) {
	fmt.Fprintf(os.Stderr, format, args...)
	os.Exit(1)
}

func main() {
	die("%d\\n", "x")
	fmt.Println(fmt.Sprintf("%s", 1))
}
```
"""


def test_in_process_vet_agrees_with_go_vet(check_text: CheckText, tmp_path: Path) -> None:
    # go vet ./... on the same two files reports exactly these two printf findings and no
    # lostcancel: log.Fatal does not return.
    assert check_text(tmp_path, VET) == [("GO002", 37, 7), ("GO002", 38, 27)]
