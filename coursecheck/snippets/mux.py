"""The shared binary: one link serves every runnable snippet and every test snippet.

`go build` links each program (about 300 ms, never cached) and `go test` links a test binary
per package. Instead, runnable units are importable packages with an exported Main, test units
have their tests compiled in, and one generated main dispatches on its first argument; tests run
through testing.MainStart, as the main that `go test` generates does.
"""

from __future__ import annotations

import json
from pathlib import Path

from coursecheck.snippets.results import Example, HeldTests

# testing.MainStart wants the unexported testDeps interface of the pinned Go; this satisfies it.
DEPS = """
type corpusEntry = struct {
	Parent     string
	Path       string
	Data       []byte
	Values     []any
	Generation int
	IsSeed     bool
}

type deps struct{}

// As in go test's own main: with -test.paniconexit0, os.Exit(0) inside a test panics.
//
//go:linkname setPanicOnExit0 internal/testlog.SetPanicOnExit0
func setPanicOnExit0(bool)

var _ = testing.Init // a binary with no test units still imports testing

func (deps) ImportPath() string                          { return "" }
func (deps) ModulePath() string                          { return "" }
func (deps) MatchString(pat, s string) (bool, error)     { return regexp.MatchString(pat, s) }
func (deps) SetPanicOnExit0(v bool)                      { setPanicOnExit0(v) }
func (deps) StartCPUProfile(io.Writer) error             { return errors.New("no profiles") }
func (deps) StopCPUProfile()                             {}
func (deps) StartTestLog(io.Writer)                      {}
func (deps) StopTestLog() error                          { return nil }
func (deps) WriteProfileTo(string, io.Writer, int) error { return nil }
func (deps) CoordinateFuzzing(time.Duration, int64, time.Duration, int64, int, []corpusEntry,
	[]reflect.Type, string, string) error {
	return errors.New("no fuzzing")
}
func (deps) RunFuzzWorker(func(corpusEntry) error) error {
	return errors.New("no fuzzing")
}
func (deps) ReadCorpus(string, []reflect.Type) ([]corpusEntry, error) { return nil, nil }
func (deps) CheckCorpus([]any, []reflect.Type) error                { return nil }
func (deps) ResetCoverage()                                         {}
func (deps) SnapshotCoverage()                                      {}
func (deps) InitRuntimeCoverage() (string, func(string, string) (string, error), func() float64) {
	return "", nil, nil
}
"""

IMPORTS = ("errors", "io", "os", "reflect", "regexp", "testing", "time")
# `mux probe NONCE` runs no unit: it reaches main only once every unit's package is
# initialised, and answers PROBED + NONCE. Anything else (an exit, a panic, a print, a hang at
# initialisation) means some unit's initialisation would change the other units' verdicts.
PROBE = "probe"  # never a unit id (u + hex)
PROBED = "coursecheck probe "


def write_mux(directory: Path, module: str, runs: list[str], tests: dict[str, HeldTests]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    lines = ["package main", "", "import ("]
    lines += [f'\t"{path}"' for path in IMPORTS]
    lines += ['\t_ "unsafe" // for go:linkname']
    lines += [f'\t{i} "{module}/{i}"' for i in [*runs, *tests]]
    lines += [
        ")",
        "",
        "func main() {",
        "\tid := os.Args[1]",
        "\tos.Args = append(os.Args[:1], os.Args[2:]...)",
        "\tswitch id {",
        f'\tcase "{PROBE}":',
        f"\t\tos.Stdout.WriteString({_go_string(PROBED)} + os.Args[1])",
    ]
    for i in runs:
        lines += [f'\tcase "{i}":', f"\t\t{i}.Main()"]
    for i, spec in tests.items():
        lines += [
            f'\tcase "{i}":',
            f"\t\tos.Exit(testing.MainStart(deps{{}}, {_tests(i, spec)}).Run())",
        ]
    lines += ["\t}", "}", DEPS]
    (directory / "main.go").write_text("\n".join(lines), encoding="utf-8")


def _go_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a Go string literal


def _example(unit: str, example: Example) -> str:
    name, unordered = example.name, str(example.unordered).lower()
    return (
        f"{{Name: {_go_string(name)}, F: {unit}.{name}, "
        f"Output: {_go_string(example.output)}, Unordered: {unordered}}}"
    )


def _tests(unit: str, spec: HeldTests) -> str:
    def entries(kind: str, names: tuple[str, ...]) -> str:
        items = ", ".join(f"{{{_go_string(n)}, {unit}.{n}}}" for n in names)
        return f"[]testing.{kind}{{{items}}}"

    examples = ", ".join(_example(unit, e) for e in spec.examples)
    return ", ".join(
        [
            entries("InternalTest", spec.tests),
            entries("InternalBenchmark", spec.benchmarks),
            entries("InternalFuzzTarget", spec.fuzz),
            f"[]testing.InternalExample{{{examples}}}",
        ]
    )
