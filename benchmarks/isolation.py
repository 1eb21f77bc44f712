"""What isolation costs: a course with one batch-breaking snippet against the same course clean.

One run prints a Markdown table. A synthetic course of N snippets (benchmarks/generate.py) is
checked cold (`coursecheck snippets --check`, a new process, an empty coursecheck cache) as
it is, and with one snippet added that breaks the shared binary where `go build` names no
snippet: a `//go:linkname` to a missing symbol (found by bisection) or a `//go:build ignore`
constraint (the error names its package: tried alone first). Each course is checked once
untimed first, so Go's build cache holds every snippet package for both; the times are the
median of REPEAT cold runs, and the difference is the extra builds that find the culprit.

Run it with `PYTHONPATH=. python -m benchmarks.isolation [--sizes 50 200]`.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
from pathlib import Path

from benchmarks.generate import generate
from benchmarks.run import coursecheck_argv, coursecheck_env, timed

REPEAT = 3
BREAKERS = {
    "linkname": (
        '```go\npackage main\n\nimport _ "unsafe"\n\n'
        "//go:linkname nothere runtime.doesNotExistAnywhere\nfunc nothere()\n\n"
        "func main() { nothere() }\n```\n\n```output\nx\n```\n"
    ),
    "build constraint": (
        '```go\n//go:build ignore\n\npackage main\n\nimport "fmt"\n\n'
        'func main() { fmt.Println("never") }\n```\n\n```output\nnever\n```\n'
    ),
}


def cold(course: Path, work: Path, go_cache: Path) -> float:
    """The median of REPEAT cold checks (a fresh coursecheck cache each time)."""
    times = []
    for i in range(REPEAT + 1):
        cache = work / f"cc-{i}"
        took = timed(coursecheck_argv(course), work, coursecheck_env(cache, go_cache))
        shutil.rmtree(cache, ignore_errors=True)
        if i:  # the first run fills Go's build cache with this course's packages
            times.append(took)
    return statistics.median(times)


def with_breaker(clean: Path, target: Path, breaker: str) -> Path:
    shutil.copytree(clean, target)
    page = sorted((target / "days").glob("*.md"))[0]
    page.write_text(page.read_text(encoding="utf-8") + "\n" + breaker, encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[50, 200])
    args = parser.parse_args(argv)
    go_cache = Path(tempfile.gettempdir()) / "coursecheck-bench" / "go"
    print("| snippets | bad snippet | clean cold | with it, cold | ratio |")
    print("| ---: | --- | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            root = Path(tmp) / str(n)
            clean = generate(root, n, "realistic", seed=n) / "course"
            base = cold(clean, root, go_cache)
            for name, breaker in BREAKERS.items():
                broken = with_breaker(clean, root / name.replace(" ", "-"), breaker)
                took = cold(broken, root, go_cache)
                print(f"| {n} | {name} | {base:.2f} s | {took:.2f} s | {took / base:.2f}x |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
