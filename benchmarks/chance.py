"""What running output-checked programs and tests twice costs (issue 9, "chance never passes").

Times a cold `coursecheck check course --no-cache` on the bundled course, in a new process,
for this tree and for another git revision (extracted with `git archive`), alternating so load
on the machine hits both alike. Go's build cache is shared and warmed first (the helper built,
the standard library compiled); coursecheck's own cache is empty for every run.

    python -m benchmarks.chance --before 17fc75a --runs 5
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def extract(revision: str, into: Path) -> Path:
    archive = subprocess.run(
        ["git", "archive", revision], cwd=REPO, capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


STAGES = ("runs", "go test")  # the stages that run snippets (COURSECHECK_TIMING's names)


def cold_check(tree: Path, go_cache: Path) -> tuple[float, float, int]:
    """Wall time of the whole check, time of its stages that run snippets, exit code."""
    with tempfile.TemporaryDirectory() as cache:
        return _check(tree, go_cache, Path(cache), "--no-cache")


def checks_in_a_row(tree: Path, go_cache: Path, count: int) -> list[float]:
    """Wall times of `count` checks sharing one coursecheck cache (a pass is served from it
    only once a second check confirms it: the second check runs snippets again)."""
    with tempfile.TemporaryDirectory() as cache:
        return [_check(tree, go_cache, Path(cache))[0] for _ in range(count)]


def _check(tree: Path, go_cache: Path, cache: Path, *more: str) -> tuple[float, float, int]:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "PRE_COMMIT")}
    env |= {
        "PYTHONPATH": str(tree),
        "COURSECHECK_CACHE_DIR": str(cache),
        "COURSECHECK_GOCACHE": str(go_cache),
        "COURSECHECK_TIMING": "1",
    }
    argv = [sys.executable, "-m", "coursecheck", "check", "course", *more]
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=tree, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    running = sum(
        float(line.rsplit(" ", 1)[1].rstrip("s"))
        for line in done.stderr.splitlines()
        if line.startswith("timing: ") and line[8:].rsplit(" ", 1)[0] in STAGES
    )
    return wall, running, done.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", default="main", help="git revision to compare with")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--go-cache", type=Path, help="Go's build cache (default: a new one)")
    parser.add_argument(
        "--in-a-row", type=int, default=0, help="also time this many checks sharing a cache"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        trees = {args.before: extract(args.before, Path(tmp) / "before"), "this tree": REPO}
        go_cache = args.go_cache or Path(tmp) / "gocache"
        for tree in trees.values():
            cold_check(tree, go_cache)  # warm Go's cache, build each tree's helper
        walls: dict[str, list[float]] = {name: [] for name in trees}
        runs: dict[str, list[float]] = {name: [] for name in trees}
        for _ in range(args.runs):
            for name, tree in trees.items():
                wall, running, code = cold_check(tree, go_cache)
                walls[name].append(wall)
                runs[name].append(running)
                print(f"{name}: {wall:.2f}s, running {running:.2f}s (exit {code})", file=sys.stderr)
        in_a_row = {
            name: checks_in_a_row(tree, go_cache, args.in_a_row) for name, tree in trees.items()
        }
    print("| tree | check: median (min-max) | running snippets: median (min-max) | runs |")
    print("| --- | --- | --- | --- |")
    for name in trees:
        print(f"| {name} | {_spread(walls[name])} | {_spread(runs[name])} | {args.runs} |")
    if args.in_a_row:
        print("\n| tree | " + " | ".join(f"check {i + 1}" for i in range(args.in_a_row)) + " |")
        print("| --- |" + " ---: |" * args.in_a_row)
        for name, times in in_a_row.items():
            print(f"| {name} | " + " | ".join(f"{t:.2f}s" for t in times) + " |")
    return 0


def _spread(values: list[float]) -> str:
    return f"{statistics.median(values):.2f}s ({min(values):.2f}-{max(values):.2f})"


if __name__ == "__main__":
    raise SystemExit(main())
