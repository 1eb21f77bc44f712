"""Cold check of the bundled course, before/after a change: `coursecheck check course` with a
fresh result cache (Go's build cache shared and warm), for each source tree given, alternated.

    git archive OLD_COMMIT | tar -x -C /tmp/old
    PYTHONPATH=. python -m benchmarks.bundled --runs 3 /tmp/old .
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def cold_check(source: Path, go_cache: Path) -> float:
    with tempfile.TemporaryDirectory() as cache:
        env = {
            **os.environ,
            "PYTHONPATH": str(source.resolve()),
            "COURSECHECK_CACHE_DIR": cache,
            "COURSECHECK_GOCACHE": str(go_cache),
        }
        start = time.perf_counter()
        argv = [sys.executable, "-m", "coursecheck", "check", "course"]
        subprocess.run(argv, cwd=REPO, env=env, capture_output=True, check=False)
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sources", nargs="+", type=Path, help="source trees to compare")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as go_cache:
        for source in args.sources:  # warm Go's cache and build each helper once
            cold_check(source, Path(go_cache))
        times: dict[Path, list[float]] = {s: [] for s in args.sources}
        for _ in range(args.runs):
            for source in args.sources:
                times[source].append(cold_check(source, Path(go_cache)))
    print("| source | runs (s) | median (s) |\n| --- | --- | ---: |")
    for source, runs in times.items():
        shown = " / ".join(f"{t:.1f}" for t in runs)
        print(f"| {source} | {shown} | {statistics.median(runs):.1f} |")


if __name__ == "__main__":
    main()
