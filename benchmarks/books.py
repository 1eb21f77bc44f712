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

    PYTHONPATH=. python -m benchmarks.books [DIR ...] [--copies 5] [--rounds 5] [--lenient]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

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


def measure(files: list[str], copies: int, rounds: int, lenient: bool, go_cache: Path) -> str:
    go = require_go()
    cc_times: list[float] = []
    vet_times: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(-1, rounds):  # round -1 warms the standard library and the helper
            root = Path(tmp) / f"round{r + 1}"
            pages, module = lay_out(files, copies, root, salt=f"round {r + 1} of {tmp}")
            argv = [*coursecheck_argv(pages), *(["--lenient"] if lenient else [])]
            env = coursecheck_env(root / "cc-cache", go_cache)
            goenv = hermetic_env(go, go_cache, root)
            vet = [str(go.binary), "vet", "./..."]
            if r < 0:  # vet must pass the warm-up round: timing a failing vet means nothing
                _must_pass(vet, module, goenv)
            first_cc = r % 2 == 0  # alternate which of the two goes first
            order = [("cc", argv, REPO, env), ("vet", vet, module, goenv)]
            for name, cmd, cwd, environ in order if first_cc else order[::-1]:
                seconds = timed(cmd, cwd, environ)
                if r >= 0:
                    (cc_times if name == "cc" else vet_times).append(seconds)
    cc, vet_median = statistics.median(cc_times), statistics.median(vet_times)
    mode = "lenient" if lenient else "strict"
    return (
        f"| {mode} | {len(files) * copies} | {cc:.2f} s | {vet_median:.2f} s | "
        f"{vet_median / cc:.1f}x | {rounds} |"
    )


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
    args = parser.parse_args(argv)
    go_cache = Path(tempfile.gettempdir()) / "coursecheck-bench" / "go"
    with tempfile.TemporaryDirectory() as scratch:
        files = complete_files([f.resolve() for f in args.folders], go_cache, Path(scratch))
    if not files:
        print("no complete Go file that builds clean in those folders", file=sys.stderr)
        return 2
    print(
        f"{len(files)} complete files that build clean, from "
        f"{', '.join(str(f) for f in args.folders)}; each laid out {args.copies} times"
    )
    print()
    print("| mode | files | coursecheck | `go vet ./...` | vet / coursecheck | rounds |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for lenient in (False, True) if args.lenient else (False,):
        print(measure(files, args.copies, args.rounds, lenient, go_cache), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
