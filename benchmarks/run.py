"""Time coursecheck's GO check against the `go vet ./...` floor and the naive `go build` loop.

One run prints a Markdown table (docs/benchmarks.md holds the last one). For each size N a
fresh synthetic course is generated (unique snippets: nothing cached for them), then timed:
- coursecheck cold: `coursecheck snippets --check` in a new process with an empty
  coursecheck cache (Go's build cache warm for the standard library, the helper built);
- coursecheck warm: the same command again, after a second (untimed) run that confirms the
  passes (a pass is served from the cache only then: docs/authoring.md, GO016);
- the `go vet ./...` floor over the same snippets laid out as one package each;
- the naive loop: one `go build` process per snippet, timed on a sample and scaled to N.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.generate import generate
from coursecheck.snippets.toolchain import hermetic_env, require_go

REPO = Path(__file__).resolve().parents[1]
NAIVE_SAMPLE = 12


def timed(argv: list[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def coursecheck_env(cache: Path, go_cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "PRE_COMMIT")}
    return {
        **env,
        "PYTHONPATH": str(REPO),
        "COURSECHECK_CACHE_DIR": str(cache),
        "COURSECHECK_GOCACHE": str(go_cache),
    }


def coursecheck_argv(course: Path) -> list[str]:
    code = (
        "import sys; from coursecheck.cli import main; sys.exit(main(['snippets', *sys.argv[1:]]))"
    )
    return [sys.executable, "-c", code, str(course), "--check"]


def measure(root: Path, n: int, mode: str, go_cache: Path) -> dict[str, float]:
    generate(root, n, mode, seed=n + len(mode))
    course = root / "course"
    env = coursecheck_env(root / "cc-cache", go_cache)
    cold = timed(coursecheck_argv(course), REPO, env)
    timed(coursecheck_argv(course), REPO, env)  # confirms the passes (GO016)
    warm = timed(coursecheck_argv(course), REPO, env)
    go = require_go()
    goenv = hermetic_env(go, go_cache, Path(tempfile.mkdtemp()))
    floor_dir = root / "vetfloor"
    floor = timed([str(go.binary), "vet", "./..."], floor_dir, goenv)
    sample = sorted(p.name for p in floor_dir.iterdir() if (p / "main.go").is_file())[:NAIVE_SAMPLE]
    loop = sum(
        timed([str(go.binary), "build", "-o", os.devnull, f"./{p}"], floor_dir, goenv)
        for p in sample
    )
    return {"cold": cold, "warm": warm, "floor": floor, "naive": loop / len(sample) * n}


def row(label: str, n: int, r: dict[str, float]) -> str:
    return (
        f"| {label} | {n} | {r['cold']:.2f} s | {r['warm']:.2f} s | {r['floor']:.2f} s | "
        f"{r['naive']:.1f} s | {r['floor'] / r['cold']:.1f}x | {r['naive'] / r['cold']:.0f}x | "
        f"{r['floor'] / r['warm']:.0f}x |"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[50, 200, 1000])
    args = parser.parse_args(argv)
    go_cache = Path(tempfile.gettempdir()) / "coursecheck-bench" / "go"
    with tempfile.TemporaryDirectory() as tmp:
        measure(Path(tmp) / "warmup", 10, "realistic", go_cache)  # std and helper built
        print(
            "| course | snippets | coursecheck cold | coursecheck warm | `go vet ./...` floor "
            "| naive loop (est.) | floor / cold | naive / cold | floor / warm |"
        )
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for mode, sizes in (("realistic", args.sizes), ("compile", [max(args.sizes)])):
            for n in sizes:
                result = measure(Path(tmp) / f"{mode}-{n}", n, mode, go_cache)
                print(row(mode, n, result), flush=True)
        print()
        print(real_course(Path(tmp) / "real", go_cache))
    return 0


def real_course(cache: Path, go_cache: Path) -> str:
    """This repository's course: cold and warm, with Python's start and Markdown parsing."""
    course = REPO / "course"
    env = coursecheck_env(cache, go_cache)
    cold = timed(coursecheck_argv(course), REPO, env)
    timed(coursecheck_argv(course), REPO, env)  # confirms the passes (GO016)
    warm = timed(coursecheck_argv(course), REPO, env)
    pages = len(list((course / "days").glob("*.md")))
    return f"This repository's course ({pages} day modules): cold {cold:.2f} s, warm {warm:.2f} s."


if __name__ == "__main__":
    raise SystemExit(main())
