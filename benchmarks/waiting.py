"""Where authors wait: the first run on a machine, the first run in a new folder, and the
re-check after a one-page edit, each against an unchanged re-check measured in the same run.

Every run is `coursecheck check course` in a new process, in a copy of this repository's
course (a "clone": its own `.coursecheck_cache`), with one per-user cache (XDG_CACHE_HOME) in
a temporary folder, so the machine's own caches are neither used nor touched:

- first run on the machine: a clone and an empty per-user cache (Go's standard library is
  compiled, the Go helper built), timed once;
- unchanged re-check: the same clone again, after one (untimed) check that confirms the
  passes (docs/authoring.md, GO016);
- first run in a new folder: a fresh clone, with the per-user cache the first run filled,
  and the second run there, which runs the programs again to confirm their passes;
- one-page prose edit: a sentence added to one module, then a re-check;
- one-snippet edit: a comment added to one output-checked program, then a re-check.

    PYTHONPATH=. python -m benchmarks.waiting --runs 3

`--before REV` also times the unchanged re-check and both edits for another git revision
(extracted with `git archive`), in its own clone, alternating with this tree's, each ratio
against that tree's own unchanged re-check, and the first run in a new folder and the second
run there for both trees, alternating, each tree with its own per-user cache filled once
beforehand; `--edits-only` leaves out the first runs (the per-user cache is then filled
untimed), `--folders-only` leaves out all but the new-folder figures of the two trees:

    PYTHONPATH=. python -m benchmarks.waiting --runs 5 --before main --edits-only
    PYTHONPATH=. python -m benchmarks.waiting --runs 3 --before main --folders-only
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.chance import extract
from coursecheck.snippets.toolchain import require_go

REPO = Path(__file__).resolve().parents[1]
COURSE = REPO / "course"
PROSE_PAGE = "days/day-13-*.md"  # the CURRENT day: the page an author edits all day
RUNNABLE = re.compile(r"^```go\n(?:(?!```).*\n)*?```\n\n```output\n", re.MULTILINE)
UNSET = ("COURSECHECK_CACHE_DIR", "COURSECHECK_GOCACHE", "CI", "PRE_COMMIT", "GITHUB_ACTIONS")


def clone(into: Path) -> Path:
    shutil.copytree(COURSE, into / "course")
    return into


def check(folder: Path, user_cache: Path, tree: Path = REPO) -> float:
    env = {k: v for k, v in os.environ.items() if k not in UNSET}
    env |= {"PYTHONPATH": str(tree), "XDG_CACHE_HOME": str(user_cache)}
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "coursecheck", "check", "course", "--quiet"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    if done.returncode == 2:
        sys.exit(f"coursecheck failed in {folder}: {done.stderr.strip()}")
    return seconds


def prose_edit(folder: Path, n: int) -> None:
    page = next((folder / "course").glob(PROSE_PAGE))
    text = page.read_text(encoding="utf-8")
    page.write_text(text + f"\nOne more sentence, edit {n}.\n", encoding="utf-8")


def snippet_edit(folder: Path, n: int) -> None:
    """A comment on the first line of the page's first output-checked program: gofmt-clean,
    and it prints the same, but the snippet is new to every cache."""
    page = next((folder / "course").glob(PROSE_PAGE))
    text = page.read_text(encoding="utf-8")
    match = RUNNABLE.search(text)
    if match is None:
        sys.exit(f"{page.name} has no output-checked program to edit")
    first = match.start() + len("```go\n")
    page.write_text(text[:first] + f"// edit {n}\n" + text[first:], encoding="utf-8")


def median_of(runs: int, one: Callable[[int], float]) -> float:
    return statistics.median(one(n) for n in range(runs))


def measure(runs: int, work: Path) -> dict[str, float]:
    work.mkdir()
    user_cache = work.parent / "user-cache"
    home = clone(work / "home")
    found = {"first run on the machine": check(home, user_cache)}
    check(home, user_cache)  # confirms the passes

    def unchanged(_: int) -> float:
        return check(home, user_cache)

    def new_folder(n: int) -> tuple[float, float]:
        folder = clone(work / f"clone-{n}")
        return check(folder, user_cache), check(folder, user_cache)

    def edited(edit: Callable[[Path, int], None]) -> Callable[[int], float]:
        def one(n: int) -> float:
            edit(home, n)
            return check(home, user_cache)

        return one

    found["unchanged re-check"] = median_of(runs, unchanged)
    firsts, seconds = zip(*(new_folder(n) for n in range(runs)), strict=True)
    found["first run in a new folder"] = statistics.median(firsts)
    found["second run there (it confirms the passes)"] = statistics.median(seconds)
    found["one-page prose edit"] = median_of(runs, edited(prose_edit))
    found["one-snippet edit"] = median_of(runs, edited(snippet_edit))
    return found


FOLDERS = ("first run in a new folder", "second run there (it confirms the passes)")


def folder_times(trees: dict[str, Path], runs: int, work: Path) -> dict[str, dict[str, float]]:
    """Each tree's first run in a new folder and the second run there, the trees alternating,
    each with its own per-user cache, filled (untimed) by a check in a folder of its own."""
    caches = {name: work / f"user-cache-{i}" for i, name in enumerate(trees)}
    for i, (name, tree) in enumerate(trees.items()):
        check(clone(work / f"fill-{i}"), caches[name], tree)
    times: dict[str, dict[str, list[float]]] = {name: {f: [] for f in FOLDERS} for name in trees}
    for n in range(runs):
        for i, (name, tree) in enumerate(trees.items()):
            folder = clone(work / f"folder-{i}-{n}")
            for what in FOLDERS:
                times[name][what].append(check(folder, caches[name], tree))
    return {
        name: {f: statistics.median(ts) for f, ts in by_run.items()}
        for name, by_run in times.items()
    }


EDITS = ("unchanged re-check", "one-page prose edit", "one-snippet edit")


def edit_times(trees: dict[str, Path], runs: int, work: Path) -> dict[str, dict[str, float]]:
    """Each tree's unchanged re-check and edits, in its own clone, the trees alternating."""
    user_cache = work / "user-cache"
    homes = {name: clone(work / f"edits-{i}") for i, name in enumerate(trees)}
    times: dict[str, dict[str, list[float]]] = {name: {e: [] for e in EDITS} for name in trees}
    for n in range(runs):
        for name, tree in trees.items():
            home = homes[name]
            check(home, user_cache, tree)  # settles what the last edit left unconfirmed
            if n == 0:
                check(home, user_cache, tree)  # the first fill's passes confirmed
            times[name]["unchanged re-check"].append(check(home, user_cache, tree))
            prose_edit(home, n)
            times[name]["one-page prose edit"].append(check(home, user_cache, tree))
            snippet_edit(home, n)
            times[name]["one-snippet edit"].append(check(home, user_cache, tree))
    return {
        name: {e: statistics.median(ts) for e, ts in by_edit.items()}
        for name, by_edit in times.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (the median)")
    parser.add_argument("--before", help="git revision (or tree) whose edits to time alongside")
    parser.add_argument("--edits-only", action="store_true", help="no first-run figures")
    parser.add_argument(
        "--folders-only", action="store_true", help="with --before: only the new-folder figures"
    )
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="coursecheck-waiting-") as work:
        firsts = not (args.edits_only or args.folders_only)
        found = measure(args.runs, Path(work) / "firsts") if firsts else {}
        trees = {"this tree": REPO}
        if args.before:
            before = Path(args.before)  # a tree on disk (an extracted revision), or a revision
            before = before if before.is_dir() else extract(args.before, Path(work) / "before")
            trees = {args.before: before, **trees}
        compared = len(trees) > 1 and not args.edits_only
        folders = folder_times(trees, args.runs, Path(work)) if compared else {}
        edits = {} if args.folders_only else edit_times(trees, args.runs, Path(work))
    print(
        f"{require_go().version}, {os.cpu_count()} cores, load average {load_before:.1f} "
        f"before, {os.getloadavg()[0]:.1f} after; median of {args.runs} runs\n"
    )
    if found:
        base = found["unchanged re-check"]
        print("| run | seconds | / unchanged re-check |\n| --- | ---: | ---: |")
        for name, seconds in found.items():
            print(f"| {name} | {seconds:.2f} | {seconds / base:.1f}x |")
        print()
    if folders:
        print("| run | " + " | ".join(f"{name}: seconds" for name in folders) + " |")
        print("| --- |" + " ---: |" * len(folders))
        for what in FOLDERS:
            print(f"| {what} | " + " | ".join(f"{t[what]:.2f}" for t in folders.values()) + " |")
        print()
    if not edits:
        return
    print("| run | " + " | ".join(f"{name}: seconds | {name}: ratio" for name in edits) + " |")
    print("| --- |" + " ---: | ---: |" * len(edits))
    for edit in EDITS:
        cells = [
            f"{t[edit]:.2f} | {t[edit] / t['unchanged re-check']:.1f}x" for t in edits.values()
        ]
        print(f"| {edit} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
