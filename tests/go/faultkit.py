"""Real faults for the GO tests: a `go` that fails as a loaded machine's does, a course to
check, and the CLI run as a real process (so mounts, limits and signals are real too).

`wrapped_go` builds a GOROOT-like folder (toolchain.py finds a go binary through its
GOROOT/VERSION) whose bin/go is a shell script: it runs `before` (shell; $REAL is the real go,
"$@" its arguments, $COUNT a counter file shared by every call) and then execs the real go."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from coursedir import DAY1, CourseDir

from coursecheck.snippets.toolchain import find_go

# A runnable snippet, a snippet with a type error, a test snippet: three true verdicts.
PAGE = """\
# Faults

```go
fmt.Println(strings.ToUpper("ok"))
```

```output
OK
```

```go
var n int = "one"
fmt.Println(n)
```

```go test
package m

import "testing"

func TestSum(t *testing.T) {
	if 1+1 != 2 {
		t.Fatal("sum")
	}
}
```
"""
# What the page gets on a healthy machine: the type error, and nothing else.
VERDICTS = ["page.md:12:13: GO001"]


def wrapped_go(folder: Path, before: str, gofmt: str | None = None) -> Path:
    """`gofmt`, when given, is the shell script bin/gofmt runs instead of the real gofmt."""
    real = find_go()
    assert real is not None
    folder.mkdir(parents=True)
    for entry in real.goroot.iterdir():
        if entry.name != "bin":
            (folder / entry.name).symlink_to(entry)
    (folder / "bin").mkdir()
    if gofmt is None:
        (folder / "bin" / "gofmt").symlink_to(real.goroot / "bin" / "gofmt")
    else:
        (folder / "bin" / "gofmt").write_text(f"#!/bin/sh\n{gofmt}\n")
        (folder / "bin" / "gofmt").chmod(0o755)
    script = folder / "bin" / "go"
    count = folder / "calls"
    script.write_text(
        f'#!/bin/sh\nREAL="{real.binary}"\nCOUNT="{count}"\necho "$*" >> "$COUNT"\n'
        f'{before}\nexec "$REAL" "$@"\n'
    )
    script.chmod(0o755)
    return script


def calls(go: Path, verb: str) -> int:
    """How many times the wrapped go was asked for `go <verb>`."""
    lines = (go.parent.parent / "calls").read_text().splitlines()
    return sum(1 for line in lines if line.split(" ", 1)[0] == verb)


def course_with(root: Path, page: str = PAGE) -> Path:
    """A folder of Markdown: `coursecheck snippets --check` checks it without a manifest."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "page.md").write_text(page, encoding="utf-8")
    return root


def full_course(root: Path, page: str = PAGE) -> Path:
    """The minimal valid course with the page's snippets (after its title) in day 1:
    `coursecheck check` runs the whole pipeline, whole-run cache included."""
    root.mkdir(parents=True)
    course = CourseDir(root)
    course.replace(DAY1, "## Overview\n\nText.\n", "## Overview\n\n" + page.split("\n", 2)[2])
    return root


def run_cli(
    args: Sequence[str],
    cwd: Path,
    cache: Path,
    go: Path | None = None,
    wrap: Sequence[str] = (),
    env: dict[str, str] | None = None,
    preexec: Callable[[], None] | None = None,
) -> subprocess.CompletedProcess[str]:
    """`coursecheck ARGS` as a real process (under `wrap`, e.g. unshare), cache in `cache`."""
    full_env = {
        **os.environ,
        "PYTHONPATH": str(Path(__file__).parents[2]),
        "COURSECHECK_CACHE_DIR": str(cache),
        **({"COURSECHECK_GO": str(go)} if go else {}),
        **(env or {}),
    }
    full_env.pop("GITHUB_ACTIONS", None)
    return subprocess.run(
        [*wrap, sys.executable, "-m", "coursecheck", *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=600,
        preexec_fn=preexec,
    )


def cached_results(cache: Path) -> list[Path]:
    """Every stored result: per-snippet packs and whole-run entries."""
    return sorted(p for p in cache.rglob("*.json") if p.parent.name == "results")


def codes_at(stdout: str) -> list[str]:
    """`path:line:col: CODE` of each finding line of `snippets --check` or `check` output."""
    found = []
    for line in stdout.splitlines():
        parts = line.strip().split(" ")
        if len(parts) > 1 and parts[1][:2] == "GO" and parts[0].endswith(":"):
            found.append(f"{parts[0].rsplit('/', 1)[-1]} {parts[1]}")
    return sorted(found)
