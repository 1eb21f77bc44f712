"""Time cascade.fold, the stage between the rules and the filters, on many findings and roots.

    .venv/bin/python -m benchmarks.cascade [--repeat 5]

Each row: `pages` pages, each with one root (an unclosed fence from line 10) and `per_page`
findings that need the text at their line (half of them inside the swallowed region), plus
one page-wide ST001 each. Prints a Markdown table with the best of `repeat` runs.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from coursecheck.cascade import Hit, fold
from coursecheck.diagnostics import Finding
from coursecheck.preconditions import text

SIZES = ((31, 20), (100, 100), (1000, 10))


def findings(pages: int, per_page: int) -> list[Hit]:
    hits: list[Hit] = []
    for n in range(pages):
        page = Path(f"days/day-{n:04d}.md")
        hits.append(("GO011", Finding(page, 10, 1, "unclosed", breaks=(text(page, 11),))))
        hits.append(("ST001", Finding(page, 1, 1, "missing", needs=(text(page),))))
        for k in range(per_page):
            line = 2 + k * 20 // per_page  # lines 2..21: half before the fence, half after
            hits.append(("GO001", Finding(page, line, 1, "bad", needs=(text(page, line, line),))))
    return hits


def best(hits: list[Hit], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fold(hits, lambda code, finding: True, Path.as_posix)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print("| pages | roots | findings | fold (best) |")
    print("| ---: | ---: | ---: | ---: |")
    for pages, per_page in SIZES:
        hits = findings(pages, per_page)
        seconds = best(hits, args.repeat)
        print(f"| {pages} | {pages} | {len(hits)} | {seconds * 1000:.1f} ms |")


if __name__ == "__main__":
    main()
