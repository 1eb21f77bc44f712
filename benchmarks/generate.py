"""A synthetic course of N Go snippets in a realistic mix, and the same snippets as packages.

The mix follows what real Go books hold (see /work/shared/USERS.md): about one block in six
is a complete file, most are statements or declarations; some print checked output, some are
tests, a few show an error on purpose. Every snippet is unique (a salt and its index appear in
it), so neither coursecheck's cache nor Go's has seen it before.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

F = "```"
STMT = """words := strings.Fields("alpha beta gamma {i} {salt}")
sort.Strings(words)
fmt.Println(len(words), strconv.Itoa({i}), words[0])"""
DECL = """type Item{i} struct {{
	Name  string
	Count int
}}

func (it Item{i}) String() string {{ return fmt.Sprintf("%s=%d {salt}", it.Name, it.Count) }}"""
FILE = """package main

import (
	"errors"
	"fmt"
)

var errNotFound = errors.New("not found {i} {salt}")

func find(key string) error {{
	if key == "" {{
		return errNotFound
	}}
	return nil
}}

func main() {{
	fmt.Println(find("") == errNotFound)
}}"""
OUTPUT = """total := 0
for _, n := range []int{{{i}, {i}}} {{
	total += n
}}
fmt.Println("total", total, "{salt}")"""
TEST = """package p{i}

import "testing"

func Double(n int) int {{ return 2 * n }}

func TestDouble(t *testing.T) {{
	if got := Double({i}); got != {double} {{
		t.Fatalf("Double({i}) = %d, want {double} ({salt})", got)
	}}
}}"""
FAIL = """var count int = "{i} {salt}"
_ = count"""

# kind -> share of a realistic course; "compile" mode keeps only what is never run.
REALISTIC = {"stmt": 38, "decl": 20, "file": 17, "output": 15, "test": 6, "fail": 4}
COMPILE_ONLY = {"stmt": 45, "decl": 25, "file": 25, "fail": 5}
IMPORTS = {"stmt": ["fmt", "sort", "strconv", "strings"], "decl": ["fmt"], "output": ["fmt"]}


def kinds(n: int, mix: dict[str, int], rng: random.Random) -> list[str]:
    population = [k for k, w in mix.items() for _ in range(w)]
    return [rng.choice(population) for _ in range(n)]


def markdown(kind: str, i: int, salt: str) -> str:
    body = {"stmt": STMT, "decl": DECL, "file": FILE, "output": OUTPUT, "test": TEST, "fail": FAIL}
    code = body[kind].format(i=i, salt=salt, double=2 * i)
    info = {"test": "go test", "fail": 'go compile_fail="cannot use"'}.get(kind, "go")
    block = f"Snippet {i} shows something.\n\n{F}{info}\n{code}\n{F}\n\n"
    if kind == "output":
        block += f"{F}output\ntotal {2 * i} {salt}\n{F}\n\n"
    return block


def package(kind: str, i: int, salt: str) -> tuple[str, str] | None:
    """The snippet as a Go package file for the `go vet` floor (compile_fail left out)."""
    body = {"stmt": STMT, "decl": DECL, "file": FILE, "output": OUTPUT, "test": TEST}
    if kind == "fail":
        return None
    code = body[kind].format(i=i, salt=salt, double=2 * i)
    if kind in ("file", "test"):
        return ("p_test.go" if kind == "test" else "main.go"), code + "\n"
    imports = "".join(f'import "{p}"\n' for p in IMPORTS[kind])
    if kind == "decl":
        return "main.go", f"package main\n\n{imports}\n{code}\n\nfunc main() {{}}\n"
    return "main.go", f"package main\n\n{imports}\nfunc main() {{\n{code}\n}}\n"


def generate(root: Path, n: int, mode: str = "realistic", seed: int = 1) -> Path:
    rng = random.Random(seed)
    salt = f"s{rng.getrandbits(48):x}"
    mix = REALISTIC if mode == "realistic" else COMPILE_ONLY
    all_kinds = kinds(n, mix, rng)
    days = root / "course" / "days"
    days.mkdir(parents=True)
    per_day = 35
    for start in range(0, n, per_day):
        day = start // per_day + 1
        text = f"# Day {day}\n\n## Overview\n\n" + "".join(
            markdown(k, i, salt) for i, k in enumerate(all_kinds[start : start + per_day], start)
        )
        (days / f"day-{day:02d}-synthetic.md").write_text(text, encoding="utf-8")
    floor = root / "vetfloor"
    floor.mkdir()
    (floor / "go.mod").write_text("module floor\n\ngo 1.27\n", encoding="utf-8")
    for i, kind in enumerate(all_kinds):
        made = package(kind, i, salt)
        if made is not None:
            (floor / f"p{i}").mkdir()
            (floor / f"p{i}" / made[0]).write_text(made[1], encoding="utf-8")
    return root


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=Path)
    parser.add_argument("-n", type=int, default=200)
    parser.add_argument("--mode", choices=("realistic", "compile"), default="realistic")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    generate(args.root, args.n, args.mode, args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
