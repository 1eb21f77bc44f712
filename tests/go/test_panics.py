"""should_panic and exit=N: crashes a lesson shows, run for real and compared."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import cache_in

from coursecheck.markdown import parse_markdown
from coursecheck.snippets.check import check_pages

INDEX = """\
```go should_panic
fmt.Println("before")
var s []int
i := 5
fmt.Println(s[i])
```

```output
before
panic: runtime error: index out of range [5] with length 0

goroutine 1 [running]:
main.main()
```
"""
# A file, frames with arguments and file lines as a reader's machine prints them.
DIVIDE = """\
```go should_panic
package main

import "fmt"

func divide(a, b int) int { return a / b }

func main() {
	defer fmt.Println("deferred")
	fmt.Println(divide(10, 0))
}
```

```output
deferred
panic: runtime error: integer divide by zero

goroutine 1 [running]:
main.divide(...)
	/home/reader/main.go:5
main.main()
	/home/reader/main.go:9 +0x1d
```
"""
DEADLOCK = """\
```go should_panic
ch := make(chan int)
<-ch
```

```output
fatal error: all goroutines are asleep - deadlock!

goroutine 1 [chan receive]:
main.main()
```
"""
EXITS = """\
```go exit=3
fmt.Println("bye")
os.Exit(3)
```

```output
bye
```

```go exit=1
log.SetFlags(0)
log.Fatal("no config")
```

```output
no config
```
"""


def _check(tmp_path: Path, text: str) -> list[tuple[str, int, int, str]]:
    path = tmp_path / "page.md"
    path.write_text(text, encoding="utf-8")
    with cache_in(tmp_path / ".coursecheck_cache"):
        hits = check_pages([(path, parse_markdown(text))], lambda _: True)
        return sorted((code, f.line, f.column, f.message) for code, f in hits)


def test_crashes_shown_as_go_prints_them_pass(tmp_path: Path) -> None:
    assert _check(tmp_path, INDEX + "\n" + DIVIDE + "\n" + DEADLOCK + "\n" + EXITS) == []


def test_the_panic_value_is_compared(tmp_path: Path) -> None:
    text = INDEX.replace("[5] with length 0", "[4] with length 0")
    assert _check(tmp_path, text) == [
        (
            "GO004",
            10,
            1,
            "output differs from the program's:\n"
            "@@ -1,3 +1,3 @@\n before\n"
            "-panic: runtime error: index out of range [4] with length 0\n"
            "+panic: runtime error: index out of range [5] with length 0\n ",
        ),
    ]


def test_the_first_frame_is_compared(tmp_path: Path) -> None:
    text = DIVIDE.replace("main.divide(...)", "main.main()", 1)
    assert [hit[:3] for hit in _check(tmp_path, text)] == [("GO004", 19, 1)]


def test_a_program_that_does_not_panic(tmp_path: Path) -> None:
    text = "```go should_panic\nfmt.Println(1)\n```\n\n```output\n1\n```\n"
    assert _check(tmp_path, text) == [
        ("GO023", 1, 7, "the program should panic (should_panic), but it exits with status 0"),
    ]


def test_os_exit_2_is_not_a_panic(tmp_path: Path) -> None:
    text = "```go should_panic\nos.Exit(2)\n```\n\n```output\n```\n"
    assert _check(tmp_path, text) == [
        (
            "GO023",
            1,
            7,
            "the program should panic (should_panic), but it exits with status 2 without a panic",
        ),
    ]


def test_another_exit_status(tmp_path: Path) -> None:
    text = EXITS.replace("os.Exit(3)", "os.Exit(4)")
    assert _check(tmp_path, text) == [
        (
            "GO023",
            1,
            7,
            "the program should end with exit status 3 (exit=3), but it exits with status 4",
        ),
    ]


def test_a_panic_without_should_panic_still_fails(tmp_path: Path) -> None:
    text = INDEX.replace("```go should_panic", "```go")
    [(code, line, _, message)] = _check(tmp_path, text)
    assert (code, line) == ("GO004", 12)  # goroutine 1 is goroutine N only for should_panic
    assert message.startswith(
        "output differs from the program's (exit status 2; to show the crash, mark the fence "
        "should_panic):\n"
    )


def test_attributes_that_check_nothing(tmp_path: Path) -> None:
    text = (
        "```go should_panic=yes\npanic(1)\n```\n\n```output\npanic: 1\n```\n\n"
        "```go exit=300\nos.Exit(1)\n```\n\n```output\n```\n\n"
        '```go should_panic no_run\npanic("x")\n```\n\n'
        '```go should_panic\npanic("x")\n```\n'
    )
    assert [(c, line, col, m) for c, line, col, m in _check(tmp_path, text) if c == "GO010"] == [
        ("GO010", 1, 7, "should_panic takes no value"),
        ("GO010", 9, 7, "exit wants a status from 1 to 125, such as exit=1"),
        (
            "GO010",
            16,
            7,
            "should_panic is checked against the output block after it: with no_run, nothing runs",
        ),
        (
            "GO010",
            20,
            7,
            "should_panic is checked against the output block after it: add the output "
            "block it prints",
        ),
    ]


def test_snippets_check_reports_a_wrong_ending(tmp_path: Path) -> None:
    # GO023 is one of the GO codes outside rules/go.py's own table: `snippets --check` once
    # looked its severity up there and died with an internal error (exit 2).
    (tmp_path / "page.md").write_text(
        "```go should_panic\nfmt.Println(1)\n```\n\n```output\n1\n```\n"
    )
    done = subprocess.run(
        [sys.executable, "-m", "coursecheck", "snippets", "--check", "--quiet", "page.md"],
        cwd=tmp_path,
        env={**os.environ, "COURSECHECK_CACHE_DIR": str(tmp_path / "cache")},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 1, done.stderr
    assert "GO023" in done.stdout and "internal error" not in done.stderr, done.stdout
