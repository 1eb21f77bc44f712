"""Chance never passes, second round (review defects 5 and 11): order-dependent effects in a
range over a map, more runs, a pass cached only once a second check confirms it, exit status,
and traces that read the same from run to run. Each test runs the real CLI on a course on disk."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from coursedir import DAY1, CourseDir
from faultkit import codes_at, run_cli


def course(root: Path, snippets: str) -> Path:
    """The minimal valid course with `snippets` (Markdown) in day 1's overview."""
    root.mkdir(parents=True, exist_ok=True)
    CourseDir(root).replace(DAY1, "## Overview\n\nText.\n", f"## Overview\n\n{snippets}\n")
    return root


def check(root: Path, *args: str, wrap: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    """`coursecheck check .` in the course, its cache in the course's folder."""
    return run_cli(["check", ".", *args], root, root / ".coursecheck_cache", wrap=wrap)


def found(done: subprocess.CompletedProcess[str]) -> list[str]:
    assert done.returncode in (0, 1), done.stderr
    return codes_at(done.stdout)


def program(code: str, output: str) -> str:
    return f"```go\n{code}\n```\n\n```output\n{output}\n```\n"


# --- defect 5: order-dependent effects (static) ---------------------------------------------

EFFECTS = {
    "append-join": (  # /tmp/review/ch1
        'm := map[string]int{"a": 1, "b": 2}\nvar ks []string\nfor k := range m {\n'
        '\tks = append(ks, k)\n}\nfmt.Println(strings.Join(ks, ","))',
        "a,b",
    ),
    "builder": (
        'm := map[string]int{"a": 1, "b": 2, "c": 3}\nvar sb strings.Builder\n'
        "for k := range m {\n\tsb.WriteString(k)\n}\nfmt.Println(sb.String())",
        "abc",
    ),
    "fprintf-buffer": (
        'm := map[string]int{"a": 1, "b": 2}\nvar b bytes.Buffer\nfor k, v := range m {\n'
        '\tfmt.Fprintf(&b, "%s=%d;", k, v)\n}\nfmt.Println(b.String())',
        "a=1;b=2;",
    ),
    "concatenation": (
        'm := map[string]int{"a": 1, "b": 2}\ns := ""\nfor k := range m {\n\ts += k\n}\n'
        "fmt.Println(s)",
        "ab",
    ),
    "send": (
        'm := map[string]int{"a": 1, "b": 2}\nch := make(chan string, 2)\nfor k := range m {\n'
        "\tch <- k\n}\nclose(ch)\nfor k := range ch {\n\tfmt.Println(k)\n}",
        "a\nb",
    ),
    "index-after-append": (  # a slice in map order, one element of it printed
        "m := map[int]bool{1: true, 2: true, 3: true}\nkeys := []int{}\nfor k := range m {\n"
        "\tkeys = append(keys, k)\n}\nfmt.Println(keys[0])",
        "1",
    ),
}


@pytest.mark.parametrize("name", list(EFFECTS))
def test_an_order_built_in_a_range_over_a_map_is_go016(tmp_path: Path, name: str) -> None:
    # Before: the loop never printed, so only the two runs could catch it (1 time in 2 for
    # two keys); a Builder variant passed 6 checks in 6.
    code, output = EFFECTS[name]
    root = course(tmp_path / "c", program(code, output))
    done = check(root)
    assert "GO016" in done.stdout, done.stdout
    assert "range over a map" in done.stdout, done.stdout
    if name != "index-after-append":  # the same text in another order: GO016 says it all
        assert "GO004" not in done.stdout, done.stdout
    effect_line = 15 + next(i for i, ln in enumerate(code.split("\n")) if ln.startswith("\t"))
    assert [f for f in found(done) if "GO016" in f] == [
        f"day-01-first-steps.md:{effect_line}:2: GO016"
    ]


CLEAN = {
    "sorted-after": (
        'm := map[string]int{"b": 2, "a": 1}\nvar ks []string\nfor k := range m {\n'
        '\tks = append(ks, k)\n}\nsort.Strings(ks)\nfmt.Println(strings.Join(ks, ","))',
        "a,b",
    ),
    "slices-sort-after": (
        'm := map[string]int{"b": 2, "a": 1}\nks := []string{}\nfor k := range m {\n'
        "\tks = append(ks, k)\n}\nslices.Sort(ks)\nfmt.Println(ks)",
        "[a b]",
    ),
    "summed": (
        'm := map[string]int{"a": 1, "b": 2}\ntotal := 0\nfor _, v := range m {\n'
        "\ttotal += v\n}\nfmt.Println(total)",
        "3",
    ),
    "into-another-map": (
        'm := map[string]int{"a": 1, "b": 2}\ninv := map[int]string{}\nfor k, v := range m {\n'
        "\tinv[v] = k\n}\nfmt.Println(inv[1], inv[2], len(inv))",
        "a b 2",
    ),
    "only-its-length": (
        'm := map[string]int{"a": 1, "b": 2}\nvar ks []string\nvar sb strings.Builder\n'
        "for k := range m {\n\tks = append(ks, k)\n\tsb.WriteString(k)\n}\n"
        "fmt.Println(len(ks), sb.Len())",
        "2 2",
    ),
    "one-key-literal": (  # /tmp/review/ch3: a false positive before
        'm := map[string]int{"only": 1}\nfor k, v := range m {\n\tfmt.Println(k, v)\n}',
        "only 1",
    ),
    "builder-per-key": (  # a Builder made inside the loop holds one key's text
        'm := map[string]int{"a": 1, "b": 2}\nout := map[string]string{}\nfor k := range m {\n'
        '\tvar sb strings.Builder\n\tsb.WriteString(k + "!")\n\tout[k] = sb.String()\n}\n'
        'fmt.Println(out["a"], out["b"])',
        "a! b!",
    ),
}


def test_order_free_uses_of_a_range_over_a_map_are_clean(tmp_path: Path) -> None:
    page = "\n".join(program(code, output) for code, output in CLEAN.values())
    done = check(course(tmp_path / "c", page))
    assert found(done) == [], done.stdout


def test_a_one_key_map_that_grows_is_still_go016(tmp_path: Path) -> None:
    code = 'm := map[string]int{"a": 1}\nm["b"] = 2\nfor k, v := range m {\n\tfmt.Println(k, v)\n}'
    done = check(course(tmp_path / "c", program(code, "a 1\nb 2")))
    assert [f for f in found(done) if "GO016" in f] == ["day-01-first-steps.md:18:2: GO016"]


# --- defect 5: more runs, and a pass confirmed by a second check ----------------------------

# Each copy of a run has its own scratch folder, named after the copy, as HOME: a test that
# fails only in its third (or fifth) copy stands for one that fails 1 time in 3 (or 5).


def nth_copy(copy: int, clock: bool = False) -> str:
    imports = '\t"os"\n\t"strings"\n\t"testing"\n' + ('\t"time"\n' if clock else "")
    return (
        f"```go test\npackage m\n\nimport (\n{imports})\n\nfunc TestLuck(t *testing.T) {{\n"
        + ("\t_ = time.Now()\n" if clock else "")
        + f'\tif strings.HasSuffix(os.Getenv("HOME"), "-{copy}") {{\n\t\tt.Fatal("unlucky")\n'
        + "\t}\n}\n```\n"
    )


def test_a_test_failing_in_its_third_run_is_go016(tmp_path: Path) -> None:
    # Before: two runs, both passed, and the pass was cached.
    page = nth_copy(2)
    done = check(course(tmp_path / "c", page))
    assert found(done) == ["day-01-first-steps.md:25:1: GO016"], done.stdout
    assert "pass in one run and fail in another" in done.stdout


def test_a_test_using_the_clock_runs_six_times(tmp_path: Path) -> None:
    page = nth_copy(5, clock=True)
    done = check(course(tmp_path / "c", page))
    assert found(done) == ["day-01-first-steps.md:27:1: GO016"], done.stdout
    plain = nth_copy(5)  # three runs: never the sixth
    assert found(check(course(tmp_path / "d", plain))) == []


# runtime.NumCPU follows the CPU affinity: under `taskset -c 0` it is 1, else 2 here. A
# check under taskset, then one without, is a verdict that changes between two checks.
ONE_CPU = ("taskset", "-c", "0")

BY_CPUS = """\
```go test
package m

import (
	"runtime"
	"testing"
)

func TestCPUs(t *testing.T) {
	if runtime.NumCPU() > 1 {
		t.Fatal("lost")
	}
}
```
"""


def _needs_two_cpus() -> None:
    if shutil.which("taskset") is None:
        pytest.fail("this test needs taskset (util-linux): apt-get install util-linux")
    if len(__import__("os").sched_getaffinity(0)) < 2:
        pytest.fail("this test needs two CPUs: run it on a machine with at least two")


def test_a_pass_is_served_from_the_cache_only_once_a_second_check_confirms_it(
    tmp_path: Path,
) -> None:
    # Before: the first check's pass was cached, and every later check served it.
    _needs_two_cpus()
    root = course(tmp_path / "c", BY_CPUS)
    assert found(check(root, wrap=ONE_CPU)) == []
    second = check(root)
    assert found(second) == ["day-01-first-steps.md:24:1: GO016"], second.stdout
    assert "pass in one run and fail in another" in second.stdout


def test_a_program_printing_differently_in_a_second_check_is_go016(tmp_path: Path) -> None:
    _needs_two_cpus()
    root = course(tmp_path / "c", program("fmt.Println(runtime.NumCPU() > 1)", "false"))
    assert found(check(root, wrap=ONE_CPU)) == []
    second = check(root)
    assert found(second) == ["day-01-first-steps.md:18:1: GO016"], second.stdout


def test_a_confirmed_pass_is_cached_and_the_whole_run_too(tmp_path: Path) -> None:
    root = course(tmp_path / "c", program('fmt.Println("hi")', "hi"))
    whole_runs = root / ".coursecheck_cache" / "results"  # per-snippet packs are under go/
    assert found(check(root)) == []
    assert not whole_runs.exists()  # a pass to confirm: no whole-run entry
    assert found(check(root)) == []
    assert len(list(whole_runs.glob("*.json"))) == 1


# --- defect 11: exit status, signals, traces ------------------------------------------------


def test_the_expected_output_then_a_failing_exit_is_go004(tmp_path: Path) -> None:
    # /tmp/review/sig, sig2: both passed before.
    page = program('fmt.Println("start")\nos.Exit(1)', "start") + program(
        'fmt.Println("start")\nsyscall.Kill(os.Getpid(), syscall.SIGKILL)', "start"
    )
    done = check(course(tmp_path / "c", page))
    assert found(done) == [
        "day-01-first-steps.md:19:1: GO004",
        "day-01-first-steps.md:27:1: GO004",
    ], done.stdout
    assert "passes only with exit status 0 (exit status 1)" in done.stdout
    assert "passes only with exit status 0 (killed by signal SIGKILL" in done.stdout


# A nil dereference in a function given a slice on the heap: the trace names the slice's
# address, which the runtime places at random from run to run.
SEGV = """\
```go
package main

import "fmt"

//go:noinline
func boom(b []byte, p *int) int { return len(b) + *p }

func main() {
\tfmt.Println("start")
\tb := make([]byte, 1<<16) // on the heap: its address is in the trace
\tvar p *int
\tfmt.Println(boom(b, p))
}
```

```output
start
```
"""


def test_a_crash_trace_is_not_output_left_to_chance(tmp_path: Path) -> None:
    # /tmp/review/sig2: the runs' traces differ in addresses, which was GO016 "sort the keys".
    done = check(course(tmp_path / "c", SEGV))
    assert found(done) == ["day-01-first-steps.md:31:1: GO004"], done.stdout
    assert "SIGSEGV" in done.stdout and "sort the keys" not in done.stdout
    assert "mux/main.go" not in done.stdout and ".coursecheck_cache" not in done.stdout


PANICS = """\
```go
package main

import "fmt"

func helper() { panic(fmt.Sprintf("bad %d", 1)) }

func main() {
	defer func() { go func() {}() }()
	func() { helper() }()
}
```

```output
y
```

```go test
package m

import "testing"

type S struct{ p *int }

func TestNil(t *testing.T) {
	var s S
	go func() {}()
	_ = *s.p
}
```
"""


def test_traces_read_the_same_in_every_check(tmp_path: Path) -> None:
    # /tmp/review/pn: `main.Main.func2`, and goroutine addresses that made cold and warm
    # messages differ.
    root = course(tmp_path / "c", PANICS)
    cold = check(root, "--no-cache")
    assert found(cold) == ["day-01-first-steps.md:28:1: GO004", "day-01-first-steps.md:41:1: GO007"]
    assert "main.main.func2(...)" in cold.stdout and "Main" not in cold.stdout
    again = check(root, "--no-cache")
    duration = re.compile(r" \(\d+\.\d+s\)$", re.MULTILINE)  # `--- FAIL: TestNil (0.00s)`: time
    assert duration.sub("", again.stdout) == duration.sub("", cold.stdout)
    assert "goroutine N [running]" in cold.stdout
