"""Books: `coursecheck snippets --check` against `go vet ./...` over the same complete files.

The issue's speed goal: at least 2x under `go vet ./...` over the same blocks laid out one
package each. From the Markdown given (default: the corpus in tests/books), every Go block that
is a complete file (it has a package clause) and builds clean in strict mode is taken, COPIES
times over. Each round writes them afresh, with a comment unique to the round in every file
(so neither tool finds this round's code in any cache), twice:
- as Markdown pages, 40 fences a page, for `coursecheck snippets --check [--lenient]`
  (a new process, an empty coursecheck cache; Go's build cache warm for the standard library
  and coursecheck's helper built);
- as a module with one package per block, for `go vet ./...` with the same pinned toolchain
  and the same warm build cache.
The two are timed alternately, ROUNDS times; the medians and their ratio are printed.
`--before REV` also times coursecheck from another git revision (extracted with `git archive`)
in the same rounds, in turn with this tree's and vet, so load on the machine hits all alike.

Python's bytecode is cached (in the scratch folder, compiled in the warm-up round) as in an
installed coursecheck, whatever PYTHONDONTWRITEBYTECODE says; `--no-bytecode` compiles every
module in every run instead (what a run with PYTHONDONTWRITEBYTECODE=1 from a checkout pays).

    PYTHONPATH=. python -m benchmarks.books [DIR ...] [--copies 5] [--rounds 5] [--lenient]
        [--before REV] [--no-bytecode]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.chance import extract as extract_revision
from benchmarks.run import coursecheck_argv, coursecheck_env, timed
from coursecheck.markdown import parse_markdown
from coursecheck.snippets.extract import Block, extract
from coursecheck.snippets.toolchain import hermetic_env, require_go

REPO = Path(__file__).resolve().parents[1]
PACKAGE = re.compile(r"^package\s+(\w+)", re.MULTILINE)
CONSTRAINT = re.compile(r"^//(?:go:build|\s*\+build)\s", re.MULTILINE)
IMPORT = re.compile(r'^\s*(?:import\s+)?(?:[\w.]+\s+)?"([^"]+)"', re.MULTILINE)
FENCE = "`" * 3
PER_PAGE = 40
GO_CACHE = Path(tempfile.gettempdir()) / "coursecheck-bench" / "go"


def complete_files(folders: list[Path], go_cache: Path, scratch: Path) -> list[str]:
    """The code of every complete-file Go block under `folders` that strict mode passes and
    that imports only the standard library (`go vet` must build the same thing)."""
    passed = _strict_passes(folders, go_cache, scratch)
    std = _standard_library(go_cache, scratch)
    found = []
    for folder in folders:
        for page in sorted(folder.rglob("*.md")):
            text = page.read_bytes().decode("utf-8", errors="replace")
            for block in extract(page, parse_markdown(text)):
                if (
                    _is_candidate(block)
                    and (page.resolve(), block.line) in passed
                    and set(IMPORT.findall(_imports(block.code))) <= std
                ):
                    found.append(block.code)
    return found


def _imports(code: str) -> str:
    """The import declarations of a file: what stands between the package clause and the
    first other top-level declaration."""
    m = re.search(r"^(?:func|type|var|const)\b", code, re.MULTILINE)
    return code[: m.start()] if m else code


def _standard_library(go_cache: Path, scratch: Path) -> set[str]:
    go = require_go()
    env = hermetic_env(go, go_cache, scratch)
    argv = [str(go.binary), "list", "std"]
    out = subprocess.run(argv, env=env, capture_output=True, text=True, check=True).stdout
    return set(out.split())


def _is_candidate(block: Block) -> bool:
    """A plain complete file: no fence attributes, no build constraint to honour."""
    unconstrained = not CONSTRAINT.search(block.code)
    return (
        block.is_go and bool(PACKAGE.search(block.code)) and not block.info.attrs and unconstrained
    )


def _strict_passes(folders: list[Path], go_cache: Path, scratch: Path) -> set[tuple[Path, int]]:
    rows = []
    for folder in folders:
        argv = [*coursecheck_argv(folder), "--format", "json"]
        env = coursecheck_env(scratch / "select-cache", go_cache)
        proc = subprocess.run(
            argv, cwd=folder, env=env, capture_output=True, text=True, check=False
        )
        data = json.loads(proc.stdout)
        rows += [
            (folder / r["path"], r) for r in (data["blocks"] if isinstance(data, dict) else data)
        ]
    return {(path.resolve(), r["line"]) for path, r in rows if r["verdict"] == "ok"}


def lay_out(files: list[str], copies: int, root: Path, salt: str) -> tuple[Path, Path]:
    """Write the files as Markdown pages and as one package each; return both folders."""
    pages, module = root / "pages", root / "module"
    pages.mkdir(parents=True)
    module.mkdir()
    (module / "go.mod").write_text("module books\n\ngo 1.27\n", encoding="utf-8")
    codes = [f"{code.rstrip()}\n\n// {salt} copy {n}\n" for n in range(copies) for code in files]
    for i, code in enumerate(codes):
        (module / f"p{i}").mkdir()
        (module / f"p{i}" / "main.go").write_text(code, encoding="utf-8")
    for start in range(0, len(codes), PER_PAGE):
        fences = "".join(
            f"Listing {i}.\n\n{FENCE}go\n{code}{FENCE}\n\n"
            for i, code in enumerate(codes[start : start + PER_PAGE], start)
        )
        (pages / f"page-{start // PER_PAGE:03d}.md").write_text(f"# Page\n\n{fences}", "utf-8")
    return pages, module


THIS_TREE = "this tree"


def measure(
    files: list[str], copies: int, rounds: int, lenient: bool, go_cache: Path, trees: Trees
) -> str:
    """One table row: the median seconds of coursecheck from each tree and of vet, and vet's
    median over each tree's."""
    go = require_go()
    times: dict[str, list[float]] = {name: [] for name in [*trees, "vet"]}
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(-1, rounds):  # round -1 warms the standard library, helper, bytecode
            root = Path(tmp) / f"round{r + 1}"
            pages, module = lay_out(files, copies, root, salt=f"round {r + 1} of {tmp}")
            argv = [*coursecheck_argv(pages), *(["--lenient"] if lenient else [])]
            goenv = hermetic_env(go, go_cache, root)
            vet = [str(go.binary), "vet", "./..."]
            if r < 0:  # vet must pass the warm-up round: timing a failing vet means nothing
                _must_pass(vet, module, goenv)
            order = [
                *(
                    (name, argv, tree[0], _tree_env(tree, root / f"cc-cache-{i}"))
                    for i, (name, tree) in enumerate(trees.items())
                ),
                ("vet", vet, module, goenv),
            ]
            shift = r % len(order)  # rotate which one goes first
            for name, cmd, cwd, environ in order[shift:] + order[:shift]:
                seconds = timed(cmd, cwd, environ)
                if r >= 0:
                    times[name].append(seconds)
    medians = {name: statistics.median(found) for name, found in times.items()}
    mode = "lenient" if lenient else "strict"
    cells = [f"{medians[name]:.2f} s" for name in trees]
    ratios = [f"{medians['vet'] / medians[name]:.1f}x" for name in trees]
    vet_cell = f"{medians['vet']:.2f} s"
    return (
        f"| {mode} | {len(files) * copies} | {' | '.join([*cells, vet_cell, *ratios])} | {rounds} |"
    )


Trees = dict[str, tuple[Path, Path | None]]  # name: (source tree, bytecode cache or None)


def _tree_env(tree: tuple[Path, Path | None], cache: Path) -> dict[str, str]:
    """The tree's coursecheck runs from the tree itself (its working directory too: `python -c`
    puts that first on sys.path, before PYTHONPATH)."""
    source, bytecode = tree
    env = {**coursecheck_env(cache, GO_CACHE), "PYTHONPATH": str(source)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if bytecode is None:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    else:
        env["PYTHONPYCACHEPREFIX"] = str(bytecode)
    return env


def _must_pass(argv: list[str], cwd: Path, env: dict[str, str]) -> None:
    proc = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        tail = (proc.stderr.strip().splitlines() or ["?"])[-1]
        raise SystemExit(f"go vet ./... fails on the laid-out files, nothing to compare: {tail}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folders", type=Path, nargs="*", default=[REPO / "tests" / "books"])
    parser.add_argument("--copies", type=int, default=5, help="each complete file N times")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--lenient", action="store_true", help="time --lenient (also strict)")
    parser.add_argument("--before", help="git revision whose coursecheck to time alongside")
    parser.add_argument("--no-bytecode", action="store_true", help="compile every run's Python")
    args = parser.parse_args(argv)
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as scratch:
        files = complete_files([f.resolve() for f in args.folders], GO_CACHE, Path(scratch))
        if not files:
            print("no complete Go file that builds clean in those folders", file=sys.stderr)
            return 2
        bytecode = None if args.no_bytecode else Path(scratch) / "pycache"
        trees: Trees = {THIS_TREE: (REPO, bytecode)}
        if args.before:
            trees[args.before] = (extract_revision(args.before, Path(scratch) / "before"), bytecode)
        print(
            f"{len(files)} complete files that build clean, from "
            f"{', '.join(str(f) for f in args.folders)}; each laid out {args.copies} times; "
            f"bytecode {'compiled every run' if args.no_bytecode else 'cached'}"
        )
        print()
        names = " | ".join(f"coursecheck ({name})" for name in trees)
        ratios = " | ".join(f"vet / {name}" for name in trees)
        print(f"| mode | files | {names} | `go vet ./...` | {ratios} | rounds |")
        print("| --- | ---: |" + " ---: |" * (2 * len(trees) + 2))
        for lenient in (False, True) if args.lenient else (False,):
            row = measure(files, args.copies, args.rounds, lenient, GO_CACHE, trees)
            print(row, flush=True)
    print(f"\nload average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
